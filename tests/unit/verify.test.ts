import { describe, expect, it } from 'vitest';
import type { DetectionEngine, Frame, Polygon } from '../../src/types.js';
import {
  coverEnginesOf,
  coveredShare,
  createSecondOpinion,
  framesToCheck,
  nearestFrame,
  secondOpinionFor,
  uncoveredPlates,
} from '../../src/verify/index.js';

const rect = (x: number, y: number, w: number, h: number): Polygon => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
];
const square = (x: number, y: number, size: number): Polygon => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
];

describe('framesToCheck', () => {
  const times = Array.from({ length: 90 }, (_, i) => (i * 1000) / 30); // 3 s at 30 fps

  it('takes the first frame of every half second', () => {
    expect(framesToCheck(times, [])).toEqual([0, 15, 30, 45, 60, 75]);
  });

  it("adds each track's first and last frames and the frames 0.2 s outside them", () => {
    const checked = framesToCheck(times, [{ firstMs: 1000, lastMs: 2000 }]);
    // 1000 - 200 = 800 ms -> frame 24; 1000 -> 30; 2000 -> 60; 2200 -> 66.
    for (const index of [24, 30, 60, 66]) expect(checked).toContain(index);
    expect(checked).toEqual([...new Set(checked)].sort((a, b) => a - b));
  });

  it('clamps track edges to the video and handles uneven frame times', () => {
    const uneven = [0, 20, 66.7, 86.7, 133.3, 600, 1100];
    expect(framesToCheck(uneven, [{ firstMs: 0, lastMs: 1100 }])).toEqual([0, 5, 6]);
    expect(nearestFrame(uneven, 70)).toBe(2);
    expect(nearestFrame(uneven, -50)).toBe(0);
    expect(nearestFrame(uneven, 5000)).toBe(6);
    expect(framesToCheck([], [{ firstMs: 0, lastMs: 10 }])).toEqual([]);
  });
});

describe('coveredShare and uncoveredPlates', () => {
  const plate = square(100, 100, 40);

  it('measures how much of a plate lies under the covers', () => {
    expect(coveredShare(plate, [square(90, 90, 60)])).toBe(1);
    expect(coveredShare(plate, [])).toBe(0);
    expect(coveredShare(plate, [square(300, 300, 50)])).toBe(0);
    // The left half under one cover, nothing under the other.
    expect(coveredShare(plate, [rect(60, 60, 60, 140), square(0, 0, 10)])).toBeCloseTo(0.5, 1);
    // Two covers together hide it.
    expect(coveredShare(plate, [rect(60, 60, 60, 140), rect(120, 60, 60, 140)])).toBe(1);
  });

  it('keeps only the plates mostly outside every cover', () => {
    const seen = [{ polygon: plate }, { polygon: square(400, 100, 40) }];
    expect(uncoveredPlates(seen, [square(95, 95, 50)])).toEqual([{ polygon: square(400, 100, 40) }]);
    expect(uncoveredPlates(seen, [square(95, 95, 50), square(395, 95, 50)])).toEqual([]);
  });
});

describe('secondOpinionFor', () => {
  const none = { plateDetector: false, openalpr: false };

  it('reads the document engine names as the detectors that placed covers', () => {
    expect(coverEnginesOf(['embedded'])).toEqual(['text-detector']);
    expect(coverEnginesOf(['embedded', 'plate-detector'])).toEqual(['text-detector', 'plate-detector']);
    expect(coverEnginesOf(['openalpr', 'embedded'])).toEqual(['openalpr', 'text-detector']);
    expect(coverEnginesOf(['something-else'])).toEqual([]);
  });

  it('checks text-detector covers with the plate detector, else OpenALPR, else (not independently) the text detector', () => {
    expect(secondOpinionFor(['text-detector'], { plateDetector: true, openalpr: true })).toMatchObject({
      engine: 'plate-detector',
      independent: true,
    });
    expect(secondOpinionFor(['text-detector'], { plateDetector: false, openalpr: true })).toMatchObject({
      engine: 'openalpr',
      independent: true,
    });
    const alone = secondOpinionFor(['text-detector'], none);
    expect(alone).toMatchObject({ engine: 'text-detector', independent: false });
    expect(alone.reason).toMatch(/not independently/);
  });

  it('checks plate-detector or OpenALPR covers with the text detector', () => {
    expect(secondOpinionFor(['plate-detector'], { plateDetector: true, openalpr: true })).toMatchObject({
      engine: 'text-detector',
      independent: true,
    });
    expect(secondOpinionFor(['openalpr'], none)).toMatchObject({ engine: 'text-detector', independent: true });
    // Fused covers (OpenALPR and the text detector): only the plate detector is independent of both.
    expect(secondOpinionFor(['openalpr', 'text-detector'], none)).toMatchObject({ engine: 'text-detector', independent: false });
    expect(secondOpinionFor(['openalpr', 'text-detector'], { plateDetector: true, openalpr: true })).toMatchObject({
      engine: 'plate-detector',
      independent: true,
    });
  });
});

describe('createSecondOpinion', () => {
  it('keeps the readings a region format accepts and closes its engine', async () => {
    let closed = false;
    const engine: DetectionEngine = {
      name: 'fake',
      init: async () => undefined,
      detect: async () => [
        { polygon: square(0, 0, 10), text: 'AB12CDE', engine: 'fake' },
        { polygon: square(20, 0, 10), text: 'EXIT', engine: 'fake' },
        { polygon: square(40, 0, 10), engine: 'fake' },
      ],
      close: async () => {
        closed = true;
      },
    };
    const opinion = await createSecondOpinion(
      { engine: 'text-detector', independent: false, reason: 'test' },
      { makeEngine: async () => engine },
    );
    const frame: Frame = { index: 0, timestampMs: 0, width: 64, height: 16, data: Buffer.alloc(64 * 16 * 3) };
    expect(await opinion.look(frame)).toEqual([{ polygon: square(0, 0, 10), text: 'AB12CDE' }]);
    expect(opinion).toMatchObject({ engine: 'text-detector', independent: false });
    await opinion.close();
    expect(closed).toBe(true);
  });
});
