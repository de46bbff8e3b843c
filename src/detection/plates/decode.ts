// Decoding PlateNet's outputs (see training/platenet/model.py): a centre heatmap and, per cell, the plate
// as a rotated rectangle. Pure functions; the same decoding as training/platenet/decode.py.
import { type RotatedRect, scaleRect } from '../../geometry/rect.js';

/** Output stride of the network: one heatmap cell per 4x4 input pixels. */
export const PLATE_NET_STRIDE = 4;
/** Input sides must be multiples of this (four stride-2 steps). */
export const PLATE_NET_ALIGN = 16;
/** Box channels per cell: dx, dy (cells), log(long/16), log(short/16), cos 2θ, sin 2θ. */
export const BOX_CHANNELS = 6;

/** One plate the detector proposes, in the coordinates of the network input. */
export interface PlateProposal {
  /** Heatmap peak, 0-1. */
  score: number;
  /** `width` is the long side; `angle` its direction (radians, -π/2..π/2). */
  rect: RotatedRect;
}

export interface NetOutput {
  /** Heatmap cells per row and rows. */
  width: number;
  height: number;
  heat: Float32Array;
  /** BOX_CHANNELS planes of width x height. */
  box: Float32Array;
}

/**
 * Local maxima of the heatmap (3x3) at or above `threshold`, best first, at most `max`. A peak shared by
 * two equal neighbouring cells is reported once (the first in row order).
 */
export function decodePlates(out: NetOutput, threshold: number, max = 64): PlateProposal[] {
  const { width: w, height: h, heat, box } = out;
  const plane = w * h;
  const found: PlateProposal[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const v = heat[i]!;
      if (!(v >= threshold) || !isPeak(heat, w, h, x, y, v)) continue;
      const dx = box[i]!;
      const dy = box[plane + i]!;
      const long = 16 * Math.exp(clampLog(box[2 * plane + i]!));
      const short = 16 * Math.exp(clampLog(box[3 * plane + i]!));
      const angle = 0.5 * Math.atan2(box[5 * plane + i]!, box[4 * plane + i]!);
      found.push({
        score: v,
        rect: {
          cx: (x + 0.5 + dx) * PLATE_NET_STRIDE,
          cy: (y + 0.5 + dy) * PLATE_NET_STRIDE,
          width: Math.max(long, short),
          height: Math.min(long, short),
          angle: long >= short ? angle : angle + Math.PI / 2,
        },
      });
    }
  }
  found.sort((a, b) => b.score - a.score);
  return mergeSplitPlates(suppressOverlaps(found)).slice(0, max);
}

/**
 * A plate larger than the net saw in training (over ~300 px wide, a close-up at 1080p) can come out as two
 * proposals end to end, each covering a part: proposals of the same height and angle, on one line, whose
 * ends meet (a gap under half their height) are one plate, the rectangle around both with the better score.
 * Two plates side by side are further apart than that. Expects `sorted` best first; keeps that order.
 */
export function mergeSplitPlates(sorted: readonly PlateProposal[]): PlateProposal[] {
  const out = sorted.map((p) => ({ ...p, rect: { ...p.rect } }));
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length; j++) {
      const merged = joinEndToEnd(out[i]!.rect, out[j]!.rect);
      if (!merged) continue;
      out[i] = { score: out[i]!.score, rect: merged };
      out.splice(j, 1);
      j = i; // the grown rectangle may now meet others
    }
  }
  return out;
}

/** The rectangle around `a` and `b` when they are two parts of one plate (see mergeSplitPlates), else undefined. */
export function joinEndToEnd(a: RotatedRect, b: RotatedRect): RotatedRect | undefined {
  const heightRatio = b.height / Math.max(1e-6, a.height);
  let dAngle = Math.abs(a.angle - b.angle) % Math.PI;
  dAngle = Math.min(dAngle, Math.PI - dAngle);
  if (heightRatio < 0.75 || heightRatio > 1 / 0.75 || dAngle > (10 * Math.PI) / 180) return undefined;
  const c = Math.cos(a.angle);
  const s = Math.sin(a.angle);
  const along = (b.cx - a.cx) * c + (b.cy - a.cy) * s;
  const across = -(b.cx - a.cx) * s + (b.cy - a.cy) * c;
  const h = Math.max(a.height, b.height);
  if (Math.abs(across) > h / 2) return undefined;
  const gap = Math.abs(along) - (a.width + b.width) / 2;
  if (gap > h / 2) return undefined;
  const lo = Math.min(-a.width / 2, along - b.width / 2);
  const hi = Math.max(a.width / 2, along + b.width / 2);
  const mid = (lo + hi) / 2;
  return { cx: a.cx + mid * c - (across / 2) * s, cy: a.cy + mid * s + (across / 2) * c, width: hi - lo, height: h, angle: a.angle };
}

/**
 * One proposal per plate: a wide plate's heatmap can peak twice along its length, so a proposal whose
 * centre lies inside a better one's rectangle is dropped (two plates side by side keep their own centres).
 */
export function suppressOverlaps(sorted: readonly PlateProposal[]): PlateProposal[] {
  const kept: PlateProposal[] = [];
  for (const p of sorted) {
    if (!kept.some((k) => centreInside(p.rect, k.rect))) kept.push(p);
  }
  return kept;
}

function centreInside(p: RotatedRect, r: RotatedRect): boolean {
  const dx = p.cx - r.cx;
  const dy = p.cy - r.cy;
  const c = Math.cos(r.angle);
  const s = Math.sin(r.angle);
  return Math.abs(dx * c + dy * s) <= r.width / 2 && Math.abs(-dx * s + dy * c) <= r.height / 2;
}

/** Sizes outside e^±6 x 16 px (0.04-6500 px) are noise; clamping keeps a stray cell from making Infinity. */
function clampLog(v: number): number {
  return Math.max(-6, Math.min(6, v));
}

function isPeak(heat: Float32Array, w: number, h: number, x: number, y: number, v: number): boolean {
  for (let yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
    for (let xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
      if (xx === x && yy === y) continue;
      const n = heat[yy * w + xx]!;
      // Ties go to the earlier cell in row order, so a flat two-cell peak yields one plate.
      if (n > v || (n === v && yy * w + xx < y * w + x)) return false;
    }
  }
  return true;
}

/**
 * Network input size for a frame scaled by `scale`: each side rounded up to a multiple of PLATE_NET_ALIGN
 * (the input is padded, not resized, to it).
 */
export function plateNetInputSize(width: number, height: number, scale: number): { width: number; height: number } {
  const round = (v: number): number => Math.max(PLATE_NET_ALIGN, Math.ceil(v / PLATE_NET_ALIGN - 1e-9) * PLATE_NET_ALIGN);
  return { width: round(width * scale), height: round(height * scale) };
}

/** A proposal in network-input coordinates mapped back to the frame (sx, sy: frame px per input px). */
export function toFrame(p: PlateProposal, sx: number, sy: number): PlateProposal {
  return { score: p.score, rect: scaleRect(p.rect, sx, sy) };
}
