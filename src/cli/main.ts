import { createReadStream, fstatSync, writeSync } from 'node:fs';
import { realpath, rm, stat } from 'node:fs/promises';
import { Command, CommanderError } from 'commander';
import {
  applyPlateText,
  type CompactHistory,
  type DocumentHistory,
  historyView,
  type PlatesDocument,
  PlatesDocumentReader,
} from '../output/index.js';
import { detectPlates, obscureVideo, redactVideo } from '../pipeline/index.js';
import { describeRegions } from '../regions/index.js';
import { describeError, UserError } from '../util/errors.js';
import { VERSION } from '../version.js';
import {
  addFlags,
  detectOptionsFromFlags as detectOptions,
  obscureOptionsFromFlags as obscureOptions,
  plateTextFromFlags,
  type RawFlags,
} from './flags.js';
import { ProgressReporter } from './progress.js';

// Thin entry point: parse flags, call the shared pipeline, print the document on stdout. Everything else
// (progress, warnings, errors) goes to stderr, so `number-jam detect ... > plates.json` is always clean JSON.

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

export async function main(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
): Promise<number> {
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

  const detect = addFlags(
    program.command('detect').description('Detect and track plates; print the JSON document on stdout.'),
    'detect',
  ).action(async (flags: RawFlags) => {
    const progress = new ProgressReporter(io.stderr, Boolean(flags.quiet));
    try {
      const plateText = plateTextFromFlags(flags);
      const document = await detectPlates({ ...detectOptions(flags, warn), onProgress: progress.report, log: warn, signal });
      await printDocument(io, applyPlateText(document, plateText));
    } finally {
      progress.stop();
    }
  });
  detect.addHelpText('after', `\nRegion codes accepted by --regions:\n${describeRegions()}\n`);

  addFlags(
    program.command('obscure').description('Obscure the plates of a tracking document; print the document with `output` set.'),
    'obscure',
  ).action(async (flags: RawFlags) => {
    const plateText = plateTextFromFlags(flags);
    const options = obscureOptions(flags);
    await refuseStdoutAsOutput(options.output, io.stdout);
    const document = await readTrackingDocument(flags.tracking === undefined ? undefined : String(flags.tracking), io.stdin);
    const progress = new ProgressReporter(io.stderr, Boolean(flags.quiet));
    // How the video is written (a stream copy) goes with the progress output: --quiet silences it, not warnings.
    const note = flags.quiet ? undefined : warn;
    try {
      await printDocument(
        io,
        applyPlateText(await obscureVideo(document, { ...options, onProgress: progress.report, log: warn, note, signal }), plateText),
      );
    } finally {
      progress.stop();
    }
  });

  addFlags(program.command('redact').description('Detect, track and obscure in one command.'), 'redact').action(async (flags: RawFlags) => {
    const plateText = plateTextFromFlags(flags);
    const options = { ...detectOptions(flags, warn), ...obscureOptions(flags) };
    await refuseStdoutAsOutput(options.output, io.stdout);
    const progress = new ProgressReporter(io.stderr, Boolean(flags.quiet));
    const note = flags.quiet ? undefined : warn;
    try {
      await printDocument(
        io,
        applyPlateText(await redactVideo({ ...options, onProgress: progress.report, log: warn, note, signal }), plateText),
      );
    } finally {
      progress.stop();
    }
  });
  return program;
}

/**
 * The JSON document goes to stdout and the video to `-o`: when both are one file (`-o x.mp4 > x.mp4`, or `-o` a
 * link to /proc/self/fd/1 while stdout is a file), one would overwrite the other and the document be lost.
 */
async function refuseStdoutAsOutput(output: string, stdout: NodeJS.WritableStream): Promise<void> {
  const fd = (stdout as { fd?: unknown }).fd;
  if (typeof fd !== 'number') return;
  let out: ReturnType<typeof fstatSync>;
  try {
    out = fstatSync(fd);
  } catch {
    return;
  }
  if (!out.isFile()) return;
  const target = await stat(output).catch(() => undefined);
  if (target && target.dev === out.dev && target.ino === out.ino) {
    throw new UserError(
      `output ${output} is the file stdout writes to: the video and the JSON document would overwrite each other; send stdout elsewhere (> plates.json)`,
    );
  }
}

/**
 * Reads the document in chunks as it arrives (see PlatesDocumentReader): memory stays bounded for any file or
 * stdin, and a document past the reader's limits is refused before the rest of it is read.
 */
async function readTrackingDocument(path: string | undefined, stdin: NodeJS.ReadStream): Promise<PlatesDocument<CompactHistory>> {
  if (path) {
    const reader = new PlatesDocumentReader(path);
    try {
      for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) reader.write(chunk as Buffer);
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(`--tracking: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return reader.end();
  }
  if (stdin.isTTY) throw new UserError('obscure needs the tracking document: pass --tracking plates.json or pipe it on stdin');
  const reader = new PlatesDocumentReader('stdin');
  for await (const chunk of stdin) reader.write(chunk as Buffer);
  if (!reader.started) throw new UserError('obscure: no tracking document on stdin (pass --tracking plates.json)');
  return reader.end();
}

/**
 * Print the document on stdout and make sure all of it arrived. When it did not (a full disk, /dev/full, a
 * closed pipe), the video written with it is removed too: the two succeed or fail together.
 */
async function printDocument(io: CliIo, document: PlatesDocument<DocumentHistory>): Promise<void> {
  try {
    await writeDocument(io.stdout, document);
  } catch (error) {
    if (!document.output) throw error;
    const video = await realpath(document.output).catch(() => document.output!);
    await rm(video, { force: true });
    throw new UserError(`${describeError(error)}; removed ${document.output} (a video without its document is not kept)`);
  }
}

/**
 * Write the document as indented JSON, one track at a time (a document with a million history entries would
 * otherwise be one string of hundreds of MB). Resolves once every byte was accepted by the OS; rejects with a
 * one-line UserError on a failed or short write.
 */
export async function writeDocument(stream: NodeJS.WritableStream, document: PlatesDocument<DocumentHistory>): Promise<void> {
  const fd = (stream as { fd?: unknown }).fd;
  const sink = typeof fd === 'number' && isRegularFile(fd) ? fileSink(fd) : streamSink(stream);
  try {
    for (const chunk of documentChunks(document)) await sink(chunk);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot write the plates document to stdout: ${code ?? (error as Error).message}`);
  }
}

/** The text of JSON.stringify(document, null, 2) + newline, in pieces of about 64 KB (pure; unit-tested). */
export function* documentChunks(document: PlatesDocument<DocumentHistory>): Generator<string> {
  const fields = document as unknown as Record<string, unknown>;
  const keys = Object.keys(fields);
  const at = keys.indexOf('tracking');
  if (at < 0 || document.tracking.length === 0) {
    yield `${JSON.stringify(document, null, 2)}\n`;
    return;
  }
  const pick = (names: string[]) => Object.fromEntries(names.map((k) => [k, fields[k]]));
  // Everything up to the tracking array, then each track, then the fields after it, in the original key order.
  const open = JSON.stringify(pick(keys.slice(0, at)), null, 2);
  let text = `${open === '{}' ? '{\n' : `${open.slice(0, -2)},\n`}  "tracking": [`;
  for (let t = 0; t < document.tracking.length; t++) {
    const { history: entries, ...rest } = document.tracking[t]!;
    const history = historyView(entries);
    const shell = JSON.stringify({ ...rest, history: [] }, null, 2).replaceAll('\n', '\n    ');
    // The shell ends with `"history": []` and the track's closing brace: open the array, add the entries, close it.
    const cut = shell.lastIndexOf('[]');
    text += `\n    ${shell.slice(0, cut)}[`;
    for (let i = 0; i < history.length; i++) {
      text += `\n        ${JSON.stringify(history.entry(i), null, 2).replaceAll('\n', '\n        ')}${i + 1 < history.length ? ',' : '\n      '}`;
      if (text.length >= 64 * 1024) {
        yield text;
        text = '';
      }
    }
    text += `]${shell.slice(cut + 2)}${t + 1 < document.tracking.length ? ',' : '\n  ]'}`;
  }
  const close = JSON.stringify(pick(keys.slice(at + 1)), null, 2);
  yield `${text}${close === '{}' ? '\n}' : `,\n${close.slice(2)}`}\n`;
}

function isRegularFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/**
 * A regular file gets write(2) calls until every byte is written: Node's stdout for files ignores a short
 * write (on a full disk the first write is short, and only the next one fails with ENOSPC).
 */
function fileSink(fd: number): (text: string) => Promise<void> {
  return async (text) => {
    const data = Buffer.from(text, 'utf8');
    for (let offset = 0; offset < data.length; ) {
      const written = writeSync(fd, data, offset, data.length - offset);
      if (written <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
      offset += written;
    }
  };
}

/** Pipes and terminals: wait for each write's callback; an 'error' event rejects instead of crashing. */
function streamSink(stream: NodeJS.WritableStream): (text: string) => Promise<void> {
  let failure: Error | undefined;
  // Kept for the life of the process: a failed stream may emit 'error' again when it is flushed at exit.
  stream.on('error', (error: Error) => {
    failure ??= error;
  });
  return (text) =>
    new Promise<void>((resolve, reject) => {
      if (failure) {
        reject(failure);
        return;
      }
      const onError = (error: Error): void => reject(error);
      stream.once('error', onError);
      stream.write(text, (error?: Error | null) => {
        stream.off('error', onError);
        if (error ?? failure) reject(error ?? failure);
        else resolve();
      });
    });
}
