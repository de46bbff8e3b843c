// The Action's inputs: every one is a row of the option table (src/options/table.ts), read and parsed there
// with the same parsers as the CLI's flags. Every problem names the input it comes from, so a bad workflow
// file fails the step with a message the user can act on before any work starts.
import { type ActionInputValues, artifactNameFor, valuesFromInputs } from '../options/index.js';

export {
  type ActionMode,
  DEFAULT_ARTIFACT_NAME,
  DEFAULT_OUTPUT_DIR,
  DEFAULT_VIDEO_EXTENSIONS,
  DEFAULT_VIDEO_GLOB,
  MODES,
  type NoFilesBehaviour,
  parseBoolean,
  parseLines,
  parseVideoPatterns,
} from '../options/index.js';

/** The parsed inputs; `artifactName` is final (the shard suffix added when it was not given). */
export type ActionInputs = ActionInputValues;

/** Reads one raw input; returns '' when unset (the contract of @actions/core getInput). */
export type InputReader = (name: string) => string;

/**
 * Reads and validates every input; throws a UserError naming the first bad one. `warn` receives the
 * non-fatal remarks (unknown region codes), as the CLI prints them on stderr.
 */
export function parseInputs(read: InputReader, warn: (line: string) => void = () => undefined): ActionInputs {
  const values = valuesFromInputs(read, warn);
  return { ...values, artifactName: artifactNameFor(values.artifactName, values.shard) };
}
