// Flag values → pipeline options, through the parsers the Action uses too (src/options/), so the CLI and
// the Action accept exactly the same values. Each bad value is one UserError line naming the flag.

import {
  type DetectOptions,
  ENGINE_NAMES,
  LIMITS,
  type ObscureOptions,
  PLATE_TEXT_MODES,
  type PlateTextMode,
  parseChoiceOption,
  parseDurationOption,
  parseNumberOption,
  parsePaddingOption,
  parseRegionsOption,
  parseReviewSheetOption,
  QUALITIES,
  type Quality,
  X264_PRESETS,
} from '../options/index.js';
import { DEFAULT_DETECT_OPTIONS, defaultPreset } from '../pipeline/index.js';
import { UserError } from '../util/errors.js';
import { outputContainerFor } from '../video/index.js';

export { ENGINE_NAMES as ENGINES, PLATE_TEXT_MODES, QUALITIES, X264_PRESETS };

/** Flag values as commander hands them over (strings, defaults already filled in). */
export interface RawFlags {
  input?: string;
  output?: string;
  tracking?: string;
  regions?: string;
  confidence: string;
  extendDetection: string;
  minFraction: string;
  fadeDuration: string;
  paddingWidth: string;
  paddingHeight: string;
  engine: string;
  quality: string;
  rebuildDockerImage?: boolean;
  obscureAllText?: boolean;
  preset?: string;
  crf: string;
  plateText?: string;
  quiet?: boolean;
  allowVideoMismatch?: boolean;
  verify?: boolean;
  reviewSheet?: string;
}

function requireValue(value: string | undefined, flag: string): string {
  if (!value) throw new UserError(`${flag} is required`);
  return value;
}

/** `detect`/`redact` flags → DetectOptions; unknown region codes are reported through `warn`. */
export function detectOptionsFromFlags(flags: RawFlags, warn: (line: string) => void): DetectOptions {
  return {
    ...DEFAULT_DETECT_OPTIONS,
    input: requireValue(flags.input, '--input'),
    regions: flags.regions ? parseRegionsOption('--regions', flags.regions, (line) => warn(`warning: ${line}`)) : [],
    confidence: parseNumberOption('--confidence', flags.confidence, LIMITS.confidence),
    extendDetectionMs: parseDurationOption('--extend-detection', flags.extendDetection, LIMITS.extendDetectionMs),
    minFraction: parseNumberOption('--min-fraction', flags.minFraction, LIMITS.minFraction),
    engine: parseChoiceOption('--engine', flags.engine, ENGINE_NAMES),
    quality: parseChoiceOption('--quality', flags.quality, QUALITIES),
    rebuildDockerImage: Boolean(flags.rebuildDockerImage),
    obscureAllText: Boolean(flags.obscureAllText),
  };
}

/** `obscure`/`redact` flags → ObscureOptions; the default preset follows `quality`. */
export function obscureOptionsFromFlags(flags: RawFlags, quality: Quality = DEFAULT_DETECT_OPTIONS.quality): ObscureOptions {
  const output = requireValue(flags.output, '--output');
  // Refused before any detection work: an output whose extension cannot hold the H.264 we write.
  outputContainerFor(output);
  return {
    input: requireValue(flags.input, '--input'),
    output,
    fadeDurationMs: parseDurationOption('--fade-duration', flags.fadeDuration, LIMITS.fadeDurationMs),
    paddingWidth: parsePaddingOption('--padding-width', flags.paddingWidth),
    paddingHeight: parsePaddingOption('--padding-height', flags.paddingHeight),
    preset: flags.preset === undefined ? defaultPreset(quality) : parseChoiceOption('--preset', flags.preset, X264_PRESETS),
    crf: parseNumberOption('--crf', flags.crf, LIMITS.crf, true),
    allowVideoMismatch: flags.allowVideoMismatch === true,
    verify: Boolean(flags.verify),
    ...(flags.reviewSheet === undefined ? {} : { reviewSheet: parseReviewSheetOption('--review-sheet', flags.reviewSheet) }),
    plateText: plateTextFromFlags(flags),
  };
}

/** `--plate-text`: full (the CLI's default: the JSON is the user's own), masked or none. */
export function plateTextFromFlags(flags: RawFlags): PlateTextMode {
  return flags.plateText === undefined ? 'full' : parseChoiceOption('--plate-text', flags.plateText, PLATE_TEXT_MODES);
}
