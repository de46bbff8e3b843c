// Values and parsers of the options only the GitHub Action takes (rows of table.ts with an `input` and no
// `flag`). The Action applies them (src/action/); they live here so that every default is in src/options/.
import { UserError } from '../util/errors.js';
import { invalidValue } from './parsers.js';

/** The label of an input in error messages (the CLI says `--confidence`). */
export const inputLabel = (name: string): string => `Input '${name}'`;

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
export const NO_FILES: readonly NoFilesBehaviour[] = ['warn', 'error', 'ignore'];
/** redact: detect and write redacted copies; check: detect and report only (no encoding, no copies). */
export const MODES = ['redact', 'check'] as const;
export type ActionMode = (typeof MODES)[number];

/** 1-based shard `index` of `count`, written `index/count` (as in `shard: ${{ matrix.shard }}/4`). */
export interface Shard {
  index: number;
  count: number;
}

export const MAX_SHARDS = 256;

export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new UserError(`Input 'shard': '${text}' is not valid; expected i/n with 1 <= i <= n <= ${MAX_SHARDS}, e.g. 2/4`);
  }
  return { index, count };
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
  throw invalidValue(inputLabel(name), text, 'true or false');
}

/** Patterns must stay inside the workspace: no absolute paths, no `..` segments. */
export function parseVideoPatterns(text: string): string[] {
  const patterns = parseLines(text);
  for (const pattern of patterns) {
    const body = pattern.startsWith('!') ? pattern.slice(1) : pattern;
    if (body === '' || body.startsWith('/') || body.startsWith('\\') || /^[a-z]:/i.test(body) || body.split(/[\\/]/).includes('..')) {
      throw invalidValue(inputLabel('videos'), pattern, 'glob patterns relative to the workspace (no absolute paths, no "..")');
    }
  }
  if (patterns.length > 0 && patterns.every((pattern) => pattern.startsWith('!'))) {
    throw invalidValue(inputLabel('videos'), text.trim(), 'at least one pattern that is not an exclusion ("!...")');
  }
  return patterns.length > 0 ? patterns : [DEFAULT_VIDEO_GLOB];
}

/** Artifact names may not contain these (the artifact service rejects them). */
const ARTIFACT_NAME_FORBIDDEN = /["':<>|*?\\/\r\n]/;

/** The artifact name as given ('' when not given: see artifactNameFor). */
export function parseArtifactName(text: string): string {
  const given = text.trim();
  if (given !== '' && ARTIFACT_NAME_FORBIDDEN.test(given)) {
    throw invalidValue(inputLabel('artifact-name'), given, 'a name without any of " : < > | * ? \\ / or line breaks');
  }
  return given;
}

/** The artifact's name: as given, else the default, suffixed per shard (artifact names must be unique in a run). */
export function artifactNameFor(given: string, shard: Shard | undefined): string {
  if (given !== '') return given;
  return shard ? `${DEFAULT_ARTIFACT_NAME}-shard-${shard.index}-of-${shard.count}` : DEFAULT_ARTIFACT_NAME;
}

export function parseOutputDir(text: string): string {
  const outputDir = text.trim() || DEFAULT_OUTPUT_DIR;
  if (/[\r\n]/.test(outputDir)) throw invalidValue(inputLabel('output-dir'), outputDir, 'a single path');
  return outputDir;
}
