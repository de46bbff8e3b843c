import { describe, expect, it } from 'vitest';
import { integralImage, type LumaImage } from '../../src/tracking/luma.js';
import { extractTemplate, matchTemplate, scoreAt } from '../../src/tracking/sadMatcher.js';

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

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
    const m = matchTemplate(ii, tpl, { centreX: 70, centreY: 47, scale: 1.4, radiusX: 4, radiusY: 4, scaleSteps: [0.95, 1, 1.05], minOverlap: 0.5 })!;
    expect(m.scale).toBeGreaterThan(1.35);
    expect(m.scale).toBeLessThan(1.65);
    expect(m.score).toBeLessThan(fixed);
    expect(m.score).toBeLessThan(0.35);
  });
});
