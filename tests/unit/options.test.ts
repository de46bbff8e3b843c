// The CLI and the Action accept exactly the same values for the options they share: each row goes
// through the CLI's flag parsing and the Action's input parsing, and both must accept it with the same
// result, or both reject it with one line naming the option.
import { describe, expect, it } from 'vitest';
import { parseInputs } from '../../src/action/inputs.js';
import { detectOptionsFromFlags, obscureOptionsFromFlags, plateTextFromFlags, type RawFlags } from '../../src/cli/flags.js';
import { ENGINE_NAMES, parseDurationOption, parseNumberOption, parseRegionsOption } from '../../src/options/index.js';
import { DEFAULT_DETECT_OPTIONS } from '../../src/pipeline/options.js';
import { UserError } from '../../src/util/errors.js';

const cliDefaults: RawFlags = {
  input: 'in.mp4',
  output: 'out.mp4',
  confidence: '0',
  extendDetection: '2000',
  minFraction: '0.01',
  fadeDuration: '1000',
  paddingWidth: '10',
  paddingHeight: '10',
  engine: 'auto',
  quality: 'balanced',
  crf: '18',
};

type Shared = { cli: keyof RawFlags; input: string; read: (options: Record<string, unknown>) => unknown };

/** How each shared option is set on the CLI and named in the Action, and where its value lands. */
const SHARED: Record<string, Shared> = {
  confidence: { cli: 'confidence', input: 'confidence', read: (o) => o.confidence },
  'extend-detection': { cli: 'extendDetection', input: 'extend-detection', read: (o) => o.extendDetectionMs },
  'fade-duration': { cli: 'fadeDuration', input: 'fade-duration', read: (o) => o.fadeDurationMs },
  'padding-width': { cli: 'paddingWidth', input: 'padding-width', read: (o) => o.paddingWidth },
  'padding-height': { cli: 'paddingHeight', input: 'padding-height', read: (o) => o.paddingHeight },
  engine: { cli: 'engine', input: 'engine', read: (o) => o.engine },
  quality: { cli: 'quality', input: 'quality', read: (o) => o.quality },
  regions: { cli: 'regions', input: 'regions', read: (o) => o.regions },
  'plate-text': { cli: 'plateText', input: 'plate-text', read: (o) => o.plateText },
};

function viaCli(option: Shared, value: string): { value: unknown; warnings: string[] } {
  const warnings: string[] = [];
  const flags = { ...cliDefaults, [option.cli]: value };
  const all = {
    ...detectOptionsFromFlags(flags, (line) => warnings.push(line)),
    ...obscureOptionsFromFlags(flags),
    plateText: plateTextFromFlags(flags),
  };
  return { value: option.read(all), warnings };
}

function viaAction(option: Shared, value: string): { value: unknown; warnings: string[] } {
  const warnings: string[] = [];
  const inputs = parseInputs(
    (name) => (name === option.input ? value : ''),
    (line) => warnings.push(line),
  );
  return { value: option.read(inputs as unknown as Record<string, unknown>), warnings };
}

function outcome(
  run: () => { value: unknown; warnings: string[] },
): { ok: true; value: unknown; warnings: number } | { ok: false; message: string } {
  try {
    const { value, warnings } = run();
    return { ok: true, value, warnings: warnings.length };
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return { ok: false, message: (error as Error).message };
  }
}

const NINES = '9'.repeat(400);

const TABLE: [option: string, value: string, accepted: unknown][] = [
  ['confidence', '50', 50],
  ['confidence', '72.5', 72.5],
  ['confidence', '100', 100],
  ['confidence', '101', false],
  ['confidence', '-1', false],
  ['confidence', 'high', false],
  ['confidence', '0x10', false],
  ['confidence', '1e1', false],
  ['confidence', 'Infinity', false],
  ['confidence', NINES, false],
  ['extend-detection', '2000', 2000],
  ['extend-detection', '2000ms', 2000],
  ['extend-detection', '2s', 2000],
  ['extend-detection', '1.5s', 1500],
  ['extend-detection', '1m', 60_000],
  ['extend-detection', '0', 0],
  ['extend-detection', '11m', false],
  ['extend-detection', '-5', false],
  ['extend-detection', '2 minutes', false],
  ['extend-detection', NINES, false],
  ['fade-duration', '250ms', 250],
  ['fade-duration', '5h', false],
  ['padding-width', '10', { value: 10, unit: 'px' }],
  ['padding-width', '10px', { value: 10, unit: 'px' }],
  ['padding-width', '5%', { value: 5, unit: '%' }],
  ['padding-width', '501%', false],
  ['padding-width', '10001', false],
  ['padding-width', NINES, false],
  ['padding-height', '-3px', false],
  ['padding-height', 'wide', false],
  ['engine', 'embedded', 'embedded'],
  ['engine', 'Embedded', 'embedded'],
  ['engine', 'tesseract', false],
  ['quality', 'fast', 'fast'],
  ['quality', 'best', false],
  ['regions', 'gb,de', ['gb', 'de']],
  ['regions', 'uk', ['gb']],
  ['regions', 'GB, fr de', ['gb', 'fr', 'de']],
  ['regions', 'gb, zz', ['gb']],
  ['plate-text', 'masked', 'masked'],
  ['plate-text', 'none', 'none'],
  ['plate-text', 'full', 'full'],
  ['plate-text', 'partial', false],
];

describe('CLI flags and Action inputs accept the same values', () => {
  it.each(TABLE)('%s = %j', (name, value, expected) => {
    const option = SHARED[name]!;
    const cli = outcome(() => viaCli(option, value));
    const action = outcome(() => viaAction(option, value));
    if (expected === false) {
      expect(cli.ok, JSON.stringify(cli)).toBe(false);
      expect(action.ok, JSON.stringify(action)).toBe(false);
      if (!cli.ok && !action.ok) {
        // Same complaint, each naming the option the way its user wrote it; one line, not a number dump.
        expect(cli.message.startsWith(`--${name}: `), cli.message).toBe(true);
        expect(action.message.startsWith(`Input '${name}': `), action.message).toBe(true);
        expect(cli.message.slice(`--${name}`.length)).toBe(action.message.slice(`Input '${name}'`.length));
        expect(cli.message.length).toBeLessThan(200 + value.length);
        expect(cli.message).not.toContain('\n');
      }
    } else {
      expect(cli).toEqual({ ok: true, value: expected, warnings: expect.any(Number) });
      expect(action).toEqual(cli);
    }
  });

  it('warns (CLI and Action alike) about unknown region codes instead of failing', () => {
    expect(viaCli(SHARED.regions!, 'gb, zz').warnings).toEqual([
      expect.stringMatching(/^warning: --regions: unknown region code\(s\) ignored: zz/),
    ]);
    expect(viaAction(SHARED.regions!, 'gb, zz').warnings).toEqual([
      expect.stringMatching(/^Input 'regions': unknown region code\(s\) ignored: zz/),
    ]);
  });

  it('defaults: the CLI prints plate text in full, the Action masks it', () => {
    expect(plateTextFromFlags(cliDefaults)).toBe('full');
    expect(parseInputs(() => '').plateText).toBe('masked');
  });
});

describe('option parsers', () => {
  it('lists each engine once, the pipeline default among them', () => {
    expect(new Set(ENGINE_NAMES).size).toBe(ENGINE_NAMES.length);
    expect(ENGINE_NAMES).toContain(DEFAULT_DETECT_OPTIONS.engine);
  });

  it('rejects non-finite and out-of-range numbers with one line', () => {
    expect(() => parseNumberOption('--crf', '18.5', { min: 0, max: 51 }, true)).toThrow(
      /--crf: '18.5' is not valid; expected a whole number from 0 to 51/,
    );
    expect(() => parseDurationOption('-x', NINES, { min: 0, max: 1000 })).toThrow(UserError);
  });

  it('reads region aliases and deduplicates', () => {
    const warnings: string[] = [];
    expect(parseRegionsOption('--regions', 'gb, de,uk,zz,GB,xx', (line) => warnings.push(line))).toEqual(['gb', 'de']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/zz, xx/);
  });
});

describe('--verify and --review-sheet', () => {
  it('are off unless given; the sheet must be a .png, and its plate text follows --plate-text', () => {
    expect(obscureOptionsFromFlags(cliDefaults)).toMatchObject({ verify: false, plateText: 'full' });
    expect(obscureOptionsFromFlags(cliDefaults).reviewSheet).toBeUndefined();
    expect(obscureOptionsFromFlags({ ...cliDefaults, verify: true, reviewSheet: 'sheet.PNG', plateText: 'masked' })).toMatchObject({
      verify: true,
      reviewSheet: 'sheet.PNG',
      plateText: 'masked',
    });
    for (const bad of ['sheet.jpg', 'sheet', ' ']) {
      expect(() => obscureOptionsFromFlags({ ...cliDefaults, reviewSheet: bad })).toThrow(
        new UserError(`--review-sheet: '${bad}' is not valid; expected a file name ending in .png`),
      );
    }
  });
});
