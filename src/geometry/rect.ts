// Rotated rectangles: the minimum-area fit, the bounding rectangle at a given angle, and quads in a fixed
// corner order (TL, TR, BR, BL clockwise on screen). Every rectangle fit in the code is one of these.
import type { Point, Polygon } from '../types.js';
import { convexHull } from './hull.js';
import { boundingBox, boxToPolygon, polygonCentroid, signedArea } from './polygon.js';

/** A rotated rectangle: centre, full side lengths, and the angle (radians) of the `width` side. */
export interface RotatedRect {
  cx: number;
  cy: number;
  width: number;
  height: number;
  angle: number;
}

/** Extent of a point set along the unit axis u = (ux, uy) and its normal v = (-uy, ux). */
interface Extent {
  minU: number;
  maxU: number;
  minV: number;
  maxV: number;
}

function extentAlong(points: readonly Point[], ux: number, uy: number): Extent {
  let minU = Infinity;
  let maxU = -Infinity;
  let minV = Infinity;
  let maxV = -Infinity;
  for (const [x, y] of points) {
    const u = x * ux + y * uy;
    const v = -x * uy + y * ux;
    if (u < minU) minU = u;
    if (u > maxU) maxU = u;
    if (v < minV) minV = v;
    if (v > maxV) maxV = v;
  }
  return { minU, maxU, minV, maxV };
}

function extentRect(e: Extent, ux: number, uy: number, angle: number): RotatedRect {
  const mu = (e.minU + e.maxU) / 2;
  const mv = (e.minV + e.maxV) / 2;
  return { cx: mu * ux - mv * uy, cy: mu * uy + mv * ux, width: e.maxU - e.minU, height: e.maxV - e.minV, angle };
}

function extentCorners(e: Extent, ux: number, uy: number): Polygon {
  const at = (u: number, v: number): Point => [u * ux - v * uy, u * uy + v * ux];
  return [at(e.minU, e.minV), at(e.maxU, e.minV), at(e.maxU, e.maxV), at(e.minU, e.maxV)];
}

/** Rotating calipers over a convex hull's edges: the edge direction whose bounding rectangle is smallest. */
function minAreaFit(hull: readonly Point[]): { ux: number; uy: number; extent: Extent } | undefined {
  let best: { ux: number; uy: number; extent: Extent } | undefined;
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (length === 0) continue;
    const ux = (b[0] - a[0]) / length;
    const uy = (b[1] - a[1]) / length;
    const extent = extentAlong(hull, ux, uy);
    const area = (extent.maxU - extent.minU) * (extent.maxV - extent.minV);
    // Ties (a rectangle's parallel edges) keep the first edge, whatever rounding says.
    if (area < bestArea - 1e-9) {
      bestArea = area;
      best = { ux, uy, extent };
    }
  }
  return best;
}

/**
 * Minimum-area enclosing rectangle of a point set. The returned `width` side is the one closer to
 * horizontal, so text lines come out wide.
 */
export function minAreaRect(points: readonly Point[]): RotatedRect {
  const hull = convexHull(points);
  if (hull.length === 0) return { cx: 0, cy: 0, width: 0, height: 0, angle: 0 };
  const fit = minAreaFit(hull);
  if (!fit) return { cx: hull[0]![0], cy: hull[0]![1], width: 0, height: 0, angle: 0 };
  return normaliseRect(extentRect(fit.extent, fit.ux, fit.uy, Math.atan2(fit.uy, fit.ux)));
}

/** The smallest rectangle at `angle` (radians, of its width side) that holds every point. */
export function boundingRectAtAngle(points: readonly Point[], angle: number): RotatedRect {
  const ux = Math.cos(angle);
  const uy = Math.sin(angle);
  return extentRect(extentAlong(points, ux, uy), ux, uy, angle);
}

/** Re-express a rotated rect so its width side is within ±45° of horizontal. */
export function normaliseRect(r: RotatedRect): RotatedRect {
  let { width, height, angle } = r;
  // Fold the angle into (-pi/2, pi/2].
  while (angle > Math.PI / 2) angle -= Math.PI;
  while (angle <= -Math.PI / 2) angle += Math.PI;
  if (angle > Math.PI / 4) {
    angle -= Math.PI / 2;
    [width, height] = [height, width];
  } else if (angle < -Math.PI / 4) {
    angle += Math.PI / 2;
    [width, height] = [height, width];
  }
  return { cx: r.cx, cy: r.cy, width, height, angle };
}

/** Corners of a rotated rect in the order top-left, top-right, bottom-right, bottom-left (image y-down). */
export function rectCorners(r: RotatedRect): Polygon {
  const ux = Math.cos(r.angle);
  const uy = Math.sin(r.angle);
  const hw = r.width / 2;
  const hh = r.height / 2;
  // u = along the width side, v = perpendicular (pointing "down" in image coordinates).
  const vx = -uy;
  const vy = ux;
  const at = (su: number, sv: number): Point => [r.cx + su * hw * ux + sv * hh * vx, r.cy + su * hw * uy + sv * hh * vy];
  return [at(-1, -1), at(1, -1), at(1, 1), at(-1, 1)];
}

/** Express point p in a rect's own frame: u along width, v along height, both from the centre. */
export function toRectFrame(r: RotatedRect, p: Point): [number, number] {
  const ux = Math.cos(r.angle);
  const uy = Math.sin(r.angle);
  const dx = p[0] - r.cx;
  const dy = p[1] - r.cy;
  return [dx * ux + dy * uy, -dx * uy + dy * ux];
}

/**
 * Smallest rectangle, aligned with the reference polygon's first edge (a quad's top edge), that holds every
 * vertex of `polygons`: a quad-shaped stand-in for their union that keeps the plate's tilt.
 */
export function orientedBoundingQuad(reference: Polygon, polygons: readonly Polygon[]): Polygon {
  const [x0, y0] = reference[0]!;
  const [x1, y1] = reference[1] ?? [x0 + 1, y0];
  const length = Math.hypot(x1 - x0, y1 - y0);
  const ux = length < 1e-9 ? 1 : (x1 - x0) / length;
  const uy = length < 1e-9 ? 0 : (y1 - y0) / length;
  return extentCorners(extentAlong(polygons.flat(), ux, uy), ux, uy);
}

/**
 * A quadrilateral (TL, TR, BR, BL on screen) covering every polygon: their convex hull when it has at most
 * four corners, else the minimum-area enclosing rectangle of the hull.
 */
export function coveringQuad(polygons: readonly Polygon[]): Polygon {
  const hull = convexHull(polygons.flat());
  if (hull.length <= 4) return orderScreenClockwise(hull);
  const fit = minAreaFit(hull);
  return orderScreenClockwise(fit ? extentCorners(fit.extent, fit.ux, fit.uy) : hull);
}

/** Orders a convex polygon clockwise on screen (y down), starting at the corner nearest the top-left. */
export function orderScreenClockwise(polygon: Polygon): Polygon {
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

/**
 * Four vertices in any order as TL, TR, BR, BL (sorted by angle around their mean, so clockwise on
 * screen, then started at the vertex nearest the top-left); other vertex counts become their axis-aligned
 * bounding quad.
 */
export function normaliseQuad(polygon: Polygon): Polygon {
  if (polygon.length !== 4) return boxToPolygon(boundingBox(polygon));
  const [cx, cy] = polygonCentroid(polygon);
  const sorted = [...polygon].sort((a, b) => Math.atan2(a[1] - cy, a[0] - cx) - Math.atan2(b[1] - cy, b[0] - cx));
  return orderScreenClockwise(sorted).map((p): Point => [p[0], p[1]]);
}

/** Scale a rotated rect anisotropically (detector inputs round each side to a grid, so x and y scale a little differently). */
export function scaleRect(r: RotatedRect, sx: number, sy: number): RotatedRect {
  const c = Math.cos(r.angle);
  const s = Math.sin(r.angle);
  return {
    cx: r.cx * sx,
    cy: r.cy * sy,
    width: r.width * Math.hypot(c * sx, s * sy),
    height: r.height * Math.hypot(s * sx, c * sy),
    angle: Math.atan2(s * sy, c * sx),
  };
}
