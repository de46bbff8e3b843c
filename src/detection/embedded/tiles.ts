// Tiles for looking at a frame larger than the detector input at its own resolution.
import type { Box } from '../../types.js';

/** A tile of a native-resolution look and the part of it (its core) whose text lines it reports. */
export interface NativeTile extends Box {
  core: { x0: number; y0: number; x1: number; y1: number };
}

/** Overlap of neighbouring native tiles: a plate up to this wide lies whole in one of them (larger ones the shrunk pass sees). */
const NATIVE_TILE_OVERLAP = 128;

/**
 * Tiles covering a width x height frame at its own resolution, each at most 3/4 of `maxSide` on a side
 * plus the overlap (no larger than the detector's shrunk input), overlapping by NATIVE_TILE_OVERLAP. The
 * cores split the frame without gaps or overlap, at the middle of each overlap.
 */
export function nativeTiles(width: number, height: number, maxSide: number): NativeTile[] {
  const step = (maxSide * 3) / 4;
  const spans = (size: number): [number, number, number, number][] => {
    const n = Math.max(1, Math.ceil(size / step));
    const edges = Array.from({ length: n + 1 }, (_, i) => Math.round((i * size) / n));
    return edges.slice(0, n).map((start, i) => {
      const end = edges[i + 1]!;
      const from = Math.max(0, start - (i > 0 ? NATIVE_TILE_OVERLAP / 2 : 0));
      const to = Math.min(size, end + (i < n - 1 ? NATIVE_TILE_OVERLAP / 2 : 0));
      return [from, to, i === 0 ? -Infinity : start, i === n - 1 ? Infinity : end];
    });
  };
  const tiles: NativeTile[] = [];
  for (const [y, y1, cy0, cy1] of spans(height)) {
    for (const [x, x1, cx0, cx1] of spans(width)) {
      tiles.push({ x, y, width: x1 - x, height: y1 - y, core: { x0: cx0, y0: cy0, x1: cx1, y1: cy1 } });
    }
  }
  return tiles;
}
