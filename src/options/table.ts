// Every option of the CLI and the Action, one row each: its CLI flag, its Action input, its default, its
// parser (with its limits) and its description. The commander flags (src/cli/) and the Action's input
// reading (src/action/inputs.ts) are generated from these rows, and action.yml's inputs are checked
// against them (tests/unit/options-table.test.ts; `node scripts/write-action-yml.mjs` rewrites them).
//
// Adding an option: add a row here (a `flag` and the `commands` that take it, and/or an `input`), then use
// its value in the one stage it is for (the field `key` of DetectOptions / ObscureOptions / ActionInputs).
import {
  DEFAULT_VIDEO_GLOB,
  inputLabel,
  MODES,
  NO_FILES,
  parseArtifactName,
  parseBoolean,
  parseOutputDir,
  parseShard,
  parseVideoPatterns,
} from './action.js';
import {
  ENGINE_NAMES,
  LIMITS,
  PLATE_TEXT_MODES,
  parseChoiceOption,
  parseDurationOption,
  parseNumberOption,
  parsePaddingOption,
  parseRegionsOption,
  parseReviewSheetOption,
  QUALITIES,
  type Quality,
  X264_PRESETS,
} from './parsers.js';

export type CommandName = 'detect' | 'obscure' | 'redact';

export interface OptionRow<T> {
  /** CLI flag as commander takes it (`-c, --confidence <0-100>`; no `<value>`: a switch). Absent: Action only. */
  flag?: string;
  /** The commands that take the flag. */
  commands: readonly CommandName[];
  /** A CLI flag that must be given. */
  required?: boolean;
  /** The pipeline record that carries the value (DetectOptions, ObscureOptions); absent: the entry point uses it. */
  goesTo?: 'detect' | 'obscure';
  /** Action input name. Absent: CLI only. */
  input?: string;
  /** The default as text, as `--help` and action.yml show it; absent: none (the value is `absent`). */
  default?: string;
  /** The Action's default where it differs from the CLI's. */
  inputDefault?: string;
  /** The value when the option is not given and has no default. */
  absent?: T;
  /** Text → value; a bad value throws one UserError line naming `label` (`--confidence`, `Input 'confidence'`). */
  parse: (label: string, text: string, warn: (line: string) => void) => T;
  /** One line for `--help`. */
  description: string;
  /** action.yml's description, where it says more than the one line. */
  inputDescription?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: a row's value type is inferred from its parser
const row = <const R extends OptionRow<any>>(r: R): R => r;
const DETECTING = ['detect', 'redact'] as const;
const OBSCURING = ['obscure', 'redact'] as const;
const ALL = ['detect', 'obscure', 'redact'] as const;
const ACTION_ONLY = [] as const;
const text = (_label: string, value: string): string => value;
const yes = (): boolean => true;

/** libx264 preset for each quality level when `--preset` is not given (the pipeline applies it). */
export const X264_PRESET_BY_QUALITY: Record<Quality, (typeof X264_PRESETS)[number]> = {
  fast: 'superfast',
  balanced: 'veryfast',
  thorough: 'veryfast',
};

export const OPTIONS = {
  input: row({ flag: '-i, --input <video>', commands: ALL, required: true, parse: text, description: 'input video' }),
  regions: row({
    goesTo: 'detect',
    flag: '-r, --regions <codes>',
    commands: DETECTING,
    input: 'regions',
    inputDefault: '',
    absent: [] as string[],
    parse: (label, value, warn) => parseRegionsOption(label, value, warn),
    description: 'comma-separated ISO 3166-1 region codes to list in the summary, e.g. gb,de (all plates are obscured)',
    inputDescription:
      'Comma- or space-separated ISO 3166-1 alpha-2 country codes whose plate formats to expect (e.g. "gb, fr"; uk means gb). Unknown codes are warned about and ignored, as in the CLI. Empty: all regions.',
  }),
  confidence: row({
    goesTo: 'detect',
    flag: '-c, --confidence <0-100>',
    commands: DETECTING,
    input: 'confidence',
    default: '0',
    parse: (label, value) => parseNumberOption(label, value, LIMITS.confidence),
    description: 'leave plate readings below this confidence out of the summary',
    inputDescription: 'Minimum reading confidence (0-100) for a plate to be listed in the reports. Plates below it are still obscured.',
  }),
  extendDetectionMs: row({
    goesTo: 'detect',
    flag: '-x, --extend-detection <ms>',
    commands: DETECTING,
    input: 'extend-detection',
    default: '2000',
    parse: (label, value) => parseDurationOption(label, value, LIMITS.extendDetectionMs),
    description: "extrapolate a plate's motion this long after tracking loses it (2000, 2000ms, 2s)",
    inputDescription:
      'How long to keep covering a plate after tracking loses it, extrapolating its motion: milliseconds (2000), seconds (2s) or minutes (1m), at most 10m.',
  }),
  minFraction: row({
    goesTo: 'detect',
    flag: '-m, --min-fraction <0-1>',
    commands: DETECTING,
    default: '0.01',
    parse: (label, value) => parseNumberOption(label, value, LIMITS.minFraction),
    description: 'follow a plate out of the frame until less than this fraction is visible',
  }),
  engine: row({
    goesTo: 'detect',
    flag: '--engine <name>',
    commands: DETECTING,
    input: 'engine',
    default: 'auto',
    parse: (label, value) => parseChoiceOption(label, value, ENGINE_NAMES),
    description: `detection engine: ${ENGINE_NAMES.join(', ')}`,
    inputDescription:
      "Detection engine. auto: OpenALPR through the runner's Docker fused with the embedded engine (embedded only when Docker is unavailable); both: the same but fail without Docker; openalpr: OpenALPR only; embedded: the embedded ONNX engine only, skipping Docker entirely (fastest start).",
  }),
  quality: row({
    goesTo: 'detect',
    flag: '--quality <level>',
    commands: DETECTING,
    input: 'quality',
    default: 'balanced',
    parse: (label, value) => parseChoiceOption(label, value, QUALITIES),
    description: `speed/recall trade-off: ${QUALITIES.join(', ')}`,
    inputDescription:
      'Speed/recall trade-off of the embedded engine. balanced: detection about every 0.2 s at up to 1280 px, tracking in between (default). fast: every 0.3 s at 960 px and a faster encoder preset (plates under ~30 px wide may be missed). thorough: detection on every frame (about 3x slower).',
  }),
  rebuildDockerImage: row({
    goesTo: 'detect',
    flag: '--rebuild-docker-image',
    commands: DETECTING,
    absent: false,
    parse: yes,
    description: 'rebuild the OpenALPR Docker image even when it exists',
  }),
  plateDetector: row({
    goesTo: 'detect',
    flag: '--plate-detector',
    commands: DETECTING,
    absent: false,
    parse: yes,
    description:
      'also run the project-trained plate detector beside the text detector (finds sideways, mirrored and briefly seen plates; experimental: more false covers)',
  }),
  obscureAllText: row({
    goesTo: 'detect',
    flag: '--obscure-all-text',
    commands: DETECTING,
    absent: false,
    parse: yes,
    description: 'cover every text region, not only plausible plates',
  }),
  plateText: row({
    flag: '--plate-text <mode>',
    commands: ALL,
    input: 'plate-text',
    default: 'full',
    inputDefault: 'masked',
    parse: (label, value) => parseChoiceOption(label, value, PLATE_TEXT_MODES),
    description: `plate numbers in the printed JSON: ${PLATE_TEXT_MODES.join(', ')} (masked: AB1•••E)`,
    inputDescription:
      'How plate numbers appear in the job summary, annotations, log and uploaded JSON: masked (default, e.g. AB1•••E: enough to tell plates apart, too little to look a vehicle up), full, or none. On a public repository all of these are public.',
  }),
  quiet: row({ flag: '-q, --quiet', commands: ALL, absent: false, parse: yes, description: 'no progress output' }),
  output: row({
    flag: '-o, --output <video>',
    commands: OBSCURING,
    required: true,
    parse: text,
    description: 'where to write the obscured video (never the input)',
  }),
  allowVideoMismatch: row({
    goesTo: 'obscure',
    flag: '--allow-video-mismatch',
    commands: ['obscure'],
    absent: false,
    parse: yes,
    description: 'use a tracking document made from another file (a re-encoded copy of this video): plates that moved stay readable',
  }),
  verify: row({
    goesTo: 'obscure',
    flag: '--verify',
    commands: OBSCURING,
    input: 'verify',
    inputDefault: 'true',
    absent: false,
    parse: (_label, value) => parseBoolean('verify', value, true),
    description: 'check the output with a second detector; repair what it finds (twice at most), else fail with nothing written',
    inputDescription:
      "Check each redacted video with a second detector before calling it done: frames every 0.5 s and around each cover's start and end. A plate it reads outside the covers is tracked and covered, and the video rendered again (at most twice); a plate still readable after that fails the video (not uploaded, not replaced in place).",
  }),
  reviewSheet: row({
    goesTo: 'obscure',
    flag: '--review-sheet <file.png>',
    commands: OBSCURING,
    parse: (label, value) => parseReviewSheetOption(label, value),
    description: 'write a PNG with one tile per covered plate, cut from the output, and a timeline',
  }),
  reviewSheets: row({
    commands: ACTION_ONLY,
    input: 'review-sheet',
    default: 'true',
    parse: (_label, value) => parseBoolean('review-sheet', value, true),
    description:
      'Write <video>.review.png beside each redacted video with plates: one tile per covered plate, cut from the redacted output, with its time span and plate text (per plate-text), and a timeline. Uploaded with the artifact and named in the job summary.',
  }),
  tracking: row({
    absent: undefined,
    flag: '-t, --tracking <file>',
    commands: ['obscure'],
    parse: text,
    description: 'plates JSON from `detect` (default: read it from stdin)',
  }),
  fadeDurationMs: row({
    goesTo: 'obscure',
    flag: '-f, --fade-duration <ms>',
    commands: OBSCURING,
    input: 'fade-duration',
    default: '1000',
    parse: (label, value) => parseDurationOption(label, value, LIMITS.fadeDurationMs),
    description: 'fade the cover in before and out after each tracked span (1000, 1000ms, 1s)',
    inputDescription: 'Fade the cover in before and out after each tracked span: milliseconds (1000) or seconds (1s), at most 10m.',
  }),
  paddingWidth: row({
    goesTo: 'obscure',
    flag: '--padding-width <auto|px|%>',
    commands: OBSCURING,
    input: 'padding-width',
    default: 'auto',
    parse: (label, value) => parsePaddingOption(label, value, 'width'),
    description: 'grow each plate polygon horizontally by pixels (10, 10px) or percent of its width (5%); auto: 10 px, at most 5%',
    inputDescription:
      'Extra cover left and right of each plate: auto (10 px, at most 5% of the plate width), pixels (10 or 10px) or a percentage of the plate width (5%).',
  }),
  paddingHeight: row({
    goesTo: 'obscure',
    flag: '--padding-height <auto|px|%>',
    commands: OBSCURING,
    input: 'padding-height',
    default: 'auto',
    parse: (label, value) => parsePaddingOption(label, value, 'height'),
    description: 'grow each plate polygon vertically by pixels or percent of its height; auto: 10 px, at most 10%',
    inputDescription:
      'Extra cover above and below each plate: auto (10 px, at most 10% of the plate height), pixels (10 or 10px) or a percentage of the plate height (5%).',
  }),
  preset: row({
    goesTo: 'obscure',
    absent: undefined,
    flag: '--preset <name>',
    commands: OBSCURING,
    parse: (label, value): string => parseChoiceOption(label, value, X264_PRESETS),
    description: `libx264 preset of the output (default: ${X264_PRESET_BY_QUALITY.balanced}; ${X264_PRESET_BY_QUALITY.fast} with --quality fast)`,
  }),
  crf: row({
    goesTo: 'obscure',
    flag: '--crf <0-51>',
    commands: OBSCURING,
    default: '18',
    parse: (label, value) => parseNumberOption(label, value, LIMITS.crf, true),
    description: 'libx264 quality of the output (lower is better)',
  }),
  videos: row({
    commands: ACTION_ONLY,
    input: 'videos',
    default: DEFAULT_VIDEO_GLOB,
    parse: (_label, value) => parseVideoPatterns(value),
    description: 'glob patterns of the videos to redact, one per line',
    inputDescription:
      'Glob patterns of the videos to redact, one per line, relative to the workspace (`!pattern` excludes). Matching is case-insensitive; node_modules/, .git/ and output-dir are never searched, and symbolic links are not followed. Patterns may not be absolute or contain "..".',
  }),
  outputDir: row({
    commands: ACTION_ONLY,
    input: 'output-dir',
    default: 'number-jam-output',
    parse: (_label, value) => parseOutputDir(value),
    description: 'folder for the redacted copies, their JSON and the report',
    inputDescription:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as action.yml shows it
      'Folder for <path>.redacted.<ext>, <path>.plates.json and number-jam-report.json, relative to the workspace. Use ${{ runner.temp }}/... to keep the workspace clean.',
  }),
  uploadArtifacts: row({
    commands: ACTION_ONLY,
    input: 'upload-artifacts',
    default: 'true',
    parse: (_label, value) => parseBoolean('upload-artifacts', value, true),
    description: 'Upload the redacted videos, their JSON and the combined report as one workflow artifact.',
  }),
  artifactName: row({
    commands: ACTION_ONLY,
    input: 'artifact-name',
    default: '',
    absent: '',
    parse: (_label, value) => parseArtifactName(value),
    description: 'name of the artifact',
    inputDescription:
      'Name of the artifact. Default: number-jam-redacted, with -shard-<i>-of-<n> appended when shard is set (names must be unique in a run).',
  }),
  retentionDays: row({
    absent: undefined,
    commands: ACTION_ONLY,
    input: 'retention-days',
    default: '',
    parse: (label, value) => parseNumberOption(label, value, { min: 1, max: 90 }, true),
    description: 'Days (1-90) to keep the artifact. Empty: the repository default.',
  }),
  inPlace: row({
    commands: ACTION_ONLY,
    input: 'in-place',
    default: 'false',
    parse: (_label, value) => parseBoolean('in-place', value, false),
    description: 'replace each video in which plates were found by its redacted version',
    inputDescription:
      'Replace each video in which plates were found (and covered) by its redacted version, so a later step can commit it; videos without plates are left byte-identical, and the changed-files output lists the replaced ones. A video whose format cannot hold the redacted H.264 (.webm, .ogv, .wmv, .mpg, .mpeg) is never replaced: the step fails naming it (its redacted copy is in output-dir as .mp4).',
  }),
  failOnPlates: row({
    commands: ACTION_ONLY,
    input: 'fail-on-plates',
    default: 'false',
    parse: (_label, value) => parseBoolean('fail-on-plates', value, false),
    description: 'Fail the step when any plate is found, e.g. for a pull-request check that must block unredacted videos.',
  }),
  shard: row({
    absent: undefined,
    commands: ACTION_ONLY,
    input: 'shard',
    default: '',
    parse: (_label, value) => parseShard(value.trim()),
    description: 'i/n: process only this shard of the matched videos',
    inputDescription:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as action.yml shows it
      'i/n (1-based, e.g. ${{ matrix.shard }}/4): process only this shard of the matched videos, balanced by size, for matrix fan-out across runners. Empty: all videos.',
  }),
  ifNoFilesFound: row({
    commands: ACTION_ONLY,
    input: 'if-no-files-found',
    default: 'warn',
    parse: (label, value) => parseChoiceOption(label, value, NO_FILES),
    description: 'What to do when no video matches: warn, error (fail the step) or ignore.',
  }),
  mode: row({
    commands: ACTION_ONLY,
    input: 'mode',
    default: 'redact',
    parse: (label, value) => parseChoiceOption(label, value, MODES),
    description: 'redact (write redacted copies) or check (detect and list plates only)',
    inputDescription:
      'redact: detect, track and write redacted copies (default). check: detect and list plates only, no encoding and no copies (cheaper pull-request checks, e.g. with fail-on-plates); the summary says what a redaction would add.',
  }),
  overwrite: row({
    commands: ACTION_ONLY,
    input: 'overwrite',
    default: 'false',
    parse: (_label, value) => parseBoolean('overwrite', value, false),
    description: 'Replace an artifact of the same name uploaded earlier in this workflow run (e.g. a re-run step) instead of failing.',
  }),
  videoTimeoutMs: row({
    absent: undefined,
    commands: ACTION_ONLY,
    input: 'video-timeout',
    default: '',
    parse: (label, value) => parseDurationOption(label, value, LIMITS.videoTimeoutMs),
    description: 'Stop working on one video after this long and report it as failed (e.g. 20m, 90s, 600000 ms). Empty: no limit.',
  }),
};

export type OptionKey = keyof typeof OPTIONS;
type AbsentOf<R> = R extends { absent: infer A } ? A : never;
/** The value type of an option: what its parser returns, or its `absent` value. */
export type OptionValue<K extends OptionKey> = ReturnType<(typeof OPTIONS)[K]['parse']> | AbsentOf<(typeof OPTIONS)[K]>;
/** Values of the options `K`; those that may be undefined are optional fields. */
export type OptionValues<K extends OptionKey> = { [P in K as undefined extends OptionValue<P> ? never : P]: OptionValue<P> } & {
  [P in K as undefined extends OptionValue<P> ? P : never]?: OptionValue<P>;
};

const ignore = (): void => undefined;

/** The option's default value: its default text parsed, or `absent`. */
export function defaultOf<K extends OptionKey>(key: K, where: 'cli' | 'action' = 'cli'): OptionValue<K> {
  const option: OptionRow<unknown> = OPTIONS[key];
  const given = where === 'action' ? (option.inputDefault ?? option.default) : option.default;
  return (given === undefined || given === '' ? option.absent : option.parse(`--${key}`, given, ignore)) as OptionValue<K>;
}

/** The long flag name (`--extend-detection`) and the commander attribute it fills (`extendDetection`). */
export function flagNames(option: OptionRow<unknown>): { long: string; attribute: string } {
  const long = /--[a-z-]+/.exec(option.flag ?? '')?.[0] ?? '';
  return { long, attribute: long.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) };
}

/**
 * Values of the CLI flags `keys`, from what commander hands over (strings with the defaults filled in,
 * `true` for a given switch): each parsed by its row, the label naming the flag.
 */
export function valuesFromFlags<K extends OptionKey>(
  keys: readonly K[],
  flags: Record<string, string | boolean | undefined>,
  warn: (line: string) => void,
): OptionValues<K> {
  const values: Record<string, unknown> = {};
  for (const key of keys) {
    const option: OptionRow<unknown> = OPTIONS[key];
    const { long, attribute } = flagNames(option);
    const given = flags[attribute];
    let value: unknown;
    if (!option.flag?.includes('<')) value = given === undefined ? option.absent : Boolean(given);
    else if (given === undefined) value = option.default === undefined ? option.absent : option.parse(long, option.default, warn);
    else value = option.parse(long, String(given), warn);
    if (value !== undefined) values[key] = value;
  }
  return values as OptionValues<K>;
}

/** Every Action input, read through `read` (returns '' when unset): an empty input means its default. */
export function valuesFromInputs(read: (name: string) => string, warn: (line: string) => void): ActionInputValues {
  const values: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(OPTIONS) as [OptionKey, OptionRow<unknown>][]) {
    if (option.input === undefined) continue;
    const given = read(option.input);
    values[key] = given.trim() === '' ? defaultOf(key, 'action') : option.parse(inputLabel(option.input), given, warn);
  }
  return values as ActionInputValues;
}

export type InputKey = { [K in OptionKey]: (typeof OPTIONS)[K] extends { input: string } ? K : never }[OptionKey];
export type ActionInputValues = OptionValues<InputKey>;

/** The options that have an Action input, in table order: name, default and description as action.yml holds them. */
export function actionInputs(): { name: string; default: string; description: string }[] {
  return Object.values(OPTIONS as Record<string, OptionRow<unknown>>)
    .filter((option) => option.input !== undefined)
    .map((option) => ({
      name: option.input!,
      default: option.inputDefault ?? option.default ?? '',
      description: option.inputDescription ?? option.description,
    }));
}

type KeysGoingTo<W> = { [K in OptionKey]: (typeof OPTIONS)[K] extends { goesTo: W } ? K : never }[OptionKey];
export type DetectKey = KeysGoingTo<'detect'>;
export type ObscureKey = KeysGoingTo<'obscure'>;

const keysGoingTo = <K extends OptionKey>(where: 'detect' | 'obscure'): K[] =>
  (Object.entries(OPTIONS) as unknown as [K, OptionRow<unknown>][]).filter(([, option]) => option.goesTo === where).map(([key]) => key);

/** The options DetectOptions / ObscureOptions carry, in table order. */
export const DETECT_KEYS: readonly DetectKey[] = keysGoingTo('detect');
export const OBSCURE_KEYS: readonly ObscureKey[] = keysGoingTo('obscure');

function defaultsOf<K extends OptionKey>(keys: readonly K[]): OptionValues<K> {
  const values: Record<string, unknown> = {};
  for (const key of keys) {
    const value = defaultOf(key);
    if (value !== undefined) values[key] = value;
  }
  return values as OptionValues<K>;
}

/** Defaults of DetectOptions (everything but `input`), from the table. */
export const DEFAULT_DETECT_OPTIONS = defaultsOf(DETECT_KEYS);

/** Defaults of ObscureOptions (everything but `input` and `output`; no preset: it follows the quality). */
export const DEFAULT_OBSCURE_OPTIONS = defaultsOf(OBSCURE_KEYS);

/** The values of `keys` among `values` (those present): e.g. what the Action's inputs give DetectOptions. */
export function pickOptions<K extends OptionKey>(
  values: Partial<Record<OptionKey, unknown>>,
  keys: readonly K[],
): Partial<OptionValues<K>> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (key in values && values[key] !== undefined) picked[key] = values[key];
  return picked as Partial<OptionValues<K>>;
}
