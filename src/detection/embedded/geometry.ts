// Small planar-geometry helpers for the embedded engine (pure, no image access).
import type { Point, Polygon } from '../../types.js';

/** A rotated rectangle: centre, full side lengths, and the angle (radians) of the `width` side. */
export interface RotatedRect {
  cx: number;
  cy: number;
  width: number;
  height: number;
  angle: number;
}

function cross(o: Point, a: Point, b: Point): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** Convex hull (Andrew's monotone chain), counter-clockwise in y-up terms; collinear points dropped. */
export function convexHull(points: readonly Point[]): Point[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length <= 2) return pts;
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/**
 * Minimum-area enclosing rectangle of a point set (rotating calipers over the hull edges).
 * The returned `width` side is the one closer to horizontal, so text lines come out wide.
 */
export function minAreaRect(points: readonly Point[]): RotatedRect {
  const hull = convexHull(points);
  if (hull.length === 0) return { cx: 0, cy: 0, width: 0, height: 0, angle: 0 };
  if (hull.length === 1) return { cx: hull[0]![0], cy: hull[0]![1], width: 0, height: 0, angle: 0 };
  let best: RotatedRect | undefined;
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    const ux = (b[0] - a[0]) / len;
    const uy = (b[1] - a[1]) / len;
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const p of hull) {
      const u = p[0] * ux + p[1] * uy;
      const v = -p[0] * uy + p[1] * ux;
      if (u < minU) minU = u;
      if (u > maxU) maxU = u;
      if (v < minV) minV = v;
      if (v > maxV) maxV = v;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea - 1e-9) {
      bestArea = area;
      const mu = (minU + maxU) / 2;
      const mv = (minV + maxV) / 2;
      best = { cx: mu * ux - mv * uy, cy: mu * uy + mv * ux, width: maxU - minU, height: maxV - minV, angle: Math.atan2(uy, ux) };
    }
  }
  return normaliseRect(best ?? { cx: hull[0]![0], cy: hull[0]![1], width: 0, height: 0, angle: 0 });
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

/** Polygon area (shoelace), always positive. */
export function polygonArea(poly: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!;
    const b = poly[(i + 1) % poly.length]!;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(s) / 2;
}

/** Polygon perimeter. */
export function polygonPerimeter(poly: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!;
    const b = poly[(i + 1) % poly.length]!;
    s += Math.hypot(b[0] - a[0], b[1] - a[1]);
  }
  return s;
}

/**
 * DB "unclip": grow a text kernel outwards by area * ratio / perimeter (the Vatti offset PaddleOCR uses).
 * For a rectangle the offset polygon's bounding rotated rect is the rect grown by that distance on each side.
 */
export function unclipRect(r: RotatedRect, ratio: number): RotatedRect {
  const area = r.width * r.height;
  const perimeter = 2 * (r.width + r.height);
  const d = perimeter > 0 ? (area * ratio) / perimeter : 0;
  return { ...r, width: r.width + 2 * d, height: r.height + 2 * d };
}

/** Axis-aligned bounds of a polygon. */
export function polygonBounds(poly: readonly Point[]): { minX: number; minY: number; maxX: number; maxY: number } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of poly) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}

/** Express point p in a rect's own frame: u along width, v along height, both from the centre. */
export function toRectFrame(r: RotatedRect, p: Point): [number, number] {
  const ux = Math.cos(r.angle);
  const uy = Math.sin(r.angle);
  const dx = p[0] - r.cx;
  const dy = p[1] - r.cy;
  return [dx * ux + dy * uy, -dx * uy + dy * ux];
}

/** Clip a polygon to a convex polygon (Sutherland–Hodgman). Both must be consistently wound. */
export function clipPolygon(subject: readonly Point[], clip: readonly Point[]): Point[] {
  let output: Point[] = [...subject];
  const sign = signedArea(clip) >= 0 ? 1 : -1;
  for (let i = 0; i < clip.length && output.length > 0; i++) {
    const a = clip[i]!;
    const b = clip[(i + 1) % clip.length]!;
    const inside = (p: Point): boolean => sign * cross(a, b, p) >= 0;
    const input = output;
    output = [];
    for (let j = 0; j < input.length; j++) {
      const cur = input[j]!;
      const prev = input[(j + input.length - 1) % input.length]!;
      const curIn = inside(cur);
      const prevIn = inside(prev);
      if (curIn !== prevIn) output.push(intersect(prev, cur, a, b));
      if (curIn) output.push(cur);
    }
  }
  return output;
}

function signedArea(poly: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!;
    const b = poly[(i + 1) % poly.length]!;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

function intersect(p1: Point, p2: Point, p3: Point, p4: Point): Point {
  const d = (p1[0] - p2[0]) * (p3[1] - p4[1]) - (p1[1] - p2[1]) * (p3[0] - p4[0]);
  if (d === 0) return p2;
  const t = ((p1[0] - p3[0]) * (p3[1] - p4[1]) - (p1[1] - p3[1]) * (p3[0] - p4[0])) / d;
  return [p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1])];
}

/** Area of the intersection of two convex polygons. */
export function intersectionArea(a: readonly Point[], b: readonly Point[]): number {
  const clipped = clipPolygon(a, b);
  return clipped.length >= 3 ? polygonArea(clipped) : 0;
}
