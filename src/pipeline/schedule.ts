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

  /**
   * `framePixels` (width x height): small frames are detected on a longer stride by the text finder
   * (smallFrameStride). `finder`: what runs on a scheduled frame (see Finder).
   */
  constructor(quality: Quality, fps: number, framePixels = Infinity, finder: Finder = 'text') {
    this.stride = finder === 'plates' ? plateFinderStride(quality, fps) : smallFrameStride(quality, fps, framePixels);
    // The plate finder's stride is short already: a run the tracker asks for comes at most every other frame.
    this.minGap = Math.max(1, Math.ceil(this.stride / (finder === 'plates' ? 2 : 3)));
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
 * What finds plates on a scheduled frame: `text`, a text detector (the embedded engine's PP-OCR detector,
 * OpenALPR: costly, run on a longer stride with the tracker carrying plates between), or `plates`, the
 * plate detector `--plate-detector` runs beside it (cheaper per run, run more often).
 */
export type Finder = 'plates' | 'text';

/**
 * Video time between plate-detector runs: 1/8 s for balanced, so a plate in view for three frames at
 * 25 fps (0.12 s) is detected at least once, and the tracker follows it to its other frames; 1/4 s for
 * fast; every frame for thorough.
 */
export function plateFinderStride(quality: Quality, fps: number): number {
  if (quality === 'thorough') return 1;
  const seconds = quality === 'fast' ? 0.25 : 0.125;
  return Math.max(1, Math.floor(fps * seconds + 1e-9));
}

/** Longest frame side the plate detector sees at full resolution (larger frames are shrunk to it). */
export function plateFinderMaxSide(quality: Quality): number {
  return quality === 'fast' ? 1280 : 1920;
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

/** A plate only a native-resolution or edge look has found, kept so later detection runs look at it again. */
interface NativeHint {
  box: Box;
  misses: number;
  /** Video time (ms) of the look that last found it. */
  seenMs: number;
  /** Set for a plate an edge look found: its crops are looked at within that strip, at the strip's upscale. */
  strip?: EdgeStrip;
}

/** A region to look at on a detection run (frame pixels); `strip`: an edge look's crop, at that strip's upscale. */
export interface NativeCrop extends Box {
  strip?: EdgeStrip;
}

/**
 * Native-resolution looks for frames larger than the detector input, and edge looks for frames of every
 * size. The shrunk whole frame loses small plates (a ~60 px plate at 1080p, a ~110 px one in a 1920x1440
 * head-camera frame), so about once per `sweepMs` of video a detection runs on the whole frame at its own
 * resolution instead (`applies`: only frames larger than the detector input; smaller ones are detected at
 * or above their own resolution already). A plate cut by the top or bottom edge shows only a strip of
 * character fragments that no pass sees at 1-2x, so the same sweeps also look at thin strips along those
 * edges at a high upscale (see edgeStrips). A plate either look finds is looked at again, in a crop around
 * its last place, on every later detection run whose shrunk pass does not find it, so that the tracker
 * keeps getting detections of it.
 */
export class NativeLooks {
  /** Whole-frame native sweeps apply (the frame is larger than the detector input). */
  readonly applies: boolean;
  /** Edge strips every sweep looks at (top and bottom). */
  readonly strips: readonly EdgeStrip[];
  private lastSweepMs = -Infinity;
  private hints: NativeHint[] = [];

  constructor(
    private readonly width: number,
    private readonly height: number,
    detectorMaxSide: number,
    private readonly sweepMs = NATIVE_SWEEP_MS,
  ) {
    this.applies = Math.max(width, height) > detectorMaxSide;
    this.strips = edgeStrips(width, height);
  }

  /** True when this detection run should sweep (natively and along the edges), and records that it does. */
  sweepDue(timestampMs: number): boolean {
    if ((!this.applies && this.strips.length === 0) || timestampMs - this.lastSweepMs < this.sweepMs) return false;
    this.lastSweepMs = timestampMs;
    return true;
  }

  /**
   * After a sweep at `timestampMs`: `native` (plates only the whole-frame native look found) replaces the
   * native hints, since that look saw everywhere; `edges[i]` (cut plates the look at `strips[i]` found)
   * renews or adds edge hints, and an edge hint it did not find stays until EDGE_HINT_MS have passed (a
   * cut plate shows enough to be found only on some frames, see EDGE_HINT_MS).
   */
  swept(native: readonly PlateCandidate[], edges: readonly (readonly PlateCandidate[])[] = [], timestampMs = 0): void {
    const kept = this.hints.filter((h) => h.strip !== undefined && timestampMs - h.seenMs <= EDGE_HINT_MS);
    this.hints = native.map((c) => ({ box: boundingBox(c.polygon), misses: 0, seenMs: timestampMs }));
    edges.forEach((found, i) => {
      const strip = this.strips[i]!;
      for (const c of found) {
        const hint = kept.find((h) => h.strip === strip && nearHint(h.box, c.polygon));
        if (hint) kept.splice(kept.indexOf(hint), 1);
        this.hints.push({ box: boundingBox(c.polygon), misses: 0, seenMs: timestampMs, strip });
      }
    });
    this.hints.push(...kept);
  }

  /**
   * After a shrunk pass: crops (frame pixels) around hinted plates the pass did not find, to be looked at
   * natively (edge hints: their strip, at its upscale); the hints it did find follow their plates.
   */
  cropsToLook(found: readonly PlateCandidate[]): NativeCrop[] {
    const crops: NativeCrop[] = [];
    for (const hint of this.hints) {
      const match = found.find((c) => nearHint(hint.box, c.polygon));
      if (match) {
        hint.box = boundingBox(match.polygon);
        hint.misses = 0;
      } else if (!hint.strip) {
        crops.push(lookAround(hint.box, this.width, this.height));
      } else if (!crops.some((c) => c.strip === hint.strip)) {
        // The whole strip, not a crop around the plate: the detector's response to a cut plate's fragments
        // depends on the strip's context (d21: found on 8 of 30 frames on the whole 1920 px strip, 6 on a
        // 960 px piece of it, 0 on a 320 px one).
        crops.push({ ...hint.strip.box, strip: hint.strip });
      }
    }
    return crops;
  }

  /**
   * After looking at the crops at `timestampMs`: hints found there follow their plates; the others count
   * a miss (native hints: dropped after NATIVE_HINT_MISSES; edge hints: after EDGE_HINT_MS unseen).
   */
  looked(found: readonly PlateCandidate[], timestampMs = 0): void {
    this.hints = this.hints.filter((hint) => {
      const match = found.find((c) => nearHint(hint.box, c.polygon));
      if (match) {
        hint.box = boundingBox(match.polygon);
        hint.misses = 0;
        hint.seenMs = timestampMs;
        return true;
      }
      ++hint.misses;
      return hint.strip ? timestampMs - hint.seenMs <= EDGE_HINT_MS : hint.misses < NATIVE_HINT_MISSES;
    });
  }
}

/** Video time between native sweeps: a small plate readable for about a second is still found. */
const NATIVE_SWEEP_MS = 1000;
/** Consecutive detection runs without a hinted plate before its hint is dropped (a sweep finds it again). */
const NATIVE_HINT_MISSES = 3;
/**
 * Video time an edge hint is looked at after its plate was last found. A cut plate shows enough of its
 * characters only when shake or motion lifts it into view (d21: the edge look found its plate on 8 of 30
 * frames, in runs ~0.3-1 s apart), so a few misses say little; 2 s is the tracker's default extrapolation,
 * so a cut plate the tracker carries keeps getting looked at meanwhile.
 */
const EDGE_HINT_MS = 2000;

/** A thin strip along the top or bottom frame edge, looked at upscaled for plates that edge cuts. */
export interface EdgeStrip {
  edge: 'top' | 'bottom';
  /** Frame pixels, the whole frame width. */
  box: Box;
  upscale: number;
}

/**
 * Plate heights relative to the frame's shorter side that matter: 20-60 px at 1080p (smaller plates are
 * unreadable, larger ones are seen by every pass even when half cut).
 */
const LARGEST_SMALL_PLATE = 60 / 1080;
/**
 * Upscale of an edge look. The visible part of a plate cut by the top edge (d21: 8-12 px of a 28 px
 * plate, character fragments) made the detector fire at 4x but not at 1x, 2x (the native and hint looks)
 * nor reliably at 3x (one weak reading in five frames against two plate readings at 4x).
 */
export const EDGE_LOOK_UPSCALE = 4;

/**
 * The strips an edge look covers: along the top and bottom edges, as tall as half the largest small plate
 * (a cut plate whose visible part is taller shows half its characters' height or more, which the
 * ordinary passes see), at least 8 px, in multiples of 8 so that the upscaled strip fits the detector's
 * 32-px grid. The left and right edges are not looked at: a plate cut there keeps its characters' full
 * height, and the passes see its remaining characters as they see any plate of that size. Frames of every
 * size and orientation get the same strips relative to their shorter side (plates scale with it).
 */
export function edgeStrips(width: number, height: number): EdgeStrip[] {
  const tall = Math.max(8, Math.ceil((LARGEST_SMALL_PLATE * Math.min(width, height)) / 2 / 8) * 8);
  if (height < 4 * tall || width < tall) return [];
  return [
    { edge: 'top', box: { x: 0, y: 0, width, height: tall }, upscale: EDGE_LOOK_UPSCALE },
    { edge: 'bottom', box: { x: 0, y: height - tall, width, height: tall }, upscale: EDGE_LOOK_UPSCALE },
  ];
}

/**
 * True when a candidate from an edge look is a plate cut by that strip's edge: it reaches the edge (within
 * a few pixels: the plate estimate of a cut plate runs past the edge and is clipped to it) and lies within
 * the strip (a cut plate's visible part is at most the strip's height, see edgeStrips). One wholly inside
 * the strip is a whole small plate or print, which the ordinary passes judge; one reaching past the strip
 * is whole text the edge happens to touch (the toll-booth clip's on-screen banner, read '1OT' at 4x).
 */
export function reachesStripEdge(strip: EdgeStrip, polygon: Polygon, frameHeight: number): boolean {
  const box = boundingBox(polygon);
  const margin = 2;
  const { y, height } = strip.box;
  return strip.edge === 'top'
    ? box.y <= margin && box.y + box.height <= y + height
    : box.y + box.height >= frameHeight - margin && box.y >= y;
}

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
