import { describe, expect, it } from 'vitest';
import { affinity, assignDetections } from '../../src/tracking/matching.js';
import { fitMotion, predict } from '../../src/tracking/motion.js';
import type { Box } from '../../src/types.js';

const box = (x: number, y: number, width = 60, height = 20): Box => ({ x, y, width, height });

describe('detection-to-track matching', () => {
  it('matches by IOU and rejects far or differently sized boxes', () => {
    expect(affinity(box(0, 0), box(5, 2))).not.toBeNull();
    expect(affinity(box(0, 0), box(300, 0))).toBeNull();
    expect(affinity(box(0, 0), box(0, 0, 200, 70))).toBeNull();
  });

  it('matches a fast plate against its motion-predicted box, not its last box', () => {
    // 80 px per frame: the last box and the new detection do not overlap at all.
    const observations = [0, 1, 2].map((f) => ({ frame: f, cx: 100 + 80 * f, cy: 100, size: 35 }));
    const motion = fitMotion(observations);
    expect(motion.vx).toBeCloseTo(80);
    const p = predict(observations[2]!, motion, 3);
    const predicted = box(p.cx - 30, p.cy - 10);
    const lastBox = box(260 - 30, 90);
    const detection = box(342 - 30, 92);
    expect(affinity(lastBox, detection)).toBeNull();
    expect(assignDetections([predicted], [detection])).toEqual([[0, 0]]);
  });

  it('keeps identities of two crossing plates', () => {
    // Plate A moves right, plate B left; at the frame after they cross, predictions keep them apart.
    const a = [0, 1, 2].map((f) => ({ frame: f, cx: 100 + 20 * f, cy: 100, size: 35 }));
    const b = [0, 1, 2].map((f) => ({ frame: f, cx: 180 - 20 * f, cy: 108, size: 35 }));
    const pa = predict(a[2]!, fitMotion(a), 3);
    const pb = predict(b[2]!, fitMotion(b), 3);
    const predicted = [box(pa.cx - 30, pa.cy - 10), box(pb.cx - 30, pb.cy - 10)];
    // Detections listed B first: A is now right of B.
    const detections = [box(120 - 30, 98), box(160 - 30, 102)];
    const pairs = new Map(assignDetections(predicted, detections));
    expect(pairs.get(0)).toBe(1);
    expect(pairs.get(1)).toBe(0);
  });

  it('never gives one detection to two tracks', () => {
    const pairs = assignDetections([box(0, 0), box(2, 0)], [box(1, 0)]);
    expect(pairs).toHaveLength(1);
  });
});
