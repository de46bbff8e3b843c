// A video with nothing to cover is written as a stream copy of its input (no decode, no libx264): its video
// packets come out bit for bit, its audio as the encode would carry it. A video with a plate is still
// re-encoded with its cover, and a video the copy cannot stand for (rotated) is re-encoded as before.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFfmpeg } from '../../src/video/ffmpeg.js';
import { probeVideoDetails } from '../../src/video/index.js';
import { type ClipOptions, makeClip, plateBoxAt } from '../helpers/synth.js';
import { audioPacketsMd5, forEachFramePair, meanDetail } from './pipeline-measure.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repoRoot, 'bin/number-jam.js');
const COPY_NOTE = 'number-jam: nothing to cover: the video stream is copied as it is, not re-encoded';

/** SHA-256 of the first video stream's packets, read without decoding (equal only for the same coded video; the `hash` muxer, which ffmpeg 4 has, unlike `streamhash`). */
async function videoPacketsHash(file: string): Promise<string> {
  const { ffmpeg } = await locateFfmpeg();
  const { stdout } = await execa(ffmpeg, ['-v', 'error', '-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'hash', '-hash', 'sha256', '-']);
  return stdout.trim();
}

async function redact(input: string, output: string): Promise<{ exitCode: number | undefined; stderr: string }> {
  const result = await execa(process.execPath, [cli, 'redact', '-i', input, '-o', output, '--engine', 'embedded'], {
    reject: false,
    timeout: 300_000,
  });
  return { exitCode: result.exitCode, stderr: result.stderr };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nj-stream-copy-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('redact on a plate-free clip', () => {
  it('copies the video stream instead of encoding it, keeps the audio, and leaves no temporary', async () => {
    const input = await makeClip({ width: 320, height: 240, fps: 25, frames: 25, audio: true, path: path.join(dir, 'clean.mp4') });
    const output = path.join(dir, 'clean.redacted.mp4');
    const run = await redact(input, output);
    expect(run.exitCode).toBe(0);
    expect(run.stderr.split('\n')).toContain(COPY_NOTE);
    expect(await videoPacketsHash(output)).toBe(await videoPacketsHash(input));
    expect(await audioPacketsMd5(output)).toBe(await audioPacketsMd5(input));
    const [inDetails, outDetails] = await Promise.all([probeVideoDetails(input), probeVideoDetails(output)]);
    expect(outDetails.timestampsMs).toEqual(inDetails.timestampsMs);
    expect((await readdir(dir)).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  it('re-encodes a rotated clip (the output is stored upright) and says why', async () => {
    const input = await makeClip({ width: 120, height: 160, fps: 25, frames: 10, rotation: 90, path: path.join(dir, 'turned.mp4') });
    const output = path.join(dir, 'turned.redacted.mp4');
    const run = await redact(input, output);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('nothing to cover, but the video is re-encoded: its video is stored turned by 90 degrees');
    expect(await videoPacketsHash(output)).not.toBe(await videoPacketsHash(input));
    const details = await probeVideoDetails(output);
    expect([details.info.width, details.info.height, details.info.rotation]).toEqual([120, 160, 0]);
  });
});

describe('redact on a clip with a plate', () => {
  const opts: ClipOptions = { width: 640, height: 360, fps: 25, frames: 15, plate: true };
  it('still encodes it, with the plate covered', async () => {
    const input = await makeClip({ ...opts, path: path.join(dir, 'plate.mp4') });
    const output = path.join(dir, 'plate.redacted.mp4');
    const run = await redact(input, output);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).not.toContain('nothing to cover');
    expect(await videoPacketsHash(output)).not.toBe(await videoPacketsHash(input));
    const lost: number[] = [];
    await forEachFramePair(input, output, (fin, fout, index) => {
      const box = plateBoxAt(opts, index);
      lost.push(meanDetail(fout, box) / Math.max(1e-6, meanDetail(fin, box)));
    });
    expect(lost).toHaveLength(opts.frames);
    // Every frame's plate keeps at most a quarter of its detail (the scorer's criterion).
    expect(Math.max(...lost)).toBeLessThan(0.25);
  });
});

/** ffprobe's view of a file's first video stream with the given extra options (`-ignore_editlist 1`, `-flags2 +ignorecrop`). */
async function storedView(file: string, extra: string[]): Promise<{ frames: number; width: number; height: number }> {
  const { ffprobe } = await locateFfmpeg();
  const { stdout } = await execa(ffprobe, [
    '-v',
    'error',
    ...extra,
    '-select_streams',
    'v:0',
    '-count_packets',
    '-show_entries',
    'stream=width,height,nb_read_packets',
    '-of',
    'json',
    file,
  ]);
  const stream = (JSON.parse(stdout) as { streams: { width: number; height: number; nb_read_packets: string }[] }).streams[0]!;
  return { frames: Number(stream.nb_read_packets), width: stream.width, height: stream.height };
}

describe('redact on a plate-free clip that stores pictures players do not show', () => {
  it('re-encodes a -c copy cut whose edit list hides pre-roll frames: the output stores only the frames detection saw', async () => {
    const { ffmpeg } = await locateFfmpeg();
    const mix = path.join(dir, 'mix.mp4');
    // A white "plate" in the first 0.8 s, one keyframe for the whole clip; the cut at 1.0 s keeps the frames
    // before it as pre-roll, hidden by the MP4 edit list.
    await execa(ffmpeg, [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=320x240:rate=25:duration=2.4',
      '-vf',
      "drawbox=x=40:y=150:w=80:h=24:color=white:t=fill:enable='lt(t,0.8)'",
      '-c:v',
      'libx264',
      '-g',
      '100',
      '-bf',
      '0',
      '-x264-params',
      'scenecut=0',
      '-pix_fmt',
      'yuv420p',
      mix,
    ]);
    const cut = path.join(dir, 'cut.mp4');
    await execa(ffmpeg, ['-v', 'error', '-y', '-ss', '1.0', '-i', mix, '-c', 'copy', cut]);
    const shown = (await probeVideoDetails(cut)).timestampsMs.length;
    expect((await storedView(cut, ['-ignore_editlist', '1'])).frames).toBeGreaterThan(shown);

    const output = path.join(dir, 'cut.redacted.mp4');
    const run = await redact(cut, output);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).not.toContain(COPY_NOTE);
    expect(run.stderr).toMatch(/nothing to cover, but the video is re-encoded: it stores \d+ picture\(s\) that players do not show/);
    expect((await storedView(output, ['-ignore_editlist', '1'])).frames).toBe(shown);
  });

  it('re-encodes a clip whose H.264 cropping hides stored rows: the output stores only the shown rows', async () => {
    const { ffmpeg } = await locateFfmpeg();
    const clean = await makeClip({ width: 320, height: 240, fps: 25, frames: 10, path: path.join(dir, 'uncropped.mp4') });
    const cropped = path.join(dir, 'cropped.mp4');
    await execa(ffmpeg, ['-v', 'error', '-y', '-i', clean, '-c', 'copy', '-bsf:v', 'h264_metadata=crop_bottom=32', cropped]);
    expect(await storedView(cropped, ['-flags2', '+ignorecrop'])).toMatchObject({ width: 320, height: 240 });

    const output = path.join(dir, 'cropped.redacted.mp4');
    const run = await redact(cropped, output);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).not.toContain(COPY_NOTE);
    expect(run.stderr).toContain('nothing to cover, but the video is re-encoded: its H.264 cropping hides stored pixels');
    expect(await storedView(output, ['-flags2', '+ignorecrop'])).toMatchObject({ width: 320, height: 208 });
  });
});
