import { describe, expect, it } from 'vitest';
import { expandToPlate } from '../../src/detection/embedded/plateGeometry.js';
import {
  isPlausiblePlate,
  MIN_CUT_PLATE_CONFIDENCE,
  plateLikelihood,
  reachesFrameEdge,
  readsLikePlateAtNativeLook,
  type TextGroupEvidence,
} from '../../src/detection/embedded/plausibility.js';
import type { RotatedRect } from '../../src/geometry/rect.js';

const frame = { width: 1280, height: 720 };

/** Evidence for one text line of height 24 at (cx, cy), read as `text`. */
function evidence(text: string, confidence: number, cx = 640, cy = 400, width = 100, height = 24): TextGroupEvidence {
  const main: RotatedRect = { cx, cy, width, height, angle: 0 };
  return {
    candidate: { polygon: [], text, confidence, engine: 'embedded' },
    lines: [main],
    main,
    plate: expandToPlate(main),
    charProbabilities: [...text].map(() => confidence / 100),
    reads: [],
    likelihood: plateLikelihood(text, { lineWidth: width, lineHeight: height, frameWidth: frame.width, frameHeight: frame.height }),
  };
}

describe('isPlausiblePlate', () => {
  it.each(['FB5X8T', '6RJN062', 'KC4-Z3X', '78188', 'AB12 CDE'])('keeps a whole plate reading %s', (text) => {
    expect(isPlausiblePlate(evidence(text, 80), frame)).toBe(true);
  });

  it.each([
    ['', 0],
    ['3', 1.6],
    ['1', 31],
    ['18', 40],
    ['148', 90],
  ])('rejects an empty or short reading %s (conf %s) in mid-frame', (text, confidence) => {
    expect(isPlausiblePlate(evidence(text, confidence), frame)).toBe(false);
  });

  it('rejects signs however confidently read', () => {
    expect(isPlausiblePlate(evidence('EXIT ONLY', 99), frame)).toBe(false);
    expect(isPlausiblePlate(evidence('NOTICE', 99), frame)).toBe(false);
  });

  it('keeps a confidently read part of a plate cut by the frame edge', () => {
    expect(isPlausiblePlate(evidence('867', 99, 30, 400), frame)).toBe(true);
    expect(isPlausiblePlate(evidence('P1', 92, 1260, 400), frame)).toBe(true);
    expect(isPlausiblePlate(evidence('R8Z', 88, 640, 8), frame)).toBe(true);
  });

  it('rejects a weakly read short text at the frame edge', () => {
    expect(isPlausiblePlate(evidence('8', MIN_CUT_PLATE_CONFIDENCE - 30, 30, 400), frame)).toBe(false);
    expect(isPlausiblePlate(evidence('', 0, 30, 400), frame)).toBe(false);
  });
});

describe('reachesFrameEdge', () => {
  it('measures the rotated rect corners against every border', () => {
    const r: RotatedRect = { cx: 100, cy: 100, width: 60, height: 20, angle: 0 };
    expect(reachesFrameEdge(r, frame, 10)).toBe(false);
    expect(reachesFrameEdge({ ...r, cx: 35 }, frame, 10)).toBe(true);
    expect(reachesFrameEdge({ ...r, cy: 715 }, frame, 10)).toBe(true);
    // Rotated 90°: the 60 px side now runs vertically and reaches y < 10.
    expect(reachesFrameEdge({ ...r, cy: 35, angle: Math.PI / 2 }, frame, 10)).toBe(true);
  });
});

describe('plates from a native-resolution look', () => {
  const at = (text: string) => ({
    polygon: [
      [0, 0],
      [60, 0],
      [60, 20],
      [0, 20],
    ] as [number, number][],
    text,
    engine: 'embedded',
  });
  it('keep readings of 5+ characters (small plates)', () => {
    expect(readsLikePlateAtNativeLook(at('DK8F5L'))).toBe(true);
    expect(readsLikePlateAtNativeLook(at('ZHP 2T40'))).toBe(true);
    expect(readsLikePlateAtNativeLook(at('78188'))).toBe(true);
  });
  it('drop the short small print only that look resolves (a dealer line, a grate)', () => {
    expect(readsLikePlateAtNativeLook(at('F733'))).toBe(false);
    expect(readsLikePlateAtNativeLook(at('MAN0'))).toBe(false);
    expect(readsLikePlateAtNativeLook(at('13-01'))).toBe(false);
    expect(readsLikePlateAtNativeLook(at(''))).toBe(false);
  });
});
