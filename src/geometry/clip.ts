// Clipping: one Sutherland–Hodgman pass serves convex intersection and clip-to-frame.
import type { Point, Polygon } from '../types.js';
import { cross } from './hull.js';
import { polygonArea, signedArea } from './polygon.js';

/**
 * One Sutherland–Hodgman step: keeps the part of `polygon` on the side where `side(p) >= 0`, a linear
 * function of p, cutting edges where it crosses zero.
 */
function clipHalfPlane(polygon: readonly Point[], side: (p: Point) => number): Polygon {
  const out: Polygon = [];
  for (let i = 0; i < polygon.length; i++) {
    const current = polygon[i]!;
    const previous = polygon[(i + polygon.length - 1) % polygon.length]!;
    const sc = side(current);
    const sp = side(previous);
    if (sc >= 0) {
      if (sp < 0) out.push(crossing(previous, current, sp, sc));
      out.push(current);
    } else if (sp >= 0) {
      out.push(crossing(previous, current, sp, sc));
    }
  }
  return out;
}

function crossing(p: Point, q: Point, sp: number, sq: number): Point {
  const t = sp / (sp - sq);
  return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
}

/** Intersection of a polygon with a convex polygon (either winding); [] when less than a triangle is left. */
export function convexIntersection(subject: readonly Point[], clip: readonly Point[]): Polygon {
  if (subject.length < 3 || clip.length < 3) return [];
  const orientation = signedArea(clip) >= 0 ? 1 : -1;
  let out: Polygon = [...subject];
  for (let i = 0; i < clip.length && out.length; i++) {
    const a = clip[i]!;
    const b = clip[(i + 1) % clip.length]!;
    out = clipHalfPlane(out, (p) => orientation * cross(a, b, p));
  }
  return out.length >= 3 ? out : [];
}

/** Area of the intersection of a polygon with a convex polygon (see convexIntersection). */
export function intersectionArea(subject: readonly Point[], clip: readonly Point[]): number {
  return polygonArea(convexIntersection(subject, clip));
}

/**
 * Clips a polygon to the rectangle [0,width]x[0,height], dropping the repeated vertices a clip leaves where
 * a vertex lies on the frame edge; [] when nothing of positive area is left.
 */
export function clipPolygonToFrame(polygon: readonly Point[], width: number, height: number): Polygon {
  let p: Polygon = [...polygon];
  p = clipHalfPlane(p, (q) => q[0]);
  if (p.length) p = clipHalfPlane(p, (q) => width - q[0]);
  if (p.length) p = clipHalfPlane(p, (q) => q[1]);
  if (p.length) p = clipHalfPlane(p, (q) => height - q[1]);
  const cleaned: Polygon = [];
  for (const q of p) {
    const last = cleaned[cleaned.length - 1];
    if (!last || Math.abs(last[0] - q[0]) > 1e-9 || Math.abs(last[1] - q[1]) > 1e-9) cleaned.push([q[0], q[1]]);
  }
  if (cleaned.length > 1) {
    const first = cleaned[0]!;
    const last = cleaned[cleaned.length - 1]!;
    if (Math.abs(last[0] - first[0]) < 1e-9 && Math.abs(last[1] - first[1]) < 1e-9) cleaned.pop();
  }
  return cleaned.length >= 3 && polygonArea(cleaned) > 0 ? cleaned : [];
}

/** Share (0-1) of a polygon's area that lies inside the frame. */
export function visibleFraction(polygon: readonly Point[], width: number, height: number): number {
  const area = polygonArea(polygon);
  if (area <= 0) return 0;
  const clipped = clipPolygonToFrame(polygon, width, height);
  return clipped.length ? polygonArea(clipped) / area : 0;
}

/** True when every vertex of `inner` lies inside (or on) the convex polygon `outer`. */
export function convexContains(outer: readonly Point[], inner: readonly Point[], tolerance = 1e-6): boolean {
  const sign = signedArea(outer) >= 0 ? 1 : -1;
  for (const p of inner) {
    for (let i = 0; i < outer.length; i++) {
      const a = outer[i]!;
      const b = outer[(i + 1) % outer.length]!;
      if (sign * cross(a, b, p) < -tolerance * Math.hypot(b[0] - a[0], b[1] - a[1])) return false;
    }
  }
  return true;
}
