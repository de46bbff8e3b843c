import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { PlatesDocument } from '../../src/output/document.js';
import { sheetTracks } from '../../src/pipeline/sheet.js';
import {
  coverSpans,
  formatSpanTime,
  layoutReviewSheet,
  MAX_SHEET_WIDTH,
  renderReviewSheet,
  type SheetTrack,
  tickStepSeconds,
  tileCrop,
} from '../../src/review/index.js';
import type { Polygon } from '../../src/types.js';

const quad = (x: number, y: number, w: number, h: number): Polygon => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
];

function track(id: number, plate: string, withTile = true): SheetTrack {
  const data = Buffer.alloc(96 * 72 * 3, 90);
  return {
    id,
    plate,
    firstMs: id * 100,
    lastMs: id * 100 + 1500,
    timestampsMs: Array.from({ length: 46 }, (_, i) => id * 100 + (i * 1000) / 30),
    ...(withTile ? { tile: { width: 96, height: 72, data, cover: quad(30, 30, 36, 12), atMs: id * 100 } } : {}),
  };
}

describe('review sheet layout', () => {
  it('cuts a 4:3 crop around the cover, inside the frame', () => {
    const crop = tileCrop(quad(600, 400, 100, 25), 1280, 720);
    expect(crop.width / crop.height).toBeCloseTo(4 / 3, 1);
    expect(crop.x).toBeLessThanOrEqual(600);
    expect(crop.x + crop.width).toBeGreaterThanOrEqual(700);
    expect(crop.y).toBeLessThanOrEqual(400);
    expect(crop.y + crop.height).toBeGreaterThanOrEqual(425);
    // At the frame's corner it is moved inside; in a frame smaller than the crop, shrunk to it.
    const corner = tileCrop(quad(1250, 700, 30, 20), 1280, 720);
    expect(corner.x + corner.width).toBe(1280);
    expect(corner.y + corner.height).toBe(720);
    const small = tileCrop(quad(10, 10, 100, 20), 120, 60);
    expect(small.width).toBeLessThanOrEqual(120);
    expect(small.height).toBeLessThanOrEqual(60);
    expect(small.x).toBeGreaterThanOrEqual(0);
  });

  it('formats spans, splits covers at gaps and picks readable ticks', () => {
    expect(formatSpanTime(1234)).toBe('0:01.2');
    expect(formatSpanTime(4800)).toBe('0:04.8');
    expect(formatSpanTime(83456)).toBe('1:23.5');
    expect(coverSpans([0, 33, 66, 500, 533], 33.3)).toEqual([
      [0, 66],
      [500, 533],
    ]);
    expect(tickStepSeconds(6000)).toBe(1);
    expect(tickStepSeconds(600_000)).toBe(60);
  });

  it('shows at most 24 tiles, counts the rest, and stays within 2048 px', () => {
    const tracks = Array.from({ length: 30 }, (_, i) => track(i, `AB${i}`));
    const layout = layoutReviewSheet({
      title: 'clip.mp4',
      width: 1920,
      height: 1080,
      durationMs: 10_000,
      fps: 30,
      plateText: 'full',
      tracks,
    });
    expect(layout.tiles).toHaveLength(24);
    expect(layout.width).toBeLessThanOrEqual(MAX_SHEET_WIDTH);
    expect(layout.svg).toContain('+6 more tracks');
    expect(layout.svg).toContain('#0  0:00.0–0:01.5');
    expect(layout.svg).toContain('>AB23<');
    expect(layout.svg).not.toContain('>AB24<');
  });

  it('writes plate text as given, "unread" for none read, and nothing with plate-text none', () => {
    const input = { title: 'a<b>.mp4', width: 640, height: 360, durationMs: 2000, fps: 30, tracks: [track(1, 'AB1•••E'), track(2, '')] };
    const masked = layoutReviewSheet({ ...input, plateText: 'masked' }).svg;
    expect(masked).toContain('>AB1•••E<');
    expect(masked).toContain('>unread<');
    expect(masked).toContain('a&lt;b&gt;.mp4');
    const none = layoutReviewSheet({ ...input, tracks: [track(1, ''), track(2, '')], plateText: 'none' }).svg;
    expect(none).not.toContain('unread');
  });

  it('masks the plate text of the document per plate-text', () => {
    const document = {
      video: { width: 640, height: 360, fps: 30 },
      tracking: [
        { id: 0, plate: 'AB12CDE', region: 'gb', confidence: 90, history: [{ timestamp: 100, polygon: quad(1, 1, 40, 10) }] },
        { id: 1, plate: 'XY99ZZZ', region: 'gb', confidence: 90, history: [] },
      ],
    } as unknown as PlatesDocument;
    expect(sheetTracks(document, { tiles: new Map() }, 'masked').map((t) => t.plate)).toEqual(['AB1•••E']);
    expect(sheetTracks(document, { tiles: new Map() }, 'full').map((t) => t.plate)).toEqual(['AB12CDE']);
    expect(sheetTracks(document, { tiles: new Map() }, 'none').map((t) => t.plate)).toEqual(['']);
  });

  it('renders a PNG of the laid-out size, a few hundred KB at most', async () => {
    const tracks = Array.from({ length: 24 }, (_, i) => track(i, `AB${i}`));
    const png = await renderReviewSheet({
      title: 'clip.mp4',
      width: 1920,
      height: 1080,
      durationMs: 10_000,
      fps: 30,
      plateText: 'full',
      tracks,
    });
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    const layout = layoutReviewSheet({
      title: 'clip.mp4',
      width: 1920,
      height: 1080,
      durationMs: 10_000,
      fps: 30,
      plateText: 'full',
      tracks,
    });
    expect([meta.width, meta.height]).toEqual([layout.width, layout.height]);
    expect(png.length).toBeLessThan(600_000);
  });
});
