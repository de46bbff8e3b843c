// Runs several detection engines on the same frame and unions their candidates for the highest recall.
//
// Candidates from different engines that cover mostly the same area are one plate: they merge into one
// candidate whose polygon covers all of them (privacy first: never shrink a cover) and whose text and
// confidence come from the most confident reading. "Mostly the same area" is measured as intersection
// over the SMALLER area, so a plate one engine reads as two halves (OpenALPR's us config on a long EU
// plate) still merges with the whole plate another engine found. Candidates of the same engine are never
// merged directly: an engine's own separate boxes are separate plates.
import type { DetectionEngine, Frame, PlateCandidate, Point, Polygon } from '../types.js';
import { polygonArea } from '../geometry/polygon.js';

/** Fraction of the smaller polygon that must lie inside the other for two candidates to be one plate. */
export const FUSION_MIN_OVERLAP = 0.5;

// ---------- convex-polygon geometry that only fusion needs (hull, convex clipping, covering quad) ----------

/** Signed area (shoelace); positive for counter-clockwise in a y-up frame, i.e. clockwise on screen. */
function signedArea(polygon: Polygon): number {
  let sum = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x1, y1] = polygon[i]!;
    const [x2, y2] = polygon[(i + 1) % polygon.length]!;
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

export { polygonArea };

function cross(o: Point, a: Point, b: Point): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** Convex hull (Andrew's monotone chain), counter-clockwise in math orientation, no repeated point. */
export function convexHull(points: Point[]): Polygon {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (sorted.length <= 2) return sorted.map((p): Point => [p[0], p[1]]);
  const lower: Point[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  upper.pop();
  lower.pop();
  return [...lower, ...upper].map((p): Point => [p[0], p[1]]);
}

/** Sutherland–Hodgman clip of `subject` by the convex, counter-clockwise `clip`. */
function clipConvex(subject: Polygon, clip: Polygon): Polygon {
  let output = subject;
  for (let i = 0; i < clip.length && output.length > 0; i++) {
    const a = clip[i]!;
    const b = clip[(i + 1) % clip.length]!;
    const input = output;
    output = [];
    for (let j = 0; j < input.length; j++) {
      const current = input[j]!;
      const previous = input[(j + input.length - 1) % input.length]!;
      const currentInside = cross(a, b, current) >= 0;
      const previousInside = cross(a, b, previous) >= 0;
      if (currentInside) {
        if (!previousInside) output.push(segmentIntersection(previous, current, a, b));
        output.push(current);
      } else if (previousInside) {
        output.push(segmentIntersection(previous, current, a, b));
      }
    }
  }
  return output;
}

function segmentIntersection(p: Point, q: Point, a: Point, b: Point): Point {
  const d1 = cross(a, b, p);
  const d2 = cross(a, b, q);
  const t = d1 / (d1 - d2);
  return [p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t];
}

/** Area of the intersection of the convex hulls of two polygons. */
export function intersectionArea(a: Polygon, b: Polygon): number {
  const hullA = convexHull(a);
  const hullB = convexHull(b);
  if (hullA.length < 3 || hullB.length < 3) return 0;
  return polygonArea(clipConvex(hullA, hullB));
}

/** Intersection area over the smaller of the two areas (0..1). */
export function overlapOfSmaller(a: Polygon, b: Polygon): number {
  const smaller = Math.min(polygonArea(convexHull(a)), polygonArea(convexHull(b)));
  if (smaller <= 0) return 0;
  return intersectionArea(a, b) / smaller;
}

/**
 * A quadrilateral (TL, TR, BR, BL on screen) covering every polygon: their convex hull when it has at most
 * four corners, else the minimum-area enclosing rectangle of the hull (rotating calipers), so merged
 * candidates stay quads like every engine's output.
 */
export function coveringQuad(polygons: Polygon[]): Polygon {
  const hull = convexHull(polygons.flat());
  if (hull.length <= 4) return orderScreenClockwise(hull);
  let best: { area: number; corners: Point[] } | undefined;
  for (let i = 0; i < hull.length; i++) {
    const [x1, y1] = hull[i]!;
    const [x2, y2] = hull[(i + 1) % hull.length]!;
    const length = Math.hypot(x2 - x1, y2 - y1);
    if (length === 0) continue;
    const ux = (x2 - x1) / length;
    const uy = (y2 - y1) / length;
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const [x, y] of hull) {
      const u = x * ux + y * uy;
      const v = -x * uy + y * ux;
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      minV = Math.min(minV, v);
      maxV = Math.max(maxV, v);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (!best || area < best.area) {
      const corner = (u: number, v: number): Point => [u * ux - v * uy, u * uy + v * ux];
      best = { area, corners: [corner(minU, minV), corner(maxU, minV), corner(maxU, maxV), corner(minU, maxV)] };
    }
  }
  return orderScreenClockwise(best ? best.corners : hull);
}

/** Orders a convex polygon clockwise on screen (y down), starting at the corner nearest the top-left. */
function orderScreenClockwise(polygon: Polygon): Polygon {
  if (polygon.length < 3) return polygon;
  const ordered = signedArea(polygon) < 0 ? [...polygon].reverse() : [...polygon];
  let start = 0;
  for (let i = 1; i < ordered.length; i++) {
    const [x, y] = ordered[i]!;
    const [bx, by] = ordered[start]!;
    if (x + y < bx + by) start = i;
  }
  return [...ordered.slice(start), ...ordered.slice(0, start)];
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
