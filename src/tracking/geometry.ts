import type { Box, Point, Polygon } from '../types.js';

// Shared polygon basics live in src/geometry; re-exported so tracking code keeps one import.
export { boundingBox, polygonArea, polygonCentroid } from '../geometry/polygon.js';
import { boundingBox, polygonArea, polygonCentroid } from '../geometry/polygon.js';

export function boxArea(box: Box): number {
  return Math.max(0, box.width) * Math.max(0, box.height);
}

export function boxIntersection(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Intersection over union of two axis-aligned boxes (0 when both are empty). */
export function boxIou(a: Box, b: Box): number {
  const inter = boxIntersection(a, b);
  const union = boxArea(a) + boxArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** Sutherland–Hodgman clip of a polygon against the half-plane kept by `inside`. */
function clipEdge(
  polygon: Polygon,
  inside: (p: Point) => boolean,
  intersect: (a: Point, b: Point) => Point,
): Polygon {
  const out: Polygon = [];
  for (let i = 0; i < polygon.length; i++) {
    const current = polygon[i]!;
    const previous = polygon[(i + polygon.length - 1) % polygon.length]!;
    const curIn = inside(current);
    const prevIn = inside(previous);
    if (curIn) {
      if (!prevIn) out.push(intersect(previous, current));
      out.push(current);
    } else if (prevIn) {
      out.push(intersect(previous, current));
    }
  }
  return out;
}

function lerpAtX(a: Point, b: Point, x: number): Point {
  const t = (x - a[0]) / (b[0] - a[0]);
  return [x, a[1] + t * (b[1] - a[1])];
}

function lerpAtY(a: Point, b: Point, y: number): Point {
  const t = (y - a[1]) / (b[1] - a[1]);
  return [a[0] + t * (b[0] - a[0]), y];
}

/** Clips a polygon to the rectangle [0,width]x[0,height]; returns [] when nothing is left. */
export function clipPolygonToFrame(polygon: Polygon, width: number, height: number): Polygon {
  let p = polygon;
  p = clipEdge(p, (q) => q[0] >= 0, (a, b) => lerpAtX(a, b, 0));
  if (p.length) p = clipEdge(p, (q) => q[0] <= width, (a, b) => lerpAtX(a, b, width));
  if (p.length) p = clipEdge(p, (q) => q[1] >= 0, (a, b) => lerpAtY(a, b, 0));
  if (p.length) p = clipEdge(p, (q) => q[1] <= height, (a, b) => lerpAtY(a, b, height));
  // Drop consecutive duplicates the clipper leaves when a vertex lies on an edge.
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
export function visibleFraction(polygon: Polygon, width: number, height: number): number {
  const area = polygonArea(polygon);
  if (area <= 0) return 0;
  const clipped = clipPolygonToFrame(polygon, width, height);
  return clipped.length ? polygonArea(clipped) / area : 0;
}

/**
 * Orders four vertices as TL, TR, BR, BL (clockwise on screen, starting from the vertex nearest the
 * top-left); other vertex counts become their axis-aligned bounding quad.
 */
export function normaliseQuad(polygon: Polygon): Polygon {
  if (polygon.length !== 4) {
    const b = boundingBox(polygon);
    return [
      [b.x, b.y],
      [b.x + b.width, b.y],
      [b.x + b.width, b.y + b.height],
      [b.x, b.y + b.height],
    ];
  }
  const [cx, cy] = polygonCentroid(polygon);
  const sorted = [...polygon].sort((a, b) => Math.atan2(a[1] - cy, a[0] - cx) - Math.atan2(b[1] - cy, b[0] - cx));
  // atan2 order with y down is clockwise on screen, starting at the left (-pi). Rotate to start at TL.
  let start = 0;
  let best = Infinity;
  sorted.forEach((p, i) => {
    const s = p[0] + p[1];
    if (s < best) {
      best = s;
      start = i;
    }
  });
  return [0, 1, 2, 3].map((k) => {
    const p = sorted[(start + k) % 4]!;
    return [p[0], p[1]] as Point;
  });
}

/** Moves and scales a reference shape: vertex = centre + scale * (vertex - referenceCentre). */
export function placeShape(shape: Polygon, shapeCentre: Point, centre: Point, scale: number): Polygon {
  return shape.map(([x, y]) => [centre[0] + scale * (x - shapeCentre[0]), centre[1] + scale * (y - shapeCentre[1])]);
}

/** Vertex-wise linear blend of two polygons with the same vertex count (t = 0 gives a). */
export function lerpPolygon(a: Polygon, b: Polygon, t: number): Polygon {
  if (a.length !== b.length) {
    const ba = boundingBox(a);
    const bb = boundingBox(b);
    const x = ba.x + t * (bb.x - ba.x);
    const y = ba.y + t * (bb.y - ba.y);
    const w = ba.width + t * (bb.width - ba.width);
    const h = ba.height + t * (bb.height - ba.height);
    return [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
    ];
  }
  return a.map(([x, y], i) => [x + t * (b[i]![0] - x), y + t * (b[i]![1] - y)]);
}

/**
 * Smallest rectangle, aligned with the reference quad's top edge, that holds every vertex of `polygons`.
 * Used as a quad-shaped stand-in for the union of nearby frames' polygons.
 */
export function orientedBoundingQuad(reference: Polygon, polygons: Polygon[]): Polygon {
  const [x0, y0] = reference[0]!;
  const [x1, y1] = reference[1] ?? [x0 + 1, y0];
  let ux = x1 - x0;
  let uy = y1 - y0;
  const len = Math.hypot(ux, uy);
  if (len < 1e-9) {
    ux = 1;
    uy = 0;
  } else {
    ux /= len;
    uy /= len;
  }
  const vx = -uy;
  const vy = ux;
  let minU = Infinity;
  let maxU = -Infinity;
  let minV = Infinity;
  let maxV = -Infinity;
  for (const polygon of polygons) {
    for (const [x, y] of polygon) {
      const u = x * ux + y * uy;
      const v = x * vx + y * vy;
      if (u < minU) minU = u;
      if (u > maxU) maxU = u;
      if (v < minV) minV = v;
      if (v > maxV) maxV = v;
    }
  }
  const at = (u: number, v: number): Point => [u * ux + v * vx, u * uy + v * vy];
  return [at(minU, minV), at(maxU, minV), at(maxU, maxV), at(minU, maxV)];
}

/** True when every vertex of `inner` lies inside (or on) the convex polygon `outer`. */
export function convexContains(outer: Polygon, inner: Polygon, tolerance = 1e-6): boolean {
  const area2 = signedArea2(outer);
  const sign = area2 >= 0 ? 1 : -1;
  for (const [px, py] of inner) {
    for (let i = 0; i < outer.length; i++) {
      const [ax, ay] = outer[i]!;
      const [bx, by] = outer[(i + 1) % outer.length]!;
      const cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
      if (sign * cross < -tolerance * Math.hypot(bx - ax, by - ay)) return false;
    }
  }
  return true;
}

function signedArea2(polygon: Polygon): number {
  let sum = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x1, y1] = polygon[i]!;
    const [x2, y2] = polygon[(i + 1) % polygon.length]!;
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

/** Intersection of two convex polygons (either winding); [] when they do not overlap. */
export function convexIntersection(subject: Polygon, clip: Polygon): Polygon {
  if (subject.length < 3 || clip.length < 3) return [];
  const orientation = signedArea2(clip) >= 0 ? 1 : -1;
  let out = subject;
  for (let i = 0; i < clip.length && out.length; i++) {
    const a = clip[i]!;
    const b = clip[(i + 1) % clip.length]!;
    const side = (p: Point): number => orientation * ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]));
    out = clipEdge(
      out,
      (p) => side(p) >= 0,
      (p, q) => {
        const sp = side(p);
        const sq = side(q);
        const t = sp / (sp - sq);
        return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
      },
    );
  }
  return out.length >= 3 ? out : [];
}
