// `obscure` on generated clips, driven by a tracking document built from the plate's exactly known box
// (plateBoxAt), so these tests do not depend on the detector. For each clip variant the output must keep the
// input's frames, timing, size and audio, remove the plate's detail on every frame, and leave every pixel
// beyond padding + feather (+2 px codec bleed) unchanged up to codec noise.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleFillColour } from '../../src/obscuring/index.js';
import { buildDocument } from '../../src/output/build.js';
import type { PlatesDocument } from '../../src/output/document.js';
import { DEFAULT_DETECT_OPTIONS, DEFAULT_OBSCURE_OPTIONS, obscureVideo } from '../../src/pipeline/index.js';
import type { Frame, VideoInfo } from '../../src/types.js';
import { probeVideo } from '../../src/video/index.js';
import { type ClipOptions, clipTimestampsMs, makeClip, PLATE_TEXT, plateBoxAt } from '../helpers/synth.js';
import {
  audioPacketsMd5,
  boxPolygon,
  changeOutside,
  countFrames,
  forEachFramePair,
  innerPixels,
  lumaAt,
  meanAbsDiffIn,
  meanDetail,
  reachOf,
  videoPacketTimesMs,
} from './pipeline-measure.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repoRoot, 'bin/number-jam.js');

/** Output detail must fall below this fraction of the input's inside the plate (the scorer's criterion). */
const DETAIL_RATIO = 0.25;
/** Mean |luma difference| per frame outside the cover that re-encoding alone may cause. */
const CODEC_NOISE = 3;
/**
 * Fraction of outside pixels allowed to change by more than 24 levels, beyond what a plain re-encode changes
 * (4:4:4 sources lose chroma at testsrc's saturated edges, which shifts RGB-derived luma by more than that).
 */
const MAX_CHANGED_OUTSIDE = 0.001;

const pct = (fraction: number) => `${(fraction * 100).toFixed(3)}%`;

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'nj-pipeline-obscure-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/**
 * The document `detect` would print for a clip whose plate is tracked on frames [from, to] (inclusive),
 * one history entry per frame at the plate's exact box. Built by the real document builder.
 */
function syntheticDocument(info: VideoInfo, opts: ClipOptions, from = 0, to = opts.frames - 1): PlatesDocument {
  const times = clipTimestampsMs(opts);
  const history = [];
  for (let i = from; i <= to; i++)
    history.push({ timestamp: times[i]!, polygon: boxPolygon(plateBoxAt(opts, i)), source: 'detection' as const });
  const document = buildDocument({
    info,
    options: { ...DEFAULT_DETECT_OPTIONS, input: info.path, engine: 'embedded' },
    engines: ['embedded'],
    plates: [{ id: 0, history, readings: [{ timestamp: times[from]!, text: PLATE_TEXT, confidence: 90 }] }],
    durations: { probe: 1, detect: 10, track: 2 },
    processingDuration: 20,
    detectedFrames: to - from + 1,
  });
  // Exactly what a file written by `detect` holds.
  return JSON.parse(JSON.stringify(document)) as PlatesDocument;
}

interface FrameCheck {
  index: number;
  timestampIn: number;
  timestampOut: number;
  detailIn: number;
  detailOut: number;
  outsideMean: number;
  outsideChanged: number;
  /** The same measure for a re-encode without any cover: what the codec alone changes there. */
  baselineChanged: number;
}

/**
 * Decode input and output together and measure every frame against the plate box and the cover's reach.
 * `baseline` is the same input obscured with an empty tracking document (a plain re-encode).
 */
async function checkFrames(
  input: string,
  output: string,
  baseline: string,
  opts: ClipOptions,
): Promise<{ checks: FrameCheck[]; infoIn: VideoInfo; infoOut: VideoInfo }> {
  const reach = (index: number) => [reachOf(boxPolygon(plateBoxAt(opts, index)))];
  const baselineChanged: number[] = [];
  await forEachFramePair(input, baseline, (fin, fbase, index) => {
    baselineChanged.push(changeOutside(fin, fbase, reach(index), fin.width, fin.height).changedFraction);
  });
  const checks: FrameCheck[] = [];
  const { infoA, infoB } = await forEachFramePair(input, output, (fin, fout, index) => {
    const box = plateBoxAt(opts, index);
    const outside = changeOutside(fin, fout, reach(index), fin.width, fin.height);
    checks.push({
      index,
      timestampIn: fin.timestampMs,
      timestampOut: fout.timestampMs,
      detailIn: meanDetail(fin, box),
      detailOut: meanDetail(fout, box),
      outsideMean: outside.meanAbsDiff,
      outsideChanged: outside.changedFraction,
      baselineChanged: baselineChanged[index]!,
    });
  });
  return { checks, infoIn: infoA, infoOut: infoB };
}

const VARIANTS: { name: string; opts: ClipOptions }[] = [
  { name: 'constant rate with audio', opts: { width: 640, height: 360, frames: 30, plate: true, audio: true } },
  { name: 'no audio', opts: { width: 640, height: 360, frames: 30, plate: true } },
  { name: 'odd size', opts: { width: 481, height: 271, frames: 30, plate: true, audio: true } },
  { name: 'rotation 90', opts: { width: 360, height: 640, frames: 30, plate: true, audio: true, rotation: 90 } },
  { name: 'variable frame rate', opts: { width: 640, height: 360, frames: 30, plate: true, audio: true, vfr: true } },
];

describe.each(VARIANTS)('obscure, $name', ({ name, opts }) => {
  let input: string;
  let output: string;
  let document: PlatesDocument;
  let result: PlatesDocument;
  let infoIn: VideoInfo;
  let infoOut: VideoInfo;
  let checks: FrameCheck[];

  beforeAll(async () => {
    const slug = name.replaceAll(' ', '-');
    input = await makeClip({ ...opts, path: path.join(workDir, `${slug}.mp4`) });
    output = path.join(workDir, `${slug}.out.mp4`);
    document = syntheticDocument(await probeVideo(input), opts);
    result = await obscureVideo(document, { ...DEFAULT_OBSCURE_OPTIONS, input, output });
    const baseline = path.join(workDir, `${slug}.baseline.mp4`);
    await obscureVideo({ ...document, summary: [], tracking: [] }, { ...DEFAULT_OBSCURE_OPTIONS, input, output: baseline });
    ({ checks, infoIn, infoOut } = await checkFrames(input, output, baseline, opts));
  });

  it('keeps every frame and the duration (within one frame)', async () => {
    expect(await countFrames(input)).toBe(opts.frames);
    expect(await countFrames(output)).toBe(opts.frames);
    expect(checks).toHaveLength(opts.frames);
    expect(Math.abs(infoOut.durationMs - infoIn.durationMs)).toBeLessThanOrEqual(1000 / infoIn.fps);
  });

  it("keeps each frame's presentation time", async () => {
    const expected = clipTimestampsMs(opts);
    // The decoder reports the clip's own times, the output carries the same ones (VFR included).
    checks.forEach((c, i) => {
      expect(c.timestampIn).toBeCloseTo(expected[i]!, 0);
    });
    const packetsIn = await videoPacketTimesMs(input);
    const packetsOut = await videoPacketTimesMs(output);
    expect(packetsOut).toHaveLength(packetsIn.length);
    packetsOut.forEach((t, i) => {
      expect(Math.abs(t - packetsIn[i]!)).toBeLessThan(0.5);
    });
    checks.forEach((c) => {
      expect(Math.abs(c.timestampOut - c.timestampIn)).toBeLessThan(0.5);
    });
    expect(infoOut.variableFrameRate).toBe(Boolean(opts.vfr));
  });

  it('has audio exactly when the input has, copied bit for bit', async () => {
    expect(infoIn.hasAudio).toBe(Boolean(opts.audio));
    expect(infoOut.hasAudio).toBe(Boolean(opts.audio));
    const md5In = await audioPacketsMd5(input);
    expect(await audioPacketsMd5(output)).toBe(md5In);
    expect(md5In === '').toBe(!opts.audio);
  });

  it('shows the same picture size (an odd size is encoded 4:4:4, which H.264 can hold at any size)', () => {
    expect([infoIn.width, infoIn.height]).toEqual([opts.width, opts.height]);
    expect([infoOut.width, infoOut.height]).toEqual([opts.width, opts.height]);
    // Frames are decoded upright and written as they are: a rotated input gives an upright, untagged output.
    expect(infoIn.rotation).toBe(opts.rotation ?? 0);
    expect(infoOut.rotation).toBe(0);
  });

  it("removes the plate's detail on every frame", () => {
    const failures = checks
      .filter((c) => !(c.detailIn >= 3 && c.detailOut < DETAIL_RATIO * c.detailIn))
      .map((c) => `frame ${c.index}: detail ${c.detailIn.toFixed(1)} -> ${c.detailOut.toFixed(1)}`);
    expect(failures).toEqual([]);
  });

  it('leaves pixels beyond padding + feather unchanged', () => {
    const failures = checks
      .filter((c) => !(c.outsideMean < CODEC_NOISE && c.outsideChanged < c.baselineChanged + MAX_CHANGED_OUTSIDE))
      .map(
        (c) =>
          `frame ${c.index}: mean |diff| ${c.outsideMean.toFixed(2)}, changed ${pct(c.outsideChanged)} (re-encode alone ${pct(c.baselineChanged)})`,
      );
    expect(failures).toEqual([]);
  });

  it('returns the input document with `output` (absolute) and the added durations', () => {
    const { output: out, durations, processingDuration, ...rest } = result;
    const { output: _o, durations: inDurations, processingDuration: inProcessing, ...inRest } = document;
    expect(rest).toEqual(inRest);
    expect(out).toBe(path.resolve(output));
    expect(processingDuration).toBeGreaterThanOrEqual(inProcessing);
    for (const [stage, ms] of Object.entries(inDurations)) expect(durations[stage]).toBeGreaterThanOrEqual(ms);
    expect(Object.keys(durations)).toEqual(expect.arrayContaining(['decode', 'obscure', 'encode']));
  });
});

describe('obscure CLI with --fade-duration', () => {
  // Plate visible on all 30 frames, tracked only on 10..19; a 100 ms fade at 30 fps reaches 3 frames out.
  const opts: ClipOptions = { width: 640, height: 360, frames: 30, plate: true };
  const first = 10;
  const last = 19;
  // Opacity 1 - (distance from the track's edge minus half a frame) / fade, per frame outside the track.
  const fadeOpacity: Record<number, number> = { 9: 1 - 50 / 300, 8: 0.5, 7: 1 - 250 / 300, 20: 1 - 50 / 300, 21: 0.5, 22: 1 - 250 / 300 };
  let input: string;
  let document: PlatesDocument;
  let printed: PlatesDocument;
  let stderr: string;
  let frames: { fin: Frame; fout: Frame }[];

  beforeAll(async () => {
    input = await makeClip({ ...opts, path: path.join(workDir, 'fade.mp4') });
    document = syntheticDocument(await probeVideo(input), opts, first, last);
    await writeFile(path.join(workDir, 'fade.json'), JSON.stringify(document, null, 2));
    // A relative -o: the printed `output` must be absolute.
    const run = await execa(
      process.execPath,
      [cli, 'obscure', '-i', input, '-t', 'fade.json', '-o', 'fade.out.mp4', '--fade-duration', '100'],
      {
        cwd: workDir,
        reject: false,
        timeout: 120_000,
      },
    );
    expect(run.stderr).not.toMatch(/number-jam:/);
    expect(run.exitCode).toBe(0);
    printed = JSON.parse(run.stdout) as PlatesDocument;
    stderr = run.stderr;
    frames = [];
    await forEachFramePair(input, path.join(workDir, 'fade.out.mp4'), (fin, fout) => frames.push({ fin, fout }));
  });

  it('prints the input document plus `output` (absolute path) and durations', () => {
    const { output, durations, processingDuration, ...rest } = printed;
    const { output: _o, durations: inDurations, processingDuration: inProcessing, ...inRest } = document;
    expect(rest).toEqual(inRest);
    expect(output).toBe(path.join(workDir, 'fade.out.mp4'));
    expect(processingDuration).toBeGreaterThanOrEqual(inProcessing);
    for (const [stage, ms] of Object.entries(inDurations)) expect(durations[stage]).toBeGreaterThanOrEqual(ms);
    expect(durations.encode).toBeGreaterThan(0);
    expect(stderr).toMatch(/^obscure: 30\/30 frames/m);
  });

  it('covers the tracked frames fully', () => {
    for (let i = first; i <= last; i++) {
      const box = plateBoxAt(opts, i);
      const { fin, fout } = frames[i]!;
      expect(meanDetail(fout, box), `frame ${i}`).toBeLessThan(DETAIL_RATIO * meanDetail(fin, box));
    }
  });

  it('fades the cover in and out over the frames just outside the track', () => {
    for (const [key, opacity] of Object.entries(fadeOpacity)) {
      const i = Number(key);
      // During the fade the cover stays where the track starts (or ends).
      const drawn = plateBoxAt(opts, i < first ? first : last);
      const { fin, fout } = frames[i]!;
      const fill = sampleFillColour(fin, boxPolygon(drawn));
      const fillLuma = 0.299 * fill[0] + 0.587 * fill[1] + 0.114 * fill[2];
      const core = innerPixels(drawn, 2, fin.width, fin.height);
      let full = 0;
      let n = 0;
      for (let y = core.y0; y < core.y1; y++) {
        for (let x = core.x0; x < core.x1; x++) {
          full += Math.abs(fillLuma - lumaAt(fin, x, y));
          n++;
        }
      }
      const coreBox = { x: core.x0, y: core.y0, width: core.x1 - core.x0, height: core.y1 - core.y0 };
      // Painting colour c at opacity a moves each pixel a * |c - p| towards c.
      const measured = meanAbsDiffIn(fin, fout, coreBox) / (full / n);
      expect(measured, `frame ${i}: opacity ${opacity.toFixed(2)}`).toBeGreaterThan(opacity - 0.15);
      expect(measured, `frame ${i}: opacity ${opacity.toFixed(2)}`).toBeLessThan(opacity + 0.15);
    }
  });

  it('leaves frames beyond the fade unchanged', () => {
    const untouched = frames.map((_, i) => i).filter((i) => i < first - 3 || i > last + 3);
    expect(untouched).toEqual([0, 1, 2, 3, 4, 5, 6, 23, 24, 25, 26, 27, 28, 29]);
    for (const i of untouched) {
      const { fin, fout } = frames[i]!;
      const change = changeOutside(fin, fout, []);
      expect(change.meanAbsDiff, `frame ${i}`).toBeLessThan(CODEC_NOISE);
      expect(change.changedFraction, `frame ${i}`).toBeLessThan(MAX_CHANGED_OUTSIDE);
      const box = plateBoxAt(opts, i);
      expect(meanDetail(fout, box), `frame ${i} plate detail kept`).toBeGreaterThan(0.7 * meanDetail(fin, box));
    }
  });

  it('touches nothing beyond the reach of the drawn covers on any frame', () => {
    frames.forEach(({ fin, fout }, i) => {
      const drawn = plateBoxAt(opts, Math.min(last, Math.max(first, i)));
      const change = changeOutside(fin, fout, [reachOf(boxPolygon(drawn))]);
      expect(change.meanAbsDiff, `frame ${i}`).toBeLessThan(CODEC_NOISE);
      expect(change.changedFraction, `frame ${i}`).toBeLessThan(MAX_CHANGED_OUTSIDE);
    });
  });
});
