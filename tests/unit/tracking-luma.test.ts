import { describe, expect, it } from 'vitest';
import { frameToLuma, integralImage } from '../../src/tracking/luma.js';
import type { Frame } from '../../src/types.js';

function randomFrame(width: number, height: number, seed: number): Frame {
  const data = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let i = 0; i < data.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    data[i] = state >>> 24;
  }
  return { index: 0, timestampMs: 0, width, height, data };
}

/** The definition: rounded mean over each factor x factor block of BT.601 luma (weights 77/150/29 of 256). */
function referenceLuma(frame: Frame, factor: number): number[] {
  const width = Math.floor(frame.width / factor);
  const height = Math.floor(frame.height / factor);
  const out: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        for (let dx = 0; dx < factor; dx++) {
          const i = ((y * factor + dy) * frame.width + x * factor + dx) * 3;
          sum += 77 * frame.data[i]! + 150 * frame.data[i + 1]! + 29 * frame.data[i + 2]!;
        }
      }
      out.push(Math.round(sum / (factor * factor * 256)));
    }
  }
  return out;
}

describe('frameToLuma', () => {
  it.each([1, 2, 3])('matches the block-mean definition at factor %i (odd sizes drop the partial block)', (factor) => {
    const frame = randomFrame(37, 23, factor);
    const luma = frameToLuma(frame, factor);
    expect(luma.width).toBe(Math.floor(37 / factor));
    expect(luma.height).toBe(Math.floor(23 / factor));
    expect([...luma.data]).toEqual(referenceLuma(frame, factor));
  });

  it('maps white to 255 and black to 0', () => {
    const white = { ...randomFrame(6, 6, 1), data: Buffer.alloc(6 * 6 * 3, 255) };
    expect([...frameToLuma(white, 3).data]).toEqual([255, 255, 255, 255]);
    const black = { ...white, data: Buffer.alloc(6 * 6 * 3, 0) };
    expect([...frameToLuma(black, 2).data]).toEqual(new Array(9).fill(0));
  });

  it('fills a reused buffer of the right size with the same values, and ignores one of another size', () => {
    const frame = randomFrame(30, 18, 7);
    const spare = new Uint8Array(10 * 6).fill(9);
    const reused = frameToLuma(frame, 3, spare);
    expect(reused.data).toBe(spare);
    expect([...reused.data]).toEqual(referenceLuma(frame, 3));
    const wrongSize = new Uint8Array(5);
    expect(frameToLuma(frame, 3, wrongSize).data).not.toBe(wrongSize);
  });
});

describe('integralImage', () => {
  it('gives the same table into a reused buffer as freshly allocated', () => {
    const first = frameToLuma(randomFrame(20, 12, 3), 2);
    const second = frameToLuma(randomFrame(20, 12, 4), 2);
    const table = integralImage(first);
    const reused = integralImage(second, table.sums);
    expect(reused.sums).toBe(table.sums);
    expect([...reused.sums]).toEqual([...integralImage(second).sums]);
  });
});
