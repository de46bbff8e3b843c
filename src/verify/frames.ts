// Which frames of a finished output the verify check looks at (pure; unit-tested).

/** Spacing of the regular samples: a plate left readable for half a second or more is looked at. */
export const CHECK_STEP_MS = 500;
/** How far before a track's first and after its last covered frame the check looks (where a cover ends early). */
export const TRACK_EDGE_MS = 200;

/** A track's span: the times of its first and last covered frames. */
export interface TrackSpan {
  firstMs: number;
  lastMs: number;
}

/**
 * Indices of the frames to check: the first frame at or after every multiple of `stepMs`, and, for each
 * track, the frames nearest to its first and last covered frames and to `edgeMs` before the first and after
 * the last. Sorted, each once. `timestampsMs` are the output's frame times, in order.
 */
export function framesToCheck(
  timestampsMs: readonly number[],
  spans: readonly TrackSpan[],
  stepMs = CHECK_STEP_MS,
  edgeMs = TRACK_EDGE_MS,
): number[] {
  const n = timestampsMs.length;
  if (n === 0) return [];
  const picked = new Set<number>();
  let next = 0;
  for (let i = 0; i < n; i++) {
    const t = timestampsMs[i]!;
    if (t + 1e-6 >= next) {
      picked.add(i);
      next = (Math.floor(t / stepMs + 1e-9) + 1) * stepMs;
    }
  }
  for (const span of spans) {
    for (const t of [span.firstMs - edgeMs, span.firstMs, span.lastMs, span.lastMs + edgeMs]) picked.add(nearestFrame(timestampsMs, t));
  }
  return [...picked].sort((a, b) => a - b);
}

/** Index of the frame whose time is nearest `t` (clamped to the first and last frame). */
export function nearestFrame(timestampsMs: readonly number[], t: number): number {
  let lo = 0;
  let hi = timestampsMs.length - 1;
  if (t <= timestampsMs[0]!) return 0;
  if (t >= timestampsMs[hi]!) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (timestampsMs[mid]! <= t) lo = mid;
    else hi = mid;
  }
  return t - timestampsMs[lo]! <= timestampsMs[hi]! - t ? lo : hi;
}
