// Video I/O on generated clips (and one real fixture when present): probe facts, decode, encode round trips,
// errors for bad inputs, atomic output.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Frame, VideoInfo } from '../../src/types.js';
import { UserError } from '../../src/util/errors.js';
import { resetFfmpegCache } from '../../src/video/ffmpeg.js';
import {
  decodeFrames,
  locateFfmpeg,
  openEncoder,
  probeVideo,
  probeVideoDetails,
  withAtomicOutput,
  writeFileAtomic,
} from '../../src/video/index.js';
import { detailsOf } from '../../src/video/probe.js';
import { type ClipOptions, clipTimestampsMs, makeClip, plateBoxAt } from '../helpers/synth.js';
import { videoPacketTimesMs } from './pipeline-measure.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures');
const d01 = path.join(fixtures, 'd01_static.mp4');

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'nj-video-test-'));
});

async function decodeAll(info: VideoInfo, signal?: AbortSignal): Promise<Frame[]> {
  const frames: Frame[] = [];
  for await (const frame of decodeFrames(info, { signal })) frames.push(frame);
  return frames;
}

/** Mean luma of a box (luma is not smeared by 4:2:0 chroma at odd plate edges). */
function meanLuma(frame: Frame, x: number, y: number, w: number, h: number): number {
  let sum = 0;
  for (let yy = y; yy < y + h; yy++) {
    for (let xx = x; xx < x + w; xx++) {
      const i = (yy * frame.width + xx) * 3;
      sum += 0.299 * frame.data[i]! + 0.587 * frame.data[i + 1]! + 0.114 * frame.data[i + 2]!;
    }
  }
  return sum / (w * h);
}

/**
 * Luma PSNR over the top-left `width x height` pixels of two RGB24 frames (strides may differ). Luma, because
 * 4:2:0 chroma subsampling alone costs testsrc's saturated colour edges ~15 dB of RGB PSNR.
 */
function psnr(a: Frame, b: Frame, width = a.width, height = a.height): number {
  const luma = (f: Frame, i: number): number => 0.299 * f.data[i]! + 0.587 * f.data[i + 1]! + 0.114 * f.data[i + 2]!;
  let se = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = luma(a, (y * a.width + x) * 3) - luma(b, (y * b.width + x) * 3);
      se += d * d;
    }
  }
  const mse = se / (width * height);
  return mse === 0 ? 99 : 10 * Math.log10((255 * 255) / mse);
}

async function audioMd5(file: string): Promise<string> {
  const { ffmpeg } = await locateFfmpeg();
  const { stdout } = await execa(ffmpeg, ['-v', 'error', '-i', file, '-map', '0:a', '-c', 'copy', '-f', 'md5', '-']);
  return stdout.trim().replace(/^MD5=/, '');
}

/** Decode `input` and encode every frame unchanged to `output` (ultrafast, CRF 16). */
async function roundTrip(input: string, output: string): Promise<VideoInfo> {
  const info = await probeVideo(input);
  await withAtomicOutput(input, output, async (tmp) => {
    const encoder = await openEncoder(info, tmp, { crf: 16, preset: 'ultrafast' });
    try {
      for await (const frame of decodeFrames(info)) await encoder.write(frame.data);
      await encoder.finish();
    } catch (error) {
      await encoder.abort();
      throw error;
    }
  });
  return info;
}

async function expectUserError(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  const message = (error as Error).message;
  expect(message).toMatch(pattern);
  expect(message).not.toContain('\n');
}

describe('probeVideo', () => {
  it('reports size, rate, exact frame count, duration and audio of a constant-rate clip', async () => {
    const clip = await makeClip({ width: 320, height: 240, fps: 25, frames: 37, audio: true });
    const info = await probeVideo(clip);
    expect(info).toMatchObject({
      width: 320,
      height: 240,
      frameRate: '25/1',
      fps: 25,
      frameCount: 37,
      rotation: 0,
      hasAudio: true,
      pixelFormat: 'yuv420p',
      variableFrameRate: false,
    });
    expect(info.durationMs).toBeCloseTo(37 * 40, 6);
  });

  it('reports the displayed size and rotation of rotated clips', async () => {
    for (const rotation of [90, 270] as const) {
      const info = await probeVideo(await makeClip({ width: 120, height: 200, frames: 3, rotation }));
      expect(info).toMatchObject({ width: 120, height: 200, rotation });
    }
  });

  it('flags variable frame rate, 10-bit, odd sizes and full range', async () => {
    const vfr = await probeVideo(await makeClip({ width: 160, height: 120, frames: 12, vfr: true }));
    expect(vfr.variableFrameRate).toBe(true);
    expect(vfr.frameCount).toBe(12);
    const tenBit = await probeVideo(await makeClip({ width: 160, height: 120, frames: 3, pixFmt: 'yuv420p10le' }));
    expect(tenBit.pixelFormat).toBe('yuv420p10le');
    const odd = await probeVideo(await makeClip({ width: 161, height: 121, frames: 3 }));
    expect([odd.width, odd.height, odd.frameCount]).toEqual([161, 121, 3]);
  });

  it('rejects bad inputs with one-line UserErrors', async () => {
    await expectUserError(probeVideo(path.join(workDir, 'missing.mp4')), /not found/);
    await expectUserError(probeVideo(workDir), /folder/);
    const text = path.join(workDir, 'notes.mp4');
    await writeFile(text, 'this is not a video\n'.repeat(50));
    await expectUserError(probeVideo(text), /not a readable video/);
    const empty = path.join(workDir, 'empty.mp4');
    await writeFile(empty, '');
    await expectUserError(probeVideo(empty), /empty/);

    const { ffmpeg } = await locateFfmpeg();
    const audioOnly = path.join(workDir, 'tone.m4a');
    await execa(ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=duration=0.5', '-c:a', 'aac', audioOnly]);
    await expectUserError(probeVideo(audioOnly), /no video stream/);

    const noFrames = path.join(workDir, 'noframes.mkv');
    await execa(ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=64x64', '-frames:v', '0', '-c:v', 'libx264', noFrames]);
    await expectUserError(probeVideo(noFrames), /no (video stream|frames)|not a readable/);

    const whole = await readFile(await makeClip({ width: 320, height: 240, frames: 30 }));
    const truncated = path.join(workDir, 'truncated.mp4');
    await writeFile(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
    await expectUserError(probeVideo(truncated), /truncated|corrupt/);
  });

  it("counts only the video's frames when a cover picture is stored as another video stream", async () => {
    // The packet listing reads every video stream at once (alongside the stream listing): the cover's packet
    // must not become a frame.
    const { ffmpeg } = await locateFfmpeg();
    const cover = path.join(workDir, 'cover.png');
    await execa(ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=1', '-frames:v', '1', cover]);
    const clip = await makeClip({ width: 160, height: 120, fps: 25, frames: 20 });
    const withCover = path.join(workDir, 'with-cover.mp4');
    // biome-ignore format: one ffmpeg command line
    await execa(ffmpeg, ['-v', 'error', '-y', '-i', clip, '-i', cover, '-map', '0:v', '-map', '1', '-c', 'copy', '-disposition:v:1', 'attached_pic', withCover]);
    const details = await probeVideoDetails(withCover);
    expect(details.otherStreams).toEqual([expect.objectContaining({ kind: 'cover picture' })]);
    expect(details.info.frameCount).toBe(20);
    expect(details.timestampsMs).toEqual(clipTimestampsMs({ fps: 25, frames: 20 }));
    // Probed details are passed on as they are; a VideoInfo that no longer matches the file is refused.
    expect(await detailsOf(details)).toBe(details);
    await expectUserError(detailsOf({ ...details.info, width: 162 }), /changed since it was probed/);
    const frames = [];
    for await (const frame of decodeFrames(details)) frames.push(frame.timestampMs);
    expect(frames).toEqual(details.timestampsMs);
  });
});

describe('decodeFrames', () => {
  it('yields every frame once, RGB24 at the displayed size, plate where synth drew it', async () => {
    const opts: ClipOptions = { width: 240, height: 320, frames: 8, plate: true, rotation: 90 };
    const info = await probeVideo(await makeClip(opts));
    const frames = await decodeAll(info);
    expect(frames.map((f) => f.index)).toEqual([...Array(8).keys()]);
    for (const frame of frames) {
      expect([frame.width, frame.height, frame.data.length]).toEqual([240, 320, 240 * 320 * 3]);
      const box = plateBoxAt(opts, frame.index);
      // Left and right margins of the plate are white; one plate-width to the left they are not all white.
      expect(meanLuma(frame, box.x + 1, box.y + 1, 2, box.height - 2)).toBeGreaterThan(235);
      expect(meanLuma(frame, box.x + box.width - 3, box.y + 1, 2, box.height - 2)).toBeGreaterThan(235);
    }
  });

  it('gives the real presentation times of a VFR clip', async () => {
    const opts = { width: 160, height: 120, frames: 12, vfr: true };
    const info = await probeVideo(await makeClip(opts));
    const times = (await decodeAll(info)).map((f) => f.timestampMs);
    const expected = clipTimestampsMs(opts);
    times.forEach((t, i) => {
      expect(t).toBeCloseTo(expected[i]!, 3);
    });
  });

  it('keeps the levels of full-range and 10-bit input (same picture as 8-bit limited range)', async () => {
    const base = { width: 160, height: 120, frames: 2, plate: true };
    const reference = await decodeAll(await probeVideo(await makeClip(base)));
    for (const pixFmt of ['yuvj420p', 'yuv420p10le']) {
      const other = await decodeAll(await probeVideo(await makeClip({ ...base, pixFmt })));
      expect(psnr(reference[1]!, other[1]!)).toBeGreaterThan(30);
      const box = plateBoxAt(base, 1);
      expect(meanLuma(other[1]!, box.x + 1, box.y + 1, 2, box.height - 2)).toBeGreaterThan(240);
    }
  });

  it('decodes odd sizes', async () => {
    const info = await probeVideo(await makeClip({ width: 161, height: 121, frames: 3, plate: true }));
    const frames = await decodeAll(info);
    expect(frames.map((f) => f.data.length)).toEqual([1, 2, 3].map(() => 161 * 121 * 3));
  });

  it('stops ffmpeg when aborted or when the consumer stops early', async () => {
    const info = await probeVideo(await makeClip({ width: 320, height: 240, frames: 60 }));
    const controller = new AbortController();
    let seen = 0;
    const run = (async () => {
      for await (const frame of decodeFrames(info, { signal: controller.signal })) {
        seen = frame.index + 1;
        if (seen === 5) controller.abort();
      }
    })();
    await expect(run).rejects.toThrow(/abort/i);
    expect(seen).toBe(5);
    for await (const frame of decodeFrames(info)) if (frame.index === 2) break;
  });

  it('rejects a stream corrupted mid-way with a UserError', async () => {
    const whole = await readFile(await makeClip({ width: 320, height: 240, frames: 60 }));
    const corrupt = Buffer.from(whole);
    // Overwrite a stretch in the middle of mdat (the moov is at the end without faststart).
    for (let i = Math.floor(whole.length * 0.3); i < Math.floor(whole.length * 0.5); i++) corrupt[i] = (i * 7919) & 0xff;
    const file = path.join(workDir, 'corrupt.mp4');
    await writeFile(file, corrupt);
    const attempt = (async () => decodeAll(await probeVideo(file)))();
    await expectUserError(attempt, /corrupt|cannot decode|truncated|unreadable/);
  });
});

describe('openEncoder round trip', () => {
  it('keeps frame count, duration, timestamps, audio packets and pixels', async () => {
    const input = await makeClip({ width: 320, height: 240, frames: 45, audio: true, plate: true });
    const output = path.join(workDir, 'cfr-out.mp4');
    const info = await roundTrip(input, output);
    const out = await probeVideo(output);
    expect(out.frameCount).toBe(info.frameCount);
    expect(Math.abs(out.durationMs - info.durationMs)).toBeLessThanOrEqual(1000 / info.fps);
    expect([out.width, out.height, out.variableFrameRate, out.frameRate]).toEqual([320, 240, false, '30/1']);
    expect(await audioMd5(output)).toBe(await audioMd5(input));
    const [a, b] = [await decodeAll(info), await decodeAll(out)];
    for (const i of [0, 22, 44]) expect(psnr(a[i]!, b[i]!)).toBeGreaterThan(35);
    const { ffprobe } = await locateFfmpeg();
    const tags = await execa(ffprobe, [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=codec_name,pix_fmt,color_space',
      '-of',
      'csv=p=0',
      output,
    ]);
    expect(tags.stdout.trim()).toBe('h264,yuv420p,smpte170m');
  });

  it('reproduces VFR timing frame by frame', async () => {
    const opts = { width: 160, height: 120, frames: 20, vfr: true };
    const input = await makeClip(opts);
    const output = path.join(workDir, 'vfr-out.mp4');
    await roundTrip(input, output);
    const [inTimes, outTimes] = [await videoPacketTimesMs(input), await videoPacketTimesMs(output)];
    expect(outTimes).toHaveLength(20);
    outTimes.forEach((t, i) => {
      expect(t).toBeCloseTo(inTimes[i]!, 2);
    });
    expect((await probeVideo(output)).variableFrameRate).toBe(true);
  });

  it('keeps every frame of a `-c copy` cut at 720p, whose last frame follows a gap, with each ffmpeg it may use', async () => {
    // `-t 2 -c copy` keeps the frames the cut GOP needs: 51 at 25 fps and one shown 120 ms later. Such a clip is
    // timed (Matroska) input to the encoder; at 720p ffmpeg's probe saw too few frames to know their rate, and the
    // MP4 muxer cut the last frame off the edit list, so a redaction of an ordinary cut clip was refused.
    const source = await makeClip({ width: 1280, height: 720, fps: 25, frames: 75 });
    const cut = path.join(workDir, 'cut-720.mp4');
    const { ffmpeg } = await locateFfmpeg();
    await execa(ffmpeg, ['-v', 'error', '-y', '-i', source, '-t', '2', '-c', 'copy', cut]);
    const inTimes = await videoPacketTimesMs(cut);
    expect(inTimes.length).toBeGreaterThan(50);
    const staticBuild = path.join(repoRoot, 'node_modules/@ffmpeg-installer/linux-x64/ffmpeg');
    const builds = [undefined, ...(existsSync(staticBuild) ? [staticBuild] : [])];
    const saved = process.env.FFMPEG_PATH;
    try {
      for (const [i, build] of builds.entries()) {
        if (build) process.env.FFMPEG_PATH = build;
        else delete process.env.FFMPEG_PATH;
        resetFfmpegCache();
        const output = path.join(workDir, `cut-720-out-${i}.mp4`);
        await roundTrip(cut, output);
        const outTimes = await videoPacketTimesMs(output);
        expect(outTimes).toHaveLength(inTimes.length);
        expect((await probeVideo(output)).frameCount).toBe(inTimes.length);
        outTimes.forEach((t, j) => {
          expect(t).toBeCloseTo(inTimes[j]!, 0);
        });
      }
    } finally {
      if (saved === undefined) delete process.env.FFMPEG_PATH;
      else process.env.FFMPEG_PATH = saved;
      resetFfmpegCache();
    }
  }, 120_000);

  it('writes rotated input upright at the same displayed size', async () => {
    const input = await makeClip({ width: 120, height: 200, frames: 5, rotation: 270, plate: true });
    const output = path.join(workDir, 'rot-out.mp4');
    await roundTrip(input, output);
    const out = await probeVideo(output);
    expect([out.width, out.height, out.rotation]).toEqual([120, 200, 0]);
    const [a, b] = [await decodeAll(await probeVideo(input)), await decodeAll(out)];
    expect(psnr(a[4]!, b[4]!)).toBeGreaterThan(35);
  });

  it('encodes odd sizes at exactly the input size (4:4:4), original pixels in place', async () => {
    const input = await makeClip({ width: 161, height: 121, frames: 4, plate: true });
    const output = path.join(workDir, 'odd-out.mp4');
    await roundTrip(input, output);
    const out = await probeVideo(output);
    expect([out.width, out.height, out.frameCount, out.pixelFormat]).toEqual([161, 121, 4, 'yuv444p']);
    const [a, b] = [await decodeAll(await probeVideo(input)), await decodeAll(out)];
    expect(psnr(a[3]!, b[3]!, 161, 121)).toBeGreaterThan(33);
  });
});

describe('atomic output', () => {
  it('never overwrites the input, also through a symlink', async () => {
    const input = await makeClip({ width: 64, height: 64, frames: 2 });
    const before = await readFile(input);
    const write = async (): Promise<void> => {
      throw new Error('must not be called');
    };
    await expectUserError(withAtomicOutput(input, input, write), /is the input/);
    const link = path.join(workDir, 'link.mp4');
    await symlink(input, link);
    await expectUserError(withAtomicOutput(input, link, write), /is the input/);
    await expectUserError(withAtomicOutput(link, path.join(path.dirname(input), '.', path.basename(input)), write), /is the input/);
    expect((await readFile(input)).equals(before)).toBe(true);
  });

  it('rejects a missing output folder', async () => {
    await expectUserError(
      withAtomicOutput(d01, path.join(workDir, 'no', 'such', 'out.mp4'), async () => undefined),
      /does not exist/,
    );
  });

  it('leaves no file on failure and keeps an existing target', async () => {
    const folder = path.join(workDir, 'atomic');
    await mkdir(folder);
    const target = path.join(folder, 'out.mp4');
    let tmpSeen = '';
    await expect(
      withAtomicOutput(d01, target, async (tmp) => {
        tmpSeen = tmp;
        await writeFile(tmp, 'partial');
        throw new Error('encoder failed');
      }),
    ).rejects.toThrow('encoder failed');
    expect(path.basename(tmpSeen)).toMatch(new RegExp(`^\\.out\\.nj${process.pid}-[0-9a-f]{12}\\.tmp\\.mp4$`));
    expect(await readdir(folder)).toEqual([]);

    await writeFile(target, 'previous');
    await expect(
      withAtomicOutput(d01, target, async (tmp) => {
        await writeFile(tmp, 'partial');
        throw new Error('again');
      }),
    ).rejects.toThrow('again');
    expect(await readFile(target, 'utf8')).toBe('previous');
    expect(await readdir(folder)).toEqual(['out.mp4']);

    await withAtomicOutput(d01, target, (tmp) => writeFile(tmp, 'new'));
    expect(await readFile(target, 'utf8')).toBe('new');
    await writeFileAtomic(path.join(folder, 'plates.json'), '{"a":1}');
    expect((await readdir(folder)).sort()).toEqual(['out.mp4', 'plates.json']);
  });

  it('deletes the temporary on SIGTERM', async () => {
    const folder = path.join(workDir, 'signal');
    await mkdir(folder);
    // Another listener stands in for the CLI's, so the handler cleans up without re-raising (which would kill
    // the test worker); process.emit runs the listeners exactly as a delivered signal would.
    const otherListener = (): void => undefined;
    process.on('SIGTERM', otherListener);
    try {
      let existedBefore = false;
      let existedAfter = true;
      await expect(
        withAtomicOutput(d01, path.join(folder, 'out.mp4'), async (tmp) => {
          await writeFile(tmp, 'partial');
          existedBefore = existsSync(tmp);
          process.emit('SIGTERM');
          existedAfter = existsSync(tmp);
        }),
      ).rejects.toThrow();
      expect([existedBefore, existedAfter]).toEqual([true, false]);
      expect(await readdir(folder)).toEqual([]);
    } finally {
      process.off('SIGTERM', otherListener);
    }
  });
});

describe.skipIf(!existsSync(d01))('real fixture d01_static (skipped: ../shared/fixtures absent)', () => {
  it('probes 120 frames and round-trips the AAC packets unchanged', async () => {
    const truth = JSON.parse(await readFile(path.join(fixtures, 'd01_static.truth.json'), 'utf8')) as {
      frame_count: number;
      audio: { packets_md5: string };
    };
    const info = await probeVideo(d01);
    expect(info.frameCount).toBe(truth.frame_count);
    expect([info.width, info.height, info.fps, info.hasAudio]).toEqual([1280, 720, 30, true]);
    const output = path.join(workDir, 'd01-out.mp4');
    await roundTrip(d01, output);
    expect((await probeVideo(output)).frameCount).toBe(120);
    expect(await audioMd5(output)).toBe(truth.audio.packets_md5);
  });
});
