// Pure parsing and validation of the action's inputs. Every problem names the input it comes from,
// so a bad workflow file fails the step with a message the user can act on before any work starts.
import { parsePadding, type Padding } from '../obscuring/padding.js';
import type { EngineName, Quality } from '../pipeline/options.js';
import { DEFAULT_DETECT_OPTIONS, DEFAULT_OBSCURE_OPTIONS, QUALITIES } from '../pipeline/options.js';
import { UserError } from '../util/errors.js';
import { parseShard, type Shard } from './shard.js';

/** Extensions matched when `videos` is empty. `.ts` is left out on purpose: it matches TypeScript sources. */
export const DEFAULT_VIDEO_EXTENSIONS = [
  'mp4', 'm4v', 'mov', 'mkv', 'webm', 'avi', 'wmv', 'mpg', 'mpeg', 'mts', 'm2ts', '3gp', 'flv', 'ogv',
] as const;
export const DEFAULT_VIDEO_GLOB = `**/*.{${DEFAULT_VIDEO_EXTENSIONS.join(',')}}`;
export const DEFAULT_OUTPUT_DIR = 'number-jam-output';
export const DEFAULT_ARTIFACT_NAME = 'number-jam-redacted';

export type NoFilesBehaviour = 'warn' | 'error' | 'ignore';
const ENGINES: readonly EngineName[] = ['auto', 'embedded', 'openalpr', 'both'];
const NO_FILES: readonly NoFilesBehaviour[] = ['warn', 'error', 'ignore'];

export interface ActionInputs {
  /** Glob patterns relative to the workspace; `!pattern` excludes. */
  videos: string[];
  regions: string[];
  confidence: number;
  extendDetectionMs: number;
  paddingWidth: Padding;
  paddingHeight: Padding;
  fadeDurationMs: number;
  engine: EngineName;
  quality: Quality;
  /** As given (relative paths are resolved against the workspace by the runner). */
  outputDir: string;
  uploadArtifacts: boolean;
  /** Final name, shard suffix included when `shard` is set and the name was not given. */
  artifactName: string;
  /** undefined = the repository's default retention. */
  retentionDays: number | undefined;
  inPlace: boolean;
  failOnPlates: boolean;
  shard: Shard | undefined;
  ifNoFilesFound: NoFilesBehaviour;
}

/** Reads one raw input; returns '' when unset (the contract of @actions/core getInput). */
export type InputReader = (name: string) => string;

function inputError(name: string, value: string, expected: string): UserError {
  return new UserError(`Input '${name}': '${value}' is not valid; expected ${expected}`);
}

/** Non-empty, trimmed lines; `#` starts a comment line. */
export function parseLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
}

/** YAML 1.2 core-schema booleans plus yes/no/on/off/1/0, case-insensitive. */
export function parseBoolean(name: string, text: string, fallback: boolean): boolean {
  const value = text.trim().toLowerCase();
  if (value === '') return fallback;
  if (['true', 'yes', 'on', '1'].includes(value)) return true;
  if (['false', 'no', 'off', '0'].includes(value)) return false;
  throw inputError(name, text, 'true or false');
}

export function parseNumberInRange(name: string, text: string, fallback: number, min: number, max: number, integer = false): number {
  const trimmed = text.trim();
  if (trimmed === '') return fallback;
  const value = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw inputError(name, text, `${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  }
  return value;
}

/** `1500`, `1500ms`, `1.5s`: a duration in milliseconds (bare numbers are milliseconds, as in the CLI). */
export function parseDurationMs(name: string, text: string, fallback: number, maxMs = 3_600_000): number {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return fallback;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s)?$/.exec(trimmed);
  const ms = match ? Number(match[1]) * (match[2] === 's' ? 1000 : 1) : Number.NaN;
  if (!Number.isFinite(ms) || ms > maxMs) throw inputError(name, text, `a duration such as 2000, 2000ms or 2s (at most ${maxMs / 1000}s)`);
  return Math.round(ms);
}

/** Comma, space or newline separated ISO 3166-1 alpha-2 codes; returned lower case, deduplicated. */
export function parseRegions(text: string): string[] {
  const codes = text.split(/[\s,]+/).map((code) => code.trim()).filter((code) => code !== '');
  const bad = codes.find((code) => !/^[a-z]{2}$/i.test(code));
  if (bad !== undefined) throw inputError('regions', bad, 'two-letter ISO 3166-1 country codes such as "gb, fr"');
  return [...new Set(codes.map((code) => code.toLowerCase()))];
}

function parseChoice<T extends string>(name: string, text: string, choices: readonly T[], fallback: T): T {
  const value = text.trim().toLowerCase();
  if (value === '') return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw inputError(name, text, `one of ${choices.join(', ')}`);
}

/** Patterns must stay inside the workspace: no absolute paths, no `..` segments. */
export function parseVideoPatterns(text: string): string[] {
  const patterns = parseLines(text);
  for (const pattern of patterns) {
    const body = pattern.startsWith('!') ? pattern.slice(1) : pattern;
    if (body === '' || body.startsWith('/') || body.startsWith('\\') || /^[a-z]:/i.test(body) || body.split(/[\\/]/).includes('..')) {
      throw inputError('videos', pattern, 'glob patterns relative to the workspace (no absolute paths, no "..")');
    }
  }
  if (patterns.length > 0 && patterns.every((pattern) => pattern.startsWith('!'))) {
    throw inputError('videos', text.trim(), 'at least one pattern that is not an exclusion ("!...")');
  }
  return patterns.length > 0 ? patterns : [DEFAULT_VIDEO_GLOB];
}

/** Artifact names may not contain these (the artifact service rejects them). */
const ARTIFACT_NAME_FORBIDDEN = /["':<>|*?\\/\r\n]/;

export function parseArtifactName(text: string, shard: Shard | undefined): string {
  const given = text.trim();
  if (given !== '' && ARTIFACT_NAME_FORBIDDEN.test(given)) {
    throw inputError('artifact-name', given, 'a name without any of " : < > | * ? \\ / or line breaks');
  }
  if (given !== '') return given;
  // Matrix jobs share one workflow run, where artifact names must be unique.
  return shard ? `${DEFAULT_ARTIFACT_NAME}-shard-${shard.index}-of-${shard.count}` : DEFAULT_ARTIFACT_NAME;
}

function parsePaddingInput(name: string, text: string, fallback: Padding): Padding {
  return text.trim() === '' ? fallback : parsePadding(text, `Input '${name}'`);
}

/** Reads and validates every input; throws a UserError naming the first bad one. */
export function parseInputs(read: InputReader): ActionInputs {
  const shardText = read('shard').trim();
  const shard = shardText === '' ? undefined : parseShard(shardText);
  const retentionText = read('retention-days');
  const outputDir = read('output-dir').trim() || DEFAULT_OUTPUT_DIR;
  if (/[\r\n]/.test(outputDir)) throw inputError('output-dir', outputDir, 'a single path');
  const paddingWidth = parsePaddingInput('padding-width', read('padding-width'), DEFAULT_OBSCURE_OPTIONS.paddingWidth);
  const paddingHeight = parsePaddingInput('padding-height', read('padding-height'), DEFAULT_OBSCURE_OPTIONS.paddingHeight);
  return {
    videos: parseVideoPatterns(read('videos')),
    regions: parseRegions(read('regions')),
    confidence: parseNumberInRange('confidence', read('confidence'), DEFAULT_DETECT_OPTIONS.confidence, 0, 100),
    extendDetectionMs: parseDurationMs('extend-detection', read('extend-detection'), DEFAULT_DETECT_OPTIONS.extendDetectionMs),
    paddingWidth,
    paddingHeight,
    fadeDurationMs: parseDurationMs('fade-duration', read('fade-duration'), DEFAULT_OBSCURE_OPTIONS.fadeDurationMs, 60_000),
    engine: parseChoice('engine', read('engine'), ENGINES, 'auto'),
    quality: parseChoice('quality', read('quality'), QUALITIES, DEFAULT_DETECT_OPTIONS.quality),
    outputDir,
    uploadArtifacts: parseBoolean('upload-artifacts', read('upload-artifacts'), true),
    artifactName: parseArtifactName(read('artifact-name'), shard),
    retentionDays: retentionText.trim() === '' ? undefined : parseNumberInRange('retention-days', retentionText, 0, 1, 90, true),
    inPlace: parseBoolean('in-place', read('in-place'), false),
    failOnPlates: parseBoolean('fail-on-plates', read('fail-on-plates'), false),
    shard,
    ifNoFilesFound: parseChoice('if-no-files-found', read('if-no-files-found'), NO_FILES, 'warn'),
  };
}
