import { boxIou } from '../geometry/box.js';
import { clipPolygonToFrame, visibleFraction } from '../geometry/clip.js';
import { boundingBox, lerpPolygon, placeShape, polygonArea, polygonCentroid } from '../geometry/polygon.js';
import { normaliseQuad, orientedBoundingQuad } from '../geometry/rect.js';
import type { Frame, HistoryEntry, HistorySource, PlateCandidate, Point, Polygon, TrackedPlate, TrackReading } from '../types.js';
import { frameToLuma, type IntegralImage, integralImage, type LumaImage, lumaScaleFactor } from './luma.js';
import { assignDetections } from './matching.js';
import { fitMotion, type Motion, type Observation, predict, STILL, speed } from './motion.js';
import { RingBuffer } from './ringBuffer.js';
import { extractTemplate, MIN_TEMPLATE_CONTRAST, matchTemplate, type Template } from './sadMatcher.js';
import {
  alignToPartialDetection,
  dedupeCandidates,
  edgesTouched,
  fuseDetectionWithMatch,
  interpolateGap,
  isCut,
  nearFrameEdge,
  roundPoint,
  shapeAt,
  shapeOf,
  type TrackShape,
} from './shape.js';
import { dilateOverTime } from './smoothing.js';

export { type EdgeCut, edgesTouched } from './shape.js';

export interface TrackerOptions {
  width: number;
  height: number;
  fps: number;
  /** How long (ms) to extrapolate a plate's motion after visual tracking loses it. Default 2000. */
  extendDetectionMs: number;
  /** Minimum visible share (0-1) of a plate at a frame edge for tracking to keep following it. Default 0.01. */
  minFraction: number;
}

/** Tuning constants of the visual tracker (shared by every clip; see scripts/eval-tracking.mjs). */
export interface VisualTuning {
  /** Accept a SAD match when its normalised score is at most this (0 perfect, ~1.1 unrelated). */
  matchThreshold: number;
  /** Stricter threshold to re-acquire a plate while extrapolating. */
  reacquireThreshold: number;
  /** Seconds of downsampled luma kept for backward tracking. */
  bufferSeconds: number;
  /** Half-width of the wide search window, in plate widths. */
  wideSearch: number;
  /** Template grid width in cells. */
  templateCols: number;
  /** Frames of temporal dilation on each side. */
  dilationFrames: number;
  /** Extrapolation limit (ms) for a plate seen only once that does not move. */
  singleStaticExtendMs: number;
  /** Extrapolation limit (ms) for a plate seen only once that moves. */
  singleMovingExtendMs: number;
  /** Visual-only cover (ms) for a plate seen by one detection that later detection runs do not confirm. */
  unconfirmedVisualMs: number;
}

export const DEFAULT_TUNING: VisualTuning = {
  matchThreshold: 0.55,
  reacquireThreshold: 0.45,
  bufferSeconds: 3,
  wideSearch: 1.0,
  templateCols: 16,
  dilationFrames: 1,
  singleStaticExtendMs: 300,
  singleMovingExtendMs: 1000,
  unconfirmedVisualMs: 1000,
};

type Mode = 'visual' | 'extrapolating' | 'ended';

interface Entry {
  /** Unclipped polygon in frame pixels. */
  polygon: Polygon;
  source: HistorySource;
  /** Pose behind a confirmed (detection/visual) entry, in the track's own shape units. */
  observation?: Observation;
}

interface BufferedFrame {
  index: number;
  luma: LumaImage;
}

interface TrackState {
  id: number;
  entries: Map<number, Entry>;
  readings: TrackReading[];
  detections: number;
  visualFrames: number;
  /** Reference quad (latest whole detection): visual poses move and scale it. */
  shape: TrackShape;
  /** Recent confirmed (detection or visual) positions, oldest first. */
  observations: Observation[];
  lastDetectionFrame: number;
  template: Template | null;
  /** Plate size (frame px) when the template was taken. */
  templateSize: number;
  templateFrame: number;
  mode: Mode;
  /** Motion frozen when visual lock was lost. */
  lostMotion: Motion;
  stalls: number;
  /** Frames with detection run since the track's last detection. */
  detectionRunsSinceMatch: number;
}

interface VisualOutcome {
  kind: 'match' | 'stall' | 'lost' | 'edge';
  observation?: Observation;
  score?: number;
  overlap?: number;
}

const OBSERVATION_MEMORY = 16;
/** Longest gap (s) between a lost track and a new one that are joined as the same plate. */
const LINK_GAP_SECONDS = 0.4;
/**
 * Longest blind backward extrapolation (ms before a track's first position) of a plate predicted wholly in
 * view: on the toll-booth clip the full extension left a cover on empty ground for 2 s before its truck.
 */
const BACKWARD_BLIND_IN_VIEW_MS = 500;
/** Visible share from which a polygon counts as wholly in view. */
const IN_VIEW = 0.999;
/** Frames backward tracking may skip (blur, flash) before it gives up. */
const MAX_BACKWARD_MISSES = 2;

export class PlateTracker {
  private readonly options: TrackerOptions;
  private readonly tuning: VisualTuning;
  private readonly factor: number;
  private readonly ring: RingBuffer<BufferedFrame>;
  /** Reused summed-area tables (the current frame's, and the buffered frame backward tracking is on): ~2 MB each. */
  private currentSums: Float64Array | undefined;
  private bufferedSums: Float64Array | undefined;
  /** Timestamp of every pushed frame (8 bytes per frame; the only per-frame state kept for the whole video). */
  private readonly timestamps: number[] = [];
  private readonly tracks: TrackState[] = [];
  private nextId = 1;
  private framesSinceDetection = 0;
  private wantDetection = true;

  constructor(options: TrackerOptions, tuning: Partial<VisualTuning> = {}) {
    this.options = {
      width: options.width,
      height: options.height,
      fps: options.fps > 0 ? options.fps : 30,
      extendDetectionMs: options.extendDetectionMs ?? 2000,
      minFraction: options.minFraction ?? 0.01,
    };
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
    this.factor = lumaScaleFactor(options.width);
    const capacity = Math.max(2, Math.ceil(this.tuning.bufferSeconds * this.options.fps));
    this.ring = new RingBuffer<BufferedFrame>(capacity);
  }

  /** Frames in decode order. candidates === null: detection did not run on this frame. */
  push(frame: Frame, candidates: PlateCandidate[] | null): void {
    const f = frame.index;
    this.timestamps[f] = frame.timestampMs;
    const luma = this.buffer(frame);
    const live = this.tracks.filter((t) => t.mode !== 'ended');
    // Matching needs the summed-area table only when there is a plate to follow or place (most frames of
    // most videos have none).
    const ii = live.length > 0 || (candidates !== null && candidates.length > 0) ? this.currentTable(luma) : undefined;
    let leftovers: PlateCandidate[] = [];
    const matched = new Set<TrackState>();
    if (candidates !== null) {
      this.framesSinceDetection = 0;
      leftovers = this.assign(live, f, candidates, ii!, matched);
    } else {
      this.framesSinceDetection++;
    }
    let events = false;
    for (const track of live) {
      if (matched.has(track)) continue;
      const before = track.mode;
      this.stepForward(track, f, ii!);
      if (track.mode !== before) events = true;
    }
    for (const candidate of leftovers) {
      const owner = this.visualOwner(live, matched, f, candidate);
      if (owner) {
        this.applyDetection(owner, f, candidate, ii!);
        matched.add(owner);
      } else {
        this.startTrack(f, candidate, ii!);
        events = true;
      }
    }
    this.wantDetection = events || this.needsDetection(f);
  }

  /** True when the next frame should be detected (a track just started/ended, sits near an edge, lost its visual lock, or no detection ran for a while). */
  wantsDetection(): boolean {
    return this.wantDetection;
  }

  /** Keeps the frame's downsampled luma for backward tracking; the frame leaving the full ring lends its buffer. */
  private buffer(frame: Frame): LumaImage {
    const evicted = this.ring.size === this.ring.capacity ? this.ring.at(0)!.luma.data : undefined;
    const luma = frameToLuma(frame, this.factor, evicted);
    this.ring.push({ index: frame.index, luma });
    return luma;
  }

  private currentTable(luma: LumaImage): IntegralImage {
    const ii = integralImage(luma, this.currentSums);
    this.currentSums = ii.sums;
    return ii;
  }

  /**
   * Gives this frame's detections to the live tracks they match (by predicted position), adding those
   * tracks to `matched`; returns the detections no track took.
   */
  private assign(
    live: TrackState[],
    f: number,
    candidates: PlateCandidate[],
    ii: IntegralImage,
    matched: Set<TrackState>,
  ): PlateCandidate[] {
    const usable = dedupeCandidates(candidates.filter((c) => c.polygon.length >= 3 && polygonArea(c.polygon) > 0));
    const predicted = live.map((t) => boundingBox(shapeAt(t.shape, this.predictedObservation(t, f))));
    const pairs = assignDetections(
      predicted,
      usable.map((c) => boundingBox(c.polygon)),
    );
    const used = new Set<number>();
    for (const [ti, di] of pairs) {
      const track = live[ti]!;
      this.applyDetection(track, f, usable[di]!, ii);
      matched.add(track);
      used.add(di);
    }
    for (const t of live) if (!matched.has(t)) t.detectionRunsSinceMatch++;
    return usable.filter((_, i) => !used.has(i));
  }

  /** A detection on a plate that visual tracking already follows in this frame belongs to that track. */
  private visualOwner(live: TrackState[], matched: Set<TrackState>, f: number, candidate: PlateCandidate): TrackState | undefined {
    const box = boundingBox(candidate.polygon);
    return live.find((t) => {
      const e = t.entries.get(f);
      return !matched.has(t) && e !== undefined && boxIou(boundingBox(e.polygon), box) >= 0.3;
    });
  }

  finish(): TrackedPlate[] {
    const out: TrackedPlate[] = [];
    const lastFrame = this.timestamps.length - 1;
    for (const track of this.tracks) {
      this.extrapolateBackward(track);
      const frames = [...track.entries.keys()].sort((a, b) => a - b);
      if (!frames.length) continue;
      const ordered = frames.map((frame) => ({ frame, ...track.entries.get(frame)! }));
      const dilated = dilateOverTime(ordered, this.tuning.dilationFrames);
      const rows: { frame: number; polygon: Polygon; source: HistorySource }[] = ordered.map((e, i) => ({
        frame: e.frame,
        polygon: dilated[i]!,
        source: e.source,
      }));
      // One frame of slack on each end: a tracker that is one frame late still covers the plate.
      const first = rows[0]!;
      const last = rows[rows.length - 1]!;
      if (first.frame > 0 && this.timestamps[first.frame - 1] !== undefined) {
        rows.unshift({ frame: first.frame - 1, polygon: first.polygon, source: 'extrapolated' });
      }
      if (last.frame < lastFrame && this.timestamps[last.frame + 1] !== undefined) {
        rows.push({ frame: last.frame + 1, polygon: last.polygon, source: 'extrapolated' });
      }
      const history: HistoryEntry[] = [];
      for (const row of rows) {
        const polygon = clipPolygonToFrame(row.polygon, this.options.width, this.options.height);
        if (!polygon.length) continue;
        history.push({ timestamp: this.timestamps[row.frame]!, polygon: polygon.map(roundPoint), source: row.source });
      }
      if (history.length) out.push({ id: track.id, history, readings: track.readings });
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------

  private startTrack(f: number, candidate: PlateCandidate, ii: IntegralImage): void {
    const shape = shapeOf(normaliseQuad(candidate.polygon));
    const track: TrackState = {
      id: this.nextId++,
      entries: new Map(),
      readings: [],
      detections: 0,
      visualFrames: 0,
      shape,
      observations: [],
      lastDetectionFrame: f,
      template: null,
      templateSize: shape.size,
      templateFrame: f,
      mode: 'visual',
      lostMotion: STILL,
      stalls: 0,
      detectionRunsSinceMatch: 0,
    };
    this.tracks.push(track);
    this.applyDetection(track, f, candidate, ii);
    this.trackBackward(track);
    this.linkToLostTrack(track);
  }

  /**
   * A plate lost by visual tracking (blur, whip pan) and found again by a detection a few frames later
   * shows up as a new track. When a lost track of similar size ended its confirmed positions shortly
   * before the new track's first confirmed position, they are one plate: the new track joins the old one
   * and the frames between are covered by a sweep from the last to the first confirmed polygon.
   */
  private linkToLostTrack(track: TrackState): void {
    const confirmed = [...track.entries.entries()].filter(([, e]) => e.source !== 'extrapolated').map(([g]) => g);
    const first = Math.min(...confirmed);
    const firstEntry = track.entries.get(first)!;
    const firstSize = Math.sqrt(polygonArea(firstEntry.polygon));
    const maxGap = Math.max(2, Math.round(this.options.fps * LINK_GAP_SECONDS));
    let best: TrackState | null = null;
    let bestLast = -1;
    for (const other of this.tracks) {
      if (other === track || other.mode !== 'extrapolating') continue;
      const last = other.observations[other.observations.length - 1]!;
      if (last.frame >= first || first - last.frame > maxGap) continue;
      const lastEntry = other.entries.get(last.frame);
      if (!lastEntry) continue;
      const ratio = Math.sqrt(polygonArea(lastEntry.polygon)) / firstSize;
      if (ratio > 1.5 || ratio < 1 / 1.5) continue;
      if (last.frame > bestLast) {
        best = other;
        bestLast = last.frame;
      }
    }
    if (!best) return;
    const from = best.entries.get(bestLast)!.polygon;
    const to = firstEntry.polygon;
    const sweep = orientedBoundingQuad(to, [from, to]);
    for (const [g, e] of [...best.entries.entries()]) if (g > bestLast && e.source === 'extrapolated') best.entries.delete(g);
    for (let g = bestLast + 1; g < first; g++) best.entries.set(g, { polygon: sweep, source: 'interpolated' });
    for (const [g, e] of track.entries) if (g >= first) best.entries.set(g, e);
    best.readings.push(...track.readings);
    best.detections += track.detections;
    best.visualFrames += track.visualFrames;
    best.shape = track.shape;
    best.observations = track.observations;
    best.lastDetectionFrame = track.lastDetectionFrame;
    best.template = track.template;
    best.templateSize = track.templateSize;
    best.templateFrame = track.templateFrame;
    best.mode = track.mode;
    best.stalls = 0;
    best.detectionRunsSinceMatch = 0;
    this.tracks.splice(this.tracks.indexOf(track), 1);
  }

  private applyDetection(track: TrackState, f: number, candidate: PlateCandidate, ii: IntegralImage): void {
    const quad = normaliseQuad(candidate.polygon);
    const previous = track.observations[track.observations.length - 1];
    const cut = edgesTouched(boundingBox(quad), this.options.width, this.options.height);
    let observation: Observation;
    if (previous && isCut(cut)) {
      // A detection cut by the frame edge shows only part of the plate: keep the known full shape and
      // align it with the detection's sides that are not on the edge.
      observation = alignToPartialDetection(track.shape, this.predictedObservation(track, f), quad, cut);
      const placed = shapeAt(track.shape, observation);
      track.entries.set(f, { polygon: orientedBoundingQuad(placed, [placed, quad]), source: 'detection', observation });
    } else {
      const detection = shapeOf(quad, cut);
      const visual =
        previous && track.mode === 'visual'
          ? this.visualStep(track, ii, previous, fitMotion(track.observations), f, this.tuning.matchThreshold, true)
          : null;
      const fused = fuseDetectionWithMatch(track.shape, detection, f, visual?.kind === 'match' ? visual.observation : undefined);
      observation = fused.observation;
      track.entries.set(f, { polygon: fused.polygon, source: 'detection', observation });
      track.shape = detection;
      const centre: Point = [observation.cx, observation.cy];
      this.refreshTemplate(track, f, ii, centre, placeShape(quad, detection.centre, centre, observation.size / detection.size));
    }
    track.detections++;
    track.lastDetectionFrame = f;
    track.detectionRunsSinceMatch = 0;
    track.mode = 'visual';
    track.stalls = 0;
    // A plate detector's detection is evidence even when nothing could be read (a mirrored or tiny plate).
    if ((candidate.text !== undefined && candidate.text !== '') || candidate.plateScore !== undefined) {
      track.readings.push({
        timestamp: this.timestamps[f]!,
        text: candidate.text ?? '',
        confidence: candidate.confidence ?? 0,
        ...(candidate.region !== undefined ? { region: candidate.region } : {}),
        ...(candidate.plateScore !== undefined ? { plateScore: candidate.plateScore } : {}),
      });
    }
    if (previous && previous.frame < f - 1) this.fillGap(track, previous.frame, f);
    pushObservation(track, observation);
  }

  /** Frames between two confirmed positions that only have blind guesses get a linear interpolation. */
  private fillGap(track: TrackState, from: number, to: number): void {
    const a = track.entries.get(from);
    const b = track.entries.get(to);
    if (!a || !b) return;
    const confirmedAt = (g: number): Polygon | undefined => {
      const e = track.entries.get(g);
      return e && (e.source === 'visual' || e.source === 'detection') ? e.polygon : undefined;
    };
    for (const { frame, polygon } of interpolateGap({ frame: from, polygon: a.polygon }, { frame: to, polygon: b.polygon }, confirmedAt)) {
      track.entries.set(frame, { polygon, source: 'interpolated' });
    }
  }

  private refreshTemplate(track: TrackState, f: number, ii: IntegralImage, centre: Point, polygon: Polygon): void {
    const box = boundingBox(polygon);
    if (visibleFraction(polygon, this.options.width, this.options.height) < 0.999) return;
    const tpl = extractTemplate(
      ii,
      centre[0] / this.factor,
      centre[1] / this.factor,
      box.width / this.factor,
      box.height / this.factor,
      this.tuning.templateCols,
    );
    if (!tpl || tpl.contrast < MIN_TEMPLATE_CONTRAST) return;
    track.template = tpl;
    track.templateSize = Math.sqrt(polygonArea(polygon));
    track.templateFrame = f;
  }

  private predictedObservation(track: TrackState, f: number): Observation {
    const last = track.observations[track.observations.length - 1]!;
    const motion = track.mode === 'extrapolating' ? track.lostMotion : fitMotion(track.observations);
    return predict(last, motion, f);
  }

  private stepForward(track: TrackState, f: number, ii: IntegralImage): void {
    const last = track.observations[track.observations.length - 1]!;
    if (track.mode === 'visual' && this.unconfirmedTooLong(track, f)) {
      track.mode = 'ended';
      return;
    }
    if (track.mode === 'visual') {
      const motion = fitMotion(track.observations);
      const outcome = this.visualStep(track, ii, last, motion, f, this.tuning.matchThreshold, true);
      if (outcome.kind === 'match') {
        this.acceptVisual(track, f, outcome, ii);
        return;
      }
      if (outcome.kind === 'stall' && track.stalls < 1) {
        // Possibly the plate really stopped, possibly the template latched on background: cover both.
        track.stalls++;
        const predicted = shapeAt(track.shape, predict(last, motion, f));
        const matchedPoly = shapeAt(track.shape, outcome.observation!);
        track.entries.set(f, { polygon: orientedBoundingQuad(predicted, [predicted, matchedPoly]), source: 'extrapolated' });
        return;
      }
      track.mode = 'extrapolating';
      track.lostMotion = motion;
    }
    // Extrapolating: try to re-acquire visually, else move on with the frozen motion.
    if (track.mode === 'extrapolating') {
      const limit = this.extendLimitMs(track, track.lostMotion);
      const elapsed = this.timestamps[f]! - (this.timestamps[last.frame] ?? 0);
      if (elapsed > limit) {
        track.mode = 'ended';
        return;
      }
      const outcome = this.visualStep(track, ii, last, track.lostMotion, f, this.tuning.reacquireThreshold, true);
      if (outcome.kind === 'match') {
        track.mode = 'visual';
        this.acceptVisual(track, f, outcome, ii);
        return;
      }
      const polygon = shapeAt(track.shape, predict(last, track.lostMotion, f));
      if (visibleFraction(polygon, this.options.width, this.options.height) < this.options.minFraction) {
        track.mode = 'ended';
        return;
      }
      track.entries.set(f, { polygon, source: 'extrapolated' });
    }
  }

  private acceptVisual(track: TrackState, f: number, outcome: VisualOutcome, ii: IntegralImage): void {
    const o = outcome.observation!;
    const polygon = shapeAt(track.shape, o);
    track.entries.set(f, { polygon, source: 'visual', observation: o });
    track.visualFrames++;
    track.stalls = 0;
    pushObservation(track, o);
    // Refresh the template from good, whole matches once the plate has changed size or some frames passed.
    const scaleDrift = Math.abs(Math.log(o.size / track.templateSize));
    if (
      (outcome.score ?? Infinity) < 0.5 * this.tuning.matchThreshold &&
      (outcome.overlap ?? 0) >= 1 &&
      (scaleDrift > 0.12 || f - track.templateFrame >= 10)
    ) {
      this.refreshTemplate(track, f, ii, [o.cx, o.cy], polygon);
    }
  }

  /**
   * One template search around the constant-velocity prediction for frame `f` from observation `from`.
   * `edge`: the plate is too far out of the frame for a meaningful match. `stall`: the match stayed put
   * although the plate was moving fast (likely static background).
   */
  private visualStep(
    track: TrackState,
    ii: IntegralImage,
    from: Observation,
    motion: Motion,
    f: number,
    threshold: number,
    motionKnown: boolean,
  ): VisualOutcome {
    const tpl = track.template;
    if (!tpl) return { kind: 'lost' };
    const pred = predict(from, motion, f);
    const polygon = shapeAt(track.shape, pred);
    const box = boundingBox(polygon);
    const k = this.factor;
    const dt = Math.abs(f - from.frame);
    const w = box.width / k;
    const h = box.height / k;
    const vx = (Math.abs(motion.vx) * dt) / k;
    const vy = (Math.abs(motion.vy) * dt) / k;
    const predictedOverlap = visibleFraction(polygon, this.options.width, this.options.height);
    if (predictedOverlap < 0.25) return { kind: 'edge' };
    const search = (radiusX: number, radiusY: number) =>
      matchTemplate(ii, tpl, {
        centreX: pred.cx / k,
        centreY: pred.cy / k,
        scale: pred.size / track.templateSize,
        radiusX,
        radiusY,
        scaleSteps: [0.95, 1, 1.05],
        minOverlap: Math.max(0.25, 0.7 * Math.min(1, predictedOverlap)),
      });
    // Narrow window around the constant-velocity prediction first; on failure (shake, sudden pan) one
    // wider search before giving up.
    const wide = { x: this.tuning.wideSearch * w + vx + 4, y: 1.5 * this.tuning.wideSearch * h + vy + 4 };
    let result = motionKnown ? search(0.25 * w + vx + 0.25 * h + 3, 0.5 * h + vy + 3) : search(wide.x, wide.y);
    if (motionKnown && (!result || result.score > threshold)) result = search(wide.x, wide.y);
    if (!result || result.score > threshold) return { kind: 'lost' };
    const observation: Observation = {
      frame: f,
      cx: result.centreX * k,
      cy: result.centreY * k,
      size: track.templateSize * result.scale,
    };
    const v = speed(motion);
    const moved = Math.hypot(observation.cx - from.cx, observation.cy - from.cy);
    const plateWidth = box.width;
    if (motionKnown && v > Math.max(2, 0.04 * plateWidth) && moved < 0.25 * v * dt) {
      return { kind: 'stall', observation, score: result.score, overlap: result.overlap };
    }
    return { kind: 'match', observation, score: result.score, overlap: result.overlap };
  }

  /** From a new track's first detection, follow the plate back through the buffered frames (skipping up to two blurred ones). */
  private trackBackward(track: TrackState): void {
    const backward: Observation[] = [track.observations[track.observations.length - 1]!];
    let motionKnown = false;
    let misses = 0;
    for (let i = this.ring.size - 2; i >= 0; i--) {
      const buffered = this.ring.at(i)!;
      const g = buffered.index;
      if (track.entries.has(g)) break;
      const ii = integralImage(buffered.luma, this.bufferedSums);
      this.bufferedSums = ii.sums;
      const motion = fitMotion(backward);
      const anchor = backward[backward.length - 1]!;
      // After a miss (blur, flash) only a stricter match may resume the track.
      const threshold = misses ? this.tuning.reacquireThreshold : this.tuning.matchThreshold;
      const outcome = this.visualStep(track, ii, anchor, motion, g, threshold, motionKnown);
      if (outcome.kind !== 'match') {
        if (outcome.kind === 'edge' || ++misses > MAX_BACKWARD_MISSES) break;
        continue;
      }
      const polygon = shapeAt(track.shape, outcome.observation!);
      for (let skipped = g + 1; skipped < anchor.frame; skipped++) {
        const t = (anchor.frame - skipped) / (anchor.frame - g);
        track.entries.set(skipped, { polygon: lerpPolygon(track.entries.get(anchor.frame)!.polygon, polygon, t), source: 'interpolated' });
      }
      misses = 0;
      track.entries.set(g, { polygon, source: 'visual', observation: outcome.observation! });
      track.visualFrames++;
      backward.push(outcome.observation!);
      motionKnown = backward.length >= 3;
    }
    // Blind backward extrapolation waits for finish(): by then the track's first frames give a steadier
    // motion estimate than the few frames seen at birth.
  }

  /** Extends a track before its first entry along the motion of its earliest confirmed positions. */
  private extrapolateBackward(track: TrackState): void {
    const confirmed = [...track.entries.entries()].filter(([, e]) => e.observation !== undefined).sort((a, b) => a[0] - b[0]);
    if (!confirmed.length) return;
    const first = Math.min(...track.entries.keys());
    const earliestFrame = confirmed[0]![0];
    const observations = confirmed
      .filter(([g]) => g - earliestFrame <= 12)
      .slice(0, 8)
      .map(([, e]) => e.observation!)
      .reverse();
    const motion = fitMotion(observations, 12, 12);
    const anchor = observations[observations.length - 1]!;
    const anchorPolygon = track.entries.get(first)!.polygon;
    const [acx, acy] = polygonCentroid(anchorPolygon);
    // Motion is measured in pose units; applied to the first polygon as a shift and a size ratio.
    const anchorObs: Observation = { ...predict(anchor, motion, first), frame: first };
    const limit = this.extendLimitMs(track, motion);
    for (let g = first - 1; g >= 0; g--) {
      const ts = this.timestamps[g];
      if (ts === undefined || (this.timestamps[anchor.frame] ?? 0) - ts > limit) break;
      const p = predict(anchorObs, motion, g);
      const polygon = placeShape(
        anchorPolygon,
        [acx, acy],
        [acx + p.cx - anchorObs.cx, acy + p.cy - anchorObs.cy],
        p.size / anchorObs.size,
      );
      const visible = visibleFraction(polygon, this.options.width, this.options.height);
      if (visible < this.options.minFraction) break;
      // Wholly in view, yet neither the detector nor backward visual tracking found it: the plate was most
      // likely not there (hidden, not arrived yet, or the shot before a cut), so only a short blind lead is
      // kept. A plate entering across the frame edge is followed back to the edge.
      if (visible >= IN_VIEW && (this.timestamps[first] ?? ts) - ts > BACKWARD_BLIND_IN_VIEW_MS) break;
      track.entries.set(g, { polygon, source: 'extrapolated' });
    }
  }

  /**
   * A track that only one detection ever saw, which later detection runs keep not finding, is
   * probably a false detection that visual tracking would follow forever on a static scene.
   */
  private unconfirmedTooLong(track: TrackState, f: number): boolean {
    if (track.detections >= 2 || track.detectionRunsSinceMatch < 3) return false;
    const elapsed = this.timestamps[f]! - (this.timestamps[track.lastDetectionFrame] ?? 0);
    return elapsed > this.tuning.unconfirmedVisualMs;
  }

  /** How long a lost plate may be extrapolated: short for unconfirmed single detections. */
  private extendLimitMs(track: TrackState, motion: Motion): number {
    const base = this.options.extendDetectionMs;
    const credible = track.detections >= 2 || track.visualFrames >= Math.round(this.options.fps * 0.3);
    if (credible) return base;
    const moving = speed(motion) > Math.max(0.5, 0.01 * track.shape.size);
    return Math.min(base, moving ? this.tuning.singleMovingExtendMs : this.tuning.singleStaticExtendMs);
  }

  private needsDetection(f: number): boolean {
    if (this.framesSinceDetection >= Math.max(1, Math.round(this.options.fps / 2))) return true;
    const { width, height } = this.options;
    for (const track of this.tracks) {
      if (track.mode === 'ended') continue;
      if (track.mode === 'extrapolating' || track.stalls > 0) return true;
      const entry = track.entries.get(f);
      if (!entry) return true;
      if (nearFrameEdge(boundingBox(entry.polygon), width, height)) return true;
    }
    return false;
  }
}

function pushObservation(track: TrackState, o: Observation): void {
  track.observations.push(o);
  if (track.observations.length > OBSERVATION_MEMORY) track.observations.shift();
}
