import { visibleFraction } from '../geometry/clip.js';
import { boundingBox, lerpPolygon, polygonArea } from '../geometry/polygon.js';
import type { Point, Polygon } from '../types.js';
import { type IntegralImage, integralImage } from './luma.js';
import { fitMotion, type Motion, type Observation, predict, speed } from './motion.js';
import { extractTemplate, MIN_TEMPLATE_CONTRAST, matchTemplate } from './sadMatcher.js';
import { shapeAt } from './shape.js';
import { pushObservation, type TrackState } from './track.js';
import type { TrackerContext } from './tuning.js';

/** Visual following: SAD template matching forward between detections and backward through the luma ring. */

export interface VisualOutcome {
  kind: 'match' | 'stall' | 'lost' | 'edge';
  observation?: Observation;
  score?: number;
  overlap?: number;
}

/** Frames backward tracking may skip (blur, flash) before it gives up. */
const MAX_BACKWARD_MISSES = 2;

export function refreshTemplate(
  ctx: TrackerContext,
  track: TrackState,
  f: number,
  ii: IntegralImage,
  centre: Point,
  polygon: Polygon,
): void {
  const box = boundingBox(polygon);
  if (visibleFraction(polygon, ctx.options.width, ctx.options.height) < 0.999) return;
  const tpl = extractTemplate(
    ii,
    centre[0] / ctx.factor,
    centre[1] / ctx.factor,
    box.width / ctx.factor,
    box.height / ctx.factor,
    ctx.tuning.templateCols,
  );
  if (!tpl || tpl.contrast < MIN_TEMPLATE_CONTRAST) return;
  track.template = tpl;
  track.templateSize = Math.sqrt(polygonArea(polygon));
  track.templateFrame = f;
}

export function acceptVisual(ctx: TrackerContext, track: TrackState, f: number, outcome: VisualOutcome, ii: IntegralImage): void {
  const o = outcome.observation!;
  const polygon = shapeAt(track.shape, o);
  track.entries.set(f, { polygon, source: 'visual', observation: o });
  track.visualFrames++;
  track.stalls = 0;
  pushObservation(track, o);
  // Refresh the template from good, whole matches once the plate has changed size or some frames passed.
  const scaleDrift = Math.abs(Math.log(o.size / track.templateSize));
  if (
    (outcome.score ?? Infinity) < 0.5 * ctx.tuning.matchThreshold &&
    (outcome.overlap ?? 0) >= 1 &&
    (scaleDrift > 0.12 || f - track.templateFrame >= 10)
  ) {
    refreshTemplate(ctx, track, f, ii, [o.cx, o.cy], polygon);
  }
}

/**
 * One template search around the constant-velocity prediction for frame `f` from observation `from`.
 * `edge`: the plate is too far out of the frame for a meaningful match. `stall`: the match stayed put
 * although the plate was moving fast (likely static background).
 */
export function visualStep(
  ctx: TrackerContext,
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
  const k = ctx.factor;
  const dt = Math.abs(f - from.frame);
  const w = box.width / k;
  const h = box.height / k;
  const vx = (Math.abs(motion.vx) * dt) / k;
  const vy = (Math.abs(motion.vy) * dt) / k;
  const predictedOverlap = visibleFraction(polygon, ctx.options.width, ctx.options.height);
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
  const wide = { x: ctx.tuning.wideSearch * w + vx + 4, y: 1.5 * ctx.tuning.wideSearch * h + vy + 4 };
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
export function trackBackward(ctx: TrackerContext, track: TrackState): void {
  const backward: Observation[] = [track.observations[track.observations.length - 1]!];
  let motionKnown = false;
  let misses = 0;
  for (let i = ctx.ring.size - 2; i >= 0; i--) {
    const buffered = ctx.ring.at(i)!;
    const g = buffered.index;
    if (track.entries.has(g)) break;
    const ii = integralImage(buffered.luma, ctx.bufferedSums);
    ctx.bufferedSums = ii.sums;
    const motion = fitMotion(backward);
    const anchor = backward[backward.length - 1]!;
    // After a miss (blur, flash) only a stricter match may resume the track.
    const threshold = misses ? ctx.tuning.reacquireThreshold : ctx.tuning.matchThreshold;
    const outcome = visualStep(ctx, track, ii, anchor, motion, g, threshold, motionKnown);
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
