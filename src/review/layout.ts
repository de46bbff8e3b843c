// Geometry of the review sheet: where each tile is cut from its frame and where it sits (pure; unit-tested).
import { boundingBox } from '../geometry/polygon.js';
import type { Box, Polygon } from '../types.js';

/** Tiles on one sheet; the rest of the tracks are counted ("+N more tracks") and drawn in the timeline. */
export const MAX_TILES = 24;
export const TILE_WIDTH = 256;
export const TILE_HEIGHT = 192;
export const MAX_COLUMNS = 6;
/** The sheet is never wider than this (tiles and timeline included). */
export const MAX_SHEET_WIDTH = 2048;

/**
 * The part of a `width x height` frame a tile shows around a cover: the cover's box grown to three times its
 * width (at least 160 px wide and eight times its height), 4:3 like the tile, moved inside the frame and
 * shrunk to it when the frame is smaller. Whole pixels.
 */
export function tileCrop(cover: Polygon, width: number, height: number): Box {
  const box = boundingBox(cover);
  let w = Math.max(box.width * 3, box.height * 8, 160);
  let h = (w * TILE_HEIGHT) / TILE_WIDTH;
  if (w > width) {
    w = width;
    h = (w * TILE_HEIGHT) / TILE_WIDTH;
  }
  if (h > height) {
    h = height;
    w = Math.min(width, (h * TILE_WIDTH) / TILE_HEIGHT);
  }
  w = Math.max(1, Math.round(w));
  h = Math.max(1, Math.round(h));
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const x = Math.min(Math.max(0, Math.round(cx - w / 2)), width - w);
  const y = Math.min(Math.max(0, Math.round(cy - h / 2)), height - h);
  return { x, y, width: w, height: h };
}

/** `83456` -> `1:23.5`: minutes and seconds to a tenth, as the sheet labels spans. */
export function formatSpanTime(ms: number): string {
  const tenths = Math.max(0, Math.round(ms / 100));
  const minutes = Math.floor(tenths / 600);
  const seconds = (tenths % 600) / 10;
  return `${minutes}:${seconds.toFixed(1).padStart(4, '0')}`;
}

/** Columns of a sheet with `tiles` tiles: as many as fit, up to MAX_COLUMNS. */
export function columnsFor(tiles: number): number {
  return Math.max(1, Math.min(MAX_COLUMNS, tiles));
}

/** Seconds between the timeline's tick marks: about eight ticks whatever the video's length. */
export function tickStepSeconds(durationMs: number): number {
  const seconds = durationMs / 1000;
  for (const step of [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600]) if (seconds / step <= 10) return step;
  return 7200;
}

/**
 * Covered spans of a track from its entry times: consecutive entries closer than two frames apart belong to
 * one span (a gap in the history is a gap in the cover).
 */
export function coverSpans(timestampsMs: readonly number[], frameMs: number): [number, number][] {
  const spans: [number, number][] = [];
  for (const t of timestampsMs) {
    const last = spans.at(-1);
    if (last && t - last[1] <= 2 * frameMs + 1e-6) last[1] = t;
    else spans.push([t, t]);
  }
  return spans;
}
