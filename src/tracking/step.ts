import { boxIou } from '../geometry/box.js';
import { boundingBox, placeShape, polygonArea } from '../geometry/polygon.js';
import { normaliseQuad, orientedBoundingQuad } from '../geometry/rect.js';
import type { PlateCandidate, Point, Polygon } from '../types.js';
import { extendLimitMs, extrapolateForward } from './extrapolation.js';
import type { IntegralImage } from './luma.js';
import { assignDetections } from './matching.js';
import { fitMotion, type Observation, predict, STILL } from './motion.js';
import {
  alignToPartialDetection,
  dedupeCandidates,
  edgesTouched,
  fuseDetectionWithMatch,
  interpolateGap,
  isCut,
  nearFrameEdge,
  shapeAt,
  shapeOf,
} from './shape.js';
import { predictedObservation, pushObservation, type TrackState } from './track.js';
import type { TrackerContext } from './tuning.js';
import { acceptVisual, refreshTemplate, trackBackward, visualStep } from './visual.js';

/** The per-frame step: match detections to tracks, create tracks for the rest, move or end the others. */

/** Longest gap (s) between a lost track and a new one that are joined as the same plate. */
const LINK_GAP_SECONDS = 0.4;

/**
 * Gives this frame's detections to the live tracks they match (by predicted position), adding those
 * tracks to `matched`; returns the detections no track took.
 */
export function assign(
  ctx: TrackerContext,
  live: TrackState[],
  f: number,
  candidates: PlateCandidate[],
  ii: IntegralImage,
  matched: Set<TrackState>,
): PlateCandidate[] {
  const usable = dedupeCandidates(candidates.filter((c) => c.polygon.length >= 3 && polygonArea(c.polygon) > 0));
  const predicted = live.map((t) => boundingBox(shapeAt(t.shape, predictedObservation(t, f))));
  const pairs = assignDetections(
    predicted,
    usable.map((c) => boundingBox(c.polygon)),
  );
  const used = new Set<number>();
  for (const [ti, di] of pairs) {
    const track = live[ti]!;
    applyDetection(ctx, track, f, usable[di]!, ii);
    matched.add(track);
    used.add(di);
  }
  for (const t of live) if (!matched.has(t)) t.detectionRunsSinceMatch++;
  return usable.filter((_, i) => !used.has(i));
}

/** A detection on a plate that visual tracking already follows in this frame belongs to that track. */
export function visualOwner(live: TrackState[], matched: Set<TrackState>, f: number, candidate: PlateCandidate): TrackState | undefined {
  const box = boundingBox(candidate.polygon);
  return live.find((t) => {
    const e = t.entries.get(f);
    return !matched.has(t) && e !== undefined && boxIou(boundingBox(e.polygon), box) >= 0.3;
  });
}

export function startTrack(ctx: TrackerContext, f: number, candidate: PlateCandidate, ii: IntegralImage): void {
  const shape = shapeOf(normaliseQuad(candidate.polygon));
  const track: TrackState = {
    id: ctx.nextId++,
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
  ctx.tracks.push(track);
  applyDetection(ctx, track, f, candidate, ii);
  trackBackward(ctx, track);
  linkToLostTrack(ctx, track);
}

/**
 * A plate lost by visual tracking (blur, whip pan) and found again by a detection a few frames later
 * shows up as a new track. When a lost track of similar size ended its confirmed positions shortly
 * before the new track's first confirmed position, they are one plate: the new track joins the old one
 * and the frames between are covered by a sweep from the last to the first confirmed polygon.
 */
function linkToLostTrack(ctx: TrackerContext, track: TrackState): void {
  const confirmed = [...track.entries.entries()].filter(([, e]) => e.source !== 'extrapolated').map(([g]) => g);
  const first = Math.min(...confirmed);
  const firstEntry = track.entries.get(first)!;
  const firstSize = Math.sqrt(polygonArea(firstEntry.polygon));
  const maxGap = Math.max(2, Math.round(ctx.options.fps * LINK_GAP_SECONDS));
  let best: TrackState | null = null;
  let bestLast = -1;
  for (const other of ctx.tracks) {
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
  ctx.tracks.splice(ctx.tracks.indexOf(track), 1);
}

export function applyDetection(ctx: TrackerContext, track: TrackState, f: number, candidate: PlateCandidate, ii: IntegralImage): void {
  const quad = normaliseQuad(candidate.polygon);
  const previous = track.observations[track.observations.length - 1];
  const cut = edgesTouched(boundingBox(quad), ctx.options.width, ctx.options.height);
  let observation: Observation;
  if (previous && isCut(cut)) {
    // A detection cut by the frame edge shows only part of the plate: keep the known full shape and
    // align it with the detection's sides that are not on the edge.
    observation = alignToPartialDetection(track.shape, predictedObservation(track, f), quad, cut);
    const placed = shapeAt(track.shape, observation);
    track.entries.set(f, { polygon: orientedBoundingQuad(placed, [placed, quad]), source: 'detection', observation });
  } else {
    const detection = shapeOf(quad, cut);
    const visual =
      previous && track.mode === 'visual'
        ? visualStep(ctx, track, ii, previous, fitMotion(track.observations), f, ctx.tuning.matchThreshold, true)
        : null;
    const fused = fuseDetectionWithMatch(track.shape, detection, f, visual?.kind === 'match' ? visual.observation : undefined);
    observation = fused.observation;
    track.entries.set(f, { polygon: fused.polygon, source: 'detection', observation });
    track.shape = detection;
    const centre: Point = [observation.cx, observation.cy];
    refreshTemplate(ctx, track, f, ii, centre, placeShape(quad, detection.centre, centre, observation.size / detection.size));
  }
  track.detections++;
  track.lastDetectionFrame = f;
  track.detectionRunsSinceMatch = 0;
  track.mode = 'visual';
  track.stalls = 0;
  // A plate detector's detection is evidence even when nothing could be read (a mirrored or tiny plate).
  if ((candidate.text !== undefined && candidate.text !== '') || candidate.plateScore !== undefined) {
    track.readings.push({
      timestamp: ctx.timestamps[f]!,
      text: candidate.text ?? '',
      confidence: candidate.confidence ?? 0,
      ...(candidate.region !== undefined ? { region: candidate.region } : {}),
      ...(candidate.plateScore !== undefined ? { plateScore: candidate.plateScore } : {}),
    });
  }
  if (previous && previous.frame < f - 1) fillGap(track, previous.frame, f);
  pushObservation(track, observation);
}

/** Frames between two confirmed positions that only have blind guesses get a linear interpolation. */
function fillGap(track: TrackState, from: number, to: number): void {
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

/** A frame without a detection for this track: follow it visually, or extrapolate it, or end it. */
export function stepForward(ctx: TrackerContext, track: TrackState, f: number, ii: IntegralImage): void {
  const last = track.observations[track.observations.length - 1]!;
  if (track.mode === 'visual' && unconfirmedTooLong(ctx, track, f)) {
    track.mode = 'ended';
    return;
  }
  if (track.mode === 'visual') {
    const motion = fitMotion(track.observations);
    const outcome = visualStep(ctx, track, ii, last, motion, f, ctx.tuning.matchThreshold, true);
    if (outcome.kind === 'match') {
      acceptVisual(ctx, track, f, outcome, ii);
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
    const limit = extendLimitMs(ctx, track, track.lostMotion);
    const elapsed = ctx.timestamps[f]! - (ctx.timestamps[last.frame] ?? 0);
    if (elapsed > limit) {
      track.mode = 'ended';
      return;
    }
    const outcome = visualStep(ctx, track, ii, last, track.lostMotion, f, ctx.tuning.reacquireThreshold, true);
    if (outcome.kind === 'match') {
      track.mode = 'visual';
      acceptVisual(ctx, track, f, outcome, ii);
      return;
    }
    extrapolateForward(ctx, track, last, f);
  }
}

/**
 * A track that only one detection ever saw, which later detection runs keep not finding, is
 * probably a false detection that visual tracking would follow forever on a static scene.
 */
function unconfirmedTooLong(ctx: TrackerContext, track: TrackState, f: number): boolean {
  if (track.detections >= 2 || track.detectionRunsSinceMatch < 3) return false;
  const elapsed = ctx.timestamps[f]! - (ctx.timestamps[track.lastDetectionFrame] ?? 0);
  return elapsed > ctx.tuning.unconfirmedVisualMs;
}

/** True when the next frame should be detected (a track sits near an edge, lost its visual lock, or no detection ran for a while). */
export function needsDetection(ctx: TrackerContext, f: number, framesSinceDetection: number): boolean {
  if (framesSinceDetection >= Math.max(1, Math.round(ctx.options.fps / 2))) return true;
  const { width, height } = ctx.options;
  for (const track of ctx.tracks) {
    if (track.mode === 'ended') continue;
    if (track.mode === 'extrapolating' || track.stalls > 0) return true;
    const entry = track.entries.get(f);
    if (!entry) return true;
    if (nearFrameEdge(boundingBox(entry.polygon), width, height)) return true;
  }
  return false;
}
