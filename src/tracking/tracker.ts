import type { Box, Frame, HistoryEntry, HistorySource, PlateCandidate, Point, Polygon, TrackReading, TrackedPlate } from '../types.js';
import { boxIou } from '../geometry/box.js';
import { clipPolygonToFrame, visibleFraction } from '../geometry/clip.js';
import { boundingBox, lerpPolygon, placeShape, polygonArea, polygonCentroid } from '../geometry/polygon.js';
import { normaliseQuad, orientedBoundingQuad } from '../geometry/rect.js';
import { frameToLuma, integralImage, lumaScaleFactor, type IntegralImage, type LumaImage } from './luma.js';
import { assignDetections } from './matching.js';
import { fitMotion, predict, speed, STILL, type Motion, type Observation } from './motion.js';
import { RingBuffer } from './ringBuffer.js';
import { dilateOverTime } from './smoothing.js';
import { extractTemplate, matchTemplate, MIN_TEMPLATE_CONTRAST, type Template } from './sadMatcher.js';

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
  /** Reference quad (latest detection) and its centre/size: visual poses move and scale it. */
  shape: Polygon;
  shapeCentre: Point;
  shapeSize: number;
  /** Frame edges that cut the detection the shape came from (its hidden part lies beyond them). */
  shapeCut: EdgeCut | null;
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
/** Frames backward tracking may skip (blur, flash) before it gives up. */
const MAX_BACKWARD_MISSES = 2;
/** Widest and narrowest width/height ratio of a plate (EU plates ~4.7, US ~2, square plates ~1.3). */
const MAX_PLATE_ASPECT = 5;
const MIN_PLATE_ASPECT = 1.2;

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
    // The frame about to drop out of the full ring lends its buffer to the new one.
    const evicted = this.ring.size === this.ring.capacity ? this.ring.at(0)!.luma.data : undefined;
    const luma = frameToLuma(frame, this.factor, evicted);
    this.ring.push({ index: f, luma });
    let events = false;

    const live = this.tracks.filter((t) => t.mode !== 'ended');
    // Matching needs the summed-area table only when there is a plate to follow or place (most frames of
    // most videos have none).
    let ii = undefined as unknown as IntegralImage;
    if (live.length > 0 || (candidates !== null && candidates.length > 0)) {
      ii = integralImage(luma, this.currentSums);
      this.currentSums = ii.sums;
    }
    const matched = new Set<TrackState>();
    let leftovers: PlateCandidate[] = [];
    if (candidates !== null) {
      this.framesSinceDetection = 0;
      const usable = dedupeCandidates(candidates.filter((c) => c.polygon.length >= 3 && polygonArea(c.polygon) > 0));
      const predicted = live.map((t) => boundingBox(this.polygonAt(t, this.predictedObservation(t, f))));
      const detected = usable.map((c) => boundingBox(c.polygon));
      const pairs = assignDetections(predicted, detected);
      const used = new Set<number>();
      for (const [ti, di] of pairs) {
        const track = live[ti]!;
        this.applyDetection(track, f, usable[di]!, ii);
        matched.add(track);
        used.add(di);
      }
      leftovers = usable.filter((_, i) => !used.has(i));
      for (const t of live) if (!matched.has(t)) t.detectionRunsSinceMatch++;
    } else {
      this.framesSinceDetection++;
    }

    for (const track of live) {
      if (matched.has(track)) continue;
      const before = track.mode;
      this.stepForward(track, f, ii);
      if (track.mode !== before) events = true;
    }

    for (const candidate of leftovers) {
      // A detection on a plate that visual tracking already follows in this frame belongs to that track.
      const box = boundingBox(candidate.polygon);
      const owner = live.find((t) => {
        const e = t.entries.get(f);
        return !matched.has(t) && e !== undefined && boxIou(boundingBox(e.polygon), box) >= 0.3;
      });
      if (owner) {
        this.applyDetection(owner, f, candidate, ii);
        matched.add(owner);
        continue;
      }
      this.startTrack(f, candidate, ii);
      events = true;
    }

    this.wantDetection = events || this.needsDetection(f);
  }

  /** True when the next frame should be detected (a track just started/ended, sits near an edge, lost its visual lock, or no detection ran for a while). */
  wantsDetection(): boolean {
    return this.wantDetection;
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
    const quad = normaliseQuad(candidate.polygon);
    const centre = polygonCentroid(quad);
    const size = Math.sqrt(polygonArea(quad));
    const track: TrackState = {
      id: this.nextId++,
      entries: new Map(),
      readings: [],
      detections: 0,
      visualFrames: 0,
      shape: quad,
      shapeCentre: centre,
      shapeSize: size,
      shapeCut: null,
      observations: [],
      lastDetectionFrame: f,
      template: null,
      templateSize: size,
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
    best.shapeCentre = track.shapeCentre;
    best.shapeSize = track.shapeSize;
    best.shapeCut = track.shapeCut;
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
    if (previous && (cut.left || cut.right || cut.top || cut.bottom)) {
      // A detection cut by the frame edge shows only part of the plate: keep the known full shape and
      // align it with the detection's sides that are not on the edge.
      observation = this.alignToPartialDetection(track, f, quad, cut);
      const placed = this.polygonAt(track, observation);
      track.entries.set(f, { polygon: orientedBoundingQuad(placed, [placed, quad]), source: 'detection', observation });
    } else {
      const centre = polygonCentroid(quad);
      const size = Math.sqrt(polygonArea(quad));
      observation = { frame: f, cx: centre[0], cy: centre[1], size };
      let polygon = quad;
      // Detector boxes jitter from frame to frame; where the visual tracker agrees closely, average the
      // two positions (and cover both) so the template does not inherit one detection's error.
      const visual = previous && track.mode === 'visual' ? this.visualStep(track, ii, previous, fitMotion(track.observations), f, this.tuning.matchThreshold, true) : null;
      if (visual?.kind === 'match' && visual.observation) {
        const v = visual.observation;
        if (Math.hypot(v.cx - centre[0], v.cy - centre[1]) < 0.25 * size && Math.abs(Math.log(v.size / size)) < 0.15) {
          const visualPolygon = this.polygonAt(track, v);
          observation = { frame: f, cx: (v.cx + centre[0]) / 2, cy: (v.cy + centre[1]) / 2, size: Math.sqrt(v.size * size) };
          polygon = orientedBoundingQuad(quad, [quad, visualPolygon]);
        }
      }
      track.entries.set(f, { polygon, source: 'detection', observation });
      track.shape = quad;
      track.shapeCentre = centre;
      track.shapeSize = size;
      track.shapeCut = cut.left || cut.right || cut.top || cut.bottom ? cut : null;
      const fused: Point = [observation.cx, observation.cy];
      this.refreshTemplate(track, f, ii, fused, placeShape(quad, centre, fused, observation.size / size));
    }
    track.detections++;
    track.lastDetectionFrame = f;
    track.detectionRunsSinceMatch = 0;
    track.mode = 'visual';
    track.stalls = 0;
    if (candidate.text !== undefined && candidate.text !== '') {
      track.readings.push({
        timestamp: this.timestamps[f]!,
        text: candidate.text,
        confidence: candidate.confidence ?? 0,
        ...(candidate.region !== undefined ? { region: candidate.region } : {}),
      });
    }
    if (previous && previous.frame < f - 1) this.fillGap(track, previous.frame, f);
    pushObservation(track, observation);
  }

  private alignToPartialDetection(track: TrackState, f: number, quad: Polygon, cut: EdgeCut): Observation {
    const det = boundingBox(quad);
    const pred = this.predictedObservation(track, f);
    const predBox = boundingBox(this.polygonAt(track, pred));
    let scale = 1;
    if (!cut.left && !cut.right && predBox.width > 0) scale = det.width / predBox.width;
    else if (!cut.top && !cut.bottom && predBox.height > 0) scale = det.height / predBox.height;
    scale = Math.min(1.25, Math.max(0.8, scale));
    const size = pred.size * scale;
    const box = boundingBox(this.polygonAt(track, { ...pred, size }));
    const shift = (lowCut: boolean, highCut: boolean, dLow: number, dHigh: number, bLow: number, bHigh: number): number => {
      if (lowCut && !highCut) return dHigh - bHigh;
      if (highCut && !lowCut) return dLow - bLow;
      if (lowCut && highCut) return 0;
      return (dLow + dHigh - bLow - bHigh) / 2;
    };
    const dx = shift(cut.left, cut.right, det.x, det.x + det.width, box.x, box.x + box.width);
    const dy = shift(cut.top, cut.bottom, det.y, det.y + det.height, box.y, box.y + box.height);
    return { frame: f, cx: pred.cx + dx, cy: pred.cy + dy, size };
  }

  /** Frames between two confirmed positions that only have blind guesses get a linear interpolation. */
  private fillGap(track: TrackState, from: number, to: number): void {
    const a = track.entries.get(from);
    const b = track.entries.get(to);
    if (!a || !b) return;
    // Anchor on the nearest confirmed entries so visual positions inside the gap are kept.
    let left = from;
    for (let g = from + 1; g < to; g++) {
      const e = track.entries.get(g);
      if (e && (e.source === 'visual' || e.source === 'detection')) {
        left = g;
        continue;
      }
      let right = g + 1;
      while (right < to) {
        const r = track.entries.get(right);
        if (r && (r.source === 'visual' || r.source === 'detection')) break;
        right++;
      }
      const pa = track.entries.get(left)!.polygon;
      const pb = track.entries.get(right)!.polygon;
      const t = (g - left) / (right - left);
      track.entries.set(g, { polygon: lerpPolygon(pa, pb, t), source: 'interpolated' });
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

  private polygonAt(track: TrackState, o: Observation): Polygon {
    const scale = o.size / track.shapeSize;
    const placed = placeShape(track.shape, track.shapeCentre, [o.cx, o.cy], scale);
    const cut = track.shapeCut;
    if (!cut) return placed;
    // The shape came from a detection cut by a frame edge: as the plate moves away from that edge its
    // hidden part comes into view, so grow the cut side by the distance moved (up to a plate's aspect).
    const box = boundingBox(placed);
    const dx = o.cx - track.shapeCentre[0];
    const dy = o.cy - track.shapeCentre[1];
    const growX = Math.max(0, Math.min(Math.abs(dx), MAX_PLATE_ASPECT * box.height - box.width));
    const growY = Math.max(0, Math.min(Math.abs(dy), box.width / MIN_PLATE_ASPECT - box.height));
    const out = placed.map(([x, y]) => [x, y] as Point);
    const [tl, tr, br, bl] = out as [Point, Point, Point, Point];
    if (cut.right && dx < 0) for (const p of [tr, br]) p[0] += growX;
    if (cut.left && dx > 0) for (const p of [tl, bl]) p[0] -= growX;
    if (cut.bottom && dy < 0) for (const p of [bl, br]) p[1] += growY;
    if (cut.top && dy > 0) for (const p of [tl, tr]) p[1] -= growY;
    return out;
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
        const predicted = this.polygonAt(track, predict(last, motion, f));
        const matchedPoly = this.polygonAt(track, outcome.observation!);
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
      const polygon = this.polygonAt(track, predict(last, track.lostMotion, f));
      if (visibleFraction(polygon, this.options.width, this.options.height) < this.options.minFraction) {
        track.mode = 'ended';
        return;
      }
      track.entries.set(f, { polygon, source: 'extrapolated' });
    }
  }

  private acceptVisual(track: TrackState, f: number, outcome: VisualOutcome, ii: IntegralImage): void {
    const o = outcome.observation!;
    const polygon = this.polygonAt(track, o);
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
    const polygon = this.polygonAt(track, pred);
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
      const polygon = this.polygonAt(track, outcome.observation!);
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
    const confirmed = [...track.entries.entries()]
      .filter(([, e]) => e.observation !== undefined)
      .sort((a, b) => a[0] - b[0]);
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
      const polygon = placeShape(anchorPolygon, [acx, acy], [acx + p.cx - anchorObs.cx, acy + p.cy - anchorObs.cy], p.size / anchorObs.size);
      if (visibleFraction(polygon, this.options.width, this.options.height) < this.options.minFraction) break;
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
    const moving = speed(motion) > Math.max(0.5, 0.01 * track.shapeSize);
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
      const box: Box = boundingBox(entry.polygon);
      const margin = Math.max(8, 0.25 * box.width);
      if (box.x < margin || box.y < margin || box.x + box.width > width - margin || box.y + box.height > height - margin) return true;
    }
    return false;
  }
}

export interface EdgeCut {
  left: boolean;
  right: boolean;
  top: boolean;
  bottom: boolean;
}

/**
 * Which frame edges a box touches: a detection there is likely cut off. Detector boxes are a few
 * pixels loose, so "touching" allows a small margin (0.5% of the frame size, at least 4 px); and a plate
 * cut mid-character is detected only up to its last readable character, so a box that stops within
 * about a character (0.3 of its smaller side) of the edge counts as cut too: treating it as the whole plate
 * left the hidden part uncovered when the plate came into view.
 */
export function edgesTouched(box: Box, width: number, height: number): EdgeCut {
  const character = 0.3 * Math.min(box.width, box.height);
  const tx = Math.max(4, 0.005 * width, character);
  const ty = Math.max(4, 0.005 * height, character);
  return {
    left: box.x <= tx,
    right: box.x + box.width >= width - tx,
    top: box.y <= ty,
    bottom: box.y + box.height >= height - ty,
  };
}

function pushObservation(track: TrackState, o: Observation): void {
  track.observations.push(o);
  if (track.observations.length > OBSERVATION_MEMORY) track.observations.shift();
}

/** Drops candidates that mostly repeat a larger one in the same frame (e.g. two engines on one plate). */
function dedupeCandidates(candidates: PlateCandidate[]): PlateCandidate[] {
  const sorted = [...candidates].sort((a, b) => polygonArea(b.polygon) - polygonArea(a.polygon));
  const kept: PlateCandidate[] = [];
  for (const c of sorted) {
    const box = boundingBox(c.polygon);
    if (kept.some((k) => boxIou(boundingBox(k.polygon), box) > 0.5)) continue;
    kept.push(c);
  }
  return kept;
}

function roundPoint([x, y]: Point): Point {
  return [Math.round(x * 100) / 100, Math.round(y * 100) / 100];
}
