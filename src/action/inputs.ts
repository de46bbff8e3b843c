// Pure parsing and validation of the action's inputs. Every problem names the input it comes from,
// so a bad workflow file fails the step with a message the user can act on before any work starts.
// The values of the options it shares with the CLI go through the CLI's own parsers (src/options/).
import {
  ENGINE_NAMES,
  type EngineName,
  invalidValue,
  LIMITS,
  type Padding,
  PLATE_TEXT_MODES,
  type PlateTextMode,
  parseChoiceOption,
  parseDurationOption,
  parseNumberOption,
  parsePaddingOption,
  parseRegionsOption,
  QUALITIES,
  type Quality,
} from '../options/index.js';
import { DEFAULT_DETECT_OPTIONS, DEFAULT_OBSCURE_OPTIONS } from '../pipeline/index.js';
import { parseShard, type Shard } from './shard.js';

/** Extensions matched when `videos` is empty. `.ts` is left out on purpose: it matches TypeScript sources. */
export const DEFAULT_VIDEO_EXTENSIONS = [
  'mp4',
  'm4v',
  'mov',
  'mkv',
  'webm',
  'avi',
  'wmv',
  'mpg',
  'mpeg',
  'mts',
  'm2ts',
  '3gp',
  'flv',
  'ogv',
] as const;
export const DEFAULT_VIDEO_GLOB = `**/*.{${DEFAULT_VIDEO_EXTENSIONS.join(',')}}`;
export const DEFAULT_OUTPUT_DIR = 'number-jam-output';
export const DEFAULT_ARTIFACT_NAME = 'number-jam-redacted';

export type NoFilesBehaviour = 'warn' | 'error' | 'ignore';
const NO_FILES: readonly NoFilesBehaviour[] = ['warn', 'error', 'ignore'];
/** redact: detect and write redacted copies; check: detect and report only (no encoding, no copies). */
export const MODES = ['redact', 'check'] as const;
export type ActionMode = (typeof MODES)[number];

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
  mode: ActionMode;
  /** How plate numbers appear in the summary, annotations, log and uploaded JSON. */
  plateText: PlateTextMode;
  /** Replace an artifact of the same name from an earlier step of this workflow run. */
  overwrite: boolean;
  /** Per-video time limit in ms; undefined = none. */
  videoTimeoutMs: number | undefined;
  /** Check each output with a second detector, repair, fail the video closed on what remains. */
  verify: boolean;
  /** Write `<video>.review.png` beside each redacted video with plates. */
  reviewSheet: boolean;
}

/** Reads one raw input; returns '' when unset (the contract of @actions/core getInput). */
export type InputReader = (name: string) => string;

/** The label of an input in error messages (the CLI says `--confidence`). */
const label = (name: string): string => `Input '${name}'`;

function inputError(name: string, value: string, expected: string) {
  return invalidValue(label(name), value, expected);
}

/** Non-empty, trimmed lines; `#` starts a comment line. */
export function parseLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** YAML 1.2 core-schema booleans plus yes/no/on/off/1/0, case-insensitive. */
export function parseBoolean(name: string, text: string, fallback: boolean): boolean {
  const value = text.trim().toLowerCase();
  if (value === '') return fallback;
  if (['true', 'yes', 'on', '1'].includes(value)) return true;
  if (['false', 'no', 'off', '0'].includes(value)) return false;
  throw inputError(name, text, 'true or false');
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

/** `fallback` for an empty input, else `parse(text)`: an empty input means "the default". */
function optional<T>(text: string, fallback: T, parse: (text: string) => T): T {
  return text.trim() === '' ? fallback : parse(text);
}

export function parseChoiceInput<T extends string>(name: string, text: string, choices: readonly T[], fallback: T): T {
  return optional(text, fallback, (value) => parseChoiceOption(label(name), value, choices));
}

/** The inputs shared with the CLI, parsed exactly as the CLI parses its flags. */
export function parseSharedInputs(read: InputReader, warn: (line: string) => void) {
  return {
    regions: optional(read('regions'), [] as string[], (text) => parseRegionsOption(label('regions'), text, warn)),
    confidence: optional(read('confidence'), DEFAULT_DETECT_OPTIONS.confidence, (text) =>
      parseNumberOption(label('confidence'), text, LIMITS.confidence),
    ),
    extendDetectionMs: optional(read('extend-detection'), DEFAULT_DETECT_OPTIONS.extendDetectionMs, (text) =>
      parseDurationOption(label('extend-detection'), text, LIMITS.extendDetectionMs),
    ),
    paddingWidth: optional(read('padding-width'), DEFAULT_OBSCURE_OPTIONS.paddingWidth, (text) =>
      parsePaddingOption(label('padding-width'), text),
    ),
    paddingHeight: optional(read('padding-height'), DEFAULT_OBSCURE_OPTIONS.paddingHeight, (text) =>
      parsePaddingOption(label('padding-height'), text),
    ),
    fadeDurationMs: optional(read('fade-duration'), DEFAULT_OBSCURE_OPTIONS.fadeDurationMs, (text) =>
      parseDurationOption(label('fade-duration'), text, LIMITS.fadeDurationMs),
    ),
    engine: parseChoiceInput('engine', read('engine'), ENGINE_NAMES, DEFAULT_DETECT_OPTIONS.engine),
    quality: parseChoiceInput('quality', read('quality'), QUALITIES, DEFAULT_DETECT_OPTIONS.quality),
    plateText: parseChoiceInput('plate-text', read('plate-text'), PLATE_TEXT_MODES, 'masked'),
  };
}

/**
 * Reads and validates every input; throws a UserError naming the first bad one. `warn` receives the
 * non-fatal remarks (unknown region codes), as the CLI prints them on stderr.
 */
export function parseInputs(read: InputReader, warn: (line: string) => void = () => undefined): ActionInputs {
  const shardText = read('shard').trim();
  const shard = shardText === '' ? undefined : parseShard(shardText);
  const retentionText = read('retention-days');
  const outputDir = read('output-dir').trim() || DEFAULT_OUTPUT_DIR;
  if (/[\r\n]/.test(outputDir)) throw inputError('output-dir', outputDir, 'a single path');
  return {
    videos: parseVideoPatterns(read('videos')),
    ...parseSharedInputs(read, warn),
    outputDir,
    uploadArtifacts: parseBoolean('upload-artifacts', read('upload-artifacts'), true),
    artifactName: parseArtifactName(read('artifact-name'), shard),
    retentionDays: optional(retentionText, undefined, (text) =>
      parseNumberOption(label('retention-days'), text, { min: 1, max: 90 }, true),
    ),
    inPlace: parseBoolean('in-place', read('in-place'), false),
    failOnPlates: parseBoolean('fail-on-plates', read('fail-on-plates'), false),
    shard,
    ifNoFilesFound: parseChoiceInput('if-no-files-found', read('if-no-files-found'), NO_FILES, 'warn'),
    mode: parseChoiceInput('mode', read('mode'), MODES, 'redact'),
    overwrite: parseBoolean('overwrite', read('overwrite'), false),
    videoTimeoutMs: optional(read('video-timeout'), undefined, (text) =>
      parseDurationOption(label('video-timeout'), text, LIMITS.videoTimeoutMs),
    ),
    verify: parseBoolean('verify', read('verify'), true),
    reviewSheet: parseBoolean('review-sheet', read('review-sheet'), true),
  };
}
