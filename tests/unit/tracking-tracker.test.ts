import { describe, expect, it } from 'vitest';
import { convexContains } from '../../src/geometry/clip.js';
import { boundingBox, polygonArea } from '../../src/geometry/polygon.js';
import { RingBuffer } from '../../src/tracking/ringBuffer.js';
import { dilateOverTime } from '../../src/tracking/smoothing.js';
import { edgesTouched, PlateTracker } from '../../src/tracking/tracker.js';
import type { Frame, PlateCandidate, Polygon, TrackedPlate } from '../../src/types.js';
import { rect as rectangle } from '../helpers/shapes.js';

// Flat grey frames: templates have no contrast, so visual tracking never engages and these tests see
// the detection / interpolation / extrapolation logic alone.
const W = 200;
const H = 100;
const FPS = 25;
const flat = Buffer.alloc(W * H * 3, 128);
const frame = (index: number): Frame => ({ index, timestampMs: (index * 1000) / FPS, width: W, height: H, data: flat });
const rect = (x: number, y: number, w = 40, h = 14): Polygon => rectangle(x, y, w, h);
const det = (polygon: Polygon, text?: string): PlateCandidate => ({ polygon, engine: 'test', ...(text ? { text, confidence: 70 } : {}) });

function run(frames: number, detections: (i: number) => PlateCandidate[] | null, extendDetectionMs = 2000): TrackedPlate[] {
  const tracker = new PlateTracker({ width: W, height: H, fps: FPS, extendDetectionMs, minFraction: 0.01 });
  for (let i = 0; i < frames; i++) tracker.push(frame(i), detections(i));
  return tracker.finish();
}

const frameOf = (timestamp: number): number => Math.round((timestamp * FPS) / 1000);

describe('PlateTracker logic', () => {
  it('interpolates between two detections of the same plate', () => {
    const tracks = run(12, (i) => (i === 0 ? [det(rect(20, 40), 'AB123')] : i === 6 ? [det(rect(50, 40), 'AB123')] : null));
    expect(tracks).toHaveLength(1);
    const history = tracks[0]!.history;
    for (let f = 1; f < 6; f++) {
      const h = history.find((e) => frameOf(e.timestamp) === f)!;
      expect(h.source).toBe('interpolated');
      // Temporal dilation widens by one frame's motion (5 px) on each side; the true box stays inside.
      expect(convexContains(h.polygon, rect(20 + 5 * f, 40), 1e-6)).toBe(true);
      expect(boundingBox(h.polygon).width).toBeLessThanOrEqual(40 + 10 + 1e-6);
    }
    expect(tracks[0]!.readings.map((r) => r.text)).toEqual(['AB123', 'AB123']);
  });

  it('extrapolates a moving plate out through the frame edge, clipped, then stops', () => {
    const tracks = run(30, (i) => (i <= 4 ? [det(rect(100 + 10 * i, 40))] : null));
    expect(tracks).toHaveLength(1);
    const history = tracks[0]!.history;
    for (let f = 5; f <= 9; f++) {
      const h = history.find((e) => frameOf(e.timestamp) === f)!;
      expect(h.source).toBe('extrapolated');
      const b = boundingBox(h.polygon);
      expect(b.x + b.width).toBeLessThanOrEqual(W);
      expect(b.x).toBeLessThanOrEqual(100 + 10 * f + 1e-6);
      expect(b.x).toBeGreaterThanOrEqual(100 + 10 * (f - 1) - 1e-6);
    }
    // The plate is fully out at frame 10 (x = 200): at most the one-frame slack remains, nothing later.
    expect(Math.max(...history.map((h) => frameOf(h.timestamp)))).toBeLessThanOrEqual(10);
  });

  it('keeps extrapolation of a static plate bounded by extendDetectionMs', () => {
    const tracks = run(150, (i) => (i <= 10 ? [det(rect(80, 40))] : i % 5 === 0 ? [] : null), 1000);
    const last = Math.max(...tracks.flatMap((t) => t.history.map((h) => frameOf(h.timestamp))));
    expect(last).toBeGreaterThanOrEqual(10 + 20);
    expect(last).toBeLessThanOrEqual(10 + 25 + 2);
  });

  it('does not extrapolate a single static detection for the full extension', () => {
    const tracks = run(100, (i) => (i === 5 ? [det(rect(80, 40))] : i % 5 === 0 ? [] : null));
    const frames = tracks.flatMap((t) => t.history.map((h) => frameOf(h.timestamp)));
    expect(Math.max(...frames) - 5).toBeLessThan(FPS / 2);
    expect(Math.min(...frames)).toBeGreaterThan(5 - FPS / 2);
  });

  it('covers a plate wholly in view only briefly before its first sighting, but back to the edge it entered by', () => {
    // Detected from frame 40 on, moving slowly in the middle of the frame: before that it was not seen.
    const inView = run(60, (i) => (i >= 40 ? [det(rect(80 + (i - 40), 40), 'AB123')] : null));
    const firstInView = Math.min(...inView.flatMap((t) => t.history.map((h) => frameOf(h.timestamp))));
    expect(firstInView).toBeGreaterThanOrEqual(40 - FPS / 2 - 2);
    // Entering across the right edge at 5 px a frame (fully in view from frame 18, detected from 20).
    const entering = run(40, (i) => (i >= 20 ? [det(rect(150 - 5 * (i - 20), 40), 'AB123')] : null));
    const firstEntering = Math.min(...entering.flatMap((t) => t.history.map((h) => frameOf(h.timestamp))));
    expect(firstEntering).toBeLessThanOrEqual(11);
  });

  it('keeps two simultaneous plates as two tracks', () => {
    const tracks = run(10, (i) => [det(rect(10 + 3 * i, 10), 'ONE'), det(rect(150 - 3 * i, 70), 'TWO')]);
    expect(tracks).toHaveLength(2);
    for (const t of tracks) expect(new Set(t.readings.map((r) => r.text)).size).toBe(1);
  });

  it('asks for detection when a track starts, when it is lost, and after a long stretch without detection', () => {
    const tracker = new PlateTracker({ width: W, height: H, fps: FPS, extendDetectionMs: 2000, minFraction: 0.01 });
    tracker.push(frame(0), [det(rect(80, 40))]);
    expect(tracker.wantsDetection()).toBe(true);
    tracker.push(frame(1), null); // flat frame: no visual lock, extrapolating
    expect(tracker.wantsDetection()).toBe(true);
    const idle = new PlateTracker({ width: W, height: H, fps: FPS, extendDetectionMs: 2000, minFraction: 0.01 });
    idle.push(frame(0), []);
    idle.push(frame(1), null);
    expect(idle.wantsDetection()).toBe(false);
    for (let i = 2; i < 20; i++) idle.push(frame(i), null);
    expect(idle.wantsDetection()).toBe(true);
  });
});

describe('flicker smoothing', () => {
  it('never lets cover shrink abruptly: each frame holds its neighbours', () => {
    const jitter = [0, 6, -4, 5, -6, 3, 0];
    const entries = jitter.map((dx, frame) => ({ frame, polygon: rect(50 + 4 * frame + dx, 30) }));
    const out = dilateOverTime(entries, 1);
    out.forEach((polygon, i) => {
      for (let j = Math.max(0, i - 1); j <= Math.min(entries.length - 1, i + 1); j++) {
        expect(convexContains(polygon, entries[j]!.polygon, 1e-6)).toBe(true);
      }
      expect(polygon).toHaveLength(4);
    });
    for (let i = 1; i < out.length; i++) expect(polygonArea(out[i]!) / polygonArea(out[i - 1]!)).toBeGreaterThan(0.6);
  });

  it('does not join polygons across a gap in frames', () => {
    const out = dilateOverTime(
      [
        { frame: 0, polygon: rect(0, 0) },
        { frame: 5, polygon: rect(100, 0) },
      ],
      1,
    );
    expect(out[0]).toEqual(rect(0, 0));
  });
});

describe('ring buffer', () => {
  it('keeps only the newest items', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 0; i < 10; i++) ring.push(i);
    expect(ring.size).toBe(3);
    expect([ring.at(0), ring.at(1), ring.at(2)]).toEqual([7, 8, 9]);
    expect(ring.newest()).toBe(9);
  });
});

describe('edgesTouched', () => {
  it('counts a box that stops within about a character of an edge as cut there', () => {
    // 1280x720 frame, a 100x130 detection whose right side stops 30 px short of the edge: a plate whose
    // outer characters are hidden is detected only up to its last readable one.
    expect(edgesTouched({ x: 1150, y: 300, width: 100, height: 130 }, 1280, 720)).toEqual({
      left: false,
      right: true,
      top: false,
      bottom: false,
    });
    // The same box 60 px from the edge is a whole plate.
    expect(edgesTouched({ x: 1120, y: 300, width: 100, height: 130 }, 1280, 720).right).toBe(false);
    // A small plate gets a small margin (at least 0.5% of the frame): 8 px from the edge is not cut.
    expect(edgesTouched({ x: 8, y: 300, width: 60, height: 20 }, 1280, 720).left).toBe(false);
    expect(edgesTouched({ x: 5, y: 716 - 20, width: 60, height: 20 }, 1280, 720)).toEqual({
      left: true,
      right: false,
      top: false,
      bottom: true,
    });
  });
});
