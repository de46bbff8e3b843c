import { describe, expect, it } from 'vitest';
import { boundingBox } from '../../src/geometry/polygon.js';
import {
  alignToPartialDetection,
  dedupeCandidates,
  fuseDetectionWithMatch,
  interpolateGap,
  nearFrameEdge,
  shapeAt,
  shapeOf,
} from '../../src/tracking/shape.js';
import { dilateOverTime } from '../../src/tracking/smoothing.js';
import type { PlateCandidate, Polygon } from '../../src/types.js';
import { rect } from '../helpers/shapes.js';

const NO_CUT = { left: false, right: false, top: false, bottom: false };

describe('a track shape at a pose', () => {
  it('moves and scales the reference quad', () => {
    const shape = shapeOf(rect(100, 100, 40, 10));
    expect(shape.size).toBe(20);
    expect(shapeAt(shape, { frame: 1, cx: 60, cy: 50, size: 40 })).toEqual(rect(20, 40, 80, 20));
  });

  it('grows the side a frame edge cut as the plate moves away from that edge, up to a plate aspect', () => {
    // Seen cut by the right edge: 20 px wide, 10 high.
    const shape = shapeOf(rect(300, 50, 20, 10), { ...NO_CUT, right: true });
    const moved = boundingBox(shapeAt(shape, { frame: 1, cx: shape.centre[0] - 15, cy: shape.centre[1], size: shape.size }));
    expect(moved.x).toBeCloseTo(285);
    expect(moved.width).toBeCloseTo(35);
    const far = boundingBox(shapeAt(shape, { frame: 1, cx: shape.centre[0] - 200, cy: shape.centre[1], size: shape.size }));
    expect(far.width).toBeCloseTo(50); // 5 x its height at most
    // Moving towards the cut edge shows nothing new.
    expect(boundingBox(shapeAt(shape, { frame: 1, cx: shape.centre[0] + 5, cy: shape.centre[1], size: shape.size })).width).toBeCloseTo(20);
  });
});

describe('alignToPartialDetection', () => {
  it('keeps the known shape and lines it up with the detection side that is not on the edge', () => {
    const shape = shapeOf(rect(0, 0, 60, 14));
    const predicted = { frame: 5, cx: 610, cy: 100, size: shape.size };
    // The plate runs out of a 640 px frame on the right: the detector sees its left 25 px.
    const detection = rect(585, 95, 55, 14);
    const pose = alignToPartialDetection(shape, predicted, detection, { ...NO_CUT, right: true });
    const placed = boundingBox(shapeAt(shape, pose));
    expect(placed.x).toBeCloseTo(585);
    expect(placed.width).toBeCloseTo(60);
    expect(pose.frame).toBe(5);
  });
});

describe('fuseDetectionWithMatch', () => {
  const track = shapeOf(rect(100, 100, 40, 10));
  const detection = shapeOf(rect(102, 100, 40, 10));

  it('averages a close visual match with the detection and covers both', () => {
    const fused = fuseDetectionWithMatch(track, detection, 3, { frame: 3, cx: 118, cy: 105, size: track.size });
    expect(fused.observation.cx).toBeCloseTo(120);
    expect(boundingBox(fused.polygon)).toEqual({ x: 98, y: 100, width: 44, height: 10 });
  });

  it('trusts the detection alone when the match is far off', () => {
    const fused = fuseDetectionWithMatch(track, detection, 3, { frame: 3, cx: 160, cy: 105, size: track.size });
    expect(fused.observation).toEqual({ frame: 3, cx: 122, cy: 105, size: 20 });
    expect(fused.polygon).toEqual(detection.quad);
  });
});

describe('dedupeCandidates', () => {
  it('keeps the larger of two candidates on one plate and separate plates apart', () => {
    const c = (polygon: Polygon, engine: string): PlateCandidate => ({ polygon, engine });
    const kept = dedupeCandidates([c(rect(10, 10, 40, 10), 'small'), c(rect(8, 9, 44, 12), 'large'), c(rect(200, 10, 40, 10), 'other')]);
    expect(kept.map((k) => k.engine)).toEqual(['large', 'other']);
  });
});

describe('nearFrameEdge', () => {
  it('is true within a quarter of the plate width of an edge', () => {
    expect(nearFrameEdge({ x: 5, y: 100, width: 40, height: 10 }, 640, 480)).toBe(true);
    expect(nearFrameEdge({ x: 595, y: 100, width: 40, height: 10 }, 640, 480)).toBe(true);
    expect(nearFrameEdge({ x: 300, y: 200, width: 40, height: 10 }, 640, 480)).toBe(false);
  });
});

describe('interpolateGap', () => {
  it('fills unconfirmed frames between confirmed ones and keeps confirmed frames inside', () => {
    const confirmed = new Map<number, Polygon>([[13, rect(30, 0, 10, 10)]]);
    const rows = interpolateGap({ frame: 10, polygon: rect(0, 0, 10, 10) }, { frame: 16, polygon: rect(60, 0, 10, 10) }, (g) =>
      confirmed.get(g),
    );
    expect(rows.map((r) => r.frame)).toEqual([11, 12, 14, 15]);
    expect(rows[0]!.polygon).toEqual(rect(10, 0, 10, 10));
    expect(rows[2]!.polygon).toEqual(rect(40, 0, 10, 10));
  });
});

describe('temporal dilation', () => {
  it('covers a one-frame lag but does not bridge a jump to a far position', () => {
    const lag = dilateOverTime(
      [
        { frame: 0, polygon: rect(100, 50, 40, 10) },
        { frame: 1, polygon: rect(110, 50, 40, 10) },
      ],
      1,
    );
    expect(boundingBox(lag[0]!)).toEqual({ x: 100, y: 50, width: 50, height: 10 });
    const jump = dilateOverTime(
      [
        { frame: 0, polygon: rect(500, 50, 40, 10) },
        { frame: 1, polygon: rect(100, 50, 40, 10) },
      ],
      1,
    );
    expect(jump[0]).toEqual(rect(500, 50, 40, 10));
    expect(jump[1]).toEqual(rect(100, 50, 40, 10));
  });
});
