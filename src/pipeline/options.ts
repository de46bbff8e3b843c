import { AUTO_PADDING_HEIGHT, AUTO_PADDING_WIDTH, type Padding } from '../obscuring/padding.js';

export type EngineName = 'auto' | 'embedded' | 'openalpr' | 'both';
export type Quality = 'fast' | 'balanced' | 'thorough';
export const QUALITIES: readonly Quality[] = ['fast', 'balanced', 'thorough'];

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
  /** libx264 preset. */
  preset: string;
  crf: number;
  onProgress?: (event: ProgressEvent) => void;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export const DEFAULT_DETECT_OPTIONS = {
  regions: [] as string[],
  confidence: 0,
  extendDetectionMs: 2000,
  minFraction: 0.01,
  engine: 'auto' as EngineName,
  rebuildDockerImage: false,
  obscureAllText: false,
  quality: 'balanced' as Quality,
};

/**
 * libx264 preset when none is given. Encoding is a third of the CPU time of a redaction, so fast also
 * encodes faster (superfast: ~40% less encoder CPU than veryfast, at the same CRF, with ~2.5x larger files).
 */
export function defaultPreset(quality: Quality): string {
  return quality === 'fast' ? 'superfast' : DEFAULT_OBSCURE_OPTIONS.preset;
}

export const DEFAULT_OBSCURE_OPTIONS = {
  fadeDurationMs: 1000,
  paddingWidth: AUTO_PADDING_WIDTH,
  paddingHeight: AUTO_PADDING_HEIGHT,
  preset: 'veryfast',
  crf: 18,
};
