// Runs several detection engines on the same frame and unions their candidates for the highest recall.
//
// Candidates from different engines that cover mostly the same area are one plate: they merge into one
// candidate whose polygon covers all of them (privacy first: never shrink a cover) and whose text and
// confidence come from the most confident reading. "Mostly the same area" is measured as intersection
// over the SMALLER area, so a plate one engine reads as two halves (OpenALPR's us config on a long EU
// plate) still merges with the whole plate another engine found. Candidates of the same engine are never
// merged directly: an engine's own separate boxes are separate plates.

import { intersectionArea } from '../geometry/clip.js';
import { convexHull } from '../geometry/hull.js';
import { polygonArea } from '../geometry/polygon.js';
import { coveringQuad } from '../geometry/rect.js';
import type { DetectionEngine, Frame, PlateCandidate, Polygon } from '../types.js';

/** Fraction of the smaller polygon that must lie inside the other for two candidates to be one plate. */
export const FUSION_MIN_OVERLAP = 0.5;

/** Area of the intersection of the convex hulls of two polygons. */
function hullIntersectionArea(a: Polygon, b: Polygon): number {
  return intersectionArea(convexHull(a), convexHull(b));
}

/** Intersection area over the smaller of the two areas (0..1), both taken as their convex hulls. */
export function overlapOfSmaller(a: Polygon, b: Polygon): number {
  const smaller = Math.min(polygonArea(convexHull(a)), polygonArea(convexHull(b)));
  if (smaller <= 0) return 0;
  return hullIntersectionArea(a, b) / smaller;
}

// ---------- merging ----------

/** Merges candidates of several engines; see the file comment for the rule. */
export function mergeCandidates(candidates: PlateCandidate[], minOverlap = FUSION_MIN_OVERLAP): PlateCandidate[] {
  const parent = candidates.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let i = 0; i < candidates.length; i++) {
    for (let j = i + 1; j < candidates.length; j++) {
      if (candidates[i]!.engine === candidates[j]!.engine) continue;
      if (overlapOfSmaller(candidates[i]!.polygon, candidates[j]!.polygon) >= minOverlap) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, PlateCandidate[]>();
  candidates.forEach((candidate, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), candidate]);
  });
  return [...groups.values()].map(mergeGroup);
}

function mergeGroup(group: PlateCandidate[]): PlateCandidate {
  if (group.length === 1) return group[0]!;
  const engines = [...new Set(group.map((c) => c.engine))];
  const merged: PlateCandidate = {
    polygon: coveringQuad(group.map((c) => c.polygon)),
    engine: engines.join('+'),
  };
  const readers = group.filter((c) => c.text !== undefined && c.text.length > 0);
  const best = [...(readers.length > 0 ? readers : group)].sort((a, b) => (b.confidence ?? 0) - (a.confidence ?? 0))[0]!;
  if (best.text) merged.text = best.text;
  if (best.confidence !== undefined) merged.confidence = best.confidence;
  const region = best.region ?? group.find((c) => c.region)?.region;
  if (region) merged.region = region;
  // Every engine's alternatives, best confidence per text, best first.
  const readings = new Map<string, number>();
  for (const candidate of group) {
    const alternatives = candidate.candidates ?? (candidate.text ? [{ text: candidate.text, confidence: candidate.confidence ?? 0 }] : []);
    for (const { text, confidence } of alternatives) readings.set(text, Math.max(confidence, readings.get(text) ?? -Infinity));
  }
  if (readings.size > 0) {
    merged.candidates = [...readings].map(([text, confidence]) => ({ text, confidence })).sort((a, b) => b.confidence - a.confidence);
  }
  return merged;
}

/** One engine that runs `engines` on the same frame and merges their candidates. */
export function fuseEngines(engines: DetectionEngine[]): DetectionEngine {
  if (engines.length === 0) throw new Error('fuseEngines needs at least one engine');
  return {
    name: engines.map((e) => e.name).join('+'),
    async init() {
      const results = await Promise.allSettled(engines.map((e) => e.init()));
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) {
        // Do not leave the other engines' processes or containers running.
        await Promise.allSettled(engines.map((e) => e.close()));
        throw failure.reason;
      }
    },
    async detect(frame: Frame) {
      const perEngine = await Promise.all(engines.map((e) => e.detect(frame)));
      return mergeCandidates(perEngine.flat());
    },
    async close() {
      const results = await Promise.allSettled(engines.map((e) => e.close()));
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw failure.reason;
    },
  };
}
