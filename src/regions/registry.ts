// Lookups over the plate-format database: region codes, format matching and how specific a match is.
import { type PlateFormat, REGIONS, UNSUPPORTED_REGIONS } from './formats.js';
import { patternSizes } from './pattern-size.js';
import { normalisePlateText } from './text.js';

interface CompiledFormat {
  region: string;
  /** log2 of the region's vehicle count in millions. */
  prior: number;
  format: PlateFormat;
  regex: RegExp;
  /** sizes[k]: how many strings of length k the format accepts. */
  sizes: number[];
}

/** One format that accepts a text, with how much the match says about the text. */
export interface FormatMatch {
  region: string;
  format: PlateFormat;
  /**
   * Bits of evidence the match carries: log2(36^length / strings of that length the format accepts).
   * A format with few possible plates of this length scores high; a catch-all that accepts almost any
   * string scores near 0. Part of `score`.
   */
  specificity: number;
  /**
   * log2 of the relative chance that the text is a plate of this format's region: the region's vehicle
   * count (prior) over the number of strings the format accepts at this length (likelihood).
   * Matches are sorted by it.
   */
  score: number;
}

const COMPILED: CompiledFormat[] = REGIONS.flatMap((region) =>
  region.formats.map((format) => ({
    region: region.code,
    prior: Math.log2(region.vehiclesMillions),
    format,
    regex: new RegExp(`^(?:${format.pattern})$`),
    sizes: patternSizes(format.pattern),
  })),
);

const REGION_CODES = new Set(REGIONS.map((r) => r.code));

/** Common non-ISO spellings users type for a supported region. */
const REGION_ALIASES: Record<string, string> = { uk: 'gb' };

/** Plate characters after normalisation: A-Z and 0-9. */
const ALPHABET_SIZE = 36;

export function isKnownRegion(code: string): boolean {
  return REGION_CODES.has(code.toLowerCase());
}

/** Every supported region code, sorted. */
export function listRegionCodes(): string[] {
  return [...REGION_CODES].sort();
}

/** Why a region code is not supported, when it is a deliberate omission (e.g. non-Latin plates). */
export function unsupportedRegionReason(code: string): string | undefined {
  return UNSUPPORTED_REGIONS[code.toLowerCase()];
}

function specificityOf(length: number, sizes: number[]): number {
  const accepted = Math.max(1, sizes[length] ?? 1);
  return Math.max(0, length * Math.log2(ALPHABET_SIZE) - Math.log2(accepted));
}

export interface MatchOptions {
  /** Only formats of these regions (empty or absent = all). */
  regions?: readonly string[];
  /** Include catch-all formats (default false). */
  includeGeneric?: boolean;
}

const matchCache = new Map<string, FormatMatch[]>();
const MATCH_CACHE_LIMIT = 4096;

/** Every format (all regions, generic included) that accepts normalised `text`, best score first. */
function allMatches(normalised: string): FormatMatch[] {
  const cached = matchCache.get(normalised);
  if (cached) return cached;
  const matches: FormatMatch[] = [];
  if (normalised.length > 0) {
    for (const compiled of COMPILED) {
      if (!compiled.regex.test(normalised)) continue;
      const specificity = specificityOf(normalised.length, compiled.sizes);
      matches.push({ region: compiled.region, format: compiled.format, specificity, score: specificity + compiled.prior });
    }
  }
  matches.sort((a, b) => b.score - a.score);
  if (matchCache.size >= MATCH_CACHE_LIMIT) matchCache.clear();
  matchCache.set(normalised, matches);
  return matches;
}

/** Formats accepting `text` (normalised first), most likely region first (see FormatMatch.score). */
export function matchFormats(text: string, options: MatchOptions = {}): FormatMatch[] {
  const wanted = options.regions && options.regions.length > 0 ? new Set(options.regions) : undefined;
  return allMatches(normalisePlateText(text)).filter(
    (m) => (options.includeGeneric || !m.format.generic) && (!wanted || wanted.has(m.region)),
  );
}

/** Cheap yes/no: does any format (generic ones only if asked) of the given regions accept `text`? */
export function hasFormatMatch(text: string, options: MatchOptions = {}): boolean {
  const normalised = normalisePlateText(text);
  if (normalised.length === 0) return false;
  const wanted = options.regions && options.regions.length > 0 ? new Set(options.regions) : undefined;
  return COMPILED.some(
    (c) => (options.includeGeneric || !c.format.generic) && (!wanted || wanted.has(c.region)) && c.regex.test(normalised),
  );
}

/**
 * Region codes with a (non-generic) format that accepts `text`, most likely first, each code once.
 * Pass `includeGeneric` to also count catch-all formats.
 */
export function matchRegions(text: string, options: MatchOptions = {}): string[] {
  return [...new Set(matchFormats(text, options).map((m) => m.region))];
}

/**
 * Parse a `--regions` value such as "gb, DE,fr,gb": lower-cased, de-duplicated, order kept.
 * Codes that are not supported come back in `unknown` so the CLI can warn about them.
 */
export function parseRegionList(csv: string): { regions: string[]; unknown: string[] } {
  const regions: string[] = [];
  const unknown: string[] = [];
  for (const raw of csv.split(/[\s,;]+/)) {
    const lower = raw.trim().toLowerCase();
    if (lower === '') continue;
    const code = REGION_ALIASES[lower] ?? lower;
    if (REGION_CODES.has(code)) {
      if (!regions.includes(code)) regions.push(code);
    } else if (!unknown.includes(lower)) {
      unknown.push(lower);
    }
  }
  return { regions, unknown };
}

/** Compact list of accepted region codes for `detect --help`, wrapped to `width` columns. */
export function describeRegions(width = 78): string {
  const items = [...REGIONS].sort((a, b) => a.code.localeCompare(b.code)).map((r) => `${r.code} ${r.name}`);
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? item : `${line}, ${item}`;
    if (next.length > width && line !== '') {
      lines.push(`${line},`);
      line = item;
    } else {
      line = next;
    }
  }
  if (line !== '') lines.push(line);
  const skipped = Object.keys(UNSUPPORTED_REGIONS).sort().join(', ');
  lines.push(`(uk is accepted for gb; not supported, non-Latin plates: ${skipped})`);
  return lines.join('\n');
}
