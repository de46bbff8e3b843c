// Resamples the scan region around a plate into an upright greyscale image for OCR. Sampling in the
// plate's own frame deskews rotated plates and scales the characters to the size OCR reads best in one
// step, and keeps the mapping back to frame pixels exact.
import type { Frame, Point } from '../../types.js';
import { fromPlate, type ScanRegion } from './geometry.js';

/** The scan region resampled to an upright greyscale raster (1 byte per pixel, row stride = width). */
export interface RegionImage {
  data: Buffer;
  width: number;
  height: number;
  /** Image pixels per plate-frame pixel. */
  scale: number;
  region: ScanRegion;
}

export interface ScaleLimits {
  /** Character height (image pixels) OCR should see; Tesseract reads ~30-50 px text best. */
  targetCharHeight?: number;
  minScale?: number;
  maxScale?: number;
  /** Keeps the OCR input small enough to stay fast on very large plates. */
  maxImageWidth?: number;
  maxImageHeight?: number;
}

/**
 * The resampling scale for a region whose characters are expected to be `charHeight` frame pixels tall.
 */
export function chooseScale(region: ScanRegion, charHeight: number, limits: ScaleLimits = {}): number {
  const target = limits.targetCharHeight ?? 48;
  const minScale = limits.minScale ?? 0.2;
  const maxScale = limits.maxScale ?? 5;
  const maxWidth = limits.maxImageWidth ?? 2400;
  const maxHeight = limits.maxImageHeight ?? 600;
  let scale = charHeight > 0 ? target / charHeight : 1;
  scale = Math.min(scale, maxWidth / Math.max(1, region.uMax - region.uMin));
  scale = Math.min(scale, maxHeight / Math.max(1, region.vMax - region.vMin));
  return Math.max(minScale, Math.min(maxScale, scale));
}

/** Frame point of a position (x, y) in the region image (image pixel edges, like frame coordinates). */
export function regionImageToFrame(image: RegionImage, x: number, y: number): Point {
  return fromPlate(image.region.axes, image.region.uMin + x / image.scale, image.region.vMin + y / image.scale);
}

/**
 * Samples the region from an RGB frame into greyscale at `scale`. Bilinear, with supersampling when
 * shrinking so fine strokes do not alias away; samples outside the frame repeat the nearest edge pixel
 * (a flat fill rather than a hard border OCR could mistake for a stroke).
 */
export function warpRegion(frame: Frame, region: ScanRegion, scale: number): RegionImage {
  const width = Math.max(1, Math.round((region.uMax - region.uMin) * scale));
  const height = Math.max(1, Math.round((region.vMax - region.vMin) * scale));
  const data = Buffer.alloc(width * height);
  const { axes } = region;
  const subsamples = scale < 1 ? Math.min(4, Math.ceil(1 / scale)) : 1;
  const step = 1 / (scale * subsamples);
  const fw = frame.width;
  const fh = frame.height;
  const src = frame.data;
  const luma = (x: number, y: number): number => {
    const i = (y * fw + x) * 3;
    return 0.299 * src[i]! + 0.587 * src[i + 1]! + 0.114 * src[i + 2]!;
  };
  const sample = (fx: number, fy: number): number => {
    // Pixel centres sit at +0.5; convert to centre-based coordinates for bilinear weights.
    const cx = Math.min(fw - 1, Math.max(0, fx - 0.5));
    const cy = Math.min(fh - 1, Math.max(0, fy - 0.5));
    const x0 = Math.floor(cx);
    const y0 = Math.floor(cy);
    const x1 = Math.min(fw - 1, x0 + 1);
    const y1 = Math.min(fh - 1, y0 + 1);
    const ax = cx - x0;
    const ay = cy - y0;
    const top = luma(x0, y0) * (1 - ax) + luma(x1, y0) * ax;
    const bottom = luma(x0, y1) * (1 - ax) + luma(x1, y1) * ax;
    return top * (1 - ay) + bottom * ay;
  };
  const [ux, uy] = axes.u;
  const [vx, vy] = axes.v;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let sy = 0; sy < subsamples; sy++) {
        const v = region.vMin + y / scale + (sy + 0.5) * step;
        for (let sx = 0; sx < subsamples; sx++) {
          const u = region.uMin + x / scale + (sx + 0.5) * step;
          sum += sample(axes.origin[0] + u * ux + v * vx, axes.origin[1] + u * uy + v * vy);
        }
      }
      data[y * width + x] = Math.round(sum / (subsamples * subsamples));
    }
  }
  return { data, width, height, scale, region };
}
