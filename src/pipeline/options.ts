import { DEFAULT_DETECT_OPTIONS, type Quality, X264_PRESET_BY_QUALITY } from '../options/index.js';

// The option names, value sets, records and defaults live in src/options/ (one table shared with the entry
// points); the pipeline derives what follows from the quality level, here and in schedule.ts.
export {
  DEFAULT_DETECT_OPTIONS,
  DEFAULT_OBSCURE_OPTIONS,
  type DetectOptions,
  ENGINE_NAMES,
  type EngineName,
  type ObscureOptions,
  type ProgressEvent,
  QUALITIES,
  type Quality,
} from '../options/index.js';

/**
 * libx264 preset of a quality level. Encoding is a third of the CPU time of a redaction, so fast also
 * encodes faster (superfast: ~40% less encoder CPU than veryfast, at the same CRF, with ~2.5x larger files).
 */
export function defaultPreset(quality: Quality): string {
  return X264_PRESET_BY_QUALITY[quality];
}

/** The preset the encoder runs: the one given, else the one of the quality level (the default level for `obscure`). */
export function encoderPreset(options: { preset?: string; quality?: Quality }): string {
  return options.preset ?? defaultPreset(options.quality ?? DEFAULT_DETECT_OPTIONS.quality);
}
