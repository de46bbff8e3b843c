import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { convexIntersection } from '../../src/geometry/clip.js';
import { polygonArea } from '../../src/geometry/polygon.js';
import { PlateTracker } from '../../src/tracking/index.js';
import type { PlateCandidate, Polygon } from '../../src/types.js';
import { seeded } from '../helpers/random.js';

// Real dev clips with exact truth; detections are simulated from the truth (every 5th frame, 30%
// dropped, +-3 px jitter, none on effect frames or when less than half the plate is in view), so the
// tracker alone must cover the rest. Full figures over all clips: scripts/eval-tracking.mjs.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures');
const haveFixtures = existsSync(path.join(fixtures, 'd07_whip_blur.mp4'));

interface TruthPlate {
  polygon: Polygon;
  visible_fraction: number;
}
interface Truth {
  width: number;
  height: number;
  fps: number;
  frames: { index: number; timestamp_ms: number; plates: TruthPlate[]; effects?: string[] }[];
}

async function trackClip(name: string): Promise<{ covered: number; plateFrames: number; longestGap: number }> {
  const truth = JSON.parse(readFileSync(path.join(fixtures, `${name}.truth.json`), 'utf8')) as Truth;
  const { width, height, fps } = truth;
  const { stdout } = await execa(
    ffmpegInstaller.path,
    ['-v', 'error', '-i', path.join(fixtures, `${name}.mp4`), '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    { encoding: 'buffer', maxBuffer: 2 ** 31 - 1 },
  );
  const frameSize = width * height * 3;
  const random = seeded(7);
  const tracker = new PlateTracker({ width, height, fps, extendDetectionMs: 2000, minFraction: 0.01 });
  const count = Math.floor(stdout.length / frameSize);
  for (let i = 0; i < count; i++) {
    const t = truth.frames[i]!;
    let candidates: PlateCandidate[] | null = null;
    if (i % 5 === 0) {
      candidates = [];
      for (const plate of t.plates) {
        if ((t.effects ?? []).length || plate.visible_fraction < 0.5 || random() < 0.3) continue;
        const polygon = plate.polygon.map(([x, y]) => [x + (random() * 2 - 1) * 3, y + (random() * 2 - 1) * 3] as [number, number]);
        candidates.push({ polygon, engine: 'truth' });
      }
    }
    const data = Buffer.from(stdout.subarray(i * frameSize, (i + 1) * frameSize));
    tracker.push({ index: i, timestampMs: t.timestamp_ms, width, height, data }, candidates);
  }
  const tracks = tracker.finish();
  let covered = 0;
  let plateFrames = 0;
  let gap = 0;
  let longestGap = 0;
  for (const t of truth.frames.slice(0, count)) {
    for (const plate of t.plates) {
      if (plate.visible_fraction < 0.3) continue;
      plateFrames++;
      const polys = tracks.flatMap((tr) => tr.history.filter((h) => Math.abs(h.timestamp - t.timestamp_ms) < 1).map((h) => h.polygon));
      const best = Math.max(0, ...polys.map((p) => polygonArea(convexIntersection(plate.polygon, p)) / polygonArea(plate.polygon)));
      if (best >= 0.9) {
        covered++;
        gap = 0;
      } else longestGap = Math.max(longestGap, ++gap);
    }
  }
  return { covered, plateFrames, longestGap };
}

describe.skipIf(!haveFixtures)('tracking on real fixture clips (skipped: ../shared/fixtures not present)', () => {
  for (const name of ['d07_whip_blur', 'd08_pan_enter_1080']) {
    it(`covers the plate of ${name} from sparse simulated detections`, async () => {
      const { covered, plateFrames, longestGap } = await trackClip(name);
      expect(plateFrames).toBeGreaterThan(50);
      expect(covered / plateFrames).toBeGreaterThanOrEqual(0.97);
      expect(longestGap).toBeLessThanOrEqual(2);
    }, 120_000);
  }
});
