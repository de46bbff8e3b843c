import { describe, expect, it } from 'vitest';
import {
  boundingBox,
  distanceToOutline,
  lerpPolygon,
  padPolygon,
  pointInPolygon,
  polygonArea,
  polygonExtent,
} from '../../src/geometry/polygon.js';
import type { Polygon } from '../../src/types.js';

const square: Polygon = [
  [10, 10],
  [30, 10],
  [30, 20],
  [10, 20],
];

describe('polygon geometry', () => {
  it('measures area and bounding box', () => {
    expect(polygonArea(square)).toBe(200);
    expect(boundingBox(square)).toEqual({ x: 10, y: 10, width: 20, height: 10 });
  });

  it('tests points inside and outside', () => {
    expect(pointInPolygon(15, 15, square)).toBe(true);
    expect(pointInPolygon(31, 15, square)).toBe(false);
    expect(pointInPolygon(15, 9.9, square)).toBe(false);
  });

  it('measures distance to the outline', () => {
    expect(distanceToOutline(20, 5, square)).toBeCloseTo(5);
    expect(distanceToOutline(35, 25, square)).toBeCloseTo(Math.hypot(5, 5));
  });

  it('interpolates polygons linearly', () => {
    const moved = square.map(([x, y]) => [x + 10, y + 4] as [number, number]);
    expect(lerpPolygon(square, moved, 0.5)[0]).toEqual([15, 12]);
  });

  it('pads an axis-aligned quad along each axis', () => {
    const padded = padPolygon(square, 5, 2);
    expect(boundingBox(padded)).toEqual({ x: 5, y: 8, width: 30, height: 14 });
  });

  it('pads a rotated quad along its own axes, keeping its shape', () => {
    const angle = Math.PI / 6;
    const rotate = ([x, y]: [number, number]): [number, number] => [
      x * Math.cos(angle) - y * Math.sin(angle),
      x * Math.sin(angle) + y * Math.cos(angle),
    ];
    const rotated = square.map((p) => rotate(p));
    const [width, height] = polygonExtent(padPolygon(rotated, 5, 2));
    expect(width).toBeCloseTo(30);
    expect(height).toBeCloseTo(14);
  });
});
