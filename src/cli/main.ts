import { readFile } from 'node:fs/promises';
import { Command, CommanderError, Option } from 'commander';
import { parsePlatesDocument } from '../output/validate.js';
import type { PlatesDocument } from '../output/document.js';
import { DEFAULT_DETECT_OPTIONS, DEFAULT_OBSCURE_OPTIONS, detectPlates, obscureVideo, redactVideo } from '../pipeline/index.js';
import { defaultPreset, type DetectOptions, type ObscureOptions, type Quality } from '../pipeline/options.js';
import { describeRegions } from '../regions/index.js';
import { describeError, UserError } from '../util/errors.js';
import { VERSION } from '../version.js';
import { ENGINES, QUALITIES, parseChoice, parseIntegerFlag, parseNumberFlag, parsePaddingFlag, parseRegionsFlag } from './flags.js';
import { ProgressReporter } from './progress.js';

// Thin entry point: parse flags, call the shared pipeline, print the document on stdout. Everything else
// (progress, warnings, errors) goes to stderr, so `number-jam detect ... > plates.json` is always clean JSON.

interface RawFlags {
  input?: string;
  output?: string;
  tracking?: string;
  regions?: string;
  confidence: string;
  extendDetection: string;
  minFraction: string;
  fadeDuration: string;
  paddingWidth: string;
  paddingHeight: string;
  engine: string;
  quality: string;
  rebuildDockerImage?: boolean;
  obscureAllText?: boolean;
  preset?: string;
  crf: string;
  quiet?: boolean;
}

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }): Promise<number> {
  const warn = (line: string) => io.stderr.write(`number-jam: ${line}\n`);
  const abort = new AbortController();
  const program = buildProgram(io, warn, abort.signal);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? 0 : 2;
    }
    warn(describeError(error));
    if (!(error instanceof UserError) && process.env.NUMBER_JAM_DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}

function buildProgram(io: CliIo, warn: (line: string) => void, signal: AbortSignal): Command {
  const program = new Command('number-jam')
    .description('Find, track and obscure every vehicle number plate in a video.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`number-jam: ${text.replace(/^error: /, '').trim()}\n`),
    })
    .showHelpAfterError(false);

  const detect = addDetectFlags(program.command('detect').description('Detect and track plates; print the JSON document on stdout.'))
    .action(async (flags: RawFlags) => {
      const progress = new ProgressReporter(io.stderr, flags.quiet);
      try {
        const document = await detectPlates({ ...detectOptions(flags, warn), onProgress: progress.report, log: warn, signal });
        printDocument(io, document);
      } finally {
        progress.stop();
      }
    });
  detect.addHelpText('after', `\nRegion codes accepted by --regions:\n${describeRegions()}\n`);

  addObscureFlags(program.command('obscure').description('Obscure the plates of a tracking document; print the document with `output` set.'))
    .addOption(new Option('-t, --tracking <file>', 'plates JSON from `detect` (default: read it from stdin)'))
    .action(async (flags: RawFlags) => {
      const options = obscureOptions(flags);
      const document = await readTrackingDocument(flags.tracking, io.stdin);
      const progress = new ProgressReporter(io.stderr, flags.quiet);
      try {
        printDocument(io, await obscureVideo(document, { ...options, onProgress: progress.report, log: warn, signal }));
      } finally {
        progress.stop();
      }
    });

  addObscureFlags(addDetectFlags(program.command('redact').description('Detect, track and obscure in one command.'))).action(
    async (flags: RawFlags) => {
      const detectFlags = detectOptions(flags, warn);
      const options = { ...detectFlags, ...obscureOptions(flags, detectFlags.quality) };
      const progress = new ProgressReporter(io.stderr, flags.quiet);
      try {
        printDocument(io, await redactVideo({ ...options, onProgress: progress.report, log: warn, signal }));
      } finally {
        progress.stop();
      }
    },
  );
  return program;
}

function addDetectFlags(command: Command): Command {
  const d = DEFAULT_DETECT_OPTIONS;
  command.exitOverride();
  return command
    .requiredOption('-i, --input <video>', 'input video')
    .option('-r, --regions <codes>', 'comma-separated ISO 3166-1 region codes to list in the summary, e.g. gb,de (all plates are obscured)')
    .option('-c, --confidence <0-100>', 'leave plate readings below this confidence out of the summary', String(d.confidence))
    .option('-x, --extend-detection <ms>', 'extrapolate a plate\'s motion this long after tracking loses it', String(d.extendDetectionMs))
    .option('-m, --min-fraction <0-1>', 'follow a plate out of the frame until less than this fraction is visible', String(d.minFraction))
    .option('--engine <name>', `detection engine: ${ENGINES.join(', ')}`, d.engine)
    .option('--quality <level>', `speed/recall trade-off: ${QUALITIES.join(', ')}`, d.quality)
    .option('--rebuild-docker-image', 'rebuild the OpenALPR Docker image even when it exists')
    .option('--obscure-all-text', 'cover every text region, not only plausible plates')
    .option('-q, --quiet', 'no progress output');
}

function addObscureFlags(command: Command): Command {
  const o = DEFAULT_OBSCURE_OPTIONS;
  command.exitOverride();
  if (!command.options.some((option) => option.long === '--input')) command.requiredOption('-i, --input <video>', 'input video');
  if (!command.options.some((option) => option.long === '--quiet')) command.option('-q, --quiet', 'no progress output');
  return command
    .requiredOption('-o, --output <video>', 'where to write the obscured video (never the input)')
    .option('-f, --fade-duration <ms>', 'fade the cover in before and out after each tracked span', String(o.fadeDurationMs))
    .option('--padding-width <auto|px|%>', 'grow each plate polygon horizontally by pixels (10, 10px) or percent of its width (5%); auto: 10 px, at most 5%', 'auto')
    .option('--padding-height <auto|px|%>', 'grow each plate polygon vertically by pixels or percent of its height; auto: 10 px, at most 10%', 'auto')
    .option('--preset <name>', `libx264 preset of the output (default: ${o.preset}; ${defaultPreset('fast')} with --quality fast)`)
    .option('--crf <0-51>', 'libx264 quality of the output (lower is better)', String(o.crf));
}

function detectOptions(flags: RawFlags, warn: (line: string) => void): DetectOptions {
  return {
    ...DEFAULT_DETECT_OPTIONS,
    input: requireValue(flags.input, '--input'),
    regions: parseRegionsFlag(flags.regions, warn),
    confidence: parseNumberFlag(flags.confidence, '--confidence', 0, 100),
    extendDetectionMs: parseNumberFlag(flags.extendDetection, '--extend-detection', 0, 600_000),
    minFraction: parseNumberFlag(flags.minFraction, '--min-fraction', 0, 1),
    engine: parseChoice(flags.engine, '--engine', ENGINES),
    quality: parseChoice(flags.quality, '--quality', QUALITIES),
    rebuildDockerImage: Boolean(flags.rebuildDockerImage),
    obscureAllText: Boolean(flags.obscureAllText),
  };
}

function obscureOptions(flags: RawFlags, quality: Quality = DEFAULT_DETECT_OPTIONS.quality): ObscureOptions {
  return {
    input: requireValue(flags.input, '--input'),
    output: requireValue(flags.output, '--output'),
    fadeDurationMs: parseNumberFlag(flags.fadeDuration, '--fade-duration', 0, 600_000),
    paddingWidth: parsePaddingFlag(flags.paddingWidth, '--padding-width'),
    paddingHeight: parsePaddingFlag(flags.paddingHeight, '--padding-height'),
    preset: flags.preset === undefined ? defaultPreset(quality) : parseChoice(flags.preset, '--preset', X264_PRESETS),
    crf: parseIntegerFlag(flags.crf, '--crf', 0, 51),
  };
}

const X264_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'] as const;

function requireValue(value: string | undefined, flag: string): string {
  if (!value) throw new UserError(`${flag} is required`);
  return value;
}

async function readTrackingDocument(path: string | undefined, stdin: NodeJS.ReadStream): Promise<PlatesDocument> {
  if (path) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new UserError(`--tracking: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return parsePlatesDocument(text, path);
  }
  if (stdin.isTTY) throw new UserError('obscure needs the tracking document: pass --tracking plates.json or pipe it on stdin');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new UserError('obscure: no tracking document on stdin (pass --tracking plates.json)');
  return parsePlatesDocument(text, 'stdin');
}

function printDocument(io: CliIo, document: PlatesDocument): void {
  io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
}
