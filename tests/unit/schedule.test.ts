import { describe, expect, it } from 'vitest';
import {
  DetectionSchedule,
  detectionStride,
  detectorMaxSide,
  lookAround,
  NativeLooks,
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
  it('apply only to frames larger than the detector input', () => {
    expect(new NativeLooks(1920, 1080, 1280).applies).toBe(true);
    expect(new NativeLooks(1080, 1920, 1280).applies).toBe(true);
    expect(new NativeLooks(1280, 720, 1280).applies).toBe(false);
    expect(new NativeLooks(404, 720, 1280).sweepDue(0)).toBe(false);
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
