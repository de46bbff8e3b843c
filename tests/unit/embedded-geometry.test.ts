import { describe, expect, it } from 'vitest';
import { dbPostprocess, type ProbabilityMap } from '../../src/detection/embedded/dbPostprocess.js';
import { expandToPlate, groupPlateLines, plateRect, registrationLines } from '../../src/detection/embedded/plateGeometry.js';
import { intersectionArea } from '../../src/geometry/clip.js';
import { polygonArea } from '../../src/geometry/polygon.js';
import { rectCorners } from '../../src/geometry/rect.js';
import type { Point } from '../../src/types.js';

function probabilityMap(width: number, height: number, blobs: { x: number; y: number; w: number; h: number; p: number }[]): ProbabilityMap {
  const data = new Float32Array(width * height).fill(0.02);
  for (const b of blobs) for (let y = b.y; y < b.y + b.h; y++) for (let x = b.x; x < b.x + b.w; x++) data[y * width + x] = b.p;
  return { width, height, data };
}

describe('dbPostprocess', () => {
  it('finds each text blob, unclips it, and drops low-probability blobs', () => {
    const map = probabilityMap(100, 60, [
      { x: 10, y: 10, w: 40, h: 8, p: 0.9 },
      { x: 60, y: 40, w: 30, h: 6, p: 0.95 },
      { x: 10, y: 40, w: 20, h: 6, p: 0.35 }, // above the binarisation threshold, below the box threshold
    ]);
    const boxes = dbPostprocess(map, { threshold: 0.3, boxThreshold: 0.5, unclipRatio: 1.5 });
    expect(boxes).toHaveLength(2);
    const first = boxes.find((b) => b.rect.cx < 50)!;
    expect(first.rect.cx).toBeCloseTo(30, 6);
    expect(first.rect.cy).toBeCloseTo(14, 6);
    // unclip distance = area * ratio / perimeter = 320 * 1.5 / 96 = 5
    expect(first.rect.width).toBeCloseTo(50, 6);
    expect(first.rect.height).toBeCloseTo(18, 6);
    expect(first.score).toBeCloseTo(0.9, 5);
  });

  it('joins diagonally touching pixels into one component and ignores specks', () => {
    const map = probabilityMap(40, 40, [
      { x: 5, y: 5, w: 10, h: 5, p: 0.9 },
      { x: 15, y: 10, w: 10, h: 5, p: 0.9 },
      { x: 30, y: 30, w: 1, h: 1, p: 0.9 },
    ]);
    // The L-shaped component's rect is half empty, so its mean probability is ~0.5: use a lower box threshold.
    const boxes = dbPostprocess(map, { minSize: 2, boxThreshold: 0.3 });
    expect(boxes).toHaveLength(1);
    expect(boxes[0]!.rect.width).toBeGreaterThan(20);
  });
});

describe('plate geometry', () => {
  const line = (cx: number, cy: number, width: number, height: number) => ({ rect: { cx, cy, width, height, angle: 0 } });

  it('grows a text line more above than below and a little sideways', () => {
    const plate = expandToPlate(line(100, 100, 80, 20).rect, { side: 0.1, top: 0.7, bottom: 0.3 });
    const corners = rectCorners(plate);
    expect(corners[0]![0]).toBeCloseTo(52, 6);
    expect(corners[1]![0]).toBeCloseTo(148, 6);
    expect(corners[0]![1]).toBeCloseTo(100 - 10 - 14, 6);
    expect(corners[2]![1]).toBeCloseTo(100 + 10 + 6, 6);
  });

  it('covers a truth plate around its text line', () => {
    // A 110x44 plate around a 100x26 registration centred 15% of the plate height low (BR/US-like).
    const truth: Point[] = [
      [45, 20],
      [155, 20],
      [155, 64],
      [45, 64],
    ];
    const plate = rectCorners(expandToPlate(line(100, 48.6, 100, 26).rect));
    expect(intersectionArea(truth, plate) / polygonArea(truth)).toBeGreaterThan(0.99);
    expect(polygonArea(plate) / polygonArea(truth)).toBeLessThan(2);
  });

  it('merges the two rows of a two-line plate and keeps separate plates apart', () => {
    const lines = [line(100, 90, 60, 18), line(100, 112, 70, 20), line(400, 100, 70, 20)];
    const groups = groupPlateLines(lines);
    expect(groups).toHaveLength(2);
    const twoLine = groups.find((g) => g.lines.length === 2)!;
    expect(twoLine.lines[0]!.rect.cy).toBe(90); // reading order: top row first
    const corners = rectCorners(twoLine.plate);
    expect(corners[0]![1]).toBeLessThan(81); // above the top row
    expect(corners[2]![1]).toBeGreaterThan(122); // below the bottom row
  });

  it('merges a word split in two on the same row', () => {
    const groups = groupPlateLines([line(80, 100, 40, 20), line(135, 100, 50, 20)]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.lines.map((l) => l.rect.cx)).toEqual([80, 135]);
  });

  it('does not widen the plate for a smaller line beside it (a country oval), but does for one above it', () => {
    const registration = line(300, 100, 200, 40);
    const alone = rectCorners(expandToPlate(registration.rect));
    // An oval with "SK" 25 px left of the plate text, 65% as tall: same group (read together) ...
    const oval = line(150, 100, 50, 26);
    const groups = groupPlateLines([registration, oval]);
    expect(groups).toHaveLength(1);
    // ... but the plate is the registration line's estimate alone.
    const withOval = rectCorners(groups[0]!.plate);
    withOval.forEach((corner, i) => {
      expect(corner[0]).toBeCloseTo(alone[i]![0], 6);
      expect(corner[1]).toBeCloseTo(alone[i]![1], 6);
    });
    // A state name above the registration (within its width) still grows the plate upwards.
    const withState = rectCorners(plateRect([registration, line(300, 55, 120, 16)]));
    expect(withState[0]![1]).toBeLessThan(alone[0]![1] - 5);
  });

  it('reads the registration rows, not the small print', () => {
    const lines = [line(100, 80, 60, 8), line(100, 100, 90, 24), line(100, 125, 80, 20)];
    expect(registrationLines(lines).map((l) => l.rect.height)).toEqual([24, 20]);
  });
});
