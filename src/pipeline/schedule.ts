import type { Quality } from './options.js';

/**
 * Which frames run the detector. Detection is the expensive step; between detected frames the tracker
 * follows plates visually, and it asks for detection whenever it is unsure (a track starting or ending,
 * a plate near an edge, a lost lock), so a longer stride costs speed, not cover.
 */
export class DetectionSchedule {
  private readonly stride: number;
  /** Fewest frames between two detections the tracker asks for: it keeps following plates visually meanwhile. */
  private readonly minGap: number;
  private lastDetected = -Infinity;

  constructor(quality: Quality, fps: number) {
    this.stride = detectionStride(quality, fps);
    this.minGap = Math.max(1, Math.ceil(this.stride / 3));
  }

  shouldDetect(frameIndex: number, trackerWantsDetection: boolean): boolean {
    const since = frameIndex - this.lastDetected;
    if (since >= this.stride || (trackerWantsDetection && since >= this.minGap)) {
      this.lastDetected = frameIndex;
      return true;
    }
    return false;
  }
}

/**
 * Frames between scheduled detections: every frame for thorough, about 0.2 s of video for balanced and
 * 0.3 s for fast. The tracker asks for extra detections where it is unsure (see PlateTracker.wantsDetection).
 */
export function detectionStride(quality: Quality, fps: number): number {
  if (quality === 'thorough') return 1;
  const seconds = quality === 'fast' ? 0.3 : 0.2;
  return Math.max(1, Math.round(fps * seconds));
}

/** Longest side fed to the embedded text detector: fast trades the smallest plates (under ~30 px) for ~2x speed. */
export function detectorMaxSide(quality: Quality): number {
  return quality === 'fast' ? 960 : 1280;
}
