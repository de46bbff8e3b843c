import type { HistorySource, Polygon, TrackReading } from '../types.js';
import { fitMotion, type Motion, type Observation, predict } from './motion.js';
import type { Template } from './sadMatcher.js';
import type { TrackShape } from './shape.js';

/**
 * The track record and its states: `visual` (followed by template matching between detections),
 * `extrapolating` (visual lock lost: moved on with the motion frozen at the loss), `ended`.
 */
export type Mode = 'visual' | 'extrapolating' | 'ended';

export interface Entry {
  /** Unclipped polygon in frame pixels. */
  polygon: Polygon;
  source: HistorySource;
  /** Pose behind a confirmed (detection/visual) entry, in the track's own shape units. */
  observation?: Observation;
}

export interface TrackState {
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

const OBSERVATION_MEMORY = 16;

export function pushObservation(track: TrackState, o: Observation): void {
  track.observations.push(o);
  if (track.observations.length > OBSERVATION_MEMORY) track.observations.shift();
}

/** Where the track's motion puts the plate at frame `f` (the frozen motion while extrapolating). */
export function predictedObservation(track: TrackState, f: number): Observation {
  const last = track.observations[track.observations.length - 1]!;
  const motion = track.mode === 'extrapolating' ? track.lostMotion : fitMotion(track.observations);
  return predict(last, motion, f);
}
