import type { Frame } from '../types.js';

/** A grayscale image, one byte per pixel, row stride = width. */
export interface LumaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Integer downsampling factor that keeps the working image at most `maxWidth` pixels wide, so that
 * matching cost and ring-buffer memory do not grow with the video resolution.
 */
export function lumaScaleFactor(width: number, maxWidth = 640): number {
  return Math.max(1, Math.ceil(width / maxWidth));
}

/**
 * BT.601 luma of packed RGB24, area-averaged over factor x factor blocks. `into` (a buffer of the right
 * size that is no longer needed) is reused instead of allocating: this runs on every decoded frame.
 */
export function frameToLuma(frame: Frame, factor: number, into?: Uint8Array): LumaImage {
  const width = Math.floor(frame.width / factor);
  const height = Math.floor(frame.height / factor);
  const out = into && into.length === width * height ? into : new Uint8Array(width * height);
  const src = frame.data;
  const stride = frame.width * 3;
  const step = factor * 3;
  const divisor = factor * factor * 256;
  const half = divisor >> 1;
  // Weighted block sums of one output row, accumulated source row by source row (sequential reads).
  const sums = new Uint32Array(width);
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    for (let dy = 0; dy < factor; dy++) {
      let i = (y * factor + dy) * stride;
      for (let x = 0; x < width; x++) {
        let sum = 0;
        for (let k = i, end = i + step; k < end; k += 3) sum += 77 * src[k]! + 150 * src[k + 1]! + 29 * src[k + 2]!;
        sums[x]! += sum;
        i += step;
      }
    }
    const row = y * width;
    // Rounded integer mean; the weights sum to 256, so the largest value is exactly 255.
    for (let x = 0; x < width; x++) out[row + x] = ((sums[x]! + half) / divisor) | 0;
  }
  return { width, height, data: out };
}

/** Summed-area table with one extra row/column of zeros: sat[(y)*(w+1)+x] = sum of img[<y][<x]. */
export interface IntegralImage {
  width: number;
  height: number;
  sums: Float64Array;
}

/** `into` (a table of the right size that is no longer needed) is reused instead of allocating. */
export function integralImage(image: LumaImage, into?: Float64Array): IntegralImage {
  const { width, height, data } = image;
  const w1 = width + 1;
  const size = w1 * (height + 1);
  // Row 0 and column 0 stay zero: a reused table only has them written as zero before.
  const sums = into && into.length === size ? into : new Float64Array(size);
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += data[y * width + x]!;
      sums[(y + 1) * w1 + x + 1] = sums[y * w1 + x + 1]! + row;
    }
  }
  return { width, height, sums };
}

/**
 * Mean of the image over the box [x0,x1)x[y0,y1) (integer bounds, clamped to the image);
 * NaN when the clamped box is empty.
 */
export function boxMean(ii: IntegralImage, x0: number, y0: number, x1: number, y1: number): number {
  const ax = x0 < 0 ? 0 : x0;
  const ay = y0 < 0 ? 0 : y0;
  const bx = x1 > ii.width ? ii.width : x1;
  const by = y1 > ii.height ? ii.height : y1;
  if (bx <= ax || by <= ay) return NaN;
  const w1 = ii.width + 1;
  const s = ii.sums;
  const sum = s[by * w1 + bx]! - s[ay * w1 + bx]! - s[by * w1 + ax]! + s[ay * w1 + ax]!;
  return sum / ((bx - ax) * (by - ay));
}
