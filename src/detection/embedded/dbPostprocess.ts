// DB (Differentiable Binarization) post-processing, as in PaddleOCR's DBPostProcess:
// binarise the probability map, take connected components, fit a min-area rotated rect to each,
// score it by the mean probability inside, and "unclip" (grow) the shrunk text kernel back to the text.

import { minAreaRect, type RotatedRect, toRectFrame } from '../../geometry/rect.js';
import type { Point } from '../../types.js';
import { unclipRect } from './geometry.js';

export interface ProbabilityMap {
  width: number;
  height: number;
  /** Row-major probabilities in [0, 1]. */
  data: Float32Array;
}

export interface DbOptions {
  /** Pixels above this count as text kernel. PaddleOCR: 0.3. */
  threshold: number;
  /** Boxes whose mean probability is below this are dropped. PaddleOCR: 0.6. */
  boxThreshold: number;
  /** Kernel growth; PaddleOCR: 1.5. */
  unclipRatio: number;
  /** Shortest kernel side (map pixels) kept. PaddleOCR: 3. */
  minSize: number;
  maxCandidates: number;
}

export const DEFAULT_DB_OPTIONS: DbOptions = {
  threshold: 0.3,
  boxThreshold: 0.5,
  unclipRatio: 1.6,
  minSize: 2,
  maxCandidates: 1000,
};

export interface TextBox {
  /** Unclipped text rectangle in map pixel coordinates. */
  rect: RotatedRect;
  /** Mean probability inside the kernel rect. */
  score: number;
}

/**
 * Label 8-connected components of `mask` (1 = on). Returns per-component outline points:
 * the outer corners of every horizontal run, enough for a convex hull.
 */
export function connectedComponents(mask: Uint8Array, width: number, height: number): Point[][] {
  const labels = new Int32Array(width * height).fill(-1);
  const components: Point[][] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start] !== -1) continue;
    const label = components.length;
    labels[start] = label;
    stack.push(start);
    while (stack.length) {
      const idx = stack.pop()!;
      const x = idx % width;
      const y = (idx - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width || (dx === 0 && dy === 0)) continue;
          const n = ny * width + nx;
          if (mask[n] && labels[n] === -1) {
            labels[n] = label;
            stack.push(n);
          }
        }
      }
    }
    components.push([]);
  }
  // Second pass: run ends per row give the outline corners (pixel (x,y) covers [x,x+1)x[y,y+1)).
  for (let y = 0; y < height; y++) {
    let x = 0;
    while (x < width) {
      const label = labels[y * width + x]!;
      if (label < 0) {
        x++;
        continue;
      }
      let end = x;
      while (end + 1 < width && labels[y * width + end + 1] === label) end++;
      const pts = components[label]!;
      pts.push([x, y], [x, y + 1], [end + 1, y], [end + 1, y + 1]);
      x = end + 1;
    }
  }
  return components;
}

/** Mean probability over pixels whose centres fall inside the rect. */
export function meanInsideRect(map: ProbabilityMap, rect: RotatedRect): number {
  const hw = rect.width / 2;
  const hh = rect.height / 2;
  const reach = Math.hypot(hw, hh);
  const x0 = Math.max(0, Math.floor(rect.cx - reach));
  const x1 = Math.min(map.width - 1, Math.ceil(rect.cx + reach));
  const y0 = Math.max(0, Math.floor(rect.cy - reach));
  const y1 = Math.min(map.height - 1, Math.ceil(rect.cy + reach));
  let sum = 0;
  let count = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const [u, v] = toRectFrame(rect, [x + 0.5, y + 0.5]);
      if (Math.abs(u) <= hw && Math.abs(v) <= hh) {
        sum += map.data[y * map.width + x]!;
        count++;
      }
    }
  }
  return count ? sum / count : 0;
}

/** Probability map -> scored, unclipped text rectangles (map coordinates). */
export function dbPostprocess(map: ProbabilityMap, options: Partial<DbOptions> = {}): TextBox[] {
  const o = { ...DEFAULT_DB_OPTIONS, ...options };
  const mask = new Uint8Array(map.data.length);
  for (let i = 0; i < mask.length; i++) mask[i] = map.data[i]! > o.threshold ? 1 : 0;
  const components = connectedComponents(mask, map.width, map.height);
  const boxes: TextBox[] = [];
  for (const points of components.slice(0, o.maxCandidates)) {
    const kernel = minAreaRect(points);
    if (Math.min(kernel.width, kernel.height) < o.minSize) continue;
    const score = meanInsideRect(map, kernel);
    if (score < o.boxThreshold) continue;
    const rect = unclipRect(kernel, o.unclipRatio);
    if (Math.min(rect.width, rect.height) < o.minSize + 2) continue;
    boxes.push({ rect, score });
  }
  return boxes;
}
