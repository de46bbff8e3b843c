// Pixel helpers on packed RGB24 images (3 bytes per pixel, stride = width * 3).
import sharp from 'sharp';
import type { Point } from '../../types.js';

export interface RgbImage {
  width: number;
  height: number;
  data: Buffer;
}

/** Resize with sharp (native, fast); aspect ratio is not kept (callers track x and y scales). */
export async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (width === image.width && height === image.height) return image;
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: width < image.width ? 'lanczos3' : 'cubic' })
    .raw()
    .toBuffer();
  return { width, height, data };
}

/** Copy an integer, in-bounds rectangle out of an image. */
export function cropRgb(image: RgbImage, x: number, y: number, width: number, height: number): RgbImage {
  const data = Buffer.alloc(width * height * 3);
  for (let row = 0; row < height; row++) {
    const src = ((y + row) * image.width + x) * 3;
    image.data.copy(data, row * width * 3, src, src + width * 3);
  }
  return { width, height, data };
}

/** Homography (3x3, row-major, h33 = 1) mapping the unit square corners src[i] -> dst[i]. */
export function homography(src: readonly Point[], dst: readonly Point[]): number[] {
  // Solve the 8x8 DLT system by Gaussian elimination.
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i]!;
    const [u, v] = dst[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let col = 0; col < 8; col++) {
    let pivot = col;
    for (let r = col + 1; r < 8; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    if (Math.abs(p) < 1e-12) throw new Error('degenerate quad');
    for (let c = col; c < 9; c++) a[col]![c]! /= p;
    for (let r = 0; r < 8; r++) {
      if (r === col) continue;
      const f = a[r]![col]!;
      if (f === 0) continue;
      for (let c = col; c < 9; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return [...a.map((row) => row[8]!), 1];
}

/**
 * Perspective-warp the quad (TL, TR, BR, BL in image pixels) onto an outW x outH rectangle, bilinear,
 * edge-clamped. Sampling maps output pixel centres back into the source.
 */
export function warpQuad(image: RgbImage, quad: readonly Point[], outW: number, outH: number, supersample = 1): RgbImage {
  const h = homography(
    [
      [0, 0],
      [outW, 0],
      [outW, outH],
      [0, outH],
    ],
    quad,
  );
  const out = Buffer.alloc(outW * outH * 3);
  const { width, height, data } = image;
  // Strong downscaling aliases with plain bilinear; average k x k bilinear samples per output pixel.
  const k = Math.max(1, Math.min(4, Math.round(supersample)));
  const acc = [0, 0, 0];
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      acc[0] = acc[1] = acc[2] = 0;
      for (let sub = 0; sub < k * k; sub++) {
        const px = ox + ((sub % k) + 0.5) / k;
        const py = oy + (Math.floor(sub / k) + 0.5) / k;
        const w = h[6]! * px + h[7]! * py + h[8]!;
        // Back to pixel-index space (centre of pixel i is i + 0.5).
        const sx = (h[0]! * px + h[1]! * py + h[2]!) / w - 0.5;
        const sy = (h[3]! * px + h[4]! * py + h[5]!) / w - 0.5;
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const fx = sx - x0;
        const fy = sy - y0;
        const xa = Math.min(width - 1, Math.max(0, x0));
        const xb = Math.min(width - 1, Math.max(0, x0 + 1));
        const ya = Math.min(height - 1, Math.max(0, y0));
        const yb = Math.min(height - 1, Math.max(0, y0 + 1));
        for (let c = 0; c < 3; c++) {
          const top = data[(ya * width + xa) * 3 + c]! * (1 - fx) + data[(ya * width + xb) * 3 + c]! * fx;
          const bottom = data[(yb * width + xa) * 3 + c]! * (1 - fx) + data[(yb * width + xb) * 3 + c]! * fx;
          acc[c]! += top * (1 - fy) + bottom * fy;
        }
      }
      const o = (oy * outW + ox) * 3;
      for (let c = 0; c < 3; c++) out[o + c] = Math.round(acc[c]! / (k * k));
    }
  }
  return { width: outW, height: outH, data: out };
}
