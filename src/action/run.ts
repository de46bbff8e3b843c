// Orchestration of one action run, with every side effect outside the file system injected so unit
// tests can drive it without GitHub, Docker or the real pipeline. main.ts wires the real ones.
import { copyFile, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  DETECT_KEYS,
  type DetectOptions,
  defaultOf,
  type EngineName,
  OBSCURE_KEYS,
  type ObscureOptions,
  pickOptions,
} from '../options/index.js';
import { applyPlateText, logLineFor, type PlatesDocument } from '../output/index.js';
import { DEFAULT_DETECT_OPTIONS, DEFAULT_OBSCURE_OPTIONS } from '../pipeline/index.js';
import { describeError, UserError } from '../util/errors.js';
import { redactedExtensionFor, withAtomicOutput, writeFileAtomic } from '../video/index.js';
import { type Annotation, capAnnotations, videoAnnotations } from './annotations.js';
import { type ArtifactUploader, type UploadedArtifact, uploadResults } from './artifacts.js';
import { type DockerImageResult, describeDockerImage } from './docker-cache.js';
import { expandVideoGlobs, isInside, toPosixRelative, type VideoFile } from './files.js';
import type { ActionInputs } from './inputs.js';
import { selectShard } from './shard.js';
import { platesOf, renderSummary, type SummaryReport, type VideoOutcome } from './summary.js';

export const REPORT_FILE = 'number-jam-report.json';

export interface AnnotationProperties {
  title?: string;
  file?: string;
}

export interface ActionLogger {
  info(message: string): void;
  notice(message: string, properties?: AnnotationProperties): void;
  warning(message: string, properties?: AnnotationProperties): void;
  error(message: string, properties?: AnnotationProperties): void;
}

export type RedactFunction = (options: DetectOptions & ObscureOptions) => Promise<PlatesDocument>;
export type DetectFunction = (options: DetectOptions) => Promise<PlatesDocument>;

export interface RunDeps {
  /** The pipeline's redactVideo (the same the CLI calls). */
  redact: RedactFunction;
  /** The pipeline's detectPlates, for `mode: check`. */
  detect: DetectFunction;
  /** @actions/artifact's client. */
  uploader: ArtifactUploader;
  /** Restores or builds the OpenALPR image; absent = do not touch Docker. */
  prepareDockerImage?: () => Promise<DockerImageResult>;
  log: ActionLogger;
  setOutput(name: string, value: string): void;
  writeSummary(html: string): Promise<void>;
  now(): number;
}

export interface RunContext {
  workspace: string;
  env: NodeJS.ProcessEnv;
  /** Extra lines for the summary (e.g. where ffmpeg came from). */
  notes?: string[];
}

export interface RunResult {
  /** Set when the step must fail; every problem in one message. */
  failureMessage?: string;
  outputs: Record<string, string>;
  outcomes: VideoOutcome[];
  artifact?: UploadedArtifact;
  /** Every annotation written (capped per level). */
  annotations: Annotation[];
}

/**
 * `videos/a.mp4` -> `<out>/videos/a.redacted.mp4` and `<out>/videos/a.plates.json`. A video whose
 * container cannot hold H.264 (`a.webm`) gets an MP4 named as one (`a.redacted.mp4`).
 */
export function outputPathsFor(outputDir: string, relativePath: string): { video: string; json: string; review: string } {
  const extension = path.posix.extname(relativePath);
  const stem = extension === '' ? relativePath : relativePath.slice(0, -extension.length);
  return {
    video: path.join(outputDir, `${stem}.redacted${redactedExtensionFor(extension)}`),
    json: path.join(outputDir, `${stem}.plates.json`),
    review: path.join(outputDir, `${stem}.review.png`),
  };
}

/** Everything one run shares between its steps. */
interface RunState {
  inputs: ActionInputs;
  deps: RunDeps;
  workspace: string;
  outputDir: string;
  started: number;
  notes: string[];
  annotations: Annotation[];
  problems: string[];
}

function shown(workspace: string, file: string): string {
  return isInside(workspace, file) ? toPosixRelative(workspace, file) : file;
}

function listNames(names: readonly string[], max = 20): string {
  return names.slice(0, max).join(', ') + (names.length > max ? `, … (${names.length - max} more)` : '');
}

function detectOptions(inputs: ActionInputs, engine: EngineName, file: VideoFile): DetectOptions {
  return {
    ...DEFAULT_DETECT_OPTIONS,
    ...pickOptions(inputs, DETECT_KEYS),
    input: file.absolutePath,
    engine,
  };
}

function obscureOptions(inputs: ActionInputs, file: VideoFile, target: { video: string; review: string }): ObscureOptions {
  return {
    ...DEFAULT_OBSCURE_OPTIONS,
    ...pickOptions(inputs, OBSCURE_KEYS),
    input: file.absolutePath,
    output: target.video,
    ...(inputs.reviewSheets ? { reviewSheet: target.review } : {}),
    plateText: inputs.plateText,
  };
}

/** A signal that aborts after `video-timeout`, or none. */
function timeoutSignal(ms: number | undefined): AbortSignal | undefined {
  return ms === undefined ? undefined : AbortSignal.timeout(ms);
}

function failureText(error: unknown, signal: AbortSignal | undefined, timeoutMs: number | undefined): string {
  if (signal?.aborted && timeoutMs !== undefined) return `stopped after ${Math.round(timeoutMs / 1000)} s (video-timeout)`;
  return describeError(error);
}

/** Detects (check) or redacts one video; never throws: a failure is an outcome with nothing left behind. */
async function processVideo(state: RunState, engine: EngineName, file: VideoFile): Promise<VideoOutcome> {
  const { inputs, deps, workspace } = state;
  const started = deps.now();
  const target = outputPathsFor(state.outputDir, file.path);
  const check = inputs.mode === 'check';
  deps.log.info(check ? `Checking ${file.path}` : `Redacting ${file.path} -> ${shown(workspace, target.video)}`);
  const signal = timeoutSignal(inputs.videoTimeoutMs);
  const log = (line: string): void => deps.log.info(`  ${logLineFor(line, inputs.plateText)}`);
  try {
    await mkdir(path.dirname(target.video), { recursive: true });
    // A sheet from an earlier run must not stand beside a video this run redacts without one.
    await rm(target.review, { force: true });
    const detect = { ...detectOptions(inputs, engine, file), log, signal };
    const document = check
      ? await deps.detect(detect)
      : await deps.redact({ ...detect, ...obscureOptions(inputs, file, target), log, note: log, signal });
    if (!check) {
      // The pipeline writes atomically; still refuse to treat a missing or empty file as redacted.
      const written = await stat(target.video).catch(() => undefined);
      if (!written || written.size === 0) throw new Error(`the pipeline reported success but wrote no video at ${target.video}`);
    }
    // Everything the Action writes, uploads or prints from here on shows plate text per `plate-text`.
    const reported = applyPlateText(document, inputs.plateText);
    await writeFileAtomic(target.json, `${JSON.stringify(reported, null, 2)}\n`);
    const sheet = !check && document.reviewSheet ? await stat(target.review).catch(() => undefined) : undefined;
    return {
      path: file.path,
      status: check ? 'checked' : 'redacted',
      document: reported,
      output: check ? undefined : shown(workspace, target.video),
      ...(sheet?.isFile() ? { reviewSheet: shown(workspace, target.review) } : {}),
      durationMs: deps.now() - started,
    };
  } catch (error) {
    // Whatever the pipeline left behind is not a complete redaction: it must not be uploaded.
    await rm(target.video, { force: true });
    await rm(target.json, { force: true });
    await rm(target.review, { force: true });
    const message = failureText(error, signal, inputs.videoTimeoutMs);
    deps.log.info(`  failed: ${message}`);
    return { path: file.path, status: 'failed', error: message, durationMs: deps.now() - started };
  }
}

/** The engine to run: OpenALPR's image is prepared first; `auto` falls back when it cannot be built. */
async function chooseEngine(state: RunState): Promise<EngineName> {
  const { inputs, deps } = state;
  if (inputs.engine === 'embedded' || !deps.prepareDockerImage) return inputs.engine;
  const image = await deps.prepareDockerImage();
  const line = describeDockerImage(image);
  state.notes.push(line);
  if (image.status === 'build-failed' && inputs.engine === 'auto') {
    deps.log.info(`${line} Continuing with the embedded engine only.`);
    state.annotations.push({
      level: 'warning',
      title: 'number-jam: OpenALPR unavailable',
      message: `${line} Continuing with the embedded engine only.`,
    });
    return 'embedded';
  }
  deps.log.info(line);
  return inputs.engine;
}

export function buildReport(
  outcomes: readonly VideoOutcome[],
  extra: {
    version: string;
    matched: number;
    shard?: { index: number; count: number };
    engines: string[];
    durationMs: number;
    mode?: string;
    plateText?: string;
    replaced?: string[];
  },
  outputDir: string,
): object {
  const written = (outcome: VideoOutcome): boolean => outcome.status !== 'failed';
  return {
    tool: 'number-jam',
    version: extra.version,
    mode: extra.mode ?? defaultOf('mode', 'action'),
    plateText: extra.plateText ?? defaultOf('plateText'),
    shard: extra.shard ?? null,
    matchedVideos: extra.matched,
    engines: extra.engines,
    durationMs: extra.durationMs,
    totals: {
      videos: outcomes.length,
      redacted: outcomes.filter((outcome) => outcome.status === 'redacted').length,
      checked: outcomes.filter((outcome) => outcome.status === 'checked').length,
      failed: outcomes.filter((outcome) => outcome.status === 'failed').length,
      plates: outcomes.reduce((sum, outcome) => sum + platesOf(outcome.document), 0),
    },
    replaced: extra.replaced ?? [],
    videos: outcomes.map((outcome) => ({
      input: outcome.path,
      status: outcome.status,
      error: outcome.error ?? null,
      output: outcome.status === 'redacted' ? outputPathsFor('.', outcome.path).video.split(path.sep).join('/') : null,
      document: written(outcome) ? outputPathsFor('.', outcome.path).json.split(path.sep).join('/') : null,
      reviewSheet: outcome.reviewSheet ? outputPathsFor('.', outcome.path).review.split(path.sep).join('/') : null,
      verify: outcome.document?.verify
        ? { frames: outcome.document.verify.frames, findings: outcome.document.verify.findings, repaired: outcome.document.verify.repaired }
        : null,
      plates: platesOf(outcome.document),
      durationMs: outcome.durationMs,
      summary: outcome.document?.summary ?? [],
    })),
    outputDir,
  };
}

/**
 * in-place: replaces each original in which plates were found and covered by its redacted copy, through
 * a temporary beside it and a rename, so a crash never leaves a half-written video. Videos without plates
 * stay byte-identical. A video whose container cannot hold the redacted H.264 (e.g. .webm) is refused:
 * its redacted copy is in output-dir under an honest name, and the step fails naming it.
 */
async function replaceInPlace(state: RunState, files: readonly VideoFile[], outcomes: readonly VideoOutcome[]): Promise<string[]> {
  const replaced: string[] = [];
  const refused: string[] = [];
  for (const outcome of outcomes) {
    if (outcome.status !== 'redacted' || platesOf(outcome.document) === 0) continue;
    const file = files.find((candidate) => candidate.path === outcome.path);
    if (!file) continue;
    const copy = outputPathsFor(state.outputDir, outcome.path).video;
    if (path.extname(copy) !== path.extname(file.path)) {
      refused.push(`${file.path} (redacted copy: ${shown(state.workspace, copy)})`);
      continue;
    }
    try {
      await withAtomicOutput(copy, file.absolutePath, (temporary) => copyFile(copy, temporary));
      replaced.push(file.path);
    } catch (error) {
      state.problems.push(`in-place: could not replace ${file.path}: ${describeError(error)}`);
    }
  }
  if (refused.length > 0) {
    state.problems.push(
      `in-place: ${refused.length} video(s) with plates were left unchanged because their format cannot hold the redacted` +
        ` H.264 video (exclude them, or convert them to .mp4/.mkv first): ${listNames(refused)}`,
    );
  }
  if (replaced.length > 0)
    state.deps.log.info(`Replaced ${replaced.length} video(s) with plates by their redacted versions: ${listNames(replaced)}`);
  return replaced;
}

async function upload(
  state: RunState,
  env: NodeJS.ProcessEnv,
  outcomes: readonly VideoOutcome[],
  reportPath: string,
): Promise<UploadedArtifact | undefined> {
  const { inputs, deps } = state;
  const written = outcomes.filter((outcome) => outcome.status !== 'failed');
  if (!inputs.uploadArtifacts || written.length === 0) return undefined;
  const files = [
    ...written.flatMap((outcome) => {
      const target = outputPathsFor(state.outputDir, outcome.path);
      if (outcome.status !== 'redacted') return [target.json];
      return outcome.reviewSheet ? [target.video, target.json, target.review] : [target.video, target.json];
    }),
    reportPath,
  ];
  try {
    if (inputs.overwrite) await deleteArtifact(deps.uploader, inputs.artifactName);
    const artifact = await uploadResults(deps.uploader, env, inputs.artifactName, files, state.outputDir, inputs.retentionDays);
    deps.log.info(`Uploaded artifact '${inputs.artifactName}' (id ${artifact.id}, ${artifact.size} bytes): ${artifact.url}`);
    return artifact;
  } catch (error) {
    state.problems.push(`Uploading the artifact '${inputs.artifactName}' failed: ${describeError(error)}`);
    return undefined;
  }
}

/** `overwrite`: removes an artifact of the same name from an earlier step of this run; none is fine. */
async function deleteArtifact(uploader: ArtifactUploader, name: string): Promise<void> {
  if (!uploader.deleteArtifact) throw new UserError('overwrite: this artifact client cannot delete artifacts');
  try {
    await uploader.deleteArtifact(name);
  } catch (error) {
    if (!/not ?found|no artifact/i.test(describeError(error))) throw error;
  }
}

/** Every problem of the run, in the order a reader needs them. */
function collectProblems(state: RunState, outcomes: readonly VideoOutcome[]): string[] {
  const failed = outcomes.filter((outcome) => outcome.status === 'failed');
  const problems = [...state.problems];
  const what = state.inputs.mode === 'check' ? 'Check' : 'Redaction';
  if (failed.length > 0)
    problems.unshift(
      `${what} failed for ${failed.length} of ${outcomes.length} video(s): ${listNames(failed.map((outcome) => outcome.path))}`,
    );
  const totalPlates = outcomes.reduce((sum, outcome) => sum + platesOf(outcome.document), 0);
  if (state.inputs.failOnPlates && totalPlates > 0) {
    const withPlates = outcomes.filter((outcome) => platesOf(outcome.document) > 0).map((outcome) => outcome.path);
    problems.push(`fail-on-plates: ${totalPlates} number plate(s) found in ${withPlates.length} video(s): ${listNames(withPlates)}`);
  }
  return problems;
}

/** Writes the annotations, at most 10 per level with one error slot left for the step's failure line. */
function annotate(state: RunState, failing: boolean): Annotation[] {
  const capped = capAnnotations(state.annotations, undefined, failing ? 1 : 0);
  for (const annotation of capped) {
    state.deps.log[annotation.level](annotation.message, {
      title: annotation.title,
      ...(annotation.file ? { file: annotation.file } : {}),
    });
  }
  return capped;
}

async function writeSummary(state: RunState, report: SummaryReport): Promise<void> {
  try {
    await state.deps.writeSummary(renderSummary(report));
  } catch (error) {
    state.deps.log.info(`Could not write the job summary: ${describeError(error)}`);
  }
}

/**
 * A log line as the runner must get it: one line. A line break inside a file name (`car\n::warning::x.mp4`) would
 * start a new line that the runner reads as a workflow command (`::warning::`, `::add-mask::`,
 * `::stop-commands::`); control characters are written as escapes instead (pure; unit-tested).
 */
export function escapeLogLine(message: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
  return message.replace(/[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** Why a video's name cannot go through the Action, or undefined: a line break (outputs are one path per line). */
function nameRefusal(name: string): string | undefined {
  if (/[\r\n]/.test(name)) {
    return "its name contains a line break, which the 'changed-files' output (one path per line) and the log cannot carry; rename it";
  }
  return undefined;
}

/** Number-jam's own outputs in output-dir: redacted copies, per-video documents and the report. */
function isOwnOutput(name: string): boolean {
  return /\.redacted\.[^./]+$/i.test(name) || /\.plates\.json$/i.test(name) || path.posix.basename(name) === REPORT_FILE;
}

export async function run(inputs: ActionInputs, context: RunContext, givenDeps: RunDeps, version = '0.0.0'): Promise<RunResult> {
  // Every info line goes out escaped (annotations are escaped by @actions/core itself).
  const deps: RunDeps = { ...givenDeps, log: { ...givenDeps.log, info: (message) => givenDeps.log.info(escapeLogLine(message)) } };
  const workspace = path.resolve(context.workspace);
  const state: RunState = {
    inputs,
    deps,
    workspace,
    outputDir: path.resolve(workspace, inputs.outputDir),
    started: deps.now(),
    notes: [...(context.notes ?? [])],
    annotations: [],
    problems: [],
  };
  const outputs: Record<string, string> = {
    'video-count': '0',
    'failed-count': '0',
    'plate-count': '0',
    'changed-files': '',
    report: '',
    'output-dir': state.outputDir,
    'artifact-id': '',
    'artifact-url': '',
  };
  const finish = (result: Omit<RunResult, 'outputs' | 'annotations'>): RunResult => {
    const annotations = annotate(state, result.failureMessage !== undefined);
    for (const [name, value] of Object.entries(outputs)) deps.setOutput(name, value);
    return { ...result, outputs, annotations };
  };

  // output-dir is never searched (a second run must not redact its own outputs). When it holds videos the
  // patterns match, they would be skipped without a word: a check would pass over a video with plates.
  const excluded = isInside(workspace, state.outputDir) ? `${toPosixRelative(workspace, state.outputDir)}/` : undefined;
  const overlapping = excluded
    ? (await expandVideoGlobs(inputs.videos, workspace)).files.filter((file) => file.path.startsWith(excluded) && !isOwnOutput(file.path))
    : [];
  if (overlapping.length > 0) {
    return finish({
      failureMessage:
        `output-dir '${inputs.outputDir}' holds videos that 'videos' matches (${listNames(overlapping.map((file) => file.path))}),` +
        ' which would be skipped: choose an output-dir outside the videos (e.g. number-jam-output, or a folder under RUNNER_TEMP)',
      outcomes: [],
    });
  }
  const { files: matched, skipped } = await expandVideoGlobs(inputs.videos, workspace, [state.outputDir]);
  for (const reason of skipped)
    state.annotations.push({ level: 'warning', title: 'number-jam: video skipped', message: `Skipped ${reason}` });
  if (matched.length === 0) {
    const message = `No video matched the 'videos' patterns in ${workspace}: ${inputs.videos.join(', ')}`;
    if (inputs.ifNoFilesFound === 'error') return finish({ failureMessage: message, outcomes: [] });
    if (inputs.ifNoFilesFound === 'warn') state.annotations.push({ level: 'warning', title: 'number-jam: no videos', message });
    else deps.log.info(message);
    return finish({ outcomes: [] });
  }
  const files = inputs.shard ? selectShard(matched, inputs.shard) : matched;
  if (inputs.shard)
    deps.log.info(`Shard ${inputs.shard.index}/${inputs.shard.count}: ${files.length} of ${matched.length} matched videos.`);

  const engine = await chooseEngine(state);
  const outcomes: VideoOutcome[] = [];
  for (const file of files) {
    const refusal = nameRefusal(file.path);
    if (refusal) {
      deps.log.info(`Skipping ${file.path}: ${refusal}`);
      outcomes.push({ path: file.path, status: 'failed', error: refusal, durationMs: 0 });
      continue;
    }
    outcomes.push(await processVideo(state, engine, file));
  }
  const engines = [...new Set(outcomes.flatMap((outcome) => outcome.document?.engines ?? []))];
  const totalPlates = outcomes.reduce((sum, outcome) => sum + platesOf(outcome.document), 0);

  const replaced = inputs.inPlace && inputs.mode === 'redact' ? await replaceInPlace(state, files, outcomes) : [];
  await mkdir(state.outputDir, { recursive: true });
  const reportPath = path.join(state.outputDir, REPORT_FILE);
  await writeFileAtomic(
    reportPath,
    `${JSON.stringify(
      buildReport(
        outcomes,
        {
          version,
          matched: matched.length,
          shard: inputs.shard,
          engines,
          durationMs: deps.now() - state.started,
          mode: inputs.mode,
          plateText: inputs.plateText,
          replaced,
        },
        shown(workspace, state.outputDir),
      ),
      null,
      2,
    )}\n`,
  );
  const artifact = await upload(state, context.env, outcomes, reportPath);
  state.annotations.push(...videoAnnotations(outcomes, inputs.failOnPlates));

  await writeSummary(state, {
    videos: outcomes,
    matchedCount: matched.length,
    shard: inputs.shard,
    engines,
    totalPlates,
    durationMs: deps.now() - state.started,
    artifactUrl: artifact?.url,
    notes: state.notes,
    replaced,
    mode: inputs.mode,
  });
  Object.assign(outputs, {
    'video-count': String(outcomes.length),
    'failed-count': String(outcomes.filter((outcome) => outcome.status === 'failed').length),
    'plate-count': String(totalPlates),
    'changed-files': replaced.join('\n'),
    report: reportPath,
    'artifact-id': artifact ? String(artifact.id) : '',
    'artifact-url': artifact?.url ?? '',
  });
  const problems = collectProblems(state, outcomes);
  return finish({ failureMessage: problems.length > 0 ? problems.join('\n') : undefined, outcomes, artifact });
}
