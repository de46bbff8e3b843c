import { AUTO_PADDING_HEIGHT, AUTO_PADDING_WIDTH, type EngineName, type Quality } from '../options/index.js';

export type { DetectOptions, ObscureOptions, ProgressEvent } from '../options/index.js';
// The option names, value sets and records live in src/options/ (shared with the entry points and the
// stages); this module adds the pipeline's defaults.
export { ENGINE_NAMES, type EngineName, QUALITIES, type Quality } from '../options/index.js';

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
