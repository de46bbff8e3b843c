import { boxMean, type IntegralImage } from './luma.js';

/**
 * A downsampled appearance template of a plate: a grid of cell means taken from a working-resolution
 * luma image. Cells are square; at match time they are re-sampled from the integral image at any
 * scale, so one template serves an approaching or receding plate.
 */
export interface Template {
  cols: number;
  rows: number;
  /** Cell size in working pixels at scale 1. */
  cell: number;
  values: Float32Array;
  /** Standard deviation of the cell values: the template's contrast. */
  contrast: number;
}

export interface MatchRequest {
  /** Predicted template centre in working pixels. */
  centreX: number;
  centreY: number;
  /** Predicted scale of the template (1 = size at extraction). */
  scale: number;
  /** Search half-extent in working pixels around the prediction. */
  radiusX: number;
  radiusY: number;
  /** Scale multipliers tried around `scale`, e.g. [0.94, 1, 1.06]. */
  scaleSteps: number[];
  /** Minimum share (0-1) of template cells that must fall inside the image. */
  minOverlap: number;
}

export interface MatchResult {
  centreX: number;
  centreY: number;
  scale: number;
  /**
   * Mean absolute difference between the gain/offset-normalised patch and the template, divided by
   * the template's contrast: 0 = perfect, about 1.1 for unrelated texture.
   */
  score: number;
  /** Share of template cells inside the image. */
  overlap: number;
}

/** Minimum template contrast (grey levels, std of cell means) worth tracking. */
export const MIN_TEMPLATE_CONTRAST = 3;
/** Width of a cell's averaging box relative to the cell pitch. */
export const CELL_SUPPORT = 1.5;

export function extractTemplate(
  ii: IntegralImage,
  centreX: number,
  centreY: number,
  width: number,
  height: number,
  maxCols = 32,
): Template | null {
  if (!(width >= 2 && height >= 2)) return null;
  let cols = Math.max(4, Math.min(maxCols, Math.round(width)));
  let cell = width / cols;
  // At most as many rows as columns: a tall region (vertical lettering) otherwise got 40+ rows, and every
  // one of its thousands of search positions cost that many more cells (18 s of tracking on one clip).
  if (height / cell > maxCols) {
    cell = height / maxCols;
    cols = Math.max(4, Math.round(width / cell));
  }
  const rows = Math.max(3, Math.round(height / cell));
  const values = new Float32Array(cols * rows);
  let sum = 0;
  let sumSq = 0;
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const v = sampleCell(ii, centreX, centreY, cols, rows, cell, i, j);
      if (Number.isNaN(v)) return null; // only whole, in-frame templates are extracted
      values[j * cols + i] = v;
      sum += v;
      sumSq += v * v;
    }
  }
  const n = cols * rows;
  const mean = sum / n;
  const contrast = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
  return { cols, rows, cell, values, contrast };
}

function sampleCell(
  ii: IntegralImage,
  centreX: number,
  centreY: number,
  cols: number,
  rows: number,
  cell: number,
  i: number,
  j: number,
): number {
  const px = centreX + (i + 0.5 - cols / 2) * cell;
  const py = centreY + (j + 0.5 - rows / 2) * cell;
  if (px < 0 || py < 0 || px >= ii.width || py >= ii.height) return NaN;
  // Each cell averages a box somewhat larger than the cell: a low-pass that keeps scores stable under
  // sub-pixel shifts and compression noise, which otherwise dominate small templates.
  const half = Math.max(0.5, (cell * CELL_SUPPORT) / 2);
  const x0 = Math.round(px - half);
  const y0 = Math.round(py - half);
  const x1 = Math.max(x0 + 1, Math.round(px + half));
  const y1 = Math.max(y0 + 1, Math.round(py + half));
  return boxMean(ii, x0, y0, x1, y1);
}

const scratchT = { buf: new Float32Array(1024) };
const scratchP = { buf: new Float32Array(1024) };
// Per-column and per-row cell bounds: a cell's x extent depends only on its column and its y extent only
// on its row, so they are computed once per placement instead of once per cell (the hot loop of tracking).
interface CellSpans {
  lo: Int32Array;
  hi: Int32Array;
  ok: Uint8Array;
}
const scratchX: CellSpans = { lo: new Int32Array(64), hi: new Int32Array(64), ok: new Uint8Array(64) };
const scratchY: CellSpans = { lo: new Int32Array(64), hi: new Int32Array(64), ok: new Uint8Array(64) };

/**
 * Bounds along one axis of `count` cells of size `cell` centred on `centre`, each averaging `half` on
 * either side, clamped to [0, limit] (the same cell geometry as sampleCell); ok = 0 for a cell whose
 * centre is outside the image or whose span is empty.
 */
function cellSpans(out: CellSpans, count: number, centre: number, cell: number, half: number, limit: number): CellSpans {
  if (out.lo.length < count) {
    out.lo = new Int32Array(count);
    out.hi = new Int32Array(count);
    out.ok = new Uint8Array(count);
  }
  for (let i = 0; i < count; i++) {
    const p = centre + (i + 0.5 - count / 2) * cell;
    const a0 = Math.round(p - half);
    const a1 = Math.max(a0 + 1, Math.round(p + half));
    const lo = a0 < 0 ? 0 : a0;
    const hi = a1 > limit ? limit : a1;
    out.lo[i] = lo;
    out.hi[i] = hi;
    out.ok[i] = p >= 0 && p < limit && hi > lo ? 1 : 0;
  }
  return out;
}

/** Normalised SAD score of the template placed at (cx, cy, scale); Infinity when not comparable. */
export function scoreAt(
  ii: IntegralImage,
  tpl: Template,
  centreX: number,
  centreY: number,
  scale: number,
  minOverlap: number,
): { score: number; overlap: number } {
  const n = tpl.cols * tpl.rows;
  if (scratchT.buf.length < n) {
    scratchT.buf = new Float32Array(n);
    scratchP.buf = new Float32Array(n);
  }
  const tv = scratchT.buf;
  const pv = scratchP.buf;
  const cell = tpl.cell * scale;
  const half = Math.max(0.5, (cell * CELL_SUPPORT) / 2);
  const { width, height, sums } = ii;
  const w1 = width + 1;
  const xs = cellSpans(scratchX, tpl.cols, centreX, cell, half, width);
  const ys = cellSpans(scratchY, tpl.rows, centreY, cell, half, height);
  let k = 0;
  let st = 0;
  let stt = 0;
  let sp = 0;
  let spp = 0;
  for (let j = 0; j < tpl.rows; j++) {
    if (!ys.ok[j]) continue;
    const ay = ys.lo[j]!;
    const by = ys.hi[j]!;
    const rowA = ay * w1;
    const rowB = by * w1;
    for (let i = 0; i < tpl.cols; i++) {
      if (!xs.ok[i]) continue;
      const ax = xs.lo[i]!;
      const bx = xs.hi[i]!;
      const p = (sums[rowB + bx]! - sums[rowA + bx]! - sums[rowB + ax]! + sums[rowA + ax]!) / ((bx - ax) * (by - ay));
      const t = tpl.values[j * tpl.cols + i]!;
      tv[k] = t;
      pv[k] = p;
      st += t;
      stt += t * t;
      sp += p;
      spp += p * p;
      k++;
    }
  }
  const overlap = k / n;
  if (k < 6 || overlap < minOverlap) return { score: Infinity, overlap };
  const mt = st / k;
  const mp = sp / k;
  const sdT = Math.sqrt(Math.max(0, stt / k - mt * mt));
  const sdP = Math.sqrt(Math.max(0, spp / k - mp * mp));
  if (sdT < MIN_TEMPLATE_CONTRAST) return { score: Infinity, overlap };
  // Gain normalisation absorbs flashes and dips; clamped so a flat patch cannot be stretched into a match.
  const gain = Math.min(3, Math.max(1 / 3, sdP > 1e-6 ? sdT / sdP : 3));
  let sad = 0;
  for (let m = 0; m < k; m++) sad += Math.abs(tv[m]! - mt - gain * (pv[m]! - mp));
  return { score: sad / k / sdT, overlap };
}

/** Finest coarse-grid step that is always allowed (pixels of the working image). */
const FINE_STRIDE = 4;

/**
 * Coarse-grid step for a template cell of `cellPixels`: one cell, at most FINE_STRIDE pixels, for ordinary
 * plates; for large ones (a plate filling the frame, a lorry's lettering) half a cell. The search window
 * grows with the plate, so a fixed 4-pixel step made a 400-pixel-wide template cost 40x an ordinary one
 * (18 s of tracking on a 4 s clip); cells average over 1.5 pitches, so half a cell still lands in the basin.
 */
export function coarseStride(cellPixels: number): number {
  return Math.max(1, Math.min(Math.round(cellPixels), Math.max(FINE_STRIDE, Math.round(cellPixels / 2))));
}

/**
 * Exhaustive SAD search: a coarse grid (see coarseStride) over the window and scales, then a 1-pixel
 * refinement around the best coarse position (all offsets for ordinary strides, halving steps for large ones).
 */
export function matchTemplate(ii: IntegralImage, tpl: Template, request: MatchRequest): MatchResult | null {
  let best: MatchResult | null = null;
  for (const step of request.scaleSteps) {
    const scale = request.scale * step;
    const stride = coarseStride(tpl.cell * scale);
    const rx = Math.ceil(request.radiusX / stride) * stride;
    const ry = Math.ceil(request.radiusY / stride) * stride;
    for (let dy = -ry; dy <= ry; dy += stride) {
      for (let dx = -rx; dx <= rx; dx += stride) {
        const cx = request.centreX + dx;
        const cy = request.centreY + dy;
        const r = scoreAt(ii, tpl, cx, cy, scale, request.minOverlap);
        if (r.score < (best?.score ?? Infinity)) best = { centreX: cx, centreY: cy, scale, score: r.score, overlap: r.overlap };
      }
    }
  }
  if (!best) return null;
  const coarse: MatchResult = best;
  const stride = coarseStride(tpl.cell * coarse.scale);
  if (stride <= FINE_STRIDE) {
    for (let dy = -stride + 1; dy < stride; dy++) {
      for (let dx = -stride + 1; dx < stride; dx++) {
        if (dx === 0 && dy === 0) continue;
        const cx = coarse.centreX + dx;
        const cy = coarse.centreY + dy;
        const r = scoreAt(ii, tpl, cx, cy, coarse.scale, request.minOverlap);
        if (r.score < best.score) best = { centreX: cx, centreY: cy, scale: coarse.scale, score: r.score, overlap: r.overlap };
      }
    }
  } else {
    // Coarse-to-fine: the 8 neighbours at half the previous step, moving to the best, down to 1 pixel.
    for (let step = Math.floor(stride / 2); step >= 1; step = Math.floor(step / 2)) {
      for (let moved = true, rounds = 0; moved && rounds < 4; rounds++) {
        moved = false;
        const from: MatchResult = best;
        for (let dy = -step; dy <= step; dy += step) {
          for (let dx = -step; dx <= step; dx += step) {
            if (dx === 0 && dy === 0) continue;
            const cx = from.centreX + dx;
            const cy = from.centreY + dy;
            const r = scoreAt(ii, tpl, cx, cy, from.scale, request.minOverlap);
            if (r.score < best.score) {
              best = { centreX: cx, centreY: cy, scale: from.scale, score: r.score, overlap: r.overlap };
              moved = true;
            }
          }
        }
      }
    }
  }
  // Sub-step scale refinement at the best position.
  for (const f of [0.98, 1.02]) {
    const r = scoreAt(ii, tpl, best.centreX, best.centreY, best.scale * f, request.minOverlap);
    if (r.score < best.score) best = { ...best, scale: best.scale * f, score: r.score, overlap: r.overlap };
  }
  return best;
}
