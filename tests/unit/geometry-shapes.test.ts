import { describe, expect, it } from 'vitest';
import { boxIou } from '../../src/geometry/box.js';
import { clipPolygonToFrame, convexContains, convexIntersection, intersectionArea, visibleFraction } from '../../src/geometry/clip.js';
import { convexHull } from '../../src/geometry/hull.js';
import { lerpPolygon, polygonArea, signedArea } from '../../src/geometry/polygon.js';
import {
  boundingRectAtAngle,
  coveringQuad,
  minAreaRect,
  normaliseQuad,
  orientedBoundingQuad,
  rectCorners,
} from '../../src/geometry/rect.js';
import type { Polygon } from '../../src/types.js';
import { rect } from '../helpers/shapes.js';

const box = rect;

function covers(outer: Polygon, inner: Polygon): boolean {
  return Math.abs(intersectionArea(inner, outer) - polygonArea(inner)) < 1e-6 * Math.max(1, polygonArea(inner));
}

describe('boxes, clipping and rectangle fits', () => {
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
    expect(
      normaliseQuad([
        [0, 0],
        [10, 0],
        [12, 5],
        [10, 10],
        [0, 10],
      ]),
    ).toEqual(rect(0, 0, 12, 10));
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

  it('interpolates polygons of different vertex counts as their bounding boxes', () => {
    // A plate clipped by the left edge (five vertices) and the same plate whole (four).
    const clipped: Polygon = [
      [0, 2],
      [8, 0],
      [10, 4],
      [6, 10],
      [0, 9],
    ];
    const whole = rect(20, 0, 10, 10);
    expect(lerpPolygon(clipped, whole, 0)).toEqual(rect(0, 0, 10, 10));
    expect(lerpPolygon(clipped, whole, 1)).toEqual(whole);
    expect(lerpPolygon(clipped, whole, 0.5)).toEqual(rect(10, 0, 10, 10));
    expect(convexContains(lerpPolygon(clipped, whole, 0), clipped)).toBe(true);
  });

  it('gives the signed area the winding of a convex hull', () => {
    const hull = convexHull([
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [5, 5],
    ]);
    expect(signedArea(hull)).toBe(100);
    expect(signedArea([...hull].reverse())).toBe(-100);
    expect(signedArea(rect(0, 0, 10, 10))).toBe(100); // TL, TR, BR, BL: clockwise on screen
  });

  it('intersects with a clip polygon of either winding', () => {
    const clip = rect(5, 5, 10, 10);
    expect(polygonArea(convexIntersection(rect(0, 0, 10, 10), [...clip].reverse()))).toBeCloseTo(25);
    // Touching along an edge only: nothing of positive area.
    expect(intersectionArea(rect(0, 0, 10, 10), rect(10, 0, 10, 10))).toBe(0);
  });
});

describe('hulls, intersections and covering quads', () => {
  it('computes areas, hulls and intersections', () => {
    expect(polygonArea(box(0, 0, 10, 5))).toBe(50);
    expect(
      convexHull([
        [0, 0],
        [2, 0],
        [1, 1],
        [2, 2],
        [0, 2],
      ]),
    ).toHaveLength(4);
    expect(intersectionArea(box(0, 0, 10, 10), box(5, 5, 10, 10))).toBeCloseTo(25);
    expect(intersectionArea(box(0, 0, 10, 10), box(20, 20, 5, 5))).toBe(0);
    // A diamond inside a square: half the square.
    const diamond: Polygon = [
      [5, 0],
      [10, 5],
      [5, 10],
      [0, 5],
    ];
    expect(intersectionArea(box(0, 0, 10, 10), diamond)).toBeCloseTo(50);
  });

  it('covers merged polygons with a quad, top-left first, clockwise on screen', () => {
    const a = box(0, 0, 10, 10);
    const b = box(5, 5, 10, 10);
    const quad = coveringQuad([a, b]);
    expect(quad).toHaveLength(4);
    expect(covers(quad, a) && covers(quad, b)).toBe(true);
    // Union of two boxes is covered by at most their bounding box.
    expect(polygonArea(quad)).toBeLessThanOrEqual(225 + 1e-6);
    expect(quad[0]).toEqual([0, 0]);
    expect(quad[1]![0]).toBeGreaterThan(quad[0]![0]);
    const tilted: Polygon = [
      [0, 10],
      [10, 0],
      [20, 10],
      [10, 20],
    ];
    const q2 = coveringQuad([
      tilted,
      [
        [9, 9],
        [11, 9],
        [11, 11],
        [9, 11],
      ],
    ]);
    expect(polygonArea(q2)).toBeCloseTo(200);
  });
});

describe('minAreaRect', () => {
  it('recovers a rotated rectangle from its corner points', () => {
    const angle = (20 * Math.PI) / 180;
    const r = { cx: 50, cy: 40, width: 60, height: 20, angle };
    const fit = minAreaRect(rectCorners(r));
    expect(fit.cx).toBeCloseTo(50, 6);
    expect(fit.cy).toBeCloseTo(40, 6);
    expect(fit.width).toBeCloseTo(60, 6);
    expect(fit.height).toBeCloseTo(20, 6);
    expect(fit.angle).toBeCloseTo(angle, 6);
  });

  it('keeps the long side as width for near-vertical input angles', () => {
    const fit = minAreaRect(rectCorners({ cx: 0, cy: 0, width: 10, height: 40, angle: 0 }));
    expect(fit.width).toBeCloseTo(10, 6); // 0 deg: the width side stays the horizontal one
    expect(Math.abs(fit.angle)).toBeLessThanOrEqual(Math.PI / 4);
  });

  it('fits the bounding rectangle at a given angle', () => {
    const angle = (30 * Math.PI) / 180;
    const r = { cx: 40, cy: 30, width: 50, height: 12, angle };
    const fit = boundingRectAtAngle(rectCorners(r), angle);
    expect(fit.cx).toBeCloseTo(40, 9);
    expect(fit.cy).toBeCloseTo(30, 9);
    expect(fit.width).toBeCloseTo(50, 9);
    expect(fit.height).toBeCloseTo(12, 9);
    // At angle 0 it is the axis-aligned bounding box.
    const flat = boundingRectAtAngle(rect(2, 3, 10, 4), 0);
    expect(flat).toEqual({ cx: 7, cy: 5, width: 10, height: 4, angle: 0 });
  });
});
