import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedEngine, type EmbeddedEngine } from '../../src/detection/embedded/index.js';
import { intersectionArea } from '../../src/geometry/clip.js';
import { polygonArea } from '../../src/geometry/polygon.js';
import { detectPlates } from '../../src/pipeline/detect.js';
import { DEFAULT_DETECT_OPTIONS } from '../../src/pipeline/options.js';
import type { Frame, Polygon } from '../../src/types.js';

// d21: four ~60 px plates in a 1920x1080 frame. The detector sees the frame shrunk to 1280 px, where
// the plate on the dark car (DK8F5L) is lost; at the frame's own resolution it is found.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures');
const clip = path.join(fixtures, 'd21_mosaic_tiny_1080.mp4');
const haveFixture = existsSync(clip);

interface Truth {
  width: number;
  height: number;
  frames: { plates: { text: string; polygon: Polygon }[] }[];
}

const coverage = (found: Polygon, truth: Polygon): number => intersectionArea(truth, found) / polygonArea(truth);

describe.skipIf(!haveFixture)('native-resolution looks on a 1080p frame with small plates (d21)', () => {
  let truth: Truth;
  let darkPlate: Polygon;
  let frame: Frame;
  let engine: EmbeddedEngine;
  let work: string;

  beforeAll(async () => {
    truth = JSON.parse(readFileSync(clip.replace('.mp4', '.truth.json'), 'utf8')) as Truth;
    darkPlate = truth.frames[0]!.plates.find((p) => p.text === 'DK8F5L')!.polygon;
    const { stdout } = await execa(
      ffmpegInstaller.path,
      ['-v', 'error', '-i', clip, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
      {
        encoding: 'buffer',
        maxBuffer: 2 ** 28,
      },
    );
    frame = { index: 0, timestampMs: 0, width: truth.width, height: truth.height, data: Buffer.from(stdout) };
    engine = createEmbeddedEngine();
    await engine.init();
    work = mkdtempSync(path.join(os.tmpdir(), 'nj-native-'));
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('finds and reads the plate on the dark car at the frame resolution', async () => {
    const found = await engine.detectNative(frame);
    const best = found.map((c) => ({ c, cover: coverage(c.polygon, darkPlate) })).sort((a, b) => b.cover - a.cover)[0];
    expect(best, JSON.stringify(found)).toBeDefined();
    expect(best!.cover).toBeGreaterThanOrEqual(0.8);
    expect(best!.c.text?.replace(/[^A-Z0-9]/g, '')).toBe('DK8F5L');
  }, 120_000);

  it('the pipeline tracks that plate from the first frame (the shrunk pass alone never found it)', async () => {
    // The first half second of the clip (a keyframe cut: no re-encode).
    const input = path.join(work, 'd21-head.mp4');
    await execa(ffmpegInstaller.path, ['-v', 'error', '-i', clip, '-t', '0.5', '-c', 'copy', '-an', input]);
    const document = await detectPlates({ ...DEFAULT_DETECT_OPTIONS, engine: 'embedded', input });
    const first = document.tracking.map((t) => t.history[0]!).filter((h) => h.timestamp === 0);
    expect(
      first.some((h) => coverage(h.polygon, darkPlate) >= 0.8),
      JSON.stringify(first),
    ).toBe(true);
  }, 300_000);
});
