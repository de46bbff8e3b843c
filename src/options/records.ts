// The option records the pipeline's stages receive. Stage-neutral, so a stage (detection, output) can
// name them without importing the pipeline that sits downstream of it.

import type { PlateTextMode, Quality } from './parsers.js';
import type { DetectKey, ObscureKey, OptionValues } from './table.js';

/** Progress reports; entry points render them (progress bar on a TTY, plain lines otherwise). */
export interface ProgressEvent {
  stage: 'detect' | 'obscure';
  frame: number;
  totalFrames: number;
  detections: number;
  fps: number;
}

/** What detectPlates takes: the input, and every option of the table that goes to `detect`. */
export type DetectOptions = OptionValues<DetectKey> & {
  input: string;
  onProgress?: (event: ProgressEvent) => void;
  /** Human-readable notes (engine choice, warnings) for stderr. */
  log?: (line: string) => void;
  signal?: AbortSignal;
};

/** What obscureVideo takes: input and output, and every option of the table that goes to `obscure`. */
export type ObscureOptions = OptionValues<ObscureKey> & {
  input: string;
  output: string;
  /** The detection quality the preset follows when none is given (redact passes its own; obscure: the default). */
  quality?: Quality;
  /** Plate text on the review sheet (the entry point's --plate-text / plate-text; default full). */
  plateText?: PlateTextMode;
  /** Repair rounds of `verify` before a finding fails the video (default 2; 0 fails on the first finding). */
  verifyRounds?: number;
  onProgress?: (event: ProgressEvent) => void;
  log?: (line: string) => void;
  /** How the video is written when that is worth saying (a stream copy); progress output, so --quiet silences it. */
  note?: (line: string) => void;
  signal?: AbortSignal;
};
