// The value parsers of the option table (table.ts): names, allowed values, ranges. The CLI and the Action
// call the same parser for a shared option, so a value one accepts the other accepts too, with the same
// meaning; only the label in the error message differs (`--confidence` vs `Input 'confidence'`).

import { parseRegionList } from '../regions/index.js';
import { UserError } from '../util/errors.js';
import { MAX_PADDING_PERCENT, type Padding, type PaddingAxis, parsePadding } from './padding.js';

export const ENGINE_NAMES = ['auto', 'embedded', 'openalpr', 'both'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export const QUALITIES = ['fast', 'balanced', 'thorough'] as const;
export type Quality = (typeof QUALITIES)[number];

export const X264_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'] as const;

/** How plate numbers appear in reports: as read, masked (`AB1•••E`), or left out. */
export const PLATE_TEXT_MODES = ['full', 'masked', 'none'] as const;
export type PlateTextMode = (typeof PLATE_TEXT_MODES)[number];

/** Ranges of the numeric options (inclusive). */
export const LIMITS = {
  confidence: { min: 0, max: 100 },
  /** ms; beyond ten minutes an extrapolated cover says nothing about where the plate is. */
  extendDetectionMs: { min: 0, max: 600_000 },
  fadeDurationMs: { min: 0, max: 600_000 },
  minFraction: { min: 0, max: 1 },
  crf: { min: 0, max: 51 },
  /** Pixels; larger than any frame ffmpeg encodes (and keeps the arithmetic finite). */
  paddingPx: { min: 0, max: 10_000 },
  paddingPercent: { min: 0, max: MAX_PADDING_PERCENT },
  /** ms; a per-video time limit (Action). */
  videoTimeoutMs: { min: 1_000, max: 6 * 3_600_000 },
} as const;

/** `label: 'text' is not valid; expected …` — one line naming where the value came from. */
export function invalidValue(label: string, text: string, expected: string): UserError {
  return new UserError(`${label}: '${text}' is not valid; expected ${expected}`);
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A plain decimal number within [min, max] (no hex, exponents or Infinity); `integer` for whole numbers. */
export function parseNumberOption(label: string, text: string, range: { min: number; max: number }, integer = false): number {
  const trimmed = text.trim();
  const value = DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isFinite(value) || value < range.min || value > range.max || (integer && !Number.isInteger(value))) {
    throw invalidValue(label, text, `${integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}`);
  }
  return value;
}

const DURATION_UNITS: Record<string, number> = { '': 1, ms: 1, s: 1000, m: 60_000 };

/** `1500`, `1500ms`, `1.5s`, `2m`: a duration in milliseconds (a bare number is milliseconds). */
export function parseDurationOption(label: string, text: string, range: { min: number; max: number }): number {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m)?$/.exec(text.trim().toLowerCase());
  const ms = match ? Math.round(Number(match[1]) * (DURATION_UNITS[match[2] ?? ''] ?? Number.NaN)) : Number.NaN;
  if (!Number.isFinite(ms) || ms < range.min || ms > range.max) {
    throw invalidValue(label, text, `a duration such as 2000, 2000ms, 2s or 1m, from ${formatMs(range.min)} to ${formatMs(range.max)}`);
  }
  return ms;
}

function formatMs(ms: number): string {
  if (ms === 0) return '0';
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** One of `choices`, case-insensitive. */
export function parseChoiceOption<T extends string>(label: string, text: string, choices: readonly T[]): T {
  const value = text.trim().toLowerCase();
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw invalidValue(label, text, `one of ${choices.join(', ')}`);
}

/** `auto`, `10`, `10px` or `5%` along `axis`, bounded so no padding can overflow the polygon arithmetic. */
export function parsePaddingOption(label: string, text: string, axis: PaddingAxis): Padding {
  const padding = parsePadding(text, label, axis);
  // Percentages are bounded by parsePadding itself (LIMITS.paddingPercent).
  if (padding.unit === 'px' && padding.value > LIMITS.paddingPx.max) {
    throw invalidValue(
      label,
      text,
      `pixels up to ${LIMITS.paddingPx.max} (10 or 10px) or a percentage up to ${LIMITS.paddingPercent.max}% (5%)`,
    );
  }
  return padding;
}

/**
 * Comma, space or semicolon separated region codes (`uk` is read as `gb`), lower case, deduplicated.
 * Unknown codes are reported through `warn` and ignored: the list only narrows the summary (every
 * plate is obscured whatever it says), so a typo must not stop a redaction.
 */
export function parseRegionsOption(label: string, text: string, warn: (line: string) => void): string[] {
  const { regions, unknown } = parseRegionList(text);
  if (unknown.length > 0)
    warn(`${label}: unknown region code(s) ignored: ${unknown.join(', ')} (see 'number-jam detect --help' for the list)`);
  return regions;
}

/** `--review-sheet`: a path ending in `.png` (the sheet is a PNG whatever the name says otherwise). */
export function parseReviewSheetOption(label: string, text: string): string {
  const value = text.trim();
  if (value === '' || !/\.png$/i.test(value)) throw invalidValue(label, text, 'a file name ending in .png');
  return value;
}
