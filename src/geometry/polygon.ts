import type { Box, Point, Polygon } from '../types.js';

// Polygon basics shared by every stage: area, centroid, bounds, interpolation, padding. Polygons are vertex
// lists in frame pixels (y down). Hulls are in hull.ts, clipping in clip.ts, rectangle fits in rect.ts.

/**
 * Signed area (shoelace). Positive when the vertices run counter-clockwise in y-up (math) terms, which is
 * clockwise on screen (y down); convexHull returns that winding.
 */
export function signedArea(polygon: readonly Point[]): number {
  let twice = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x1, y1] = polygon[i]!;
    const [x2, y2] = polygon[(i + 1) % polygon.length]!;
    twice += x1 * y2 - x2 * y1;
  }
  return twice / 2;
}

export function polygonArea(polygon: readonly Point[]): number {
  return Math.abs(signedArea(polygon));
}

/** Mean of the vertices (not the area centroid: for the quads used here the two are close enough). */
export function polygonCentroid(polygon: readonly Point[]): Point {
  let sx = 0;
  let sy = 0;
  for (const [x, y] of polygon) {
    sx += x;
    sy += y;
  }
  return [sx / polygon.length, sy / polygon.length];
}

export function boundingBox(polygon: readonly Point[]): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of polygon) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

export function boxToPolygon(box: Box): Polygon {
  return [
    [box.x, box.y],
    [box.x + box.width, box.y],
    [box.x + box.width, box.y + box.height],
    [box.x, box.y + box.height],
  ];
}

/** Even-odd rule point-in-polygon test. */
export function pointInPolygon(x: number, y: number, polygon: Polygon): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance from (x, y) to the polygon's outline. */
export function distanceToOutline(x: number, y: number, polygon: Polygon): number {
  let best = Infinity;
  for (let i = 0; i < polygon.length; i++) {
    const [ax, ay] = polygon[i]!;
    const [bx, by] = polygon[(i + 1) % polygon.length]!;
    const dx = bx - ax;
    const dy = by - ay;
    const lengthSquared = dx * dx + dy * dy;
    const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / lengthSquared));
    const ex = x - (ax + t * dx);
    const ey = y - (ay + t * dy);
    // Squared distances, one square root at the end: Math.hypot is ~4x slower, and this runs on every
    // pixel of every feather band.
    const squared = ex * ex + ey * ey;
    if (squared < best) best = squared;
  }
  return Math.sqrt(best);
}

/**
 * Linear interpolation between two polygons (t = 0 gives `a`, t = 1 gives `b`). With the same vertex count
 * the vertices move pairwise. With different counts (one of them clipped by a frame edge) there is no
 * vertex pairing, so the result is the axis-aligned box interpolated between the two bounding boxes: it
 * holds both polygons at the ends, so a cover never shrinks below the plate.
 */
export function lerpPolygon(a: Polygon, b: Polygon, t: number): Polygon {
  if (a.length !== b.length) {
    const ba = boundingBox(a);
    const bb = boundingBox(b);
    return boxToPolygon({
      x: ba.x + t * (bb.x - ba.x),
      y: ba.y + t * (bb.y - ba.y),
      width: ba.width + t * (bb.width - ba.width),
      height: ba.height + t * (bb.height - ba.height),
    });
  }
  return a.map(([x, y], i) => {
    const [bx, by] = b[i]!;
    return [x + t * (bx - x), y + t * (by - y)] as Point;
  });
}

/** Moves and scales a reference shape: vertex = centre + scale * (vertex - shapeCentre). */
export function placeShape(shape: Polygon, shapeCentre: Point, centre: Point, scale: number): Polygon {
  return shape.map(([x, y]) => [centre[0] + scale * (x - shapeCentre[0]), centre[1] + scale * (y - shapeCentre[1])]);
}

/** True when (x, y) lies inside the polygon or within `tolerance` of its outline. */
export function pointInOrOnPolygon(x: number, y: number, polygon: Polygon, tolerance = 1e-6): boolean {
  return distanceToOutline(x, y, polygon) <= tolerance || pointInPolygon(x, y, polygon);
}

/**
 * Grows a polygon by `padX` pixels along its own horizontal axis and `padY` along its vertical axis.
 * For a plate quad (TL, TR, BR, BL) the axes follow the plate's top edge, so a rotated plate grows
 * along its text line; other polygons (clipped at a frame edge) grow along the frame axes.
 */
export function padPolygon(polygon: Polygon, padX: number, padY: number): Polygon {
  if (padX === 0 && padY === 0) return polygon.map(([x, y]) => [x, y] as Point);
  let ux = 1;
  let uy = 0;
  if (polygon.length === 4) {
    const [tl, tr] = polygon as [Point, Point, Point, Point];
    const length = Math.hypot(tr[0] - tl[0], tr[1] - tl[1]);
    if (length > 0) {
      ux = (tr[0] - tl[0]) / length;
      uy = (tr[1] - tl[1]) / length;
    }
  }
  const vx = -uy;
  const vy = ux;
  const [cx, cy] = polygonCentroid(polygon);
  return polygon.map(([x, y]) => {
    const alongU = (x - cx) * ux + (y - cy) * uy;
    const alongV = (x - cx) * vx + (y - cy) * vy;
    const du = Math.sign(alongU) * padX;
    const dv = Math.sign(alongV) * padY;
    return [x + du * ux + dv * vx, y + du * uy + dv * vy] as Point;
  });
}

/** Extent of a polygon along its own axes (as padPolygon sees them): [width, height]. */
export function polygonExtent(polygon: Polygon): [number, number] {
  if (polygon.length === 4) {
    const [tl, tr, br, bl] = polygon as [Point, Point, Point, Point];
    const width = (Math.hypot(tr[0] - tl[0], tr[1] - tl[1]) + Math.hypot(br[0] - bl[0], br[1] - bl[1])) / 2;
    const height = (Math.hypot(bl[0] - tl[0], bl[1] - tl[1]) + Math.hypot(br[0] - tr[0], br[1] - tr[1])) / 2;
    return [width, height];
  }
  const box = boundingBox(polygon);
  return [box.width, box.height];
}
