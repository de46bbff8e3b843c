// Small synthetic clips made by ffmpeg itself, for video and pipeline tests.
//
// Every clip shows lavfi `testsrc` (a moving colour pattern with a frame counter). With `plate: true` a white
// rectangle with dark characters moves across it in a straight line at whole pixels per frame, so its box on
// every frame is known exactly: see plateBoxAt. All geometry is in DISPLAYED coordinates: for a rotated clip the
// pixels are stored turned the other way and tagged with the rotation, so that a player (and decodeFrames) shows
// a `width x height` picture with the plate at plateBoxAt.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { Box } from '../../src/types.js';
import { locateFfmpeg } from '../../src/video/ffmpeg.js';

export interface ClipOptions {
  /** Displayed size (after rotation). */
  width: number;
  height: number;
  /** Nominal frame rate (default 30). For VFR clips see clipTimestampsMs. */
  fps?: number;
  frames: number;
  /** Add a 440 Hz AAC stereo tone as long as the video. */
  audio?: boolean;
  /** Clockwise display rotation stored as container metadata. */
  rotation?: 0 | 90 | 180 | 270;
  /** Alternate short and long frame intervals (see clipTimestampsMs). */
  vfr?: boolean;
  /** Encoder pixel format (default yuv420p, or yuv444p for odd sizes, which 4:2:0 H.264 cannot hold). */
  pixFmt?: string;
  /** Draw the moving plate. */
  plate?: boolean;
  /** Output file (default: clip.mp4 in a new temp folder). */
  path?: string;
}

/** Characters written on the plate. */
export const PLATE_TEXT = 'NJ42AB';
const FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf';

/** Plate size and motion: size from the frame width, start at 10% / 55%, whole-pixel steps that keep it inside. */
export function plateMotion(opts: Pick<ClipOptions, 'width' | 'height' | 'frames'>): {
  width: number;
  height: number;
  x0: number;
  y0: number;
  vx: number;
  vy: number;
} {
  const width = Math.max(24, 2 * Math.round(opts.width * 0.1));
  const height = Math.max(8, Math.round(width / 4));
  const x0 = Math.round(opts.width * 0.1);
  const y0 = Math.min(Math.round(opts.height * 0.55), opts.height - height);
  const steps = Math.max(1, opts.frames - 1);
  const vx = Math.max(0, Math.min(4, Math.floor((opts.width - x0 - width) / steps)));
  const vy = Math.max(0, Math.min(1, Math.floor((opts.height - y0 - height) / steps)));
  return { width, height, x0, y0, vx, vy };
}

/**
 * The plate's box on frame `frameIndex` (displayed coordinates, pixels [x, x+width) x [y, y+height)):
 * x = x0 + vx * i, y = y0 + vy * i with the constants of plateMotion. Exact: drawbox paints these pixels
 * before encoding (edges are softened only by compression).
 */
export function plateBoxAt(opts: Pick<ClipOptions, 'width' | 'height' | 'frames'>, frameIndex: number): Box {
  const m = plateMotion(opts);
  return { x: m.x0 + m.vx * frameIndex, y: m.y0 + m.vy * frameIndex, width: m.width, height: m.height };
}

/**
 * Presentation time of every frame in ms. Constant rate: i * 1000 / fps. VFR: intervals alternate between
 * 0.6 and 1.4 nominal frames (20 ms and 46.67 ms at 30 fps): t_i = (10 * floor(i / 2) + 3 * (i % 2)) / (5 * fps).
 */
export function clipTimestampsMs(opts: Pick<ClipOptions, 'fps' | 'frames' | 'vfr'>): number[] {
  const fps = opts.fps ?? 30;
  return Array.from({ length: opts.frames }, (_, i) =>
    opts.vfr ? ((10 * Math.floor(i / 2) + 3 * (i % 2)) * 1000) / (5 * fps) : (i * 1000) / fps,
  );
}

/** Stored-pixel transform that a player's clockwise `rotation` turns back into the displayed picture. */
function unrotateFilter(rotation: number): string[] {
  switch (rotation) {
    case 90:
      return ['transpose=cclock'];
    case 180:
      return ['hflip', 'vflip'];
    case 270:
      return ['transpose=clock'];
    default:
      return [];
  }
}

/** Filter graph fragment drawing the plate on [0:v]; ends in `[bg]`. Overlay (format=rgb) places it at exact pixels. */
function plateGraph(opts: ClipOptions, fps: number): string {
  const m = plateMotion(opts);
  const fontSize = Math.max(6, Math.round(m.height * 0.7));
  // Frame number from the source timestamp: overlay's own `n` is off by one in some ffmpeg versions.
  const frameNumber = `round(t*${fps})`;
  const characters = existsSync(FONT_FILE)
    ? `drawtext=fontfile=${FONT_FILE}:text=${PLATE_TEXT}:fontcolor=0x202020:fontsize=${fontSize}:x=(w-text_w)/2:y=(h-text_h)/2`
    : // No font: six dark vertical bars stand in for the characters.
      Array.from(
        { length: 6 },
        (_, k) =>
          `drawbox=x=${Math.round(m.width * (0.1 + k * 0.14))}:y=${Math.round(m.height * 0.2)}` +
          `:w=${Math.max(1, Math.round(m.width * 0.06))}:h=${Math.max(1, Math.round(m.height * 0.6))}:color=0x202020:t=fill`,
      ).join(',');
  return (
    `color=c=white:s=${m.width}x${m.height}:r=${fps},format=rgb24,${characters}[plate];` +
    `[0:v][plate]overlay=x=${m.x0}+${m.vx}*${frameNumber}:y=${m.y0}+${m.vy}*${frameNumber}:format=rgb:shortest=1[bg]`
  );
}

/** Generate a clip with ffmpeg and return its path. */
export async function makeClip(opts: ClipOptions): Promise<string> {
  const fps = opts.fps ?? 30;
  const rotation = opts.rotation ?? 0;
  const out = opts.path ?? path.join(await mkdtemp(path.join(os.tmpdir(), 'nj-clip-')), 'clip.mp4');
  const timestamps = clipTimestampsMs({ ...opts, fps });
  const lastStepMs = timestamps.length > 1 ? timestamps.at(-1)! - timestamps.at(-2)! : 1000 / fps;
  const durationS = (timestamps.at(-1)! + (opts.vfr ? (1.4 * 1000) / fps : lastStepMs)) / 1000;
  const odd = opts.width % 2 === 1 || opts.height % 2 === 1;
  const pixFmt = opts.pixFmt ?? (odd ? 'yuv444p' : 'yuv420p');

  const filters: string[] = [];
  if (opts.vfr) {
    if (18000 % fps !== 0) throw new Error(`vfr clips need 18000 divisible by fps (got ${fps})`);
    filters.push('settb=1/90000', `setpts=(10*floor(N/2)+3*mod(N\\,2))*${18000 / fps}`);
  }
  filters.push(...unrotateFilter(rotation), `format=${pixFmt}`);

  const args = [
    '-nostdin',
    '-hide_banner',
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc=size=${opts.width}x${opts.height}:rate=${fps}`,
    ...(opts.audio ? ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${durationS}`] : []),
    '-filter_complex',
    `${opts.plate ? plateGraph(opts, fps) : '[0:v]null[bg]'};[bg]${filters.join(',')}[v]`,
    '-map',
    '[v]',
    ...(opts.audio ? ['-map', '1:a', '-c:a', 'aac', '-ac', '2', '-b:a', '96k'] : []),
    '-frames:v',
    String(opts.frames),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '16',
    '-pix_fmt',
    pixFmt,
    ...(opts.vfr ? ['-vsync', 'passthrough', '-enc_time_base:v', '1:90000', '-video_track_timescale', '90000'] : []),
    out,
  ];
  const { ffmpeg } = await locateFfmpeg();
  await execa(ffmpeg, args, { stdin: 'ignore' });
  if (rotation) await setDisplayRotation(out, rotation);
  return out;
}

/**
 * Write a clockwise display rotation into the first track's `tkhd` matrix. Done by hand because ffmpeg 5.1's
 * `-metadata rotate=` is dropped when transcoding and stored with the opposite sign when stream copying.
 */
export async function setDisplayRotation(file: string, rotation: 90 | 180 | 270): Promise<void> {
  const data = await readFile(file);
  const at = data.indexOf('tkhd');
  if (at < 4) throw new Error(`no tkhd box in ${file}`);
  const boxStart = at - 4;
  const version = data[boxStart + 8];
  const matrixOffset = boxStart + (version === 1 ? 60 : 48);
  const one = 0x10000;
  // [a b c d] of the 3x3 matrix (a, b, u, c, d, v, x, y, w); ffmpeg reads CW 90 as a=0, b=1, c=-1, d=0.
  const abcd = { 90: [0, one, -one, 0], 180: [-one, 0, 0, -one], 270: [0, -one, one, 0] }[rotation];
  const values = [abcd[0]!, abcd[1]!, 0, abcd[2]!, abcd[3]!, 0, 0, 0, 0x40000000];
  values.forEach((v, i) => {
    data.writeInt32BE(v, matrixOffset + 4 * i);
  });
  await writeFile(file, data);
}
