import { boundingBox, polygonCentroid } from '../geometry/polygon.js';
import type { Box, PlateCandidate, Polygon } from '../types.js';
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

  /** `framePixels` (width x height): small frames are detected on a longer stride (smallFrameStride). */
  constructor(quality: Quality, fps: number, framePixels = Infinity) {
    this.stride = smallFrameStride(quality, fps, framePixels);
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

/**
 * Frames of video that pass between two scheduled detection runs, at least: a run costs about the same on
 * any frame up to 320x240 (the detector input is upscaled 2x, and each text line is read at 48x320
 * whatever its size: ~130 ms of CPU on a 160x120 frame), while decoding and tracking cost per pixel. So the
 * detector's share, not the video's size, set the speed of small videos (15 fps at 160x120 5 fps, where the
 * 0.2 s stride is every frame). Counting pixels keeps that share about what it is at 404x720 and up, where
 * this changes nothing (one frame is more than this).
 */
export const SMALL_FRAME_PIXELS_PER_RUN = 250_000;
/** Longest stride this lengthening makes, in video time: backward tracking (3 s of frames) still covers a plate's frames before its first detection. */
export const SMALL_FRAME_MAX_STRIDE_S = 2;

/** detectionStride, lengthened for frames so small that SMALL_FRAME_PIXELS_PER_RUN spans more frames (thorough: unchanged). */
export function smallFrameStride(quality: Quality, fps: number, framePixels: number): number {
  const stride = detectionStride(quality, fps);
  if (quality === 'thorough' || !(framePixels > 0)) return stride;
  const byPixels = Math.ceil(SMALL_FRAME_PIXELS_PER_RUN / framePixels);
  const cap = Math.max(1, Math.floor(fps * SMALL_FRAME_MAX_STRIDE_S));
  return Math.max(stride, Math.min(byPixels, cap));
}

/** Longest side fed to the embedded text detector: fast trades the smallest plates (under ~30 px) for ~2x speed. */
export function detectorMaxSide(quality: Quality): number {
  return quality === 'fast' ? 960 : 1280;
}

/** A plate only a native-resolution look has found, kept so later detection runs look at it again. */
interface NativeHint {
  box: Box;
  misses: number;
}

/**
 * Native-resolution looks for frames larger than the detector input. The shrunk whole frame loses small
 * plates (a ~60 px plate at 1080p, a ~110 px one in a 1920x1440 head-camera frame), so about once per
 * `sweepMs` of video a detection runs on the whole frame at its own resolution instead; a plate it finds
 * is looked at again, in a native crop around its last place, on every later detection run whose shrunk
 * pass does not find it, so that the tracker keeps getting detections of it. Only frames larger than the
 * detector input need this: smaller ones are detected at (or above) their own resolution already.
 */
export class NativeLooks {
  readonly applies: boolean;
  private lastSweepMs = -Infinity;
  private hints: NativeHint[] = [];

  constructor(
    private readonly width: number,
    private readonly height: number,
    detectorMaxSide: number,
    private readonly sweepMs = NATIVE_SWEEP_MS,
  ) {
    this.applies = Math.max(width, height) > detectorMaxSide;
  }

  /** True when this detection run should look at the whole frame natively (and records that it does). */
  sweepDue(timestampMs: number): boolean {
    if (!this.applies || timestampMs - this.lastSweepMs < this.sweepMs) return false;
    this.lastSweepMs = timestampMs;
    return true;
  }

  /** After a native sweep: what it found replaces the hints (it looked everywhere). */
  swept(found: readonly PlateCandidate[]): void {
    this.hints = found.map((c) => ({ box: boundingBox(c.polygon), misses: 0 }));
  }

  /**
   * After a shrunk pass: crops (frame pixels) around hinted plates the pass did not find, to be looked at
   * natively; the hints it did find follow their plates.
   */
  cropsToLook(found: readonly PlateCandidate[]): Box[] {
    const crops: Box[] = [];
    for (const hint of this.hints) {
      const match = found.find((c) => nearHint(hint.box, c.polygon));
      if (match) {
        hint.box = boundingBox(match.polygon);
        hint.misses = 0;
      } else {
        crops.push(lookAround(hint.box, this.width, this.height));
      }
    }
    return crops;
  }

  /** After looking at the crops: hints found there follow their plates, the others count a miss. */
  looked(found: readonly PlateCandidate[]): void {
    this.hints = this.hints.filter((hint) => {
      const match = found.find((c) => nearHint(hint.box, c.polygon));
      if (match) {
        hint.box = boundingBox(match.polygon);
        hint.misses = 0;
        return true;
      }
      return ++hint.misses < NATIVE_HINT_MISSES;
    });
  }
}

/** Video time between native sweeps: a small plate readable for about a second is still found. */
const NATIVE_SWEEP_MS = 1000;
/** Consecutive detection runs without a hinted plate before its hint is dropped (a sweep finds it again). */
const NATIVE_HINT_MISSES = 3;

/** True when a candidate's centre lies within the hint's box grown by half its size (the same plate, moved). */
function nearHint(box: Box, polygon: Polygon): boolean {
  const [cx, cy] = polygonCentroid(polygon);
  return Math.abs(cx - (box.x + box.width / 2)) <= box.width && Math.abs(cy - (box.y + box.height / 2)) <= box.height;
}

/**
 * The crop to look at for a hinted plate: its box grown by a plate width (at least 64 px) on every side,
 * room for the motion between two detection runs and for the plate's border, clipped to the frame.
 */
export function lookAround(box: Box, width: number, height: number): Box {
  const grow = Math.max(64, box.width);
  const x0 = Math.max(0, Math.floor(box.x - grow));
  const y0 = Math.max(0, Math.floor(box.y - grow));
  const x1 = Math.min(width, Math.ceil(box.x + box.width + grow));
  const y1 = Math.min(height, Math.ceil(box.y + box.height + grow));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}
