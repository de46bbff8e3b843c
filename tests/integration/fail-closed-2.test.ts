// Issue #22, "fail closed, round two": the CLI on generated clips. Each case ends in one clear stderr line and a
// non-zero exit with no output, or in a complete output that keeps what it promises (and says what it changes).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/types.js';
import { locateFfmpeg } from '../../src/video/ffmpeg.js';
import { decodeFrames, probeVideoDetails } from '../../src/video/index.js';
import { makeClip } from '../helpers/synth.js';
import { meanAbsDiffIn } from './pipeline-measure.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/number-jam.js');
let dir: string;
let clip: string;
/** `detect`'s document for `clip` (no plate in it: no tracks), with the clip's fingerprint. */
let detected: Record<string, unknown> & { video: Record<string, unknown>; tracking: unknown[] };

function run(args: string[], options: { input?: string } = {}) {
  return execa(process.execPath, [cli, ...args], { reject: false, input: options.input, cwd: dir, timeout: 300_000 });
}

/** The CLI through a shell, for redirections of stdout (`> x.mp4`). */
function runShell(args: string[], redirect: string) {
  const quoted = [process.execPath, cli, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  return execa('sh', ['-c', `${quoted} ${redirect}`], { reject: false, cwd: dir, timeout: 300_000 });
}

async function ffmpeg(args: string[]): Promise<void> {
  const { ffmpeg: binary } = await locateFfmpeg();
  await execa(binary, ['-v', 'error', '-y', ...args]);
}

async function ffprobeStream(file: string, entries: string): Promise<Record<string, string>> {
  const { ffprobe } = await locateFfmpeg();
  const { stdout } = await execa(ffprobe, [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    `stream=${entries}`,
    '-of',
    'json',
    file,
  ]);
  return (JSON.parse(stdout) as { streams: Record<string, string>[] }).streams[0]!;
}

function expectOneLineFailure(result: { exitCode?: number; stderr: unknown }, pattern: RegExp): void {
  expect(result.exitCode).not.toBe(0);
  const lines = String(result.stderr).trim().split('\n');
  expect(lines).toEqual([expect.stringMatching(pattern)]);
  expect(String(result.stderr)).not.toMatch(/^\s+at /m);
}

/** A document for `video` (of `frames` frames at 25 fps) with one track whose polygon is `polygon` on every frame. */
function trackDocument(
  video: { width: number; height: number; frames: number; fingerprint?: string },
  polygon: number[][],
): Record<string, unknown> {
  return {
    version: '0.1.0',
    request: { input: 'clip.mp4' },
    engines: ['embedded'],
    video: {
      width: video.width,
      height: video.height,
      fps: 25,
      frameRate: '25/1',
      frameCount: video.frames,
      rotation: 0,
      hasAudio: false,
      ...(video.fingerprint ? { fingerprint: video.fingerprint } : {}),
    },
    summary: [],
    tracking: [
      {
        id: 7,
        plate: '',
        region: '',
        confidence: 0,
        history: Array.from({ length: video.frames }, (_, i) => ({ timestamp: i * 40, polygon, source: 'detection' })),
      },
    ],
    videoDuration: video.frames * 40,
    processingDuration: 1,
    output: null,
  };
}

function writeJson(name: string, value: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

async function firstFrame(file: string): Promise<Frame> {
  for await (const frame of decodeFrames(await probeVideoDetails(file))) return { ...frame, data: Buffer.from(frame.data) };
  throw new Error(`no frame in ${file}`);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nj-fail-closed-2-'));
  clip = await makeClip({ width: 160, height: 120, fps: 25, frames: 10, path: path.join(dir, 'clip.mp4') });
  const result = await run(['detect', '-i', clip, '--engine', 'embedded', '-q']);
  expect(result.exitCode, result.stderr).toBe(0);
  detected = JSON.parse(result.stdout);
}, 200_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a tracking document for another video (item 3)', () => {
  it('records the fingerprint of the video it was made from', () => {
    expect(detected.video.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('is refused for a mirrored copy of the same size and frame count, unless --allow-video-mismatch says the risk', async () => {
    const mirrored = path.join(dir, 'mirrored.mp4');
    await ffmpeg(['-i', clip, '-vf', 'hflip', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', mirrored]);
    const document = writeJson(
      'detected.json',
      trackDocument({ width: 160, height: 120, frames: 10, ...detected.video }, [
        [20, 20],
        [60, 20],
        [60, 40],
        [20, 40],
      ]),
    );
    const out = path.join(dir, 'out-mirrored.mp4');
    expectOneLineFailure(
      await run(['obscure', '-i', mirrored, '-t', document, '-o', out, '-q']),
      /^number-jam: tracking document was made from another video than .*mirrored\.mp4 .*--allow-video-mismatch/,
    );
    expect(existsSync(out)).toBe(false);

    const allowed = await run(['obscure', '-i', mirrored, '-t', document, '-o', out, '-q', '--allow-video-mismatch']);
    expect(allowed.exitCode, allowed.stderr).toBe(0);
    expect(allowed.stderr).toMatch(/--allow-video-mismatch\): its polygons are painted where they were in that file/);
    // The video it was made from is accepted without a word.
    const same = await run(['obscure', '-i', clip, '-t', document, '-o', path.join(dir, 'out-same.mp4'), '-q']);
    expect(same.exitCode, same.stderr).toBe(0);
    expect(same.stderr).toBe('');
  });

  it('a document without a fingerprint (older, or written by hand) is checked by size, frame count and duration only', async () => {
    const document = writeJson(
      'old.json',
      trackDocument({ width: 160, height: 120, frames: 10 }, [
        [20, 20],
        [60, 20],
        [60, 40],
        [20, 40],
      ]),
    );
    const result = await run(['obscure', '-i', clip, '-t', document, '-o', path.join(dir, 'out-old.mp4'), '-q']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe('a polygon without area (item 2)', () => {
  it('a point with --padding-width/--padding-height 30 is painted as a 60x60 box, never nothing', async () => {
    const document = writeJson(
      'point.json',
      trackDocument({ width: 160, height: 120, frames: 10, ...detected.video }, [
        [80, 60],
        [80, 60],
        [80, 60],
        [80, 60],
      ]),
    );
    const out = path.join(dir, 'out-point.mp4');
    const result = await run(['obscure', '-i', clip, '-t', document, '-o', out, '-q', '--padding-width', '30', '--padding-height', '30']);
    expect(result.exitCode, result.stderr).toBe(0);
    const [before, after] = await Promise.all([firstFrame(clip), firstFrame(out)]);
    expect(meanAbsDiffIn(before, after, { x: 60, y: 40, width: 40, height: 40 })).toBeGreaterThan(20);
  });
});

describe('stdout and the output are one file (item 7, item 15)', () => {
  it('-o x.mp4 > x.mp4 is refused: the document would be lost', async () => {
    const document = writeJson('empty.json', detected);
    const result = await runShell(['obscure', '-i', clip, '-t', document, '-o', 'same.mp4', '-q'], '> same.mp4');
    expectOneLineFailure(result, /^number-jam: output same\.mp4 is the file stdout writes to/);
  });

  it('-o a link to /proc/self/fd/1 while stdout is a file is refused naming the link, not a temporary', async () => {
    const document = writeJson('empty2.json', detected);
    const link = path.join(dir, 'fd1.mp4');
    symlinkSync('/proc/self/fd/1', link);
    const result = await runShell(['obscure', '-i', clip, '-t', document, '-o', link, '-q'], '> printed.json');
    expectOneLineFailure(result, /^number-jam: output .*fd1\.mp4 is the file stdout writes to/);
    expect(String(result.stderr)).not.toContain('.tmp');
  });

  it('the same link with stdout on a pipe is called a link to a pipe, not a link that leads to no file', async () => {
    const document = writeJson('empty3.json', detected);
    const link = path.join(dir, 'fd1-pipe.mp4');
    symlinkSync('/proc/self/fd/1', link);
    const result = await runShell(['obscure', '-i', clip, '-t', document, '-o', link, '-q'], '| cat');
    expect(result.stdout).toBe('');
    expect(String(result.stderr).trim().split('\n')).toEqual([
      expect.stringMatching(
        /^number-jam: output .*fd1-pipe\.mp4 links to \/proc\/self\/fd\/1 -> pipe:\[\d+\], which is a pipe; number-jam writes only regular files$/,
      ),
    ]);
  });
});

describe('output names (items 8, 12)', () => {
  it('a 240-byte output name works (the temporary beside it is shortened to fit)', async () => {
    const document = writeJson('long.json', detected);
    const name = `${'a'.repeat(236)}.mp4`;
    const result = await run(['obscure', '-i', clip, '-t', document, '-o', name, '-q']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(path.join(dir, name))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('a 256-byte output name is refused before detection, in one line', async () => {
    const name = `${'b'.repeat(252)}.mp4`;
    const result = await run(['redact', '-i', clip, '-o', name, '-q', '--engine', 'embedded']);
    expectOneLineFailure(result, /^number-jam: output file name is 256 bytes long; file systems accept at most 255/);
  });

  it('-o w/clip.mp4/ (a trailing slash) is refused as a folder name, and nothing is written', async () => {
    mkdirSync(path.join(dir, 'w'));
    const document = writeJson('slash.json', detected);
    const result = await run(['obscure', '-i', clip, '-t', document, '-o', 'w/clip.mp4/', '-q']);
    expectOneLineFailure(result, /^number-jam: output w\/clip\.mp4\/ ends with '\/', which names a folder/);
    expect(readdirSync(path.join(dir, 'w'))).toEqual([]);
  });
});

describe('what the output changes and keeps (items 9, 10, 11)', () => {
  const box = [
    [20, 20],
    [60, 20],
    [60, 40],
    [20, 40],
  ];

  it('PCM audio into .mp4 is re-encoded as AAC, and one line says so', async () => {
    const input = path.join(dir, 'pcm.mov');
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc=s=160x120:r=25:d=0.4',
      '-f',
      'lavfi',
      '-i',
      'sine=d=0.4',
      '-c:v',
      'libx264',
      '-c:a',
      'pcm_s16le',
      '-shortest',
      input,
    ]);
    const frames = (await probeVideoDetails(input)).info.frameCount;
    const document = writeJson('pcm.json', trackDocument({ width: 160, height: 120, frames }, box));
    const result = await run(['obscure', '-i', input, '-t', document, '-o', path.join(dir, 'pcm-out.mp4'), '-q']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr.split('\n').filter((l) => l.includes('audio'))).toEqual([
      'number-jam: audio (pcm_s16le) is re-encoded as AAC: MP4 cannot carry it as it is; write a .mkv to keep it unchanged',
    ]);
  });

  it('non-square pixels (SAR 4:3) are kept', async () => {
    const input = path.join(dir, 'sar.mp4');
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc=s=160x120:r=25:d=0.4',
      '-vf',
      'setsar=4/3',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      input,
    ]);
    const document = writeJson('sar.json', trackDocument({ width: 160, height: 120, frames: 10 }, box));
    const out = path.join(dir, 'sar-out.mp4');
    const result = await run(['obscure', '-i', input, '-t', document, '-o', out, '-q']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect((await ffprobeStream(out, 'sample_aspect_ratio')).sample_aspect_ratio).toBe('4:3');
  });

  it('10-bit PQ/BT.2020 keeps its colour tags, and one line says it is written 8-bit', async () => {
    const input = path.join(dir, 'hdr.mp4');
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc=s=160x120:r=25:d=0.4',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p10le',
      '-color_primaries',
      'bt2020',
      '-color_trc',
      'smpte2084',
      '-colorspace',
      'bt2020nc',
      input,
    ]);
    const document = writeJson('hdr.json', trackDocument({ width: 160, height: 120, frames: 10 }, box));
    const out = path.join(dir, 'hdr-out.mp4');
    const result = await run(['obscure', '-i', input, '-t', document, '-o', out, '-q']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await ffprobeStream(out, 'color_primaries,color_transfer,color_space')).toMatchObject({
      color_primaries: 'bt2020',
      color_transfer: 'smpte2084',
      color_space: 'bt2020nc',
    });
    expect(result.stderr).toContain('number-jam: the video is 10-bit (yuv420p10le) and is written 8-bit');
  });
});

describe('endless whitespace on stdin (item 13)', () => {
  it('is refused once past the 8 MiB limit, not read forever', async () => {
    const out = path.join(dir, 'out-spaces.mp4');
    const child = spawn(process.execPath, [cli, 'obscure', '-i', clip, '-o', out, '-q'], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    child.stdin.on('error', () => {});
    const chunk = Buffer.alloc(1024 * 1024, ' ');
    let written = 0;
    let done = false;
    void exited.then(() => {
      done = true;
    });
    // Up to 256 MiB of spaces; the CLI must stop reading long before.
    while (!done && written < 256 * chunk.length) {
      written += chunk.length;
      if (!child.stdin.write(chunk)) await Promise.race([new Promise((resolve) => child.stdin.once('drain', resolve)), exited]);
    }
    child.stdin.end();
    const code = await exited;
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^number-jam: stdin: too large: more than \d+ characters of JSON outside/),
    ]);
    expect(written).toBeLessThan(64 * chunk.length);
    expect(existsSync(out)).toBe(false);
  });
});

describe('messages (item 15)', () => {
  it('a text attachment in MKV is called an attachment, not timecode or telemetry', async () => {
    const note = path.join(dir, 'note.txt');
    writeFileSync(note, 'hello\n');
    const input = path.join(dir, 'att.mkv');
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc=s=160x120:r=25:d=0.4',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-attach',
      note,
      '-metadata:s:t',
      'mimetype=text/plain',
      input,
    ]);
    const document = writeJson(
      'att.json',
      trackDocument({ width: 160, height: 120, frames: 10 }, [
        [20, 20],
        [60, 20],
        [60, 40],
        [20, 40],
      ]),
    );
    const result = await run(['obscure', '-i', input, '-t', document, '-o', path.join(dir, 'att-out.mkv'), '-q']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/attachment stream 1 \(.*\) is not copied: attached files \(fonts, text\) are not carried over/);
    expect(result.stderr).not.toContain('telemetry');
  });

  it('a Matroska file with zero frames says so, not "(Duplicate element)"', async () => {
    const { mkvHeader } = await import('../../src/video/mkv.js');
    const input = path.join(dir, 'zero.mkv');
    writeFileSync(input, mkvHeader(160, 120, 40e6));
    expectOneLineFailure(
      await run(['detect', '-i', input, '-q']),
      /^number-jam: video has no frames \(the file ends before its first frame\): .*zero\.mkv$/,
    );
    expect(readFileSync(input).length).toBeGreaterThan(0);
  });
});
