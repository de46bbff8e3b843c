// Shape maths of a tracked plate, as pure functions beside the tracker's state machine (tracker.ts):
// where the plate's polygon is for a pose, how a detection cut by the frame edge lines up with the known
// shape, which frame edges cut a box, and how detections of one frame are deduplicated.
import { boxIou } from '../geometry/box.js';
import { boundingBox, lerpPolygon, placeShape, polygonArea, polygonCentroid } from '../geometry/polygon.js';
import { orientedBoundingQuad } from '../geometry/rect.js';
import type { Box, PlateCandidate, Point, Polygon } from '../types.js';
import type { Observation } from './motion.js';

/** Widest and narrowest width/height ratio of a plate (EU plates ~4.7, US ~2, square plates ~1.3). */
const MAX_PLATE_ASPECT = 5;
const MIN_PLATE_ASPECT = 1.2;

export interface EdgeCut {
  left: boolean;
  right: boolean;
  top: boolean;
  bottom: boolean;
}

/**
 * A track's reference shape: the quad of its latest whole detection, its centre and size (square root of
 * the area). Poses (Observation: centre and size) move and scale it.
 */
export interface TrackShape {
  quad: Polygon;
  centre: Point;
  size: number;
  /** Frame edges that cut the detection the shape came from (its hidden part lies beyond them). */
  cut: EdgeCut | null;
}

export function shapeOf(quad: Polygon, cut: EdgeCut | null = null): TrackShape {
  return { quad, centre: polygonCentroid(quad), size: Math.sqrt(polygonArea(quad)), cut: cut && isCut(cut) ? cut : null };
}

export function isCut(cut: EdgeCut): boolean {
  return cut.left || cut.right || cut.top || cut.bottom;
}

/**
 * Which frame edges a box touches: a detection there is likely cut off. Detector boxes are a few
 * pixels loose, so "touching" allows a small margin (0.5% of the frame size, at least 4 px); and a plate
 * cut mid-character is detected only up to its last readable character, so a box that stops within
 * about a character (0.3 of its smaller side) of the edge counts as cut too: treating it as the whole plate
 * left the hidden part uncovered when the plate came into view.
 */
export function edgesTouched(box: Box, width: number, height: number): EdgeCut {
  const character = 0.3 * Math.min(box.width, box.height);
  const tx = Math.max(4, 0.005 * width, character);
  const ty = Math.max(4, 0.005 * height, character);
  return {
    left: box.x <= tx,
    right: box.x + box.width >= width - tx,
    top: box.y <= ty,
    bottom: box.y + box.height >= height - ty,
  };
}

/**
 * The plate's polygon at pose `o`. When the shape came from a detection cut by a frame edge, the plate's
 * hidden part comes into view as it moves away from that edge: the cut side grows by the distance moved
 * (up to a plate's aspect ratio).
 */
export function shapeAt(shape: TrackShape, o: Observation): Polygon {
  const placed = placeShape(shape.quad, shape.centre, [o.cx, o.cy], o.size / shape.size);
  const cut = shape.cut;
  if (!cut) return placed;
  const box = boundingBox(placed);
  const dx = o.cx - shape.centre[0];
  const dy = o.cy - shape.centre[1];
  const growX = Math.max(0, Math.min(Math.abs(dx), MAX_PLATE_ASPECT * box.height - box.width));
  const growY = Math.max(0, Math.min(Math.abs(dy), box.width / MIN_PLATE_ASPECT - box.height));
  const out = placed.map(([x, y]) => [x, y] as Point);
  const [tl, tr, br, bl] = out as [Point, Point, Point, Point];
  if (cut.right && dx < 0) for (const p of [tr, br]) p[0] += growX;
  if (cut.left && dx > 0) for (const p of [tl, bl]) p[0] -= growX;
  if (cut.bottom && dy < 0) for (const p of [bl, br]) p[1] += growY;
  if (cut.top && dy > 0) for (const p of [tl, tr]) p[1] -= growY;
  return out;
}

/**
 * The pose of a plate whose detection `quad` is cut by the frame edges `cut`: the known shape at the
 * predicted pose, scaled by the detection's uncut extent (within 0.8-1.25) and shifted so its sides that
 * are not on an edge meet the detection's.
 */
export function alignToPartialDetection(shape: TrackShape, predicted: Observation, quad: Polygon, cut: EdgeCut): Observation {
  const det = boundingBox(quad);
  const predBox = boundingBox(shapeAt(shape, predicted));
  let scale = 1;
  if (!cut.left && !cut.right && predBox.width > 0) scale = det.width / predBox.width;
  else if (!cut.top && !cut.bottom && predBox.height > 0) scale = det.height / predBox.height;
  scale = Math.min(1.25, Math.max(0.8, scale));
  const size = predicted.size * scale;
  const box = boundingBox(shapeAt(shape, { ...predicted, size }));
  const shift = (lowCut: boolean, highCut: boolean, dLow: number, dHigh: number, bLow: number, bHigh: number): number => {
    if (lowCut && !highCut) return dHigh - bHigh;
    if (highCut && !lowCut) return dLow - bLow;
    if (lowCut && highCut) return 0;
    return (dLow + dHigh - bLow - bHigh) / 2;
  };
  const dx = shift(cut.left, cut.right, det.x, det.x + det.width, box.x, box.x + box.width);
  const dy = shift(cut.top, cut.bottom, det.y, det.y + det.height, box.y, box.y + box.height);
  return { frame: predicted.frame, cx: predicted.cx + dx, cy: predicted.cy + dy, size };
}

/**
 * A whole detection and the visual tracker's match on the same frame. Detector boxes jitter from frame to
 * frame; where the match agrees closely (centre within a quarter of the plate's size, size within 15%),
 * the pose is the mean of the two and the polygon covers both, so the template does not inherit one
 * detection's error. Otherwise the detection alone.
 */
export function fuseDetectionWithMatch(
  shape: TrackShape,
  detection: TrackShape,
  frame: number,
  match: Observation | undefined,
): { observation: Observation; polygon: Polygon } {
  const [cx, cy] = detection.centre;
  const size = detection.size;
  if (match && Math.hypot(match.cx - cx, match.cy - cy) < 0.25 * size && Math.abs(Math.log(match.size / size)) < 0.15) {
    const matched = shapeAt(shape, match);
    return {
      observation: { frame, cx: (match.cx + cx) / 2, cy: (match.cy + cy) / 2, size: Math.sqrt(match.size * size) },
      polygon: orientedBoundingQuad(detection.quad, [detection.quad, matched]),
    };
  }
  return { observation: { frame, cx, cy, size }, polygon: detection.quad };
}

/** Drops candidates that mostly repeat a larger one in the same frame (e.g. two engines on one plate). */
export function dedupeCandidates(candidates: readonly PlateCandidate[]): PlateCandidate[] {
  const sorted = [...candidates].sort((a, b) => polygonArea(b.polygon) - polygonArea(a.polygon));
  const kept: PlateCandidate[] = [];
  for (const c of sorted) {
    const box = boundingBox(c.polygon);
    if (kept.some((k) => boxIou(boundingBox(k.polygon), box) > 0.5)) continue;
    kept.push(c);
  }
  return kept;
}

/**
 * True when a plate's box is within a quarter of its width (at least 8 px) of a frame edge, where it may
 * be leaving or be cut: detection should look again soon.
 */
export function nearFrameEdge(box: Box, width: number, height: number): boolean {
  const margin = Math.max(8, 0.25 * box.width);
  return box.x < margin || box.y < margin || box.x + box.width > width - margin || box.y + box.height > height - margin;
}

/**
 * Linear interpolation for the frames strictly between two confirmed positions (`from`, `to`) that have
 * no confirmed position of their own (`confirmedAt(g)`: the polygon of a confirmed frame, else undefined).
 * Each is anchored on the nearest confirmed frames around it, so confirmed positions inside are kept.
 */
export function interpolateGap(
  from: { frame: number; polygon: Polygon },
  to: { frame: number; polygon: Polygon },
  confirmedAt: (frame: number) => Polygon | undefined,
): { frame: number; polygon: Polygon }[] {
  const at = (g: number): Polygon => (g === from.frame ? from.polygon : g === to.frame ? to.polygon : confirmedAt(g)!);
  const out: { frame: number; polygon: Polygon }[] = [];
  let left = from.frame;
  for (let g = from.frame + 1; g < to.frame; g++) {
    if (confirmedAt(g)) {
      left = g;
      continue;
    }
    let right = g + 1;
    while (right < to.frame && !confirmedAt(right)) right++;
    out.push({ frame: g, polygon: lerpPolygon(at(left), at(right), (g - left) / (right - left)) });
  }
  return out;
}

export function roundPoint([x, y]: Point): Point {
  return [Math.round(x * 100) / 100, Math.round(y * 100) / 100];
}
