import { describe, expect, it } from 'vitest';
import { acceptProposal, plateFinderScale } from '../../src/detection/embedded/index.js';
import { mergeSplitPlates, suppressOverlaps } from '../../src/detection/plates/decode.js';
import { decodePlates, type NetOutput, PLATE_NET_STRIDE, plateNetInputSize, toFrame } from '../../src/detection/plates/index.js';
import { plateFinderStride } from '../../src/pipeline/schedule.js';

/** A net output of w x h cells with one plate's box written at (x, y). */
function output(w: number, h: number, peaks: { x: number; y: number; score: number; box: number[] }[]): NetOutput {
  const heat = new Float32Array(w * h);
  const box = new Float32Array(6 * w * h);
  for (const p of peaks) {
    heat[p.y * w + p.x] = p.score;
    p.box.forEach((v, c) => {
      box[c * w * h + p.y * w + p.x] = v;
    });
  }
  return { width: w, height: h, heat, box };
}

describe('PlateNet decoding', () => {
  it('turns a heatmap peak and its box channels into a rotated rectangle in input pixels', () => {
    // Centre offset (0.25, -0.5) cells, long side 64 px, short 16 px, angle 30° (cos 60°, sin 60°).
    const out = output(20, 10, [{ x: 5, y: 4, score: 0.9, box: [0.25, -0.5, Math.log(4), Math.log(1), 0.5, Math.sqrt(3) / 2] }]);
    const [p] = decodePlates(out, 0.3);
    expect(p!.score).toBeCloseTo(0.9, 5);
    expect(p!.rect.cx).toBeCloseTo((5 + 0.5 + 0.25) * PLATE_NET_STRIDE, 5);
    expect(p!.rect.cy).toBeCloseTo((4 + 0.5 - 0.5) * PLATE_NET_STRIDE, 5);
    expect(p!.rect.width).toBeCloseTo(64, 4);
    expect(p!.rect.height).toBeCloseTo(16, 4);
    expect((p!.rect.angle * 180) / Math.PI).toBeCloseTo(30, 4);
  });

  it('keeps local maxima above the threshold only, best first, and one of two equal neighbours', () => {
    const box = [0, 0, 0, -1, 1, 0];
    const out = output(12, 8, [
      { x: 2, y: 2, score: 0.5, box },
      { x: 3, y: 2, score: 0.7, box }, // beats its neighbour
      { x: 9, y: 5, score: 0.8, box },
      { x: 10, y: 5, score: 0.8, box }, // a flat two-cell peak: reported once
      { x: 6, y: 7, score: 0.1, box }, // under the threshold
    ]);
    const found = decodePlates(out, 0.3);
    expect(found.map((p) => p.score)).toEqual([expect.closeTo(0.8, 5), expect.closeTo(0.7, 5)]);
    expect(found[0]!.rect.cx).toBeCloseTo(9.5 * PLATE_NET_STRIDE, 5);
  });

  it('turns a box whose short side came out longer so that width is the long side', () => {
    const out = output(4, 4, [{ x: 1, y: 1, score: 0.9, box: [0, 0, Math.log(1), Math.log(3), 1, 0] }]);
    const [p] = decodePlates(out, 0.3);
    expect(p!.rect.width).toBeCloseTo(48, 4);
    expect(p!.rect.height).toBeCloseTo(16, 4);
    expect(Math.abs(Math.sin(p!.rect.angle))).toBeCloseTo(1, 5);
  });

  it('keeps one proposal per plate when a wide plate peaks twice, and both of two plates side by side', () => {
    const wide = { cx: 100, cy: 50, width: 120, height: 30, angle: 0 };
    const kept = suppressOverlaps([
      { score: 0.9, rect: wide },
      { score: 0.6, rect: { ...wide, cx: 140 } }, // a second peak inside the first plate
      { score: 0.5, rect: { ...wide, cx: 230 } }, // the next plate along
    ]);
    expect(kept.map((p) => p.score)).toEqual([0.9, 0.5]);
  });

  it('joins the two halves of a plate larger than the net saw in training, and leaves two plates apart', () => {
    const left = { cx: 100, cy: 200, width: 120, height: 60, angle: 0 };
    const right = { cx: 225, cy: 203, width: 110, height: 58, angle: 0.02 }; // ends 5 px apart
    const [one, ...rest] = mergeSplitPlates([
      { score: 0.8, rect: left },
      { score: 0.6, rect: right },
    ]);
    expect(rest).toEqual([]);
    expect(one!.score).toBe(0.8);
    expect(one!.rect.width).toBeCloseTo(240, 0);
    expect(one!.rect.cx).toBeCloseTo(160, 0);
    const apart = { ...right, cx: 300 }; // 80 px apart: more than half a plate height
    expect(
      mergeSplitPlates([
        { score: 0.8, rect: left },
        { score: 0.6, rect: apart },
      ]),
    ).toHaveLength(2);
    const above = { ...right, cx: 100, cy: 280 }; // the plate of a car behind, not on the same line
    expect(
      mergeSplitPlates([
        { score: 0.8, rect: left },
        { score: 0.6, rect: above },
      ]),
    ).toHaveLength(2);
  });

  it('maps proposals back to the frame and sizes inputs to multiples of 16', () => {
    expect(plateNetInputSize(1920, 1080, 1)).toEqual({ width: 1920, height: 1088 });
    expect(plateNetInputSize(3840, 2160, 0.5)).toEqual({ width: 1920, height: 1088 });
    const p = toFrame({ score: 1, rect: { cx: 100, cy: 50, width: 40, height: 10, angle: 0 } }, 2, 2);
    expect(p.rect).toEqual({ cx: 200, cy: 100, width: 80, height: 20, angle: 0 });
  });
});

describe('plate-or-not from the detector score and the reading', () => {
  it('takes a confident detection whatever it reads, and a weak one only with a plate-like reading', () => {
    expect(acceptProposal(0.6, '')).toBe(true); // a mirrored or tiny plate reads nothing
    expect(acceptProposal(0.3, '')).toBe(false);
    expect(acceptProposal(0.3, 'AB12CDE')).toBe(true);
    expect(acceptProposal(0.1, 'AB12CDE')).toBe(false); // below the proposal score: never read
  });

  it('turns down a tall proposal read clearly as one or two characters (a badge), unless the frame edge cuts it', () => {
    const clear = { confidence: 95, height: 36, atEdge: false };
    expect(acceptProposal(0.6, 'A', clear)).toBe(false);
    expect(acceptProposal(0.6, 'A', { ...clear, atEdge: true })).toBe(true);
    expect(acceptProposal(0.6, 'A', { ...clear, height: 10 })).toBe(true); // too small to read: the score decides
    expect(acceptProposal(0.6, 'A', { ...clear, confidence: 40 })).toBe(true);
    expect(acceptProposal(0.9, 'A', clear)).toBe(true); // near-certain
    expect(acceptProposal(0.3, '2O')).toBe(false); // three characters or fewer never confirm a weak proposal
  });

  it('lets signage and clocks overrule a detection short of certain', () => {
    expect(acceptProposal(0.6, '2014/05/03 12:34:56')).toBe(false);
    expect(acceptProposal(0.6, 'EXIT ONLY')).toBe(false);
    expect(acceptProposal(0.9, 'EXIT ONLY')).toBe(true);
  });
});

describe('plate finder schedule and scale', () => {
  it('detects often enough that a plate in view for three frames at 25 fps is seen', () => {
    expect(plateFinderStride('balanced', 25)).toBe(3);
    expect(plateFinderStride('balanced', 30)).toBe(3);
    expect(plateFinderStride('balanced', 10)).toBe(1);
    expect(plateFinderStride('thorough', 60)).toBe(1);
    expect(plateFinderStride('fast', 25)).toBe(6);
  });

  it('runs at the frame resolution up to maxSide, shrinks larger frames and enlarges small ones', () => {
    expect(plateFinderScale(1920, 1080, 1920)).toBe(1);
    expect(plateFinderScale(3840, 2160, 1920)).toBe(0.5);
    expect(plateFinderScale(160, 120, 1920)).toBe(2);
    expect(plateFinderScale(480, 360, 1920)).toBeCloseTo(640 / 480, 6);
  });
});
