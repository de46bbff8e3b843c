import { describe, expect, it } from 'vitest';
import {
  chooseScale,
  regionImageToFrame,
  scanRegionFor,
  symbolsOf,
  symbolsToFrame,
  warpRegion,
} from '../../src/detection/charscan/index.js';
import type { Frame, Point, Polygon } from '../../src/types.js';

/** A white frame with one black square whose top-left corner is at (x, y). */
function frameWithSquare(x: number, y: number, size: number): Frame {
  const width = 320;
  const height = 200;
  const data = Buffer.alloc(width * height * 3, 255);
  for (let j = y; j < y + size; j++) for (let i = x; i < x + size; i++) data.fill(0, (j * width + i) * 3, (j * width + i) * 3 + 3);
  return { index: 0, timestampMs: 0, width, height, data };
}

/** Centre (image pixels) of the dark pixels of a greyscale raster. */
function darkCentre(data: Buffer, width: number): Point {
  let sx = 0;
  let sy = 0;
  let n = 0;
  data.forEach((value, i) => {
    if (value < 128) {
      sx += (i % width) + 0.5;
      sy += Math.floor(i / width) + 0.5;
      n++;
    }
  });
  return [sx / n, sy / n];
}

function rotatedRect(cx: number, cy: number, w: number, h: number, degrees: number): Polygon {
  const a = (degrees * Math.PI) / 180;
  return [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ].map(([dx, dy]): Point => [cx + dx! * Math.cos(a) - dy! * Math.sin(a), cy + dx! * Math.sin(a) + dy! * Math.cos(a)]);
}

describe('warpRegion', () => {
  for (const degrees of [0, 10, -20]) {
    for (const scale of [0.5, 1, 3]) {
      it(`maps image pixels back to the frame exactly (rotation ${degrees}°, scale ${scale})`, () => {
        const frame = frameWithSquare(190, 90, 12); // square centre (196, 96)
        const region = scanRegionFor(rotatedRect(160, 100, 80, 30, degrees));
        const image = warpRegion(frame, region, scale);
        expect(image.width).toBe(Math.round(240 * scale));
        expect(image.height).toBe(Math.round(60 * scale));
        const [x, y] = darkCentre(image.data, image.width);
        const back = regionImageToFrame(image, x, y);
        expect(back[0]).toBeCloseTo(196, 0);
        expect(back[1]).toBeCloseTo(96, 0);
      });
    }
  }
});

describe('chooseScale', () => {
  const region = scanRegionFor(rotatedRect(160, 100, 80, 30, 0));
  it('upscales small characters towards the target height', () => {
    expect(chooseScale(region, 12, { targetCharHeight: 36 })).toBeCloseTo(3);
  });
  it('keeps the image within the size limits', () => {
    expect(chooseScale(region, 1, { maxImageWidth: 480 })).toBeCloseTo(2);
  });
});

describe('symbolsToFrame / symbolsOf', () => {
  it('turns Tesseract blocks into frame-coordinate character quads', () => {
    const bbox = { x0: 30, y0: 12, x1: 60, y1: 48 };
    const page = {
      blocks: [
        {
          paragraphs: [{ lines: [{ words: [{ text: 'A', confidence: 90, bbox, symbols: [{ text: 'A', confidence: 88, bbox }] }] }] }],
        },
      ],
    } as unknown as Parameters<typeof symbolsOf>[0];
    const symbols = symbolsOf(page);
    expect(symbols).toEqual([{ text: 'A', confidence: 88, ...bbox }]);
    const region = scanRegionFor(rotatedRect(160, 100, 80, 30, 0));
    const image = { data: Buffer.alloc(0), width: 480, height: 120, scale: 2, region };
    const [c] = symbolsToFrame(image, symbols);
    // Region starts at (40, 70) in the frame; scale 2 halves the offsets.
    expect(c!.polygon[0]![0]).toBeCloseTo(55);
    expect(c!.polygon[0]![1]).toBeCloseTo(76);
    expect(c!.polygon[2]![0]).toBeCloseTo(70);
    expect(c!.polygon[2]![1]).toBeCloseTo(94);
  });
});
