import { describe, expect, it } from 'vitest';
import { integralImage, type LumaImage } from '../../src/tracking/luma.js';
import { coarseStride, extractTemplate, matchTemplate, scoreAt } from '../../src/tracking/sadMatcher.js';
import { seeded } from '../helpers/random.js';

/** Smooth random texture (noise blurred by 2x2 blocks) with a plate-like pattern at (px, py). */
function scene(width: number, height: number, px: number, py: number, gain = 1, seed = 3): LumaImage {
  const rnd = seeded(seed);
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = 100 + Math.round(rnd() * 20);
  for (let y = 0; y < 14; y++)
    for (let x = 0; x < 40; x++) {
      const glyph = y > 3 && y < 11 && x % 6 < 2;
      const v = glyph ? 30 : 220;
      const xx = px + x;
      const yy = py + y;
      if (xx >= 0 && yy >= 0 && xx < width && yy < height) data[yy * width + xx] = Math.min(255, Math.round(v * gain));
    }
  return { width, height, data };
}

describe('SAD template matcher', () => {
  const base = integralImage(scene(160, 100, 50, 40));
  const tpl = extractTemplate(base, 70, 47, 40, 14, 24)!;

  it('extracts a template with contrast', () => {
    expect(tpl).not.toBeNull();
    expect(tpl.contrast).toBeGreaterThan(30);
  });

  it('finds the plate after it moved, and scores a perfect fit near 0', () => {
    const moved = integralImage(scene(160, 100, 57, 44));
    const m = matchTemplate(moved, tpl, { centreX: 70, centreY: 47, scale: 1, radiusX: 12, radiusY: 8, scaleSteps: [1], minOverlap: 0.5 })!;
    expect(m.centreX).toBeCloseTo(77, 0);
    expect(m.centreY).toBeCloseTo(51, 0);
    expect(m.score).toBeLessThan(0.2);
  });

  it('tolerates a brightness dip (gain-normalised)', () => {
    const dim = integralImage(scene(160, 100, 50, 40, 0.5));
    expect(scoreAt(dim, tpl, 70, 47, 1, 0.5).score).toBeLessThan(0.3);
  });

  it('scores unrelated texture as a poor match', () => {
    const empty = integralImage(scene(160, 100, 500, 500, 1, 9));
    const m = matchTemplate(empty, tpl, { centreX: 70, centreY: 47, scale: 1, radiusX: 10, radiusY: 6, scaleSteps: [1], minOverlap: 0.5 })!;
    expect(m.score).toBeGreaterThan(0.6);
  });

  it('matches on the visible part of a plate cut by the frame edge', () => {
    // Plate half outside the right edge: 20 of its 40 columns are visible.
    const cut = integralImage(scene(160, 100, 140, 40));
    const m = matchTemplate(cut, tpl, { centreX: 156, centreY: 47, scale: 1, radiusX: 8, radiusY: 4, scaleSteps: [1], minOverlap: 0.3 })!;
    expect(m.centreX).toBeCloseTo(160, 0);
    expect(m.overlap).toBeGreaterThan(0.4);
    expect(m.overlap).toBeLessThan(0.6);
    expect(m.score).toBeLessThan(0.25);
  });

  it('finds a scaled plate when scales are tried', () => {
    // Same pattern drawn at 1.5x by nearest-neighbour upscaling of the base scene around the plate.
    const src = scene(160, 100, 50, 40);
    const big = new Uint8Array(src.data.length).fill(110);
    const out: LumaImage = { width: 160, height: 100, data: big };
    for (let y = 0; y < 100; y++)
      for (let x = 0; x < 160; x++) {
        const sx = Math.floor(70 + (x - 70) / 1.5);
        const sy = Math.floor(47 + (y - 47) / 1.5);
        big[y * 160 + x] = src.data[sy * 160 + sx]!;
      }
    const ii = integralImage(out);
    const fixed = scoreAt(ii, tpl, 70, 47, 1, 0.5).score;
    const m = matchTemplate(ii, tpl, {
      centreX: 70,
      centreY: 47,
      scale: 1.4,
      radiusX: 4,
      radiusY: 4,
      scaleSteps: [0.95, 1, 1.05],
      minOverlap: 0.5,
    })!;
    expect(m.scale).toBeGreaterThan(1.35);
    expect(m.scale).toBeLessThan(1.65);
    expect(m.score).toBeLessThan(fixed);
    expect(m.score).toBeLessThan(0.35);
  });

  it('keeps a tall region to as many rows as columns', () => {
    const ii = integralImage(scene(160, 200, 50, 40));
    const tall = extractTemplate(ii, 60, 100, 20, 150, 16)!;
    expect(tall.rows).toBeLessThanOrEqual(16);
    expect(tall.rows * tall.cell).toBeCloseTo(150, 0);
    const wide = extractTemplate(ii, 70, 47, 40, 14, 16)!;
    expect(wide.cols).toBe(16);
    expect(wide.cell).toBeCloseTo(40 / 16, 6);
  });

  it('steps the coarse grid by one cell up to 4 px, by half a cell for large cells', () => {
    expect([0.4, 2, 3.6, 6, 8].map(coarseStride)).toEqual([1, 2, 4, 4, 4]);
    expect(coarseStride(12)).toBe(6);
    expect(coarseStride(30)).toBe(15);
  });

  it('finds a large template by the coarse-to-fine search to the pixel', () => {
    // The base pattern magnified 6x (cells of 15 px): a plate filling much of the frame.
    const src = scene(160, 100, 50, 40);
    const width = 480;
    const height = 200;
    const data = new Uint8Array(width * height).fill(110);
    const at = (ox: number, oy: number): LumaImage => {
      const out = new Uint8Array(data);
      for (let y = 0; y < 84; y++)
        for (let x = 0; x < 240; x++) out[(oy + y) * width + ox + x] = src.data[(40 + Math.floor(y / 6)) * 160 + 50 + Math.floor(x / 6)]!;
      return { width, height, data: out };
    };
    const tpl = extractTemplate(integralImage(at(100, 50)), 220, 92, 240, 84, 16)!;
    expect(coarseStride(tpl.cell)).toBeGreaterThan(4);
    const m = matchTemplate(integralImage(at(123, 61)), tpl, {
      centreX: 220,
      centreY: 92,
      scale: 1,
      radiusX: 60,
      radiusY: 30,
      scaleSteps: [1],
      minOverlap: 0.5,
    })!;
    expect(m.centreX).toBeCloseTo(243, 0);
    expect(m.centreY).toBeCloseTo(103, 0);
  });
});
