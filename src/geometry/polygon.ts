import type { Box, Point, Polygon } from '../types.js';

// Small pure polygon helpers shared by every stage. Polygons are vertex lists in frame pixels.

export function polygonArea(polygon: Polygon): number {
  let twice = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x1, y1] = polygon[i]!;
    const [x2, y2] = polygon[(i + 1) % polygon.length]!;
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

export function polygonCentroid(polygon: Polygon): Point {
  let sx = 0;
  let sy = 0;
  for (const [x, y] of polygon) {
    sx += x;
    sy += y;
  }
  return [sx / polygon.length, sy / polygon.length];
}

export function boundingBox(polygon: Polygon): Box {
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

/** Linear interpolation between two polygons with the same vertex count (t = 0 gives `a`). */
export function lerpPolygon(a: Polygon, b: Polygon, t: number): Polygon {
  return a.map(([x, y], i) => {
    const [bx, by] = b[i]!;
    return [x + (bx - x) * t, y + (by - y) * t] as Point;
  });
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
