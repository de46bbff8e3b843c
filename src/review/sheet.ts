// The review sheet: one PNG per redacted video showing what was covered, cut from the redacted output.
// Drawn with sharp (the tiles are raw RGB crops; text, outlines and the timeline are one SVG on top).
import sharp, { type OverlayOptions } from 'sharp';
import type { Polygon } from '../types.js';
import { columnsFor, coverSpans, formatSpanTime, MAX_TILES, TILE_HEIGHT, TILE_WIDTH, tickStepSeconds } from './layout.js';

/** One track on the sheet. */
export interface SheetTrack {
  id: number;
  /** As the report shows it (per plate-text): '' = not read or not shown. */
  plate: string;
  firstMs: number;
  lastMs: number;
  /** Times of the track's covered frames (for the timeline). */
  timestampsMs: readonly number[];
  /** The tile: a crop of the redacted output around the cover where the plate was largest. */
  tile?: {
    width: number;
    height: number;
    /** Packed RGB24. */
    data: Buffer;
    /** The cover's outline in the crop's pixels. */
    cover: Polygon;
    atMs: number;
  };
}

export interface SheetInput {
  /** The video's name as the header shows it. */
  title: string;
  width: number;
  height: number;
  durationMs: number;
  fps: number;
  /** How the plate text is shown ('none' shows none). */
  plateText: 'full' | 'masked' | 'none';
  tracks: readonly SheetTrack[];
}

const MARGIN = 12;
const GAP = 8;
const HEADER = 34;
const LABEL = 40;
const ROW = 10;
const ROW_GAP = 3;
const ROW_LABEL = 54;
const AXIS = 24;
const FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';
const MONO = 'DejaVu Sans Mono, Menlo, Consolas, monospace';
const BACKGROUND = { r: 24, g: 26, b: 30 };
const COLOURS = ['#ffd23f', '#3bceac', '#ee4266', '#5aa9e6', '#f78c6b', '#c3f73a', '#b28dff', '#ff9cee'];

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function colourOf(position: number): string {
  return COLOURS[position % COLOURS.length]!;
}

/** Where a tile's crop goes on the sheet, at what size. */
export interface TilePlacement {
  tile: NonNullable<SheetTrack['tile']>;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The sheet's size, its drawing (labels, outlines, timeline) as SVG, and where the tiles go (pure). */
export function layoutReviewSheet(input: SheetInput): { width: number; height: number; svg: string; tiles: TilePlacement[] } {
  const shown = input.tracks.slice(0, MAX_TILES);
  const hidden = input.tracks.length - shown.length;
  const columns = columnsFor(shown.length);
  const rows = Math.ceil(shown.length / columns);
  const width = Math.max(640, MARGIN * 2 + columns * TILE_WIDTH + (columns - 1) * GAP);
  const gridTop = HEADER + MARGIN;
  const gridHeight = rows * (TILE_HEIGHT + LABEL) + (rows - 1) * GAP;
  const moreLine = hidden > 0 ? 22 : 0;
  const timelineTop = gridTop + gridHeight + moreLine + MARGIN + 16;
  const timelineRows = shown.length + (hidden > 0 ? 1 : 0);
  const height = timelineTop + timelineRows * (ROW + ROW_GAP) + AXIS + MARGIN;

  const svg: string[] = [];
  const text = (x: number, y: number, content: string, size: number, fill = '#e8e8e8', extra = '', family = FONT): void => {
    svg.push(`<text x="${x}" y="${y}" font-family="${family}" font-size="${size}" fill="${fill}" ${extra}>${escapeXml(content)}</text>`);
  };
  const seconds = (input.durationMs / 1000).toFixed(1);
  text(
    MARGIN,
    24,
    `${input.title} · ${input.tracks.length} cover${input.tracks.length === 1 ? '' : 's'} · ${input.width}×${input.height} · ${seconds} s`,
    16,
    '#ffffff',
    'font-weight="bold"',
  );

  const placements: TilePlacement[] = [];
  for (const [position, track] of shown.entries()) {
    const left = MARGIN + (position % columns) * (TILE_WIDTH + GAP);
    const top = gridTop + Math.floor(position / columns) * (TILE_HEIGHT + LABEL + GAP);
    const colour = colourOf(position);
    if (track.tile) {
      const { tile } = track;
      const scale = Math.min(TILE_WIDTH / tile.width, TILE_HEIGHT / tile.height);
      const w = Math.max(1, Math.round(tile.width * scale));
      const h = Math.max(1, Math.round(tile.height * scale));
      const ox = left + Math.floor((TILE_WIDTH - w) / 2);
      const oy = top + Math.floor((TILE_HEIGHT - h) / 2);
      placements.push({ tile, left: ox, top: oy, width: w, height: h });
      const points = tile.cover.map(([x, y]) => `${(ox + x * scale).toFixed(1)},${(oy + y * scale).toFixed(1)}`).join(' ');
      svg.push(`<polygon points="${points}" fill="none" stroke="${colour}" stroke-width="2" stroke-dasharray="5 3"/>`);
    } else {
      svg.push(`<rect x="${left}" y="${top}" width="${TILE_WIDTH}" height="${TILE_HEIGHT}" fill="#33363c"/>`);
      text(left + 10, top + TILE_HEIGHT / 2, 'no frame', 13, '#aaaaaa');
    }
    svg.push(`<rect x="${left}" y="${top + TILE_HEIGHT}" width="${TILE_WIDTH}" height="${LABEL}" fill="#2c2f36"/>`);
    svg.push(`<rect x="${left}" y="${top + TILE_HEIGHT}" width="4" height="${LABEL}" fill="${colour}"/>`);
    text(
      left + 10,
      top + TILE_HEIGHT + 16,
      `#${track.id}  ${formatSpanTime(track.firstMs)}–${formatSpanTime(track.lastMs)}`,
      13,
      '#ffffff',
    );
    const plate = input.plateText === 'none' ? '' : track.plate === '' ? 'unread' : track.plate;
    if (plate !== '') text(left + 10, top + TILE_HEIGHT + 33, plate, 13, track.plate === '' ? '#999999' : '#ffd23f', '', MONO);
  }
  if (hidden > 0)
    text(MARGIN, gridTop + gridHeight + 18, `+${hidden} more track${hidden === 1 ? '' : 's'} (in the timeline and the JSON document)`, 14);

  // Timeline: one row per shown track, one for the rest, bars where its cover is on.
  text(MARGIN, timelineTop - 6, 'covers on', 12, '#bbbbbb');
  const barLeft = MARGIN + ROW_LABEL;
  const barWidth = width - barLeft - MARGIN;
  const duration = Math.max(1, input.durationMs);
  const frameMs = 1000 / Math.max(1e-3, input.fps);
  const xOf = (ms: number): number => barLeft + (Math.min(Math.max(ms, 0), duration) / duration) * barWidth;
  const rowsOf: { label: string; colour: string; spans: [number, number][] }[] = shown.map((track, position) => ({
    label: `#${track.id}`,
    colour: colourOf(position),
    spans: coverSpans(track.timestampsMs, frameMs),
  }));
  if (hidden > 0) {
    rowsOf.push({
      label: `+${hidden}`,
      colour: '#aaaaaa',
      spans: input.tracks.slice(MAX_TILES).flatMap((track) => coverSpans(track.timestampsMs, frameMs)),
    });
  }
  for (const [row, entry] of rowsOf.entries()) {
    const y = timelineTop + row * (ROW + ROW_GAP);
    svg.push(`<rect x="${barLeft}" y="${y}" width="${barWidth}" height="${ROW}" fill="#2c2f36"/>`);
    text(MARGIN, y + ROW - 1, entry.label, 10, '#cccccc');
    for (const [from, to] of entry.spans) {
      const x0 = xOf(from - frameMs / 2);
      const x1 = Math.max(x0 + 1.5, xOf(to + frameMs / 2));
      svg.push(`<rect x="${x0.toFixed(1)}" y="${y}" width="${(x1 - x0).toFixed(1)}" height="${ROW}" fill="${entry.colour}"/>`);
    }
  }
  const axisY = timelineTop + rowsOf.length * (ROW + ROW_GAP) + 2;
  svg.push(`<rect x="${barLeft}" y="${axisY}" width="${barWidth}" height="1" fill="#888888"/>`);
  const step = tickStepSeconds(duration);
  for (let s = 0; s * 1000 <= duration + 1e-6; s += step) {
    const x = xOf(s * 1000);
    svg.push(`<rect x="${x.toFixed(1)}" y="${axisY}" width="1" height="5" fill="#888888"/>`);
    const anchor = x > width - MARGIN - 20 ? 'end' : x < barLeft + 20 ? 'start' : 'middle';
    text(anchor === 'end' ? width - MARGIN : x, axisY + 17, formatSpanTime(s * 1000), 10, '#aaaaaa', `text-anchor="${anchor}"`);
  }

  return {
    width,
    height,
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${svg.join('')}</svg>`,
    tiles: placements,
  };
}

/** Renders the sheet as PNG bytes. The tracks are shown in order; at most MAX_TILES get a tile. */
export async function renderReviewSheet(input: SheetInput): Promise<Buffer> {
  const { width, height, svg, tiles } = layoutReviewSheet(input);
  const composites: OverlayOptions[] = [];
  for (const placement of tiles) {
    const { tile } = placement;
    const resized = await sharp(tile.data, { raw: { width: tile.width, height: tile.height, channels: 3 } })
      .resize(placement.width, placement.height, { fit: 'fill', kernel: 'lanczos3' })
      .raw()
      .toBuffer();
    composites.push({
      input: resized,
      raw: { width: placement.width, height: placement.height, channels: 3 },
      left: placement.left,
      top: placement.top,
    });
  }
  composites.push({ input: Buffer.from(svg), left: 0, top: 0 });
  return sharp({ create: { width, height, channels: 3, background: BACKGROUND } })
    .composite(composites)
    .png({ palette: true, colours: 128, effort: 7, compressionLevel: 9 })
    .toBuffer();
}
