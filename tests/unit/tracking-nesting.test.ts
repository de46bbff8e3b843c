import { describe, expect, it } from 'vitest';
import { convexContains, intersectionArea } from '../../src/geometry/clip.js';
import { polygonArea } from '../../src/geometry/polygon.js';
import { absorbNestedTracks, NESTED_SHARE } from '../../src/tracking/nesting.js';
import type { Polygon, TrackedPlate } from '../../src/types.js';
import { rect } from '../helpers/shapes.js';

/** A track on frames `from`..`to` (40 ms apart) at the polygon `at(frame)`. */
function track(id: number, from: number, to: number, at: (frame: number) => Polygon, text = 'AB123CD'): TrackedPlate {
  const frames = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return {
    id,
    history: frames.map((f) => ({ timestamp: f * 40, polygon: at(f), source: 'visual' as const })),
    readings: [{ timestamp: from * 40, text, confidence: 90 }],
  };
}

describe('tracks nested in another track', () => {
  it('drop the inner entry where it lies inside the outer one, which covers it already', () => {
    const outer = track(1, 0, 9, () => rect(100, 100, 120, 60));
    const inner = track(2, 3, 12, () => rect(130, 120, 40, 14));
    const [o, i] = absorbNestedTracks([outer, inner]);
    expect(o!.history.map((e) => e.polygon)).toEqual(outer.history.map((e) => e.polygon));
    // Frames 3-9 are shared: the inner track keeps only frames 10-12, where it is alone.
    expect(i!.history.map((e) => e.timestamp / 40)).toEqual([10, 11, 12]);
  });

  it('grow the outer cover to hold the part of the inner one that sticks out', () => {
    // 99 % of the inner polygon inside the outer one.
    const outer = track(1, 0, 4, () => rect(0, 0, 100, 40));
    const inner = track(2, 0, 4, () => rect(50, 10, 50.5, 12));
    expect(intersectionArea(inner.history[0]!.polygon, outer.history[0]!.polygon) / polygonArea(inner.history[0]!.polygon)).toBeGreaterThan(
      NESTED_SHARE,
    );
    const out = absorbNestedTracks([outer, inner]);
    expect(out.map((p) => p.id)).toEqual([1]);
    for (const e of out[0]!.history) {
      expect(convexContains(e.polygon, inner.history[0]!.polygon)).toBe(true);
      expect(convexContains(e.polygon, outer.history[0]!.polygon)).toBe(true);
    }
  });

  it('give the readings of a track absorbed on every frame to the track that absorbed it', () => {
    const outer = track(1, 0, 4, () => rect(0, 0, 100, 40), 'AB123CD');
    const line = track(2, 1, 3, () => rect(10, 5, 60, 15), 'E1717');
    const out = absorbNestedTracks([outer, line]);
    expect(out.map((p) => p.id)).toEqual([1]);
    expect(out[0]!.readings.map((r) => r.text)).toEqual(['AB123CD', 'E1717']);
  });

  it('leave tracks alone that only touch, or overlap on other frames', () => {
    const a = track(1, 0, 4, () => rect(0, 0, 100, 40));
    const touching = track(2, 0, 4, () => rect(60, 10, 80, 20)); // half inside
    const most = track(4, 0, 4, () => rect(10, 30, 40, 12)); // 83 % inside: absorbing it would grow a's cover
    const elsewhere = track(3, 5, 9, () => rect(10, 10, 40, 12)); // inside a's place, but after a ended
    const out = absorbNestedTracks([a, touching, elsewhere, most]);
    expect(out).toEqual([a, touching, elsewhere, most]);
  });

  it('do not change the plates given', () => {
    const outer = track(1, 0, 2, () => rect(0, 0, 100, 40));
    const inner = track(2, 0, 2, () => rect(10, 10, 20, 12));
    const copy = structuredClone([outer, inner]);
    absorbNestedTracks([outer, inner]);
    expect([outer, inner]).toEqual(copy);
  });
});
