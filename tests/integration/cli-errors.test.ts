import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineFailure } from '../helpers/failure.js';

// Every bad input gets one line on stderr, a non-zero exit, and no output file (not even a temporary).

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/number-jam.js');
let dir: string;
let clip: string;

async function run(args: string[], input?: string) {
  return execa(process.execPath, [cli, ...args], { reject: false, input, cwd: dir, timeout: 120_000 });
}

function leftovers(folder: string): string[] {
  return readdirSync(folder).filter((f) => f.includes('.tmp') || f.startsWith('out'));
}

function documentFor(width: number, height: number, frameCount: number, durationMs: number) {
  return JSON.stringify({
    version: '0.1.0',
    request: { input: 'x.mp4' },
    engines: ['embedded'],
    video: { width, height, fps: 25, frameRate: '25/1', frameCount, rotation: 0, hasAudio: false },
    summary: [],
    tracking: [
      {
        id: 0,
        plate: '',
        region: '',
        confidence: 0,
        history: [
          {
            timestamp: 0,
            polygon: [
              [1, 1],
              [20, 1],
              [20, 8],
              [1, 8],
            ],
            source: 'detection',
          },
        ],
      },
    ],
    videoDuration: durationMs,
    processingDuration: 1,
    output: null,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nj-cli-'));
  clip = path.join(dir, 'clip.mp4');
  await execa('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=s=320x240:r=25:d=1',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    clip,
  ]);
});

describe('bad input', () => {
  it('missing input file', async () => {
    expectOneLineFailure(await run(['detect', '-i', path.join(dir, 'nope.mp4')]), /nope\.mp4/);
  });

  it('a file that is not a video', async () => {
    const text = path.join(dir, 'notes.mp4');
    writeFileSync(text, 'just some text, not a video\n'.repeat(20));
    expectOneLineFailure(await run(['detect', '-i', text]), /notes\.mp4/);
  });

  it('a truncated video', async () => {
    const broken = path.join(dir, 'truncated.mp4');
    copyFileSync(clip, broken);
    truncateSync(broken, Math.floor(statSync(broken).size / 3));
    const result = await run(['redact', '-i', broken, '-o', path.join(dir, 'out-truncated.mp4'), '--engine', 'embedded']);
    expectOneLineFailure(result, /truncated\.mp4/);
    expect(existsSync(path.join(dir, 'out-truncated.mp4'))).toBe(false);
  });

  it('a file with no video stream', async () => {
    const audio = path.join(dir, 'audio.m4a');
    await execa('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=d=1', '-c:a', 'aac', audio]);
    expectOneLineFailure(await run(['detect', '-i', audio]), /video stream/i);
  });

  it('the output path equal to the input', async () => {
    const before = readFileSync(clip);
    expectOneLineFailure(await run(['redact', '-i', clip, '-o', clip]), /input/i);
    expect(readFileSync(clip).equals(before)).toBe(true);
  });

  it('the output folder missing', async () => {
    const result = await run(['redact', '-i', clip, '-o', path.join(dir, 'missing-folder', 'out.mp4')]);
    expectOneLineFailure(result, /missing-folder/);
  });

  it('the output folder not writable', async () => {
    // /proc is read-only even for root, so this holds on CI machines that run as root.
    const result = await run(['redact', '-i', clip, '-o', '/proc/number-jam-out.mp4']);
    expectOneLineFailure(result, /\/proc/);
  });

  it('malformed tracking JSON', async () => {
    const out = path.join(dir, 'out-malformed.mp4');
    expectOneLineFailure(await run(['obscure', '-i', clip, '-o', out], '{"version": "0.1.0", "tracking": ['), /JSON/);
    expect(existsSync(out)).toBe(false);
  });

  it('tracking JSON missing a field', async () => {
    const file = path.join(dir, 'partial.json');
    writeFileSync(file, JSON.stringify({ version: '1' }));
    expectOneLineFailure(await run(['obscure', '-i', clip, '-t', file, '-o', path.join(dir, 'out-partial.mp4')]), /is missing/);
  });

  it('tracking JSON made for another video', async () => {
    const file = path.join(dir, 'other.json');
    writeFileSync(file, documentFor(1280, 720, 25, 1000));
    const out = path.join(dir, 'out-other.mp4');
    expectOneLineFailure(await run(['obscure', '-i', clip, '-t', file, '-o', out]), /1280x720/);
    expect(existsSync(out)).toBe(false);
  });

  it('bad padding syntax', async () => {
    const file = path.join(dir, 'ok.json');
    writeFileSync(file, documentFor(320, 240, 25, 1000));
    expectOneLineFailure(
      await run(['obscure', '-i', clip, '-t', file, '-o', path.join(dir, 'out-pad.mp4'), '--padding-width', '10pt']),
      /--padding-width/,
    );
  });

  it.each([
    ['--confidence', '150'],
    ['--min-fraction', 'half'],
    ['--extend-detection', '-5'],
  ])('bad numeric flag %s %s', async (flag, value) => {
    expectOneLineFailure(await run(['detect', '-i', clip, flag, value]), new RegExp(flag));
  });

  it('an unknown engine', async () => {
    expectOneLineFailure(await run(['detect', '-i', clip, '--engine', 'magic']), /--engine/);
  });

  it('leaves no temporaries behind', () => {
    expect(leftovers(dir)).toEqual([]);
    mkdirSync(path.join(dir, 'empty'), { recursive: true });
  });
});

describe('bad obscure input and flag values', () => {
  let tracking: string;
  beforeAll(() => {
    tracking = path.join(dir, 'flags.json');
    writeFileSync(tracking, documentFor(320, 240, 25, 1000));
  });

  it('nothing on stdin and no --tracking', async () => {
    const out = path.join(dir, 'out-empty-stdin.mp4');
    expectOneLineFailure(await run(['obscure', '-i', clip, '-o', out], ''), /--tracking/);
    expect(existsSync(out)).toBe(false);
  });

  it('a --tracking file that does not exist', async () => {
    expectOneLineFailure(
      await run(['obscure', '-i', clip, '-t', path.join(dir, 'absent.json'), '-o', path.join(dir, 'out-absent.mp4')]),
      /absent\.json/,
    );
  });

  it.each([
    ['--fade-duration', '-1'],
    ['--crf', '99'],
    ['--preset', 'bogus'],
    ['--padding-height', '900%'],
  ])('bad obscure flag %s %s', async (flag, value) => {
    const out = path.join(dir, 'out-flag.mp4');
    expectOneLineFailure(await run(['obscure', '-i', clip, '-t', tracking, '-o', out, flag, value]), new RegExp(flag));
    expect(existsSync(out)).toBe(false);
  });

  it('an unknown --quality', async () => {
    expectOneLineFailure(await run(['redact', '-i', clip, '-o', path.join(dir, 'out-quality.mp4'), '--quality', 'turbo']), /--quality/);
  });

  it('still leaves no temporaries behind', () => {
    expect(leftovers(dir)).toEqual([]);
  });
});
