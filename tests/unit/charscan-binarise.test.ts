import { describe, expect, it } from 'vitest';
import { encodePgm, sauvolaBinarise, stretchContrast } from '../../src/detection/charscan/index.js';

/** 60x30 image: left half dark bumper (40), right half light plate (200) with a dark stroke (20) at x=45..47. */
function bumperAndPlate(): { data: Buffer; width: number; height: number } {
  const width = 60;
  const height = 30;
  const data = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data[y * width + x] = x < 30 ? 40 : x >= 45 && x < 48 && y > 5 && y < 25 ? 20 : 200;
  }
  return { data, width, height };
}

describe('sauvolaBinarise', () => {
  it('keeps strokes on the plate as ink and turns a flat dark bumper into background', () => {
    const image = bumperAndPlate();
    const out = sauvolaBinarise(image, 15);
    const at = (x: number, y: number): number => out[y * image.width + x]!;
    expect(at(46, 15)).toBe(0); // the stroke
    expect(at(55, 15)).toBe(255); // plate background
    expect(at(10, 15)).toBe(255); // bumper: flat, so not ink despite being dark
  });
});

describe('stretchContrast', () => {
  it('maps the darkest and brightest percentiles to 0 and 255', () => {
    const data = Buffer.from(Array.from({ length: 100 }, (_, i) => 100 + i)); // 100..199
    const out = stretchContrast({ data, width: 10, height: 10 });
    expect(out[0]).toBe(0);
    expect(out[99]).toBe(255);
    expect(out[50]).toBeGreaterThan(120);
    expect(out[50]).toBeLessThan(135);
  });

  it('leaves a flat image unchanged', () => {
    const data = Buffer.alloc(16, 77);
    expect([...stretchContrast({ data, width: 4, height: 4 })]).toEqual([...data]);
  });
});

describe('encodePgm', () => {
  it('writes a binary PGM header followed by the pixels', () => {
    const pgm = encodePgm(Buffer.from([1, 2, 3, 4, 5, 6]), 3, 2);
    expect(pgm.subarray(0, 11).toString('ascii')).toBe('P5\n3 2\n255\n');
    expect([...pgm.subarray(11)]).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
