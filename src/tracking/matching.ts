import { boxIou } from '../geometry/box.js';
import type { Box } from '../types.js';

/** Distance between box centres, per axis in units of the boxes' mean width/height. */
export function normalisedCentreDistance(a: Box, b: Box): number {
  const w = (a.width + b.width) / 2 || 1;
  const h = (a.height + b.height) / 2 || 1;
  const dx = (a.x + a.width / 2 - (b.x + b.width / 2)) / w;
  const dy = (a.y + a.height / 2 - (b.y + b.height / 2)) / h;
  return Math.hypot(dx, dy);
}

/** Ratio >= 1 between the square roots of two box areas. */
export function sizeRatio(a: Box, b: Box): number {
  const sa = Math.sqrt(Math.max(1e-9, a.width * a.height));
  const sb = Math.sqrt(Math.max(1e-9, b.width * b.height));
  return sa > sb ? sa / sb : sb / sa;
}

export interface MatchGate {
  /** Pairs with at least this IOU always qualify (size permitting). */
  minIou: number;
  /** Otherwise the centres must be within this normalised distance. */
  maxCentreDistance: number;
  /** And the sizes within this ratio. */
  maxSizeRatio: number;
}

export const DEFAULT_GATE: MatchGate = { minIou: 0.1, maxCentreDistance: 1.2, maxSizeRatio: 2 };

/** Affinity of a predicted track box and a detection box; null when the pair is not plausible. */
export function affinity(predicted: Box, detected: Box, gate: MatchGate = DEFAULT_GATE): number | null {
  if (sizeRatio(predicted, detected) > gate.maxSizeRatio) return null;
  const iou = boxIou(predicted, detected);
  const distance = normalisedCentreDistance(predicted, detected);
  if (iou < gate.minIou && distance > gate.maxCentreDistance) return null;
  return iou + 0.5 * Math.max(0, 1 - distance / gate.maxCentreDistance);
}

/**
 * Greedy one-to-one assignment by descending affinity: each track takes at most one detection and
 * each detection feeds at most one track, so two plates that cross are never merged.
 * Returns pairs [trackIndex, detectionIndex].
 */
export function assignDetections(predicted: Box[], detected: Box[], gate: MatchGate = DEFAULT_GATE): [number, number][] {
  const pairs: { t: number; d: number; a: number }[] = [];
  predicted.forEach((p, t) => {
    detected.forEach((d, di) => {
      const a = affinity(p, d, gate);
      if (a !== null) pairs.push({ t, d: di, a });
    });
  });
  pairs.sort((x, y) => y.a - x.a);
  const usedT = new Set<number>();
  const usedD = new Set<number>();
  const out: [number, number][] = [];
  for (const { t, d } of pairs) {
    if (usedT.has(t) || usedD.has(d)) continue;
    usedT.add(t);
    usedD.add(d);
    out.push([t, d]);
  }
  return out;
}
