/** Accumulates wall-clock milliseconds per named stage, for the document's `durations` and the benchmark. */
export class Stopwatch {
  private readonly started = performance.now();
  private readonly spent = new Map<string, number>();

  async time<T>(stage: string, work: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      this.add(stage, performance.now() - t0);
    }
  }

  timeSync<T>(stage: string, work: () => T): T {
    const t0 = performance.now();
    try {
      return work();
    } finally {
      this.add(stage, performance.now() - t0);
    }
  }

  add(stage: string, ms: number): void {
    this.spent.set(stage, (this.spent.get(stage) ?? 0) + ms);
  }

  totals(): Record<string, number> {
    return Object.fromEntries([...this.spent].map(([k, v]) => [k, Math.round(v)]));
  }

  elapsed(): number {
    return Math.round(performance.now() - this.started);
  }
}
