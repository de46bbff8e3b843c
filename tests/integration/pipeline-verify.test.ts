// --verify and --review-sheet end to end on samples/sample.mp4 (a drawn car whose plate 'NJ24 XYZ' drives
// through, with a road sign and a burnt-in clock that are not plates). The tracking document is written from
// the clip's known geometry (scripts/make-sample.mjs): the plate's track and a cover over the clock. With the
// plate's entries removed, the check must find the plate in the output, repair it, and the final output must
// cover it on every frame (the scorer's criteria); without repairs, the video must fail closed.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentTrack, PlatesDocument } from '../../src/output/document.js';
import { DEFAULT_OBSCURE_OPTIONS, obscureVideo } from '../../src/pipeline/index.js';
import type { Box, VideoInfo } from '../../src/types.js';
import { decodeFrames, decodeFramesAt, probeVideo, probeVideoDetails } from '../../src/video/index.js';
import { testDocument } from '../helpers/document.js';
import { makeClip } from '../helpers/synth.js';
import { boxPolygon, forEachFramePair, meanDetail, visibleFraction } from './pipeline-measure.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repoRoot, 'bin/number-jam.js');
const sample = path.join(repoRoot, 'samples/sample.mp4');

/** The scorer's criteria (fixtures/score.py): plate-frames at least 30% visible with real detail must lose 75% of it. */
const MIN_VISIBLE = 0.3;
const MIN_DETAIL = 3;
const DETAIL_RATIO = 0.25;

/** Car x of scripts/make-sample.mjs, as overlay places it (truncated, then even: yuv420p chroma alignment). */
function sampleCarX(t: number): number {
  const x = t < 2 ? -420 + t * 330 : t < 4 ? 240 + (t - 2) * 40 : 320 + (t - 4) * (t - 4) * 260;
  return Math.trunc(x) & ~1;
}

/** The plate's box at time `ms`: sprite offset (120, 115), 180x44, sprite at overlay y = 290. */
function samplePlateBox(ms: number): Box {
  return { x: sampleCarX(ms / 1000) + 120, y: 290 + 115, width: 180, height: 44 };
}

const SAMPLE_CLOCK: Box = { x: 15, y: 15, width: 280, height: 35 };

function clip(box: Box, info: VideoInfo): Box {
  const x0 = Math.max(0, box.x);
  const x1 = Math.min(info.width, box.x + box.width);
  return { x: x0, y: box.y, width: x1 - x0, height: box.height };
}

/** A tracking document of the sample as `detect` would write it: the plate's track, and a cover over the clock. */
async function sampleDocument(): Promise<PlatesDocument> {
  const details = await probeVideoDetails(sample);
  const { info } = details;
  const plate: DocumentTrack = { id: 0, plate: 'NJ24XYZ', region: 'gb', confidence: 90, history: [] };
  const clock: DocumentTrack = { id: 1, plate: '', region: '', confidence: 0, history: [] };
  for (const timestamp of details.timestampsMs) {
    const box = samplePlateBox(timestamp);
    if (visibleFraction(box, info.width, info.height) > 0)
      plate.history.push({ timestamp, polygon: boxPolygon(clip(box, info)), source: 'detection' });
    clock.history.push({ timestamp, polygon: boxPolygon(SAMPLE_CLOCK), source: 'detection' });
  }
  return testDocument({
    request: { input: sample },
    video: {
      width: info.width,
      height: info.height,
      fps: info.fps,
      frameRate: info.frameRate,
      frameCount: info.frameCount,
      hasAudio: info.hasAudio,
    },
    tracking: [plate, clock],
    summary: [],
    videoDuration: info.durationMs,
  });
}

/** Scored plate-frames of `output` that still show the plate's detail. */
async function leaks(output: string): Promise<{ scored: number; leaked: string[] }> {
  let scored = 0;
  const leaked: string[] = [];
  await forEachFramePair(sample, output, (fin, fout, index) => {
    const box = samplePlateBox(fin.timestampMs);
    const visible = visibleFraction(box, fin.width, fin.height);
    const detailIn = meanDetail(fin, box, 4);
    if (visible < MIN_VISIBLE || detailIn < MIN_DETAIL) return;
    scored++;
    const detailOut = meanDetail(fout, box, 4);
    if (!(detailOut < DETAIL_RATIO * detailIn)) leaked.push(`frame ${index}: detail ${detailIn.toFixed(1)} -> ${detailOut.toFixed(1)}`);
  });
  return { scored, leaked };
}

async function runCli(args: string[]): Promise<{ exitCode: number | undefined; stdout: string; stderr: string }> {
  const result = await execa(process.execPath, [cli, ...args], { reject: false, timeout: 600_000 });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

describe('decodeFramesAt', () => {
  it('gives exactly the frames a full decode gives at those indices (rotated, variable frame rate)', async () => {
    const file = await makeClip({ width: 160, height: 96, frames: 30, rotation: 90, vfr: true, plate: true });
    try {
      const info = await probeVideo(file);
      const all: Buffer[] = [];
      const times: number[] = [];
      for await (const frame of decodeFrames(info)) {
        all.push(Buffer.from(frame.data));
        times.push(frame.timestampMs);
      }
      const picked: number[] = [];
      for await (const frame of decodeFramesAt(info, [29, 0, 7, 7, 15, 99])) {
        picked.push(frame.index);
        expect(frame.timestampMs).toBe(times[frame.index]);
        expect(frame.data.equals(all[frame.index]!), `frame ${frame.index}`).toBe(true);
      }
      expect(picked).toEqual([0, 7, 15, 29]);
    } finally {
      await rm(path.dirname(file), { recursive: true, force: true });
    }
  }, 120_000);
});

describe.skipIf(!existsSync(sample))('--verify and --review-sheet on samples/sample.mp4', () => {
  let dir: string;
  let full: PlatesDocument;
  let cut: PlatesDocument;
  let cutFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'nj-verify-'));
    full = await sampleDocument();
    // The plate's track loses its entries: the covers no longer cover it.
    cut = { ...full, tracking: full.tracking.filter((track) => track.id !== 0) };
    cutFile = path.join(dir, 'cut.json');
    await writeFile(path.join(dir, 'full.json'), JSON.stringify(full));
    await writeFile(cutFile, JSON.stringify(cut));
  }, 120_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('finds the uncovered plate, repairs it, and the final output covers it on every frame', async () => {
    const output = path.join(dir, 'repaired.mp4');
    const sheet = path.join(dir, 'repaired.review.png');
    const run = await runCli([
      'obscure',
      '-i',
      sample,
      '-t',
      cutFile,
      '-o',
      output,
      '--verify',
      '--review-sheet',
      sheet,
      '--plate-text',
      'masked',
      '-q',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout) as PlatesDocument;
    const verify = document.verify!;
    expect(verify).toMatchObject({ engine: 'text-detector', independent: false, findings: 0 });
    expect(verify.rounds.length).toBeGreaterThanOrEqual(2);
    expect(verify.rounds[0]!.findings.length).toBeGreaterThan(0);
    expect(verify.repaired).toBe(verify.rounds.slice(0, -1).reduce((sum, round) => sum + round.findings.length, 0));
    expect(verify.rounds.at(-1)!.findings).toEqual([]);
    expect(verify.frames).toBe(verify.rounds.at(-1)!.timestamps.length);
    // Every finding is where the plate is.
    for (const finding of verify.rounds[0]!.findings) {
      const box = samplePlateBox(finding.timestamp);
      const xs = finding.polygon.map(([x]) => x);
      const centre = (Math.min(...xs) + Math.max(...xs)) / 2;
      expect(Math.abs(centre - (box.x + box.width / 2)), JSON.stringify(finding)).toBeLessThan(box.width / 2);
    }
    expect(run.stderr).toMatch(/verify: \d+ plates? outside the covers of repaired\.mp4/);
    // The repair is a track of the document like any other (ids continue), and the plate is covered throughout.
    expect(document.tracking.length).toBeGreaterThan(cut.tracking.length);
    const ids = document.tracking.map((track) => track.id);
    expect(ids.slice(0, cut.tracking.length)).toEqual(cut.tracking.map((track) => track.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.min(...ids.slice(cut.tracking.length))).toBeGreaterThan(Math.max(...cut.tracking.map((track) => track.id)));
    const { scored, leaked } = await leaks(output);
    expect(scored).toBeGreaterThan(110);
    expect(leaked).toEqual([]);
    // The sheet is of the final output; its plate text is masked (the sheet's text itself: tests/unit/review-sheet.test.ts).
    expect(document.reviewSheet).toBe(path.resolve(sheet));
    const meta = await sharp(await readFile(sheet)).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBeLessThanOrEqual(2048);
  }, 900_000);

  it('fails closed when the plate cannot be repaired: nothing at the output path, one line per finding', async () => {
    const output = path.join(dir, 'failed.mp4');
    const sheet = path.join(dir, 'failed.review.png');
    const attempt = obscureVideo(cut, {
      ...DEFAULT_OBSCURE_OPTIONS,
      input: sample,
      output,
      verify: true,
      verifyRounds: 0,
      reviewSheet: sheet,
    });
    await expect(attempt).rejects.toThrow(/^verify: \d+ plates? still readable in the output after 0 repair rounds; nothing written to /);
    const message = await attempt.then(
      () => '',
      (error: Error) => error.message,
    );
    const lines = message.split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) expect(line).toMatch(/^verify: plate at 0:0\d\.\d{3}, x \d+-\d+, y \d+-\d+$/);
    expect(existsSync(output)).toBe(false);
    expect(existsSync(sheet)).toBe(false);
  }, 900_000);

  it('finds nothing when every plate is covered (the sign and the clock are no plates)', async () => {
    const output = path.join(dir, 'covered.mp4');
    const run = await runCli(['obscure', '-i', sample, '-t', path.join(dir, 'full.json'), '-o', output, '--verify', '-q']);
    expect(run.exitCode, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout) as PlatesDocument;
    expect(document.verify).toMatchObject({ findings: 0, repaired: 0 });
    expect(document.verify!.rounds).toHaveLength(1);
    expect(document.verify!.frames).toBeGreaterThanOrEqual(12);
    expect(document.tracking).toHaveLength(2);
    expect(document.reviewSheet).toBeUndefined();
  }, 900_000);
});
