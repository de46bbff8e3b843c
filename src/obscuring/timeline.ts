import { lerpPolygon } from '../geometry/polygon.js';
import { type HistoryView, historyView } from '../history.js';
import type { Polygon } from '../types.js';

/** A polygon to paint on one frame, with its opacity (1 = full cover). */
export interface CoverShape {
  track: number;
  polygon: Polygon;
  opacity: number;
}

/** Timed polygons in time order: a track's entries, read through the store that holds them (never copied). */
export interface TimedPolygons {
  readonly length: number;
  timestamp(i: number): number;
  polygon(i: number): Polygon;
}

type TimedEntries = readonly { timestamp: number; polygon: Polygon }[];

interface TrackTimeline {
  track: number;
  entries: TimedPolygons;
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
    tracks: readonly { history: TimedEntries | HistoryView }[],
    private readonly fadeDurationMs: number,
    private readonly frameDurationMs: number,
  ) {
    this.tracks = tracks.map((t, track) => ({ track, entries: inTimeOrder(historyView(t.history)) })).filter((t) => t.entries.length > 0);
  }

  shapesAt(timestampMs: number): CoverShape[] {
    const shapes: CoverShape[] = [];
    const halfFrame = this.frameDurationMs / 2;
    for (const { track, entries } of this.tracks) {
      const first = entries.timestamp(0);
      const last = entries.timestamp(entries.length - 1);
      if (timestampMs < first - halfFrame) {
        const opacity = fadeOpacity(first - halfFrame - timestampMs, this.fadeDurationMs);
        if (opacity > 0) shapes.push({ track, polygon: entries.polygon(0), opacity });
        continue;
      }
      if (timestampMs > last + halfFrame) {
        const opacity = fadeOpacity(timestampMs - last - halfFrame, this.fadeDurationMs);
        if (opacity > 0) shapes.push({ track, polygon: entries.polygon(entries.length - 1), opacity });
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
export function polygonsBetween(timed: TimedEntries | TimedPolygons, t: number): Polygon[] {
  const entries = Array.isArray(timed) ? historyView(timed as TimedEntries) : (timed as TimedPolygons);
  let lo = 0;
  let hi = entries.length - 1;
  if (t <= entries.timestamp(0)) return [entries.polygon(0)];
  if (t >= entries.timestamp(hi)) return [entries.polygon(hi)];
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (entries.timestamp(mid) <= t) lo = mid;
    else hi = mid;
  }
  const [ta, tb] = [entries.timestamp(lo), entries.timestamp(hi)];
  const [a, b] = [entries.polygon(lo), entries.polygon(hi)];
  if (Math.abs(t - ta) < 0.5) return [a];
  if (Math.abs(t - tb) < 0.5) return [b];
  if (a.length !== b.length) return [a, b];
  return [lerpPolygon(a, b, (t - ta) / (tb - ta))];
}

/**
 * The entries in time order (stable: equal times keep their document order). Documents from `detect` are in
 * order already and are used as they are; otherwise only a permutation (4 bytes per entry) is built.
 */
export function inTimeOrder(entries: TimedPolygons): TimedPolygons {
  let sorted = true;
  for (let i = 1; i < entries.length && sorted; i++) sorted = entries.timestamp(i - 1) <= entries.timestamp(i);
  if (sorted) return entries;
  const order = Uint32Array.from({ length: entries.length }, (_, i) => i);
  order.sort((a, b) => entries.timestamp(a) - entries.timestamp(b) || a - b);
  return {
    length: entries.length,
    timestamp: (i) => entries.timestamp(order[i]!),
    polygon: (i) => entries.polygon(order[i]!),
  };
}
