// Measurements shared by the pipeline integration tests: decode two videos side by side and compare what the
// obscuring did to their pixels (plate detail gone inside, nothing changed outside), plus ffprobe facts.
import { execa } from 'execa';
import { boundingBox } from '../../src/geometry/polygon.js';
import { featherWidth, paddedShape } from '../../src/obscuring/index.js';
import { DEFAULT_OBSCURE_OPTIONS } from '../../src/pipeline/index.js';
import type { Box, Frame, Polygon, VideoInfo } from '../../src/types.js';
import { decodeFrames, locateFfmpeg, probeVideo } from '../../src/video/index.js';

/** Luma (BT.601 weights) of pixel (x, y) of a packed RGB24 frame. */
export function lumaAt(frame: Frame, x: number, y: number): number {
  const i = (y * frame.width + x) * 3;
  return 0.299 * frame.data[i]! + 0.587 * frame.data[i + 1]! + 0.114 * frame.data[i + 2]!;
}

/** Integer pixel bounds [x0, x1) x [y0, y1) of `box` shrunk by `erode` px on every side and clipped to the frame. */
export function innerPixels(box: Box, erode: number, width: number, height: number) {
  return {
    x0: Math.max(0, Math.ceil(box.x + erode)),
    y0: Math.max(0, Math.ceil(box.y + erode)),
    x1: Math.min(width, Math.floor(box.x + box.width - erode)),
    y1: Math.min(height, Math.floor(box.y + box.height - erode)),
  };
}

/**
 * The scorer's detail measure (fixtures/score.py): mean Sobel magnitude (|gx| + |gy|) / 4 of the luma over the
 * box eroded by `erode` px, skipping the frame's border row/column. NaN when fewer than 6 pixels remain.
 */
export function meanDetail(frame: Frame, box: Box, erode = 2): number {
  const r = innerPixels(box, erode, frame.width, frame.height);
  const x0 = Math.max(1, r.x0);
  const y0 = Math.max(1, r.y0);
  const x1 = Math.min(frame.width - 1, r.x1);
  const y1 = Math.min(frame.height - 1, r.y1);
  let sum = 0;
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const l = (dx: number, dy: number) => lumaAt(frame, x + dx, y + dy);
      const gx = l(1, -1) + 2 * l(1, 0) + l(1, 1) - l(-1, -1) - 2 * l(-1, 0) - l(-1, 1);
      const gy = l(-1, 1) + 2 * l(0, 1) + l(1, 1) - l(-1, -1) - 2 * l(0, -1) - l(1, -1);
      sum += (Math.abs(gx) + Math.abs(gy)) / 4;
      count++;
    }
  }
  return count >= 6 ? sum / count : Number.NaN;
}

/** Fraction of `box` (clipped) that lies inside a `width x height` frame. */
export function visibleFraction(box: Box, width: number, height: number): number {
  const w = Math.max(0, Math.min(width, box.x + box.width) - Math.max(0, box.x));
  const h = Math.max(0, Math.min(height, box.y + box.height) - Math.max(0, box.y));
  return (w * h) / (box.width * box.height);
}

/** Mean absolute luma difference of two frames over `box` (clipped), comparing top-left-aligned pixels. */
export function meanAbsDiffIn(a: Frame, b: Frame, box: Box): number {
  const r = innerPixels(box, 0, Math.min(a.width, b.width), Math.min(a.height, b.height));
  let sum = 0;
  let count = 0;
  for (let y = r.y0; y < r.y1; y++) {
    for (let x = r.x0; x < r.x1; x++) {
      sum += Math.abs(lumaAt(a, x, y) - lumaAt(b, x, y));
      count++;
    }
  }
  return count > 0 ? sum / count : 0;
}

export interface OutsideChange {
  /** Mean |luma difference| over pixels outside every exclusion box. */
  meanAbsDiff: number;
  /** Fraction of those pixels whose luma differs by more than 24 levels (the scorer's "changed" level). */
  changedFraction: number;
  pixels: number;
}

/**
 * How much `b` differs from `a` outside every box of `exclude` (top-left-aligned, over `width x height`,
 * which may be smaller than either frame: an odd-sized input's output carries one padding column/row).
 */
export function changeOutside(a: Frame, b: Frame, exclude: Box[], width = a.width, height = a.height): OutsideChange {
  const inside = new Uint8Array(width * height);
  for (const box of exclude) {
    const r = innerPixels(box, 0, width, height);
    for (let y = r.y0; y < r.y1; y++) inside.fill(1, y * width + r.x0, y * width + Math.max(r.x0, r.x1));
  }
  let sum = 0;
  let changed = 0;
  let pixels = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (inside[y * width + x]) continue;
      const d = Math.abs(lumaAt(a, x, y) - lumaAt(b, x, y));
      sum += d;
      if (d > 24) changed++;
      pixels++;
    }
  }
  return { meanAbsDiff: pixels ? sum / pixels : 0, changedFraction: pixels ? changed / pixels : 0, pixels };
}

/**
 * The box outside which obscuring may not touch a pixel for plate `polygon`: the polygon grown by the padding,
 * then by the feather width, then by 2 px for codec bleed (4:2:0 chroma, block edges).
 */
export function reachOf(
  polygon: Polygon,
  padding = DEFAULT_OBSCURE_OPTIONS.paddingWidth,
  paddingHeight = DEFAULT_OBSCURE_OPTIONS.paddingHeight,
): Box {
  const padded = boundingBox(paddedShape(polygon, { paddingWidth: padding, paddingHeight }));
  const plate = boundingBox(polygon);
  const margin = featherWidth(plate.height) + 2;
  return { x: padded.x - margin, y: padded.y - margin, width: padded.width + 2 * margin, height: padded.height + 2 * margin };
}

export function boxPolygon(box: Box): Polygon {
  return [
    [box.x, box.y],
    [box.x + box.width, box.y],
    [box.x + box.width, box.y + box.height],
    [box.x, box.y + box.height],
  ];
}

/** Decode two videos in lockstep; `visit` sees frame i of each. Returns the number of frame pairs. */
export async function forEachFramePair(
  a: string,
  b: string,
  visit: (fa: Frame, fb: Frame, index: number) => void,
): Promise<{ count: number; infoA: VideoInfo; infoB: VideoInfo }> {
  const infoA = await probeVideo(a);
  const infoB = await probeVideo(b);
  const ga = decodeFrames(infoA);
  const gb = decodeFrames(infoB);
  let count = 0;
  for (;;) {
    const [na, nb] = await Promise.all([ga.next(), gb.next()]);
    if (na.done || nb.done) {
      if (!na.done || !nb.done) throw new Error(`${a} and ${b} decode to different frame counts (stopped at ${count})`);
      break;
    }
    visit(na.value, nb.value, count);
    count++;
  }
  return { count, infoA, infoB };
}

/** Frames ffprobe counts by decoding the first video stream (`-count_frames`). */
export async function countFrames(file: string): Promise<number> {
  const { ffprobe } = await locateFfmpeg();
  const { stdout } = await execa(ffprobe, [
    '-v',
    'error',
    '-count_frames',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=nb_read_frames',
    '-of',
    'json',
    file,
  ]);
  // JSON, because csv output also carries side data (a rotated stream's display matrix).
  const streams = (JSON.parse(stdout) as { streams?: { nb_read_frames?: string }[] }).streams ?? [];
  return Number(streams[0]?.nb_read_frames);
}

/** Presentation times (ms from the first) of the first video stream's packets, in display order. */
export async function videoPacketTimesMs(file: string): Promise<number[]> {
  const { ffprobe } = await locateFfmpeg();
  const { stdout } = await execa(ffprobe, [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'packet=pts_time',
    '-of',
    'csv=p=0',
    file,
  ]);
  const times = stdout
    .split('\n')
    .filter(Boolean)
    .map(Number)
    .sort((x, y) => x - y);
  return times.map((t) => (t - times[0]!) * 1000);
}

/** MD5 of the audio packets as stored (stream copy), or '' when there is no audio stream. */
export async function audioPacketsMd5(file: string): Promise<string> {
  const { ffprobe, ffmpeg } = await locateFfmpeg();
  const { stdout: streams } = await execa(ffprobe, [
    '-v',
    'error',
    '-select_streams',
    'a',
    '-show_entries',
    'stream=index',
    '-of',
    'csv=p=0',
    file,
  ]);
  if (streams.trim() === '') return '';
  const { stdout } = await execa(ffmpeg, ['-v', 'error', '-i', file, '-map', '0:a', '-c', 'copy', '-f', 'md5', '-']);
  return stdout.trim().replace(/^MD5=/, '');
}
