// The option table (src/options/table.ts) is the one place an option is defined: action.yml must say what it
// says, the CLI's flags are generated from it, and every default in it parses.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseInputs } from '../../src/action/inputs.js';
import { addFlags, detectOptionsFromFlags, obscureOptionsFromFlags } from '../../src/cli/flags.js';
import {
  actionInputs,
  type CommandName,
  DEFAULT_DETECT_OPTIONS,
  DEFAULT_OBSCURE_OPTIONS,
  defaultOf,
  flagNames,
  OPTIONS,
  type OptionKey,
  type OptionRow,
} from '../../src/options/index.js';
import { encoderPreset } from '../../src/pipeline/index.js';

const ACTION_YML = path.resolve(import.meta.dirname, '../../action.yml');

interface YamlInput {
  name: string;
  description?: string;
  required?: string;
  default?: string;
}

/** The `inputs:` block of action.yml: plain, single-quoted and folded (`>-`) scalars, as the file writes them. */
function actionYmlInputs(text: string): YamlInput[] {
  const lines = text.split('\n');
  const start = lines.indexOf('inputs:');
  const end = lines.indexOf('outputs:');
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  const inputs: YamlInput[] = [];
  for (let i = start + 1; i < end; i++) {
    const line = lines[i]!;
    const name = /^ {2}([a-z-]+):$/.exec(line);
    if (name) {
      inputs.push({ name: name[1]! });
      continue;
    }
    const field = /^ {4}(description|required|default): (.*)$/.exec(line);
    if (!field) continue;
    let value = field[2]!;
    if (value === '>-') {
      const folded: string[] = [];
      while (lines[i + 1]?.startsWith('      ')) folded.push(lines[++i]!.trim());
      value = folded.join(' ');
    } else if (value.startsWith("'")) {
      value = value.slice(1, -1).replaceAll("''", "'");
    }
    inputs[inputs.length - 1]![field[1] as 'description' | 'required' | 'default'] = value;
  }
  return inputs;
}

const rows = Object.entries(OPTIONS) as [OptionKey, OptionRow<unknown>][];

describe('the option table', () => {
  it('is what action.yml declares: the same inputs, defaults and descriptions, none required', () => {
    const declared = actionYmlInputs(readFileSync(ACTION_YML, 'utf8'));
    const table = actionInputs();
    expect(declared.map((input) => input.name).sort()).toEqual(table.map((input) => input.name).sort());
    for (const input of table) {
      const yml = declared.find((d) => d.name === input.name)!;
      expect({ name: yml.name, default: yml.default, description: yml.description }).toEqual(input);
      expect(yml.required).toBe('false');
    }
  });

  it('notices a difference (the check itself works)', () => {
    const yml = readFileSync(ACTION_YML, 'utf8').replace("default: 'balanced'", "default: 'fast'");
    const quality = actionYmlInputs(yml).find((d) => d.name === 'quality');
    expect(quality?.default).toBe('fast');
    expect(actionInputs().find((input) => input.name === 'quality')?.default).toBe('balanced');
  });

  it('has defaults that its own parsers accept', () => {
    for (const [key, option] of rows) {
      if (option.default !== undefined) expect(() => defaultOf(key), key).not.toThrow();
      if (option.inputDefault !== undefined) expect(() => defaultOf(key, 'action'), key).not.toThrow();
      expect(option.flag !== undefined || option.input !== undefined, key).toBe(true);
      expect(option.description, key).not.toMatch(/\n/);
    }
  });

  it('gives each command exactly the flags of its rows, with their defaults', () => {
    for (const name of ['detect', 'obscure', 'redact'] as CommandName[]) {
      const command = addFlags(new Command(name), name);
      const expected = rows.filter(([, option]) => option.flag !== undefined && option.commands.includes(name));
      expect(command.options.map((option) => option.long)).toEqual(expected.map(([, option]) => flagNames(option).long));
      for (const [, option] of expected) {
        const flag = command.options.find((o) => o.long === flagNames(option).long)!;
        expect(flag.defaultValue).toBe(option.default);
        expect(flag.mandatory).toBe(option.required === true);
      }
    }
  });

  it('reads the same defaults on the CLI and in the Action, except plate-text', () => {
    const cli = {
      ...detectOptionsFromFlags({ input: 'in.mp4' }, () => undefined),
      ...obscureOptionsFromFlags({ input: 'in.mp4', output: 'o.mp4' }),
    };
    const action = parseInputs(() => '');
    expect(cli).toMatchObject(DEFAULT_DETECT_OPTIONS);
    expect(cli).toMatchObject(DEFAULT_OBSCURE_OPTIONS);
    expect(action).toMatchObject({
      regions: cli.regions,
      confidence: cli.confidence,
      extendDetectionMs: cli.extendDetectionMs,
      engine: cli.engine,
      quality: cli.quality,
      fadeDurationMs: cli.fadeDurationMs,
      paddingWidth: cli.paddingWidth,
      paddingHeight: cli.paddingHeight,
      plateText: 'masked',
    });
    expect(defaultOf('plateText')).toBe('full');
  });

  it('leaves the preset to the pipeline, which derives it from the quality once', () => {
    const flags = { input: 'in.mp4', output: 'o.mp4' };
    expect(obscureOptionsFromFlags(flags)).not.toHaveProperty('preset');
    expect(encoderPreset(obscureOptionsFromFlags(flags))).toBe('veryfast');
    expect(encoderPreset({ ...obscureOptionsFromFlags(flags), quality: 'fast' })).toBe('superfast');
    expect(encoderPreset({ ...obscureOptionsFromFlags({ ...flags, preset: 'slow' }), quality: 'fast' })).toBe('slow');
  });
});
