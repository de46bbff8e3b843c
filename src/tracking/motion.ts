/** Where a plate was on one frame: centre and size (square root of its area), frame pixels. */
export interface Observation {
  frame: number;
  cx: number;
  cy: number;
  size: number;
}

/** Constant-velocity motion per frame: centre velocity and the log of the size ratio per frame. */
export interface Motion {
  vx: number;
  vy: number;
  logScaleRate: number;
}

export const STILL: Motion = { vx: 0, vy: 0, logScaleRate: 0 };

/** Largest size change per frame the model will extrapolate (about 4% per frame). */
const MAX_LOG_SCALE_RATE = 0.04;

/**
 * Least-squares constant-velocity fit to the most recent observations (by distance in frames from the
 * newest one, so it works for backward tracking too). Uses observations within `windowFrames` of the
 * newest, and at least the two newest when they are further apart.
 */
export function fitMotion(observations: Observation[], windowFrames = 12, maxSpanFrames = 40): Motion {
  if (observations.length < 2) return STILL;
  const newest = observations[observations.length - 1]!;
  const used: Observation[] = [];
  for (let i = observations.length - 1; i >= 0; i--) {
    const o = observations[i]!;
    const span = Math.abs(o.frame - newest.frame);
    if (used.length >= 2 && span > windowFrames) break;
    if (span > maxSpanFrames) break;
    used.push(o);
    if (used.length >= 8) break;
  }
  if (used.length < 2) return STILL;
  let mf = 0;
  let mx = 0;
  let my = 0;
  let ms = 0;
  for (const o of used) {
    mf += o.frame;
    mx += o.cx;
    my += o.cy;
    ms += Math.log(o.size);
  }
  const n = used.length;
  mf /= n;
  mx /= n;
  my /= n;
  ms /= n;
  let sff = 0;
  let sfx = 0;
  let sfy = 0;
  let sfs = 0;
  for (const o of used) {
    const df = o.frame - mf;
    sff += df * df;
    sfx += df * (o.cx - mx);
    sfy += df * (o.cy - my);
    sfs += df * (Math.log(o.size) - ms);
  }
  if (sff <= 0) return STILL;
  const rate = sfs / sff;
  return {
    vx: sfx / sff,
    vy: sfy / sff,
    logScaleRate: Math.max(-MAX_LOG_SCALE_RATE, Math.min(MAX_LOG_SCALE_RATE, rate)),
  };
}

/** Position and size `frame` frames after (or before) the observation under constant motion. */
export function predict(from: Observation, motion: Motion, frame: number): Observation {
  const dt = frame - from.frame;
  return {
    frame,
    cx: from.cx + motion.vx * dt,
    cy: from.cy + motion.vy * dt,
    size: from.size * Math.exp(motion.logScaleRate * dt),
  };
}

export function speed(motion: Motion): number {
  return Math.hypot(motion.vx, motion.vy);
}
