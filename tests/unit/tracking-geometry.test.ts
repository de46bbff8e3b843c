import { describe, expect, it } from 'vitest';
import {
  boxIou,
  clipPolygonToFrame,
  convexContains,
  convexIntersection,
  lerpPolygon,
  normaliseQuad,
  orientedBoundingQuad,
  polygonArea,
  visibleFraction,
} from '../../src/tracking/geometry.js';
import type { Polygon } from '../../src/types.js';

const rect = (x: number, y: number, w: number, h: number): Polygon => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
];

describe('tracking geometry', () => {
  it('computes IOU of boxes', () => {
    expect(boxIou({ x: 0, y: 0, width: 10, height: 10 }, { x: 0, y: 0, width: 10, height: 10 })).toBe(1);
    expect(boxIou({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(50 / 150);
    expect(boxIou({ x: 0, y: 0, width: 10, height: 10 }, { x: 20, y: 0, width: 10, height: 10 })).toBe(0);
  });

  it('clips a polygon to the frame and reports the visible fraction', () => {
    const p = rect(90, 10, 20, 10);
    const clipped = clipPolygonToFrame(p, 100, 50);
    expect(polygonArea(clipped)).toBeCloseTo(100);
    expect(Math.max(...clipped.map((q) => q[0]))).toBe(100);
    expect(visibleFraction(p, 100, 50)).toBeCloseTo(0.5);
    expect(clipPolygonToFrame(rect(120, 10, 20, 10), 100, 50)).toEqual([]);
    // A corner cut gives a polygon that is still inside the frame.
    const corner = clipPolygonToFrame(rect(-5, -5, 10, 10), 100, 50);
    expect(polygonArea(corner)).toBeCloseTo(25);
  });

  it('orders quads TL, TR, BR, BL', () => {
    const q = normaliseQuad([
      [10, 20],
      [0, 0],
      [10, 0],
      [0, 20],
    ]);
    expect(q).toEqual([
      [0, 0],
      [10, 0],
      [10, 20],
      [0, 20],
    ]);
    expect(normaliseQuad([
      [0, 0],
      [10, 0],
      [12, 5],
      [10, 10],
      [0, 10],
    ])).toEqual(rect(0, 0, 12, 10));
  });

  it('intersects convex polygons', () => {
    const inter = convexIntersection(rect(0, 0, 10, 10), rect(5, 5, 10, 10));
    expect(polygonArea(inter)).toBeCloseTo(25);
    expect(convexIntersection(rect(0, 0, 10, 10), rect(20, 20, 5, 5))).toEqual([]);
  });

  it('builds a quad that holds several polygons, aligned with the reference', () => {
    const a = rect(0, 0, 10, 4);
    const b = rect(3, 1, 10, 4);
    const q = orientedBoundingQuad(a, [a, b]);
    expect(polygonArea(q)).toBeCloseTo(13 * 5);
    expect(convexContains(q, a)).toBe(true);
    expect(convexContains(q, b)).toBe(true);
    expect(convexContains(a, b)).toBe(false);
  });

  it('interpolates polygons vertex by vertex', () => {
    const mid = lerpPolygon(rect(0, 0, 10, 10), rect(10, 20, 10, 10), 0.5);
    expect(mid).toEqual(rect(5, 10, 10, 10));
  });
});
