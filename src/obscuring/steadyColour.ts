// One fill colour per track, changing only smoothly.
//
// A colour sampled afresh on every frame jumps with everything that moves under the sample: characters
// entering the sampled window, a polygon that slips onto the car body for a frame, sensor noise on a dark
// plate, compression. On real clips that made covers change tone by 60-161 levels between consecutive
// frames, and a flickering box draws the eye to what it hides. Here each track keeps its own colour,
// which follows the per-frame samples through a low-pass filter (lighting changes over a fraction of a
// second) and then a slew limit (never more than MAX_STEP levels per channel from one frame to the next).

type Rgb = [number, number, number];

/** Largest change of a cover's colour between consecutive frames, per channel (0-255 levels). */
export const MAX_STEP = 2;
/** Time constant of the low-pass filter on the samples: lighting changes pass, per-frame jitter does not. */
export const SMOOTHING_MS = 400;

interface TrackColour {
  /** Low-passed samples (fractional levels). */
  filtered: number[];
  /** The colour last painted (fractional; rounded when painted). */
  shown: number[];
  timestampMs: number;
}

export class SteadyColours {
  private readonly tracks = new Map<number, TrackColour>();

  /**
   * The colour to paint `track` with at `timestampMs`, given this frame's sample. The first sample of a
   * track is used as it is; later ones move the colour by at most MAX_STEP per channel per frame.
   * Frames must come in presentation order (as the renderer decodes them).
   */
  colourFor(track: number, timestampMs: number, sample: Rgb): Rgb {
    const state = this.tracks.get(track);
    if (!state) {
      this.tracks.set(track, { filtered: [...sample], shown: [...sample], timestampMs });
      return [...sample];
    }
    const dt = timestampMs - state.timestampMs;
    // A second polygon of the same track on the same frame (an edge-clipped plate) gets the same colour.
    if (dt <= 0) return state.shown.map((v) => Math.round(v)) as Rgb;
    const alpha = 1 - Math.exp(-dt / SMOOTHING_MS);
    state.timestampMs = timestampMs;
    for (let c = 0; c < 3; c++) {
      state.filtered[c]! += (sample[c]! - state.filtered[c]!) * alpha;
      const step = Math.max(-MAX_STEP, Math.min(MAX_STEP, state.filtered[c]! - state.shown[c]!));
      state.shown[c]! += step;
    }
    return state.shown.map((v) => Math.round(v)) as Rgb;
  }
}
