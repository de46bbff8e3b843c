import { visibleFraction } from '../geometry/clip.js';
import { placeShape, polygonCentroid } from '../geometry/polygon.js';
import { fitMotion, type Motion, type Observation, predict, speed } from './motion.js';
import { shapeAt } from './shape.js';
import type { TrackState } from './track.js';
import type { TrackerContext } from './tuning.js';

/** Extrapolation: moving a plate on blindly, forward after visual lock is lost and backward before its first position. */

/**
 * Longest blind backward extrapolation (ms before a track's first position) of a plate predicted wholly in
 * view: on the toll-booth clip the full extension left a cover on empty ground for 2 s before its truck.
 */
const BACKWARD_BLIND_IN_VIEW_MS = 500;
/** Visible share from which a polygon counts as wholly in view. */
const IN_VIEW = 0.999;

/** How long a lost plate may be extrapolated: short for unconfirmed single detections. */
export function extendLimitMs(ctx: TrackerContext, track: TrackState, motion: Motion): number {
  const base = ctx.options.extendDetectionMs;
  const credible = track.detections >= 2 || track.visualFrames >= Math.round(ctx.options.fps * 0.3);
  if (credible) return base;
  const moving = speed(motion) > Math.max(0.5, 0.01 * track.shape.size);
  return Math.min(base, moving ? ctx.tuning.singleMovingExtendMs : ctx.tuning.singleStaticExtendMs);
}

/**
 * One blind forward step of a track that lost its visual lock, from its last confirmed position `last`
 * with the frozen motion; ends the track when the plate has left the frame.
 */
export function extrapolateForward(ctx: TrackerContext, track: TrackState, last: Observation, f: number): void {
  const polygon = shapeAt(track.shape, predict(last, track.lostMotion, f));
  if (visibleFraction(polygon, ctx.options.width, ctx.options.height) < ctx.options.minFraction) {
    track.mode = 'ended';
    return;
  }
  track.entries.set(f, { polygon, source: 'extrapolated' });
}

/** Extends a track before its first entry along the motion of its earliest confirmed positions. */
export function extrapolateBackward(ctx: TrackerContext, track: TrackState): void {
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
  const limit = extendLimitMs(ctx, track, motion);
  for (let g = first - 1; g >= 0; g--) {
    const ts = ctx.timestamps[g];
    if (ts === undefined || (ctx.timestamps[anchor.frame] ?? 0) - ts > limit) break;
    const p = predict(anchorObs, motion, g);
    const polygon = placeShape(anchorPolygon, [acx, acy], [acx + p.cx - anchorObs.cx, acy + p.cy - anchorObs.cy], p.size / anchorObs.size);
    const visible = visibleFraction(polygon, ctx.options.width, ctx.options.height);
    if (visible < ctx.options.minFraction) break;
    // Wholly in view, yet neither the detector nor backward visual tracking found it: the plate was most
    // likely not there (hidden, not arrived yet, or the shot before a cut), so only a short blind lead is
    // kept. A plate entering across the frame edge is followed back to the edge.
    if (visible >= IN_VIEW && (ctx.timestamps[first] ?? ts) - ts > BACKWARD_BLIND_IN_VIEW_MS) break;
    track.entries.set(g, { polygon, source: 'extrapolated' });
  }
}
