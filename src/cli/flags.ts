// Flag values → pipeline options, through the option table (src/options/): each flag parsed by its row, so
// the CLI and the Action accept exactly the same values. Each bad value is one UserError line naming the flag.
import type { Command } from 'commander';
import {
  type CommandName,
  DETECT_KEYS,
  type DetectOptions,
  OBSCURE_KEYS,
  type ObscureOptions,
  OPTIONS,
  type OptionRow,
  type PlateTextMode,
  valuesFromFlags,
} from '../options/index.js';
import { UserError } from '../util/errors.js';
import { outputContainerFor } from '../video/index.js';

/** Flag values as commander hands them over (strings, defaults already filled in; `true` for a given switch). */
export type RawFlags = Record<string, string | boolean | undefined>;

function requireValue(value: string | boolean | undefined, flag: string): string {
  if (!value) throw new UserError(`${flag} is required`);
  return String(value);
}

/** Adds the flags of `name` (every row whose `commands` include it), in table order. */
export function addFlags(command: Command, name: CommandName): Command {
  command.exitOverride();
  for (const option of Object.values(OPTIONS) as OptionRow<unknown>[]) {
    if (option.flag === undefined || !option.commands.includes(name)) continue;
    if (option.required) command.requiredOption(option.flag, option.description);
    else command.option(option.flag, option.description, option.default);
  }
  return command;
}

/** `detect`/`redact` flags → DetectOptions; unknown region codes are reported through `warn`. */
export function detectOptionsFromFlags(flags: RawFlags, warn: (line: string) => void): DetectOptions {
  const input = requireValue(flags.input, '--input');
  return { input, ...valuesFromFlags(DETECT_KEYS, flags, (line) => warn(`warning: ${line}`)) };
}

/** `obscure`/`redact` flags → ObscureOptions (no preset given: the pipeline picks the quality's). */
export function obscureOptionsFromFlags(flags: RawFlags): ObscureOptions {
  const output = requireValue(flags.output, '--output');
  // Refused before any detection work: an output whose extension cannot hold the H.264 we write.
  outputContainerFor(output);
  const input = requireValue(flags.input, '--input');
  // The review sheet shows plate text as --plate-text says.
  return { input, output, ...valuesFromFlags(OBSCURE_KEYS, flags, () => undefined), plateText: plateTextFromFlags(flags) };
}

/** `--plate-text`: full (the CLI's default: the JSON is the user's own), masked or none. */
export function plateTextFromFlags(flags: RawFlags): PlateTextMode {
  return valuesFromFlags(['plateText'], flags, () => undefined).plateText;
}
