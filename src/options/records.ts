// The option records the pipeline's stages receive. Stage-neutral, so a stage (detection, output) can
// name them without importing the pipeline that sits downstream of it.

import type { Padding } from './padding.js';
import type { EngineName, Quality } from './parsers.js';

/** Progress reports; entry points render them (progress bar on a TTY, plain lines otherwise). */
export interface ProgressEvent {
  stage: 'detect' | 'obscure';
  frame: number;
  totalFrames: number;
  detections: number;
  fps: number;
}

export interface DetectOptions {
  input: string;
  /** ISO 3166-1 alpha-2 codes, lower case; empty = all. */
  regions: string[];
  /** 0-100: readings below it are left out of the summary (still obscured). */
  confidence: number;
  /** How long (ms) to extrapolate a plate's motion after visual tracking loses it. */
  extendDetectionMs: number;
  /** Minimum visible fraction (0-1) of a plate at a frame edge for tracking to keep following it. */
  minFraction: number;
  engine: EngineName;
  rebuildDockerImage: boolean;
  /** Cover every text region, not only plausible plates. */
  obscureAllText: boolean;
  quality: Quality;
  onProgress?: (event: ProgressEvent) => void;
  /** Human-readable notes (engine choice, warnings) for stderr. */
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface ObscureOptions {
  input: string;
  output: string;
  fadeDurationMs: number;
  paddingWidth: Padding;
  paddingHeight: Padding;
  /** libx264 preset; undefined: the one for `quality` (X264_PRESET_BY_QUALITY, applied by the pipeline). */
  preset?: string;
  /** The detection quality the preset follows when none is given (redact passes its own; obscure: the default). */
  quality?: Quality;
  crf: number;
  onProgress?: (event: ProgressEvent) => void;
  log?: (line: string) => void;
  /** How the video is written when that is worth saying (a stream copy); progress output, so --quiet silences it. */
  note?: (line: string) => void;
  signal?: AbortSignal;
}
