import { describe, expect, it } from 'vitest';
import { DetectionSchedule, detectionStride, detectorMaxSide } from '../../src/pipeline/schedule.js';

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

  it('adds detections the tracker asks for, but not on consecutive frames', () => {
    const frames = detectedFrames(new DetectionSchedule('balanced', 30), 13, () => true);
    expect(frames).toEqual([0, 2, 4, 6, 8, 10, 12]);
  });

  it('runs the detector on smaller frames for fast', () => {
    expect(detectorMaxSide('fast')).toBeLessThan(detectorMaxSide('balanced'));
  });
});
