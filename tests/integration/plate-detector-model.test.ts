// The shipped plate detector (models/platenet.onnx) loads and finds the plate on stills of the project's own
// samples/sample.mp4 (frames at 1.5 s, 3 s and 5 s: the car entering, in the middle, leaving), and proposes
// nothing confident on the road sign or the burnt-in clock.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRMED_SCORE, PROPOSAL_SCORE } from '../../src/detection/embedded/plateFinder.js';
import { PlateDetector, type PlateProposal } from '../../src/detection/plates/index.js';
import { intersectionArea } from '../../src/geometry/clip.js';
import { boxToPolygon } from '../../src/geometry/polygon.js';
import { rectCorners } from '../../src/geometry/rect.js';
import type { Box, Frame } from '../../src/types.js';
import { decodeFramesAt, probeVideoDetails } from '../../src/video/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sample = path.join(repoRoot, 'samples/sample.mp4');

/** The plate's box at `t` seconds (scripts/make-sample.mjs: the car sprite's offset and the overlay's x). */
function plateAt(t: number): Box {
  const x = t < 2 ? -420 + t * 330 : t < 4 ? 240 + (t - 2) * 40 : 320 + (t - 4) * (t - 4) * 260;
  return { x: (Math.trunc(x) & ~1) + 120, y: 405, width: 180, height: 44 };
}
const SIGN: Box = { x: 980, y: 120, width: 200, height: 70 };
const CLOCK: Box = { x: 15, y: 15, width: 280, height: 35 };

/** Share of `box` under the proposal's rectangle. */
function covered(p: PlateProposal, box: Box): number {
  return intersectionArea(rectCorners(p.rect), boxToPolygon(box)) / (box.width * box.height);
}

let detector: PlateDetector;
const frames: Frame[] = [];

beforeAll(async () => {
  detector = await PlateDetector.load(2);
  const details = await probeVideoDetails(sample);
  // 25 fps: frames 37, 75 and 125 are at 1.48, 3.0 and 5.0 s.
  for await (const frame of decodeFramesAt(details, [37, 75, 125])) frames.push({ ...frame, data: Buffer.from(frame.data) });
}, 120_000);

afterAll(async () => {
  await detector?.close();
});

describe('the shipped plate detector', () => {
  it('finds the plate on each still, confidently, with a rectangle on the plate', async () => {
    expect(frames).toHaveLength(3);
    for (const frame of frames) {
      const plate = plateAt(frame.timestampMs / 1000);
      const proposals = await detector.find(frame, PROPOSAL_SCORE);
      const best = proposals.find((p) => covered(p, plate) > 0.5);
      expect(best, `t=${frame.timestampMs} ms: ${JSON.stringify(proposals.slice(0, 3))}`).toBeDefined();
      expect(best!.score).toBeGreaterThanOrEqual(CONFIRMED_SCORE);
      // A tight box: most of the plate (the obscurer pads it by up to 10 px), and not much more than the plate.
      expect(covered(best!, plate)).toBeGreaterThan(0.7);
      expect((best!.rect.width * best!.rect.height) / (plate.width * plate.height)).toBeLessThan(2);
    }
  });

  it('proposes nothing confident on the road sign or the clock', async () => {
    for (const frame of frames) {
      const proposals = await detector.find(frame, CONFIRMED_SCORE);
      expect(proposals.filter((p) => covered(p, SIGN) > 0.2 || covered(p, CLOCK) > 0.2)).toEqual([]);
    }
  });
});
