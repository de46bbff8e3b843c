// Detection engines started once per process. Starting the embedded engine loads two ONNX models and the
// character scanner (Tesseract), about 0.7 s of CPU; the Action runs one pipeline per video, so without
// this it paid that start for every video of a run. One cache per run, closed when the run ends.
import { type CharacterScanner, type CreateEngineOptions, createCharacterScanner, createEngine } from '../detection/index.js';
import type { EngineName } from '../options/index.js';
import type { DetectionEngine } from '../types.js';

export interface StartedEngine {
  engine: DetectionEngine;
  names: string[];
}

/** The options that make two engines different: a video asking for other ones gets its own engine. */
export function engineKey(name: EngineName, options: CreateEngineOptions): string {
  return JSON.stringify([
    name,
    [...options.regions].sort(),
    options.rebuildDockerImage,
    options.obscureAllText,
    options.embeddedMaxSide,
    options.embeddedFinder ?? 'text',
    options.plateFinderMaxSide,
  ]);
}

export class EngineCache {
  private readonly engines = new Map<string, Promise<StartedEngine>>();
  private scanner: Promise<CharacterScanner> | undefined;
  /** Engines started (not taken from the cache): for the log and tests. */
  started = 0;

  /** The started engine for these options, created and initialised on first use. */
  engine(name: EngineName, options: CreateEngineOptions): Promise<StartedEngine> {
    const key = engineKey(name, options);
    let entry = this.engines.get(key);
    if (!entry) {
      this.started++;
      entry = (async () => {
        const created = await createEngine(name, options);
        try {
          await created.engine.init();
        } catch (error) {
          await created.engine.close().catch(() => undefined);
          throw error;
        }
        return created;
      })();
      // A start that failed is not kept: the next video tries again (and reports its own error).
      entry.catch(() => this.engines.delete(key));
      this.engines.set(key, entry);
    }
    return entry;
  }

  characterScanner(): Promise<CharacterScanner> {
    this.scanner ??= createCharacterScanner();
    this.scanner.catch(() => {
      this.scanner = undefined;
    });
    return this.scanner;
  }

  /**
   * Close and forget an engine after a video failed while using it (an abort mid-run, an engine error), so
   * the next video starts a fresh one instead of inheriting whatever state the failure left.
   */
  async discard(engine: DetectionEngine): Promise<void> {
    for (const [key, entry] of this.engines) {
      const started = await entry.catch(() => undefined);
      if (started?.engine !== engine) continue;
      this.engines.delete(key);
      await engine.close();
    }
  }

  /** Close every engine and the scanner; the cache can be used again afterwards (it starts new ones). */
  async close(): Promise<void> {
    const entries = [...this.engines.values()];
    const scanner = this.scanner;
    this.engines.clear();
    this.scanner = undefined;
    const closing = entries.map(async (entry) => {
      const started = await entry.catch(() => undefined);
      await started?.engine.close();
    });
    if (scanner) closing.push(scanner.then((s) => s.close()).catch(() => undefined));
    await Promise.all(closing);
  }
}
