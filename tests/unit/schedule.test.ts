import { describe, expect, it } from 'vitest';
import {
  DetectionSchedule,
  detectionStride,
  detectorMaxSide,
  EDGE_LOOK_UPSCALE,
  edgeStrips,
  lookAround,
  NativeLooks,
  reachesStripEdge,
  smallFrameStride,
} from '../../src/pipeline/schedule.js';
import type { PlateCandidate } from '../../src/types.js';

const plateAt = (x: number, y: number, w = 60, h = 20): PlateCandidate => ({
  polygon: [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h],
  ],
  engine: 'embedded',
});

function detectedFrames(schedule: DetectionSchedule, frames: number, wants: (i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < frames; i++) if (schedule.shouldDetect(i, wants(i))) out.push(i);
  return out;
}

describe('detection schedule', () => {
  it('detects every frame for thorough', () => {
    expect(detectedFrames(new DetectionSchedule('thorough', 30), 10, () => false)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('detects on a stride of about 0.2 s for balanced and 0.3 s for fast', () => {
    expect(detectionStride('balanced', 30)).toBe(6);
    expect(detectionStride('fast', 30)).toBe(9);
    expect(detectionStride('balanced', 5)).toBe(1);
    expect(detectedFrames(new DetectionSchedule('balanced', 30), 20, () => false)).toEqual([0, 6, 12, 18]);
  });

  it('lengthens the stride for small frames only, up to 2 s of video', () => {
    // 160x120 at 5 fps: every frame before (15 fps), now every 2 s (10 frames); 320x240 at 10 fps: 4 frames.
    expect(smallFrameStride('balanced', 5, 160 * 120)).toBe(10);
    expect(smallFrameStride('balanced', 10, 320 * 240)).toBe(4);
    expect(smallFrameStride('balanced', 30, 160 * 120)).toBe(14);
    // The portrait fixtures (404x720) and anything larger keep the 0.2 s stride; thorough keeps every frame.
    expect(smallFrameStride('balanced', 30, 404 * 720)).toBe(detectionStride('balanced', 30));
    expect(smallFrameStride('balanced', 60, 404 * 720)).toBe(detectionStride('balanced', 60));
    expect(smallFrameStride('fast', 30, 1920 * 1080)).toBe(detectionStride('fast', 30));
    expect(smallFrameStride('thorough', 5, 160 * 120)).toBe(1);
    expect(detectedFrames(new DetectionSchedule('balanced', 5, 160 * 120), 25, () => false)).toEqual([0, 10, 20]);
    // The tracker still gets its detections, a third of the stride apart at the closest.
    expect(detectedFrames(new DetectionSchedule('balanced', 5, 160 * 120), 9, () => true)).toEqual([0, 4, 8]);
  });

  it('adds detections the tracker asks for, but not on consecutive frames', () => {
    const frames = detectedFrames(new DetectionSchedule('balanced', 30), 13, () => true);
    expect(frames).toEqual([0, 2, 4, 6, 8, 10, 12]);
  });

  it('runs the detector on smaller frames for fast', () => {
    expect(detectorMaxSide('fast')).toBeLessThan(detectorMaxSide('balanced'));
  });
});

describe('native-resolution looks', () => {
  it('apply only to frames larger than the detector input; edge looks to frames of every size', () => {
    expect(new NativeLooks(1920, 1080, 1280).applies).toBe(true);
    expect(new NativeLooks(1080, 1920, 1280).applies).toBe(true);
    expect(new NativeLooks(1280, 720, 1280).applies).toBe(false);
    const portrait = new NativeLooks(404, 720, 1280);
    expect(portrait.applies).toBe(false);
    expect(portrait.strips).toHaveLength(2);
    expect(portrait.sweepDue(0)).toBe(true);
  });

  it('sweep the whole frame about once per second of video', () => {
    const looks = new NativeLooks(1920, 1080, 1280);
    const swept = [0, 200, 400, 800, 1000, 1200, 1900, 2000, 2100].filter((t) => looks.sweepDue(t));
    expect(swept).toEqual([0, 1000, 2000]);
  });

  it('look again, natively, around a plate only the sweep found, following it', () => {
    const looks = new NativeLooks(1920, 1080, 1280);
    looks.swept([plateAt(1000, 500)]);
    // The shrunk pass finds another plate but not this one: one crop around it.
    const crops = looks.cropsToLook([plateAt(100, 100, 200, 60)]);
    expect(crops).toEqual([lookAround({ x: 1000, y: 500, width: 60, height: 20 }, 1920, 1080)]);
    // The crop finds it moved by 30 px: the next crop follows.
    looks.looked([plateAt(1030, 505)]);
    expect(looks.cropsToLook([])[0]).toEqual(lookAround({ x: 1030, y: 505, width: 60, height: 20 }, 1920, 1080));
  });

  it('stop looking after three runs that miss the plate', () => {
    const looks = new NativeLooks(1920, 1080, 1280);
    looks.swept([plateAt(1000, 500)]);
    for (let run = 0; run < 3; run++) {
      expect(looks.cropsToLook([])).toHaveLength(1);
      looks.looked([]);
    }
    expect(looks.cropsToLook([])).toHaveLength(0);
  });

  it('need no crop while the shrunk pass finds the plate itself', () => {
    const looks = new NativeLooks(1920, 1080, 1280);
    looks.swept([plateAt(1000, 500)]);
    expect(looks.cropsToLook([plateAt(1010, 502)])).toEqual([]);
    looks.looked([]);
    expect(looks.cropsToLook([plateAt(1020, 504)])).toEqual([]);
  });

  it('crops a plate width around the plate (at least 64 px), inside the frame', () => {
    expect(lookAround({ x: 10, y: 1000, width: 100, height: 30 }, 1920, 1080)).toEqual({ x: 0, y: 900, width: 210, height: 180 });
    expect(lookAround({ x: 500, y: 500, width: 40, height: 12 }, 1920, 1080)).toEqual({ x: 436, y: 436, width: 168, height: 140 });
  });
});

describe('edge looks', () => {
  it('cover thin strips along the top and bottom edges, scaled with the shorter side, fitting the 32-px grid upscaled', () => {
    const hd = edgeStrips(1920, 1080);
    expect(hd.map((s) => s.edge)).toEqual(['top', 'bottom']);
    // Half of a 60 px plate at 1080p, rounded up to 8 px.
    expect(hd.map((s) => s.box)).toEqual([
      { x: 0, y: 0, width: 1920, height: 32 },
      { x: 0, y: 1048, width: 1920, height: 32 },
    ]);
    expect(edgeStrips(1080, 1920)[0]!.box.height).toBe(32);
    expect(edgeStrips(1280, 720)[1]!.box).toEqual({ x: 0, y: 696, width: 1280, height: 24 });
    expect(edgeStrips(404, 720)[0]!.box.height).toBe(16);
    for (const [w, h] of [
      [1920, 1440],
      [800, 416],
      [160, 120],
    ] as const) {
      for (const strip of edgeStrips(w, h)) expect((strip.box.height * strip.upscale) % 32).toBe(0);
    }
    expect(EDGE_LOOK_UPSCALE).toBeGreaterThan(2);
    // A frame too small to hold two strips and a picture between gets none.
    expect(edgeStrips(64, 24)).toEqual([]);
  });

  it('keep only candidates that reach the edge of their strip (a cut plate)', () => {
    const [top, bottom] = edgeStrips(1920, 1080);
    expect(reachesStripEdge(top!, plateAt(1468, 0, 52, 12).polygon, 1080)).toBe(true);
    expect(reachesStripEdge(top!, plateAt(1468, 8, 52, 12).polygon, 1080)).toBe(false);
    expect(reachesStripEdge(bottom!, plateAt(500, 1068, 52, 12).polygon, 1080)).toBe(true);
    expect(reachesStripEdge(bottom!, plateAt(500, 1050, 52, 12).polygon, 1080)).toBe(false);
    // Whole text touching the edge but reaching past the strip (an on-screen banner) is not a cut plate.
    const [top720] = edgeStrips(1280, 720);
    expect(reachesStripEdge(top720!, plateAt(936, 1, 55, 25).polygon, 720)).toBe(false);
    expect(reachesStripEdge(top720!, plateAt(936, 0, 55, 12).polygon, 720)).toBe(true);
  });

  it('look at the whole strip again while a cut plate it found was seen within 2 s, through sweeps that miss it', () => {
    const looks = new NativeLooks(1280, 720, 1280);
    const [top] = looks.strips;
    looks.swept([], [[plateAt(600, 0, 50, 10)], []], 0);
    const crops = looks.cropsToLook([]);
    expect(crops).toEqual([{ ...top!.box, strip: top }]);
    looks.looked([], 200);
    // A sweep that misses it does not forget it (a cut plate is found only on some frames).
    looks.swept([], [[], []], 1000);
    expect(looks.cropsToLook([])).toHaveLength(1);
    looks.looked([plateAt(605, 0, 50, 10)], 1500);
    looks.looked([], 3400);
    expect(looks.cropsToLook([])).toHaveLength(1);
    looks.looked([], 3600);
    expect(looks.cropsToLook([])).toHaveLength(0);
  });

  it('look at a strip once per run however many cut plates it holds', () => {
    const looks = new NativeLooks(1920, 1080, 1280);
    looks.swept([plateAt(1000, 500)], [[plateAt(100, 0, 50, 10), plateAt(900, 0, 50, 10)], []], 0);
    const crops = looks.cropsToLook([]);
    expect(crops.filter((c) => c.strip)).toHaveLength(1);
    expect(crops.filter((c) => !c.strip)).toEqual([lookAround({ x: 1000, y: 500, width: 60, height: 20 }, 1920, 1080)]);
  });
});
