import type { LumaImage } from './luma.js';
import type { RingBuffer } from './ringBuffer.js';
import type { TrackState } from './track.js';

export interface TrackerOptions {
  width: number;
  height: number;
  fps: number;
  /** How long (ms) to extrapolate a plate's motion after visual tracking loses it (--extend-detection). */
  extendDetectionMs: number;
  /** Minimum visible share (0-1) of a plate at a frame edge for tracking to keep following it (--min-fraction). */
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

export interface BufferedFrame {
  index: number;
  luma: LumaImage;
}

/** What the tracker's modules share: its settings, the frame clock, the luma ring and the tracks. */
export interface TrackerContext {
  readonly options: TrackerOptions;
  readonly tuning: VisualTuning;
  /** Luma downsampling factor (frame px per luma px). */
  readonly factor: number;
  readonly ring: RingBuffer<BufferedFrame>;
  /** Timestamp of every pushed frame (8 bytes per frame; the only per-frame state kept for the whole video). */
  readonly timestamps: number[];
  readonly tracks: TrackState[];
  /** Reused summed-area table of the buffered frame backward tracking is on (~2 MB). */
  bufferedSums: Float64Array | undefined;
  nextId: number;
}
