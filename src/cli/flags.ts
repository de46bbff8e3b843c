import { parsePadding, type Padding } from '../obscuring/padding.js';
import type { EngineName } from '../pipeline/options.js';
import { parseRegionList } from '../regions/index.js';
import { UserError } from '../util/errors.js';

// Pure parsers for flag values: each rejects a bad value with one line naming the flag.

export function parseNumberFlag(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UserError(`${flag}: '${text}' is not a number`);
  if (value < min || value > max) throw new UserError(`${flag}: ${text} is outside ${min}-${max}`);
  return value;
}

export function parseIntegerFlag(text: string, flag: string, min: number, max: number): number {
  const value = parseNumberFlag(text, flag, min, max);
  if (!Number.isInteger(value)) throw new UserError(`${flag}: '${text}' is not a whole number`);
  return value;
}

export const ENGINES: EngineName[] = ['auto', 'embedded', 'openalpr', 'both'];
export { QUALITIES } from '../pipeline/options.js';

export function parseChoice<T extends string>(text: string, flag: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) throw new UserError(`${flag}: '${text}' is not one of ${choices.join(', ')}`);
  return text as T;
}

/** `--regions gb,de`: known codes; unknown ones are reported through `warn` (as the seed did) and ignored. */
export function parseRegionsFlag(text: string | undefined, warn: (line: string) => void): string[] {
  if (!text) return [];
  const { regions, unknown } = parseRegionList(text);
  if (unknown.length > 0) warn(`warning: unknown region code(s) ignored: ${unknown.join(', ')} (see 'number-jam detect --help')`);
  return regions;
}

export function parsePaddingFlag(text: string, flag: string): Padding {
  return parsePadding(text, flag);
}
