import { describe, expect, it } from 'vitest';
import { clipPolygonToFrame, convexIntersection } from '../../src/geometry/clip.js';
import { polygonArea } from '../../src/geometry/polygon.js';
import { PlateTracker } from '../../src/tracking/index.js';
import type { Frame, PlateCandidate, Polygon, TrackedPlate } from '../../src/types.js';
import { seeded } from '../helpers/random.js';
import { rect } from '../helpers/shapes.js';

// Generated scenes: a textured background (gradient + seeded noise blobs) with one or more plates
// (white rectangle, dark glyph bars) moving along known paths. Detections come from the known boxes on
// some frames only, and never when less than half the plate is in view, like a real detector.

const W = 320;
const H = 240;
const FPS = 25;

interface PlatePath {
  /** Top-left corner and size of the plate at frame i (may be partly or wholly outside the frame). */
  at(i: number): { x: number; y: number; w: number; h: number };
  glyphSeed: number;
}

const background = (() => {
  const rnd = seeded(42);
  const g = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) g[y * W + x] = 60 + Math.round((x / W) * 60 + (y / H) * 40);
  // Soft blobs of texture so template matching has background to (wrongly) latch onto.
  for (let b = 0; b < 120; b++) {
    const cx = rnd() * W;
    const cy = rnd() * H;
    const r = 3 + rnd() * 10;
    const v = Math.round((rnd() - 0.5) * 80);
    for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(H, cy + r); y++)
      for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(W, cx + r); x++)
        if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) g[y * W + x] = Math.max(0, Math.min(255, g[y * W + x]! + v));
  }
  return g;
})();

function renderFrame(index: number, plates: PlatePath[], blur = 0): Frame {
  const gray = Uint8Array.from(background);
  for (const plate of plates) {
    const { x, y, w, h } = plate.at(index);
    const rnd = seeded(plate.glyphSeed);
    const bars: [number, number][] = [];
    for (let k = 0; k < 7; k++) bars.push([0.06 + k * 0.13 + rnd() * 0.02, 0.04 + rnd() * 0.05]);
    for (let py = Math.max(0, Math.floor(y)); py < Math.min(H, Math.ceil(y + h)); py++) {
      for (let px = Math.max(0, Math.floor(x)); px < Math.min(W, Math.ceil(x + w)); px++) {
        const u = (px + 0.5 - x) / w;
        const v = (py + 0.5 - y) / h;
        if (u < 0 || u >= 1 || v < 0 || v >= 1) continue;
        const glyph = v > 0.2 && v < 0.8 && bars.some(([s, bw]) => u >= s && u < s + bw);
        gray[py * W + px] = glyph ? 25 : 235;
      }
    }
  }
  const out = blur > 0 ? boxBlurRows(gray, blur) : gray;
  const data = Buffer.alloc(W * H * 3);
  for (let i = 0; i < W * H; i++) data[i * 3] = data[i * 3 + 1] = data[i * 3 + 2] = out[i]!;
  return { index, timestampMs: (index * 1000) / FPS, width: W, height: H, data };
}

/** Horizontal box blur of the whole frame (motion blur stand-in). */
function boxBlurRows(gray: Uint8Array, radius: number): Uint8Array {
  const out = new Uint8Array(gray.length);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      let s = 0;
      let n = 0;
      for (let d = -radius; d <= radius; d++) {
        const xx = x + d;
        if (xx >= 0 && xx < W) {
          s += gray[y * W + xx]!;
          n++;
        }
      }
      out[y * W + x] = Math.round(s / n);
    }
  return out;
}

function quadOf(b: { x: number; y: number; w: number; h: number }): Polygon {
  return rect(b.x, b.y, b.w, b.h);
}

function visibleFractionOf(b: { x: number; y: number; w: number; h: number }): number {
  const clipped = clipPolygonToFrame(quadOf(b), W, H);
  return clipped.length ? polygonArea(clipped) / (b.w * b.h) : 0;
}

interface SceneOptions {
  frames: number;
  plates: PlatePath[];
  /** Frames on which detection runs. */
  detectEvery?: number;
  /** Frames on which the detector misses everything (besides the regular schedule). */
  missed?: Set<number>;
  blurred?: Set<number>;
}

function runScene(options: SceneOptions): TrackedPlate[] {
  const tracker = new PlateTracker({ width: W, height: H, fps: FPS, extendDetectionMs: 2000, minFraction: 0.01 });
  const every = options.detectEvery ?? 3;
  for (let i = 0; i < options.frames; i++) {
    const blurred = options.blurred?.has(i) ?? false;
    const frame = renderFrame(i, options.plates, blurred ? 6 : 0);
    let candidates: PlateCandidate[] | null = null;
    if (i % every === 0) {
      candidates = [];
      if (!(options.missed?.has(i) ?? false) && !blurred) {
        for (const p of options.plates) {
          const b = p.at(i);
          if (visibleFractionOf(b) < 0.5) continue;
          candidates.push({ polygon: clipPolygonToFrame(quadOf(b), W, H), engine: 'test', text: `P${p.glyphSeed}`, confidence: 80 });
        }
      }
    }
    tracker.push(frame, candidates);
  }
  return tracker.finish();
}

function polygonsAt(tracks: TrackedPlate[], frame: number): Polygon[] {
  const ts = (frame * 1000) / FPS;
  return tracks.flatMap((t) => t.history.filter((h) => Math.abs(h.timestamp - ts) < 1).map((h) => h.polygon));
}

/** Share of the visible plate covered by the best single tracked polygon. */
function coverage(tracks: TrackedPlate[], frame: number, plate: PlatePath): number {
  const truth = clipPolygonToFrame(quadOf(plate.at(frame)), W, H);
  if (!truth.length) return 1;
  let best = 0;
  for (const p of polygonsAt(tracks, frame)) {
    const inter = convexIntersection(truth, p);
    if (inter.length) best = Math.max(best, polygonArea(inter) / polygonArea(truth));
  }
  return best;
}

function expectCoveredWhileVisible(tracks: TrackedPlate[], plate: PlatePath, frames: number): void {
  const uncovered: number[] = [];
  for (let i = 0; i < frames; i++) {
    if (visibleFractionOf(plate.at(i)) <= 0.02) continue;
    if (coverage(tracks, i, plate) < 0.9) uncovered.push(i);
  }
  expect(uncovered, 'frames where the visible plate is not covered >= 90%').toEqual([]);
}

const linear = (x0: number, y0: number, vx: number, vy: number, seed: number, w = 48, h = 16): PlatePath => ({
  at: (i) => ({ x: x0 + vx * i, y: y0 + vy * i, w, h }),
  glyphSeed: seed,
});

describe('tracking on generated scenes', () => {
  const edges: [string, PlatePath, number, number][] = [
    // name, path, frames, first frame fully out of view after leaving (or -1)
    ['enters from the left and leaves through the right', linear(-60, 110, 6, 0.3, 1), 70, 64],
    ['enters from the right and leaves through the left', linear(330, 60, -6, 0.2, 2), 70, 64],
    ['enters from the top and leaves through the bottom', linear(140, -30, 0.4, 5, 3), 60, 54],
    ['enters from the bottom and leaves through the top', linear(100, 250, -0.5, -5, 4), 60, 54],
  ];
  for (const [name, path, frames, goneFrom] of edges) {
    it(`covers a plate that ${name}`, () => {
      const tracks = runScene({ frames: frames + 30, plates: [path] });
      expectCoveredWhileVisible(tracks, path, frames + 30);
      // Long after it left there is no cover at all.
      for (let i = goneFrom + 8; i < frames + 30; i++) expect(polygonsAt(tracks, i), `frame ${i}`).toEqual([]);
    });
  }

  it('carries a plate across a detection gap of several frames', () => {
    const path = linear(20, 100, 3, 0.5, 5);
    const missed = new Set([12, 15, 18, 21, 24]);
    const tracks = runScene({ frames: 60, plates: [path], missed });
    expectCoveredWhileVisible(tracks, path, 60);
    expect(tracks).toHaveLength(1);
  });

  it('follows a plate that swerves between sparse detections (visual tracking, not interpolation)', () => {
    // Detections every 10 frames land at the same phase of a 20-frame swing of +-60 px: a straight
    // line between them would miss the plate by more than its width.
    const path: PlatePath = {
      at: (i) => ({ x: 130 + 60 * Math.sin((i * 2 * Math.PI) / 20), y: 60 + 2 * i, w: 48, h: 16 }),
      glyphSeed: 10,
    };
    const tracks = runScene({ frames: 60, plates: [path], detectEvery: 10 });
    expectCoveredWhileVisible(tracks, path, 60);
    expect(tracks.flatMap((t) => t.history).filter((h) => h.source === 'visual').length).toBeGreaterThan(30);
  });

  it('covers a plate through motion-blurred frames', () => {
    const path = linear(30, 90, 4, 0, 6);
    const blurred = new Set([20, 21, 22]);
    const tracks = runScene({ frames: 50, plates: [path], blurred });
    expectCoveredWhileVisible(tracks, path, 50);
  });

  it('keeps two crossing plates apart (no swap, no merged box)', () => {
    const a = linear(10, 100, 5, 0, 7);
    const b = linear(262, 112, -5, 0, 8);
    const tracks = runScene({ frames: 50, plates: [a, b], detectEvery: 2 });
    expectCoveredWhileVisible(tracks, a, 50);
    expectCoveredWhileVisible(tracks, b, 50);
    // Each plate's readings stay with one track: identities never swap.
    const texts = tracks.map((t) => new Set(t.readings.map((r) => r.text)));
    for (const set of texts) expect(set.size).toBeLessThanOrEqual(1);
    // No polygon grows into a box holding both plates.
    for (const t of tracks) for (const h of t.history) expect(polygonArea(h.polygon)).toBeLessThan(48 * 16 * 2.2);
  });

  it('covers a plate that leaves and re-enters the frame, and nothing while it is away', () => {
    // Out through the right edge, away for ~1.5 s, back in through the right edge.
    const path: PlatePath = {
      at: (i) => {
        const x = i < 40 ? 200 + 5 * i : i < 80 ? 400 : 400 - 5 * (i - 80);
        return { x, y: 120, w: 48, h: 16 };
      },
      glyphSeed: 9,
    };
    const tracks = runScene({ frames: 130, plates: [path] });
    expectCoveredWhileVisible(tracks, path, 130);
    for (let i = 34; i < 80; i++) {
      if (visibleFractionOf(path.at(i)) > 0) continue;
      const polys = polygonsAt(tracks, i);
      // While the plate is out, any cover left is only a sliver at the edge, never a lingering box.
      for (const p of polys) expect(Math.min(...p.map((q) => q[0]))).toBeGreaterThan(W - 12);
    }
    for (let i = 50; i < 75; i++) expect(polygonsAt(tracks, i), `frame ${i}`).toEqual([]);
  });

  it('does not leave a lingering box after a single detection on a static scene', () => {
    const tracker = new PlateTracker({ width: W, height: H, fps: FPS, extendDetectionMs: 2000, minFraction: 0.01 });
    // One detection on a textured background patch where no plate is drawn; later frames are detected empty.
    for (let i = 0; i < 75; i++) {
      const candidates: PlateCandidate[] | null =
        i === 10 ? [{ polygon: quadOf({ x: 100, y: 100, w: 40, h: 14 }), engine: 'test' }] : i % 3 === 0 ? [] : null;
      tracker.push(renderFrame(i, []), candidates);
    }
    const tracks = tracker.finish();
    const covered = tracks.flatMap((t) => t.history.map((h) => Math.round((h.timestamp * FPS) / 1000)));
    expect(Math.max(...covered)).toBeLessThan(10 + FPS * 2);
  });
});
