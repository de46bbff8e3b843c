import { describe, expect, it } from 'vitest';
import {
  extendAlongLongAxis,
  type FoundCharacter,
  plateGeometryOf,
  scanRegionFor,
  wideningFor,
  widenPolygon,
} from '../../src/detection/charscan/index.js';
import { pointInOrOnPolygon } from '../../src/geometry/polygon.js';
import type { Point, Polygon } from '../../src/types.js';

// A 200x50 plate at (100,100); its characters are 36 px tall, 22 px wide, on a 28 px pitch, centred at y=125.
const PLATE: Polygon = [
  [100, 100],
  [300, 100],
  [300, 150],
  [100, 150],
];
const CHAR_H = 36;
const CHAR_W = 22;

function box(x: number, y: number, w = CHAR_W, h = CHAR_H, confidence = 90, text = 'A'): FoundCharacter {
  return {
    text,
    confidence,
    polygon: [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
    ],
  };
}

/** Characters on the plate's line starting at x, every 28 px. */
function lineOfChars(x: number, count: number): FoundCharacter[] {
  return Array.from({ length: count }, (_, i) => box(x + i * 28, 107));
}

function coversAll(polygon: Polygon, chars: FoundCharacter[]): boolean {
  return chars.every((c) => c.polygon.every((p) => pointInOrOnPolygon(p[0], p[1], polygon, 0.01)));
}

function rotate(p: Point, degrees: number, centre: Point): Point {
  const a = (degrees * Math.PI) / 180;
  const dx = p[0] - centre[0];
  const dy = p[1] - centre[1];
  return [centre[0] + dx * Math.cos(a) - dy * Math.sin(a), centre[1] + dx * Math.sin(a) + dy * Math.cos(a)];
}

const region = scanRegionFor(PLATE);

describe('scanRegionFor', () => {
  it('extends one plate width each side and half a height above and below', () => {
    expect(region.uMax - region.uMin).toBeCloseTo(600);
    expect(region.vMax - region.vMin).toBeCloseTo(100);
  });
});

describe('plateGeometryOf', () => {
  it('takes the long side as the text axis whatever vertex the quad starts at', () => {
    const startingAtTopRight: Polygon = [PLATE[1]!, PLATE[2]!, PLATE[3]!, PLATE[0]!];
    const g = plateGeometryOf(startingAtTopRight);
    expect(g.axes.u[0]).toBeCloseTo(1);
    expect(g.uMax - g.uMin).toBeCloseTo(200);
    expect(g.vMax - g.vMin).toBeCloseTo(50);
  });
});

describe('widenPolygon', () => {
  const inside = lineOfChars(104, 7); // x 104 .. 294

  it('leaves the polygon unchanged when every character is inside', () => {
    expect(widenPolygon(PLATE, region, inside)).toEqual(PLATE);
  });

  it('widens to the right over a clipped character and its neighbour', () => {
    const clipped = [box(290, 107), box(318, 107)];
    const widened = widenPolygon(PLATE, region, [...inside.slice(0, 6), ...clipped]);
    expect(coversAll(PLATE, clipped)).toBe(false);
    expect(coversAll(widened, clipped)).toBe(true);
    // Left side untouched.
    expect(widened[0]).toEqual([100, 100]);
    expect(widened[3]).toEqual([100, 150]);
  });

  it('widens to the left over a clipped character', () => {
    const clipped = [box(84, 107)];
    const widened = widenPolygon(PLATE, region, [...clipped, ...lineOfChars(112, 6)]);
    expect(coversAll(widened, clipped)).toBe(true);
    expect(widened[1]).toEqual([300, 100]);
    expect(widened[2]).toEqual([300, 150]);
  });

  it('follows a chain across a group gap but not to isolated text further away', () => {
    const chain = [box(296, 107), box(324, 107), box(370, 107)]; // 24 px gap (< one char height)
    const isolated = box(440, 107); // 48 px beyond the chain
    const w = wideningFor(PLATE, region, [...inside, ...chain, isolated]);
    expect(w.left).toBe(0);
    expect(w.right).toBeGreaterThanOrEqual(392 - 300);
    expect(w.right).toBeLessThan(440 - 300);
  });

  it('ignores text above or below the plate line, even when as tall as the characters', () => {
    const sticker = box(305, 55, CHAR_W, 30);
    const dealer = box(310, 160, 80, 14);
    const tallAbove = box(296, 70); // same size, centred 37 px higher
    const w = wideningFor(PLATE, region, [...inside, sticker, dealer, tallAbove]);
    expect(w).toEqual({ left: 0, right: 0 });
  });

  it('ignores characters far away on the same line', () => {
    expect(wideningFor(PLATE, region, [...inside, box(400, 107), box(428, 107)])).toEqual({ left: 0, right: 0 });
  });

  it('ignores characters of clearly different height on the line', () => {
    const small = box(302, 118, 10, 14);
    const huge = box(302, 95, 40, 60);
    expect(wideningFor(PLATE, region, [...inside, small])).toEqual({ left: 0, right: 0 });
    expect(wideningFor(PLATE, region, [...inside, huge])).toEqual({ left: 0, right: 0 });
  });

  it('ignores low-confidence characters', () => {
    expect(wideningFor(PLATE, region, [...inside, box(296, 107, CHAR_W, CHAR_H, 10)])).toEqual({ left: 0, right: 0 });
  });

  it('caps widening at 60% of the plate width per side', () => {
    const longRun = lineOfChars(296, 12); // reaches x=626
    const w = wideningFor(PLATE, region, [...inside, ...longRun]);
    expect(w.right).toBeCloseTo(120);
  });

  it('uses the polygon as the line when no character was read inside it', () => {
    const clipped = [box(292, 107)];
    const widened = widenPolygon(PLATE, region, clipped);
    expect(coversAll(widened, clipped)).toBe(true);
  });

  it('works for a rotated plate in its own frame', () => {
    const centre: Point = [200, 125];
    const angle = 12;
    const rotatedPlate = PLATE.map((p) => rotate(p, angle, centre));
    const rot = (c: FoundCharacter): FoundCharacter => ({ ...c, polygon: c.polygon.map((p) => rotate(p, angle, centre)) });
    const clipped = [box(290, 107), box(318, 107)].map(rot);
    const above = rot(box(300, 60));
    const rotRegion = scanRegionFor(rotatedPlate);
    const widened = widenPolygon(rotatedPlate, rotRegion, [...inside.slice(0, 6).map(rot), ...clipped, above]);
    expect(coversAll(rotatedPlate, clipped)).toBe(false);
    expect(coversAll(widened, clipped)).toBe(true);
    // The character above the line must not have pulled the polygon: width grew by the clipped pair only.
    const w = wideningFor(rotatedPlate, rotRegion, [...inside.map(rot), above]);
    expect(w).toEqual({ left: 0, right: 0 });
  });
});

describe('extendAlongLongAxis', () => {
  it('slides the short sides along the long edges of a perspective quad', () => {
    const quad: Polygon = [
      [0, 0],
      [100, 10],
      [100, 40],
      [0, 60],
    ];
    const out = extendAlongLongAxis(quad, 20, 30);
    // New vertices stay on the lines through the original top and bottom edges.
    const onLine = (p: Point, a: Point, b: Point): number => (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    expect(onLine(out[0]!, quad[0]!, quad[1]!)).toBeCloseTo(0);
    expect(onLine(out[1]!, quad[0]!, quad[1]!)).toBeCloseTo(0);
    expect(onLine(out[2]!, quad[3]!, quad[2]!)).toBeCloseTo(0);
    expect(onLine(out[3]!, quad[3]!, quad[2]!)).toBeCloseTo(0);
    expect(out[0]![0]).toBeLessThan(0);
    expect(out[1]![0]).toBeGreaterThan(100);
    expect(pointInOrOnPolygon(-15, 30, out)).toBe(true);
    expect(pointInOrOnPolygon(125, 25, out)).toBe(true);
  });
});

describe('pointInOrOnPolygon', () => {
  it('answers inside, outside and on-edge points', () => {
    expect(pointInOrOnPolygon(150, 120, PLATE)).toBe(true);
    expect(pointInOrOnPolygon(300, 120, PLATE)).toBe(true);
    expect(pointInOrOnPolygon(301, 120, PLATE)).toBe(false);
    expect(pointInOrOnPolygon(150, 99, PLATE)).toBe(false);
  });
});
