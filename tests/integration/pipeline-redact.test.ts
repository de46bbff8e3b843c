// `redact` end to end with the real embedded engine: on samples/sample.mp4 (a drawn car whose plate 'NJ24 XYZ'
// drives through, with a road sign and a burnt-in clock that are not plates) and on a generated plate clip.
// The plate must be covered on every frame it is visible, nothing else touched, stdout one JSON document and
// stderr progress only. `detect | obscure` must give the same cover as `redact`.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoverTimeline } from '../../src/obscuring/index.js';
import type { PlatesDocument } from '../../src/output/document.js';
import { DEFAULT_OBSCURE_OPTIONS } from '../../src/pipeline/index.js';
import { levenshtein, normalisePlateText } from '../../src/regions/index.js';
import type { Box, Frame } from '../../src/types.js';
import { requireFile } from '../helpers/prerequisites.js';
import { type ClipOptions, makeClip, PLATE_TEXT, plateBoxAt } from '../helpers/synth.js';
import {
  audioPacketsMd5,
  changeOutside,
  countFrames,
  forEachFramePair,
  meanAbsDiffIn,
  meanDetail,
  reachOf,
  visibleFraction,
} from './pipeline-measure.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repoRoot, 'bin/number-jam.js');
const sample = path.join(repoRoot, 'samples/sample.mp4');

/** The scorer's criteria (fixtures/score.py): plate-frames at least 30% visible with real detail must lose 75% of it. */
const MIN_VISIBLE = 0.3;
const MIN_DETAIL = 3;
const DETAIL_RATIO = 0.25;
const CODEC_NOISE = 3;
const PROGRESS_LINE = /^(detect|obscure): \d+\/\d+ frames, \d+ (detections|plates), \d+(\.\d)? fps, ETA \d+ s$/;

interface CliRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

async function runCli(args: string[], options: { input?: string; cwd?: string } = {}): Promise<CliRun> {
  const result = await execa(process.execPath, [cli, ...args], { reject: false, timeout: 600_000, ...options });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

/** Within one edit of the expected text (spaces and case ignored). */
function readsAs(text: string, expected: string): boolean {
  return levenshtein(normalisePlateText(text), normalisePlateText(expected)) <= 1;
}

/** Every polygon the renderer draws on each frame of `document` (tracks interpolated, fades included). */
function drawnReach(document: PlatesDocument, frame: Frame, fadeMs = DEFAULT_OBSCURE_OPTIONS.fadeDurationMs): Box[] {
  const timeline = new CoverTimeline(document.tracking, fadeMs, 1000 / document.video.fps);
  return timeline.shapesAt(frame.timestampMs).map((shape) => reachOf(shape.polygon));
}

interface PlateFrame {
  index: number;
  visible: number;
  detailIn: number;
  detailOut: number;
}

/** Scored plate-frames that still show detail (the scorer's "leaked" frames). */
function leaks(frames: PlateFrame[]): string[] {
  return frames
    .filter((f) => f.visible >= MIN_VISIBLE && f.detailIn >= MIN_DETAIL && !(f.detailOut < DETAIL_RATIO * f.detailIn))
    .map((f) => `frame ${f.index}: ${(f.visible * 100).toFixed(0)}% visible, detail ${f.detailIn.toFixed(1)} -> ${f.detailOut.toFixed(1)}`);
}

function expectCleanStreams(run: CliRun, stages: string[]): PlatesDocument {
  expect(run.exitCode, run.stderr).toBe(0);
  // stdout is exactly one JSON document: JSON.parse rejects anything before or after it.
  const document = JSON.parse(run.stdout) as PlatesDocument;
  expect(run.stdout).not.toMatch(/frames, .* fps/);
  const lines = run.stderr.split('\n').filter(Boolean);
  expect(lines.filter((line) => !PROGRESS_LINE.test(line))).toEqual([]);
  for (const stage of stages)
    expect(
      lines.some((line) => line.startsWith(`${stage}: `)),
      `${stage} progress`,
    ).toBe(true);
  return document;
}

// --- samples/sample.mp4 -------------------------------------------------------------------------------------

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
const SAMPLE_SIGN: Box = { x: 980, y: 120, width: 200, height: 70 };

requireFile(sample, 'samples/sample.mp4 is committed: restore it with git');

describe('redact samples/sample.mp4 with the embedded engine', () => {
  let run: CliRun;
  let document: PlatesDocument;
  let output: string;
  const plateFrames: PlateFrame[] = [];
  const untouched: {
    index: number;
    clock: number;
    sign: number;
    signDetailIn: number;
    signDetailOut: number;
    outsideMean: number;
    outsideChanged: number;
  }[] = [];

  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'nj-redact-sample-'));
    output = path.join(dir, 'sample.out.mp4');
    run = await runCli(['redact', '-i', sample, '-o', 'sample.out.mp4', '--engine', 'embedded'], { cwd: dir });
    if (run.exitCode !== 0) return;
    document = JSON.parse(run.stdout) as PlatesDocument;
    await forEachFramePair(sample, output, (fin, fout, index) => {
      const box = samplePlateBox(fin.timestampMs);
      plateFrames.push({
        index,
        visible: visibleFraction(box, fin.width, fin.height),
        detailIn: meanDetail(fin, box, 4),
        detailOut: meanDetail(fout, box, 4),
      });
      const outside = changeOutside(fin, fout, drawnReach(document, fin));
      untouched.push({
        index,
        clock: meanAbsDiffIn(fin, fout, SAMPLE_CLOCK),
        sign: meanAbsDiffIn(fin, fout, SAMPLE_SIGN),
        signDetailIn: meanDetail(fin, SAMPLE_SIGN, 0),
        signDetailOut: meanDetail(fout, SAMPLE_SIGN, 0),
        outsideMean: outside.meanAbsDiff,
        outsideChanged: outside.changedFraction,
      });
    });
  }, 900_000);

  it('prints exactly one JSON document on stdout and only progress lines on stderr', () => {
    expectCleanStreams(run, ['detect', 'obscure']);
    expect(document.engines).toEqual(['embedded']);
    expect(document.output).toBe(output);
    expect(document.request.engine).toBe('embedded');
  });

  it('lists the plate text in the summary (within one edit) and nothing else', () => {
    expect(document.summary.map((row) => row.plate)).toHaveLength(1);
    expect(readsAs(document.summary[0]!.plate, 'NJ24 XYZ'), document.summary[0]!.plate).toBe(true);
  });

  it('covers the plate on every frame where it is visible', () => {
    const scored = plateFrames.filter((f) => f.visible >= MIN_VISIBLE && f.detailIn >= MIN_DETAIL);
    // The car is in view for most of the 6 s clip: make sure this is not vacuous.
    expect(scored.length).toBeGreaterThan(110);
    expect(leaks(plateFrames)).toEqual([]);
  });

  it('leaves the burnt-in clock and the road sign untouched', () => {
    const touched = untouched
      .filter((u) => !(u.clock < CODEC_NOISE && u.sign < CODEC_NOISE && u.signDetailOut > 0.8 * u.signDetailIn))
      .map((u) => `frame ${u.index}: clock ${u.clock.toFixed(1)}, sign ${u.sign.toFixed(1)}`);
    expect(touched).toEqual([]);
  });

  it('changes nothing beyond the reach of the tracked polygons', () => {
    const touched = untouched
      .filter((u) => !(u.outsideMean < CODEC_NOISE && u.outsideChanged < 0.001))
      .map((u) => `frame ${u.index}: mean ${u.outsideMean.toFixed(2)}, changed ${(u.outsideChanged * 100).toFixed(3)}%`);
    expect(touched).toEqual([]);
  });

  it('keeps the frame count and the audio', async () => {
    expect(await countFrames(output)).toBe(150);
    expect(await audioPacketsMd5(output)).toBe(await audioPacketsMd5(sample));
  });
});

// --- a generated plate clip ---------------------------------------------------------------------------------

describe('redact, and detect | obscure, on a generated plate clip', () => {
  const opts: ClipOptions = { width: 640, height: 360, frames: 30, plate: true, audio: true };
  let dir: string;
  let input: string;
  let redacted: PlatesDocument;
  let detected: PlatesDocument;
  let obscured: PlatesDocument;
  const plateFrames: PlateFrame[] = [];
  const outside: { index: number; mean: number; changed: number }[] = [];
  const betweenOutputs: number[] = [];
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'nj-redact-clip-'));
    input = await makeClip({ ...opts, path: path.join(dir, 'clip.mp4') });
    const redact = await runCli(['redact', '-i', input, '-o', path.join(dir, 'redact.mp4'), '--engine', 'embedded']);
    redacted = expectCleanStreams(redact, ['detect', 'obscure']);
    const detect = await runCli(['detect', '-i', input, '--engine', 'embedded']);
    detected = expectCleanStreams(detect, ['detect']);
    // The document goes back in on stdin, as in `number-jam detect ... | number-jam obscure ...`.
    const obscure = await runCli(['obscure', '-i', input, '-o', path.join(dir, 'piped.mp4')], { input: detect.stdout });
    obscured = expectCleanStreams(obscure, ['obscure']);

    await forEachFramePair(input, path.join(dir, 'redact.mp4'), (fin, fout, index) => {
      const box = plateBoxAt(opts, index);
      plateFrames.push({ index, visible: 1, detailIn: meanDetail(fin, box), detailOut: meanDetail(fout, box) });
      const change = changeOutside(fin, fout, drawnReach(redacted, fin));
      outside.push({ index, mean: change.meanAbsDiff, changed: change.changedFraction });
    });
    await forEachFramePair(path.join(dir, 'redact.mp4'), path.join(dir, 'piped.mp4'), (a, b) => {
      betweenOutputs.push(changeOutside(a, b, []).meanAbsDiff);
    });
  }, 600_000);

  it('finds the plate and reads it (within one edit)', () => {
    expect(redacted.summary.length).toBeGreaterThanOrEqual(1);
    expect(
      redacted.summary.some((row) => readsAs(row.plate, PLATE_TEXT)),
      JSON.stringify(redacted.summary),
    ).toBe(true);
    expect(redacted.engines).toEqual(['embedded']);
    expect(redacted.output).toBe(path.join(dir, 'redact.mp4'));
    expect(detected.output).toBeNull();
  });

  it('covers the plate on every frame', () => {
    expect(plateFrames).toHaveLength(opts.frames);
    expect(leaks(plateFrames)).toEqual([]);
  });

  it('changes nothing beyond the reach of the tracked polygons', () => {
    const bad = outside
      .filter((o) => !(o.mean < CODEC_NOISE && o.changed < 0.002))
      .map((o) => `frame ${o.index}: ${o.mean.toFixed(2)} ${o.changed}`);
    expect(bad).toEqual([]);
  });

  it('keeps the audio and the frame count', async () => {
    expect(await countFrames(path.join(dir, 'redact.mp4'))).toBe(opts.frames);
    expect(await audioPacketsMd5(path.join(dir, 'redact.mp4'))).toBe(await audioPacketsMd5(input));
  });

  it('detect | obscure gives the same tracks and the same cover as redact', () => {
    expect(detected.tracking.length).toBe(redacted.tracking.length);
    detected.tracking.forEach((track, t) => {
      const other = redacted.tracking[t]!;
      expect(track.history.map((h) => h.timestamp)).toEqual(other.history.map((h) => h.timestamp));
      track.history.forEach((entry, i) => {
        entry.polygon.forEach(([x, y], v) => {
          expect(Math.abs(x - other.history[i]!.polygon[v]![0])).toBeLessThan(0.5);
          expect(Math.abs(y - other.history[i]!.polygon[v]![1])).toBeLessThan(0.5);
        });
      });
    });
    expect(betweenOutputs).toHaveLength(opts.frames);
    expect(Math.max(...betweenOutputs)).toBeLessThan(0.5);
    // obscure prints the piped document with `output` set.
    const { output, durations: _d, processingDuration: _p, ...rest } = obscured;
    const { output: _o, durations: _dd, processingDuration: _pp, ...detectedRest } = detected;
    expect(rest).toEqual(detectedRest);
    expect(output).toBe(path.join(dir, 'piped.mp4'));
  });
});
