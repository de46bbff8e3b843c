// The CLI as a user meets it: --help of every verb, region-code warnings, and progress on stderr (plain lines
// when stderr is not a terminal, nothing with -q) while stdout carries only the JSON document.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatesDocument } from '../../src/output/document.js';
import { makeClip } from '../helpers/synth.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repoRoot, 'bin/number-jam.js');
const PROGRESS_LINE = /^(detect|obscure): \d+\/\d+ frames, \d+ (detections|plates), \d+(\.\d)? fps, ETA \d+ s$/;

async function run(args: string[], input?: string) {
  // execa pipes stdio, so stderr is not a TTY here: progress must come as plain lines.
  const result = await execa(process.execPath, [cli, ...args], { reject: false, input, cwd: workDir, timeout: 300_000 });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

let workDir: string;
let clip: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'nj-cli-behaviour-'));
  // No plate: detection finds nothing, so these runs stay short.
  clip = await makeClip({ width: 320, height: 240, frames: 12, path: path.join(workDir, 'clip.mp4') });
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

const DETECT_FLAGS = [
  '--input',
  '--regions',
  '--confidence',
  '--extend-detection',
  '--min-fraction',
  '--engine',
  '--rebuild-docker-image',
  '--quiet',
];
const OBSCURE_FLAGS = ['--input', '--output', '--fade-duration', '--padding-width', '--padding-height', '--quiet'];

describe('--help', () => {
  it.each([
    ['detect', DETECT_FLAGS],
    ['obscure', [...OBSCURE_FLAGS, '--tracking']],
    ['redact', [...DETECT_FLAGS, ...OBSCURE_FLAGS]],
  ])('%s --help exits 0 and lists every flag', async (verb, flags) => {
    const result = await run([verb, '--help']);
    expect(result.exitCode).toBe(0);
    // Help is written to stderr (stdout is reserved for the JSON document); accept either stream.
    const help = result.stdout + result.stderr;
    expect(help).toMatch(new RegExp(`Usage: number-jam ${verb}`));
    for (const flag of flags) expect(help, flag).toMatch(new RegExp(`${flag}\\b`));
  });

  it('redact has no --tracking (it makes its own)', async () => {
    const result = await run(['redact', '--help']);
    expect(result.stdout + result.stderr).not.toMatch(/--tracking/);
  });

  it('detect --help lists the region codes', async () => {
    const help = (await run(['detect', '--help'])).stdout;
    for (const code of ['gb', 'de', 'us', 'br', 'au']) expect(help).toMatch(new RegExp(`\\b${code} [A-Z]`));
  });

  it('the top-level help lists the three verbs and --version prints the version', async () => {
    const help = await run(['--help']);
    expect(help.exitCode).toBe(0);
    for (const verb of ['detect', 'obscure', 'redact']) expect(help.stdout + help.stderr).toMatch(new RegExp(`^\\s+${verb}\\b`, 'm'));
    const version = await run(['--version']);
    expect(version.exitCode).toBe(0);
    expect((version.stdout + version.stderr).trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('region codes', () => {
  it('an unknown region code warns on stderr but the run goes on', async () => {
    const result = await run(['detect', '-i', clip, '--engine', 'embedded', '--regions', 'gb,zz', '-q']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^number-jam: warning: .*unknown region.*\bzz\b/)]);
    const document = JSON.parse(result.stdout) as PlatesDocument;
    expect(document.request.regions).toEqual(['gb']);
  });

  it('the uk alias is taken as gb without a warning', async () => {
    const result = await run(['detect', '-i', clip, '--engine', 'embedded', '--regions', 'UK,de', '-q']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect((JSON.parse(result.stdout) as PlatesDocument).request.regions).toEqual(['gb', 'de']);
  });
});

describe('progress', () => {
  let detectRun: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    detectRun = await run(['detect', '-i', clip, '--engine', 'embedded']);
    await writeFile(path.join(workDir, 'plates.json'), detectRun.stdout);
  });

  it('detect writes plain progress lines to stderr and only JSON to stdout', () => {
    expect(detectRun.exitCode).toBe(0);
    expect(() => JSON.parse(detectRun.stdout)).not.toThrow();
    const lines = detectRun.stderr.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.filter((line) => !PROGRESS_LINE.test(line))).toEqual([]);
    // No terminal control sequences (a bar) when stderr is a pipe, and the last line reports every frame.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: an escape sequence is what must not appear
    expect(detectRun.stderr).not.toMatch(/\u001b\[|\r/);
    expect(lines.at(-1)).toMatch(/^detect: 12\/12 frames/);
  });

  it('obscure reports its own stage', async () => {
    const result = await run(['obscure', '-i', clip, '-t', 'plates.json', '-o', 'progress.mp4']);
    expect(result.exitCode).toBe(0);
    const lines = result.stderr.split('\n').filter(Boolean);
    // The clip has no plate, so its video is copied (stream-copy.test.ts), which is said once.
    expect(lines.filter((line) => !PROGRESS_LINE.test(line))).toEqual([
      'number-jam: nothing to cover: the video stream is copied as it is, not re-encoded',
    ]);
    expect(lines.at(-1)).toMatch(/^obscure: 12\/12 frames/);
  });

  it.each([
    ['detect', ['detect', '-i', 'clip.mp4', '--engine', 'embedded', '-q']],
    ['obscure', ['obscure', '-i', 'clip.mp4', '-t', 'plates.json', '-o', 'quiet-obscure.mp4', '--quiet']],
    ['redact', ['redact', '-i', 'clip.mp4', '-o', 'quiet-redact.mp4', '--engine', 'embedded', '-q']],
  ])('%s -q prints nothing on stderr', async (_verb, args) => {
    const result = await run(args);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(() => JSON.parse(result.stdout)).not.toThrow();
  });
});
