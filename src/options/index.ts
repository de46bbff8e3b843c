// Options: one table of every option of the CLI and the Action (table.ts), the parsers it uses
// (parsers.ts, padding.ts, action.ts) and the option records the stages receive (records.ts). Stage-neutral:
// any folder may import it, and it imports no stage (only the region table it validates codes against).
export {
  type ActionMode,
  artifactNameFor,
  DEFAULT_ARTIFACT_NAME,
  DEFAULT_OUTPUT_DIR,
  DEFAULT_VIDEO_EXTENSIONS,
  DEFAULT_VIDEO_GLOB,
  inputLabel,
  MAX_SHARDS,
  MODES,
  type NoFilesBehaviour,
  parseBoolean,
  parseLines,
  parseShard,
  parseVideoPatterns,
  type Shard,
} from './action.js';
export { AUTO_PADDING_HEIGHT, AUTO_PADDING_WIDTH, MAX_PADDING_PERCENT, type Padding, type PaddingAxis, parsePadding } from './padding.js';
export {
  ENGINE_NAMES,
  type EngineName,
  invalidValue,
  LIMITS,
  PLATE_TEXT_MODES,
  type PlateTextMode,
  parseChoiceOption,
  parseDurationOption,
  parseNumberOption,
  parsePaddingOption,
  parseRegionsOption,
  QUALITIES,
  type Quality,
  X264_PRESETS,
} from './parsers.js';
export type { DetectOptions, ObscureOptions, ProgressEvent } from './records.js';
export {
  type ActionInputValues,
  actionInputs,
  type CommandName,
  DEFAULT_DETECT_OPTIONS,
  DEFAULT_OBSCURE_OPTIONS,
  defaultOf,
  flagNames,
  OPTIONS,
  type OptionKey,
  type OptionRow,
  type OptionValue,
  type OptionValues,
  valuesFromFlags,
  valuesFromInputs,
  X264_PRESET_BY_QUALITY,
} from './table.js';
