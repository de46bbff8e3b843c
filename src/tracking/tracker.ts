import { clipPolygonToFrame } from '../geometry/clip.js';
import { DEFAULT_DETECT_OPTIONS } from '../options/index.js';
import type { Frame, HistoryEntry, HistorySource, PlateCandidate, Polygon, TrackedPlate } from '../types.js';
import { extrapolateBackward } from './extrapolation.js';
import { frameToLuma, type IntegralImage, integralImage, type LumaImage, lumaScaleFactor } from './luma.js';
import { RingBuffer } from './ringBuffer.js';
import { roundPoint } from './shape.js';
import { dilateOverTime } from './smoothing.js';
import { applyDetection, assign, needsDetection, startTrack, stepForward, visualOwner } from './step.js';
import type { TrackState } from './track.js';
import { type BufferedFrame, DEFAULT_TUNING, type TrackerContext, type TrackerOptions, type VisualTuning } from './tuning.js';

export { type EdgeCut, edgesTouched } from './shape.js';
export { DEFAULT_TUNING, type TrackerOptions, type VisualTuning } from './tuning.js';

/**
 * Follows plates through a video: fed frames in decode order with this frame's detections (or null when
 * detection did not run), it returns each plate's polygon per frame at the end. The parts: the track record
 * and its states (track.ts), the per-frame step (step.ts), visual following (visual.ts) and extrapolation
 * (extrapolation.ts).
 */
export class PlateTracker {
  private readonly ctx: TrackerContext;
  /** Reused summed-area table of the current frame (~2 MB). */
  private currentSums: Float64Array | undefined;
  private framesSinceDetection = 0;
  private wantDetection = true;

  constructor(options: TrackerOptions, tuning: Partial<VisualTuning> = {}) {
    const resolved: TrackerOptions = {
      width: options.width,
      height: options.height,
      fps: options.fps > 0 ? options.fps : 30,
      extendDetectionMs: options.extendDetectionMs ?? DEFAULT_DETECT_OPTIONS.extendDetectionMs,
      minFraction: options.minFraction ?? DEFAULT_DETECT_OPTIONS.minFraction,
    };
    const fullTuning = { ...DEFAULT_TUNING, ...tuning };
    const capacity = Math.max(2, Math.ceil(fullTuning.bufferSeconds * resolved.fps));
    this.ctx = {
      options: resolved,
      tuning: fullTuning,
      factor: lumaScaleFactor(options.width),
      ring: new RingBuffer<BufferedFrame>(capacity),
      timestamps: [],
      tracks: [],
      bufferedSums: undefined,
      nextId: 1,
    };
  }

  /** Frames in decode order. candidates === null: detection did not run on this frame. */
  push(frame: Frame, candidates: PlateCandidate[] | null): void {
    const ctx = this.ctx;
    const f = frame.index;
    ctx.timestamps[f] = frame.timestampMs;
    const luma = this.buffer(frame);
    const live = ctx.tracks.filter((t) => t.mode !== 'ended');
    // Matching needs the summed-area table only when there is a plate to follow or place (most frames of
    // most videos have none).
    const ii = live.length > 0 || (candidates !== null && candidates.length > 0) ? this.currentTable(luma) : undefined;
    let leftovers: PlateCandidate[] = [];
    const matched = new Set<TrackState>();
    if (candidates !== null) {
      this.framesSinceDetection = 0;
      leftovers = assign(ctx, live, f, candidates, ii!, matched);
    } else {
      this.framesSinceDetection++;
    }
    let events = false;
    for (const track of live) {
      if (matched.has(track)) continue;
      const before = track.mode;
      stepForward(ctx, track, f, ii!);
      if (track.mode !== before) events = true;
    }
    for (const candidate of leftovers) {
      const owner = visualOwner(live, matched, f, candidate);
      if (owner) {
        applyDetection(ctx, owner, f, candidate, ii!);
        matched.add(owner);
      } else {
        startTrack(ctx, f, candidate, ii!);
        events = true;
      }
    }
    this.wantDetection = events || needsDetection(ctx, f, this.framesSinceDetection);
  }

  /** True when the next frame should be detected (a track just started/ended, sits near an edge, lost its visual lock, or no detection ran for a while). */
  wantsDetection(): boolean {
    return this.wantDetection;
  }

  /** Keeps the frame's downsampled luma for backward tracking; the frame leaving the full ring lends its buffer. */
  private buffer(frame: Frame): LumaImage {
    const ring = this.ctx.ring;
    const evicted = ring.size === ring.capacity ? ring.at(0)!.luma.data : undefined;
    const luma = frameToLuma(frame, this.ctx.factor, evicted);
    ring.push({ index: frame.index, luma });
    return luma;
  }

  private currentTable(luma: LumaImage): IntegralImage {
    const ii = integralImage(luma, this.currentSums);
    this.currentSums = ii.sums;
    return ii;
  }

  finish(): TrackedPlate[] {
    const ctx = this.ctx;
    const out: TrackedPlate[] = [];
    const lastFrame = ctx.timestamps.length - 1;
    for (const track of ctx.tracks) {
      extrapolateBackward(ctx, track);
      const frames = [...track.entries.keys()].sort((a, b) => a - b);
      if (!frames.length) continue;
      const ordered = frames.map((frame) => ({ frame, ...track.entries.get(frame)! }));
      const dilated = dilateOverTime(ordered, ctx.tuning.dilationFrames);
      const rows: { frame: number; polygon: Polygon; source: HistorySource }[] = ordered.map((e, i) => ({
        frame: e.frame,
        polygon: dilated[i]!,
        source: e.source,
      }));
      // One frame of slack on each end: a tracker that is one frame late still covers the plate.
      const first = rows[0]!;
      const last = rows[rows.length - 1]!;
      if (first.frame > 0 && ctx.timestamps[first.frame - 1] !== undefined) {
        rows.unshift({ frame: first.frame - 1, polygon: first.polygon, source: 'extrapolated' });
      }
      if (last.frame < lastFrame && ctx.timestamps[last.frame + 1] !== undefined) {
        rows.push({ frame: last.frame + 1, polygon: last.polygon, source: 'extrapolated' });
      }
      const history: HistoryEntry[] = [];
      for (const row of rows) {
        const polygon = clipPolygonToFrame(row.polygon, ctx.options.width, ctx.options.height);
        if (!polygon.length) continue;
        history.push({ timestamp: ctx.timestamps[row.frame]!, polygon: polygon.map(roundPoint), source: row.source });
      }
      if (history.length) out.push({ id: track.id, history, readings: track.readings });
    }
    return out;
  }
}
