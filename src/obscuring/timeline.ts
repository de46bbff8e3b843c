import { lerpPolygon } from '../geometry/polygon.js';
import type { HistoryEntry, Polygon } from '../types.js';

/** A polygon to paint on one frame, with its opacity (1 = full cover). */
export interface CoverShape {
  track: number;
  polygon: Polygon;
  opacity: number;
}

interface TrackTimeline {
  track: number;
  entries: HistoryEntry[];
}

/**
 * Answers "which polygons cover the frame at time t" for every track of a document.
 * Between history entries polygons are interpolated linearly. Within half a frame of a track's first
 * and last entries it is at full opacity; the fade only ever adds cover before the first and after the
 * last tracked frame, so a plate is never faded while it is tracked.
 */
export class CoverTimeline {
  private readonly tracks: TrackTimeline[];

  constructor(
    tracks: { history: HistoryEntry[] }[],
    private readonly fadeDurationMs: number,
    private readonly frameDurationMs: number,
  ) {
    this.tracks = tracks
      .map((t, track) => ({ track, entries: [...t.history].sort((a, b) => a.timestamp - b.timestamp) }))
      .filter((t) => t.entries.length > 0);
  }

  shapesAt(timestampMs: number): CoverShape[] {
    const shapes: CoverShape[] = [];
    const halfFrame = this.frameDurationMs / 2;
    for (const { track, entries } of this.tracks) {
      const first = entries[0]!;
      const last = entries[entries.length - 1]!;
      if (timestampMs < first.timestamp - halfFrame) {
        const opacity = fadeOpacity(first.timestamp - halfFrame - timestampMs, this.fadeDurationMs);
        if (opacity > 0) shapes.push({ track, polygon: first.polygon, opacity });
        continue;
      }
      if (timestampMs > last.timestamp + halfFrame) {
        const opacity = fadeOpacity(timestampMs - last.timestamp - halfFrame, this.fadeDurationMs);
        if (opacity > 0) shapes.push({ track, polygon: last.polygon, opacity });
        continue;
      }
      for (const polygon of polygonsBetween(entries, timestampMs)) shapes.push({ track, polygon, opacity: 1 });
    }
    return shapes;
  }
}

/** Opacity `distanceMs` outside a track: 1 at the edge, falling linearly to 0 over the fade. */
export function fadeOpacity(distanceMs: number, fadeDurationMs: number): number {
  if (distanceMs <= 0) return 1;
  if (fadeDurationMs <= 0) return 0;
  return Math.max(0, 1 - distanceMs / fadeDurationMs);
}

/**
 * Polygons covering time t inside a track's span. Entries that share a vertex count are interpolated;
 * when they differ (a plate clipped by a frame edge), both neighbours are painted so nothing is lost.
 */
export function polygonsBetween(entries: HistoryEntry[], t: number): Polygon[] {
  let lo = 0;
  let hi = entries.length - 1;
  if (t <= entries[0]!.timestamp) return [entries[0]!.polygon];
  if (t >= entries[hi]!.timestamp) return [entries[hi]!.polygon];
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (entries[mid]!.timestamp <= t) lo = mid;
    else hi = mid;
  }
  const a = entries[lo]!;
  const b = entries[hi]!;
  if (Math.abs(t - a.timestamp) < 0.5) return [a.polygon];
  if (Math.abs(t - b.timestamp) < 0.5) return [b.polygon];
  if (a.polygon.length !== b.polygon.length) return [a.polygon, b.polygon];
  return [lerpPolygon(a.polygon, b.polygon, (t - a.timestamp) / (b.timestamp - a.timestamp))];
}
