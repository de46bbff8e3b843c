// Orchestration of one action run, with every side effect outside the file system injected so unit
// tests can drive it without GitHub, Docker or the real pipeline. main.ts wires the real ones.
import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PlatesDocument } from '../output/document.js';
import type { DetectOptions, EngineName, ObscureOptions } from '../pipeline/options.js';
import { DEFAULT_DETECT_OPTIONS, DEFAULT_OBSCURE_OPTIONS, defaultPreset } from '../pipeline/options.js';
import { describeError } from '../util/errors.js';
import { planAnnotations } from './annotations.js';
import { uploadResults, type ArtifactUploader, type UploadedArtifact } from './artifacts.js';
import { describeDockerImage, type DockerImageResult } from './docker-cache.js';
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

export interface RunDeps {
  /** The pipeline's redactVideo (the same the CLI calls). */
  redact: RedactFunction;
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
}

/** `videos/a.mp4` -> `<out>/videos/a.redacted.mp4` and `<out>/videos/a.plates.json`. */
export function outputPathsFor(outputDir: string, relativePath: string): { video: string; json: string } {
  const extension = path.posix.extname(relativePath);
  const stem = extension === '' ? relativePath : relativePath.slice(0, -extension.length);
  return {
    video: path.join(outputDir, `${stem}.redacted${extension}`),
    json: path.join(outputDir, `${stem}.plates.json`),
  };
}

async function writeFileAtomically(file: string, content: string): Promise<void> {
  const partial = `${file}.partial-${process.pid}`;
  await writeFile(partial, content);
  await rename(partial, file);
}

/** Replaces `original` by `replacement` with a rename, so a crash never leaves a half-written video. */
async function replaceFile(replacement: string, original: string): Promise<void> {
  const partial = path.join(path.dirname(original), `.${path.basename(original)}.number-jam-${process.pid}`);
  try {
    await copyFile(replacement, partial);
    await rename(partial, original);
  } finally {
    await rm(partial, { force: true });
  }
}

function pipelineOptions(inputs: ActionInputs, engine: EngineName, file: VideoFile, output: string, log: (line: string) => void): DetectOptions & ObscureOptions {
  return {
    ...DEFAULT_DETECT_OPTIONS,
    ...DEFAULT_OBSCURE_OPTIONS,
    input: file.absolutePath,
    output,
    regions: inputs.regions,
    confidence: inputs.confidence,
    extendDetectionMs: inputs.extendDetectionMs,
    engine,
    paddingWidth: inputs.paddingWidth,
    paddingHeight: inputs.paddingHeight,
    fadeDurationMs: inputs.fadeDurationMs,
    quality: inputs.quality,
    preset: defaultPreset(inputs.quality),
    log,
  };
}

function shown(workspace: string, file: string): string {
  return isInside(workspace, file) ? toPosixRelative(workspace, file) : file;
}

function listNames(names: readonly string[], max = 20): string {
  return names.slice(0, max).join(', ') + (names.length > max ? `, … (${names.length - max} more)` : '');
}

async function redactOne(inputs: ActionInputs, engine: EngineName, file: VideoFile, outputDir: string, workspace: string, deps: RunDeps): Promise<VideoOutcome> {
  const started = deps.now();
  const target = outputPathsFor(outputDir, file.path);
  deps.log.info(`Redacting ${file.path} -> ${shown(workspace, target.video)}`);
  try {
    await mkdir(path.dirname(target.video), { recursive: true });
    const document = await deps.redact(pipelineOptions(inputs, engine, file, target.video, (line) => deps.log.info(`  ${line}`)));
    // The pipeline writes atomically; still refuse to treat a missing or empty file as redacted.
    const written = await stat(target.video).catch(() => undefined);
    if (!written || written.size === 0) throw new Error(`the pipeline reported success but wrote no video at ${target.video}`);
    await writeFileAtomically(target.json, `${JSON.stringify(document, null, 2)}\n`);
    return { path: file.path, status: 'redacted', document, output: shown(workspace, target.video), durationMs: deps.now() - started };
  } catch (error) {
    // Whatever the pipeline left behind is not a complete redaction: it must not be uploaded.
    await rm(target.video, { force: true });
    await rm(target.json, { force: true });
    const message = describeError(error);
    deps.log.info(`  failed: ${message}`);
    return { path: file.path, status: 'failed', error: message, durationMs: deps.now() - started };
  }
}

export function buildReport(outcomes: readonly VideoOutcome[], extra: { version: string; matched: number; shard?: { index: number; count: number }; engines: string[]; durationMs: number }, outputDir: string): object {
  return {
    tool: 'number-jam',
    version: extra.version,
    shard: extra.shard ?? null,
    matchedVideos: extra.matched,
    engines: extra.engines,
    durationMs: extra.durationMs,
    totals: {
      videos: outcomes.length,
      redacted: outcomes.filter((outcome) => outcome.status === 'redacted').length,
      failed: outcomes.filter((outcome) => outcome.status === 'failed').length,
      plates: outcomes.reduce((sum, outcome) => sum + platesOf(outcome.document), 0),
    },
    videos: outcomes.map((outcome) => ({
      input: outcome.path,
      status: outcome.status,
      error: outcome.error ?? null,
      output: outcome.status === 'redacted' ? outputPathsFor('.', outcome.path).video.split(path.sep).join('/') : null,
      document: outcome.status === 'redacted' ? outputPathsFor('.', outcome.path).json.split(path.sep).join('/') : null,
      plates: platesOf(outcome.document),
      durationMs: outcome.durationMs,
      summary: outcome.document?.summary ?? [],
    })),
    outputDir,
  };
}

export async function run(inputs: ActionInputs, context: RunContext, deps: RunDeps, version = '0.0.0'): Promise<RunResult> {
  const started = deps.now();
  const workspace = path.resolve(context.workspace);
  const outputDir = path.resolve(workspace, inputs.outputDir);
  const notes = [...(context.notes ?? [])];
  const outputs: Record<string, string> = {
    'video-count': '0', 'failed-count': '0', 'plate-count': '0', report: '', 'output-dir': outputDir, 'artifact-id': '', 'artifact-url': '',
  };
  const finish = (result: Omit<RunResult, 'outputs'>): RunResult => {
    for (const [name, value] of Object.entries(outputs)) deps.setOutput(name, value);
    return { ...result, outputs };
  };

  const { files: matched, skipped } = await expandVideoGlobs(inputs.videos, workspace, [outputDir]);
  for (const reason of skipped) deps.log.warning(`Skipped ${reason}`, { title: 'number-jam: video skipped' });
  if (matched.length === 0) {
    const message = `No video matched the 'videos' patterns in ${workspace}: ${inputs.videos.join(', ')}`;
    if (inputs.ifNoFilesFound === 'error') return finish({ failureMessage: message, outcomes: [] });
    if (inputs.ifNoFilesFound === 'warn') deps.log.warning(message, { title: 'number-jam: no videos' });
    else deps.log.info(message);
    return finish({ outcomes: [] });
  }
  const files = inputs.shard ? selectShard(matched, inputs.shard) : matched;
  if (inputs.shard) deps.log.info(`Shard ${inputs.shard.index}/${inputs.shard.count}: ${files.length} of ${matched.length} matched videos.`);

  let engine = inputs.engine;
  if (engine !== 'embedded' && deps.prepareDockerImage) {
    const image = await deps.prepareDockerImage();
    const line = describeDockerImage(image);
    notes.push(line);
    if (image.status === 'build-failed' && engine === 'auto') {
      deps.log.warning(`${line} Continuing with the embedded engine only.`, { title: 'number-jam: OpenALPR unavailable' });
      engine = 'embedded';
    } else {
      deps.log.info(line);
    }
  }

  const outcomes: VideoOutcome[] = [];
  for (const file of files) outcomes.push(await redactOne(inputs, engine, file, outputDir, workspace, deps));
  const redacted = outcomes.filter((outcome) => outcome.status === 'redacted');
  const failed = outcomes.filter((outcome) => outcome.status === 'failed');
  const totalPlates = outcomes.reduce((sum, outcome) => sum + platesOf(outcome.document), 0);
  const engines = [...new Set(redacted.flatMap((outcome) => outcome.document?.engines ?? []))];

  await mkdir(outputDir, { recursive: true });
  const reportPath = path.join(outputDir, REPORT_FILE);
  await writeFileAtomically(reportPath, `${JSON.stringify(buildReport(outcomes, {
    version, matched: matched.length, shard: inputs.shard, engines, durationMs: deps.now() - started,
  }, shown(workspace, outputDir)), null, 2)}\n`);

  const problems: string[] = [];
  if (inputs.inPlace) {
    for (const outcome of redacted) {
      const file = files.find((candidate) => candidate.path === outcome.path)!;
      await replaceFile(outputPathsFor(outputDir, outcome.path).video, file.absolutePath);
    }
    if (redacted.length > 0) deps.log.info(`Replaced ${redacted.length} video(s) in the workspace with their redacted versions.`);
  }

  let artifact: UploadedArtifact | undefined;
  if (inputs.uploadArtifacts && redacted.length > 0) {
    const uploads = [
      ...redacted.flatMap((outcome) => {
        const target = outputPathsFor(outputDir, outcome.path);
        return [target.video, target.json];
      }),
      reportPath,
    ];
    try {
      artifact = await uploadResults(deps.uploader, context.env, inputs.artifactName, uploads, outputDir, inputs.retentionDays);
      deps.log.info(`Uploaded artifact '${inputs.artifactName}' (id ${artifact.id}, ${artifact.size} bytes): ${artifact.url}`);
    } catch (error) {
      problems.push(`Uploading the artifact '${inputs.artifactName}' failed: ${describeError(error)}`);
    }
  }

  for (const annotation of planAnnotations(outcomes, inputs.failOnPlates)) {
    deps.log[annotation.level](annotation.message, { title: annotation.title, ...(annotation.file ? { file: annotation.file } : {}) });
  }

  const report: SummaryReport = {
    videos: outcomes, matchedCount: matched.length, shard: inputs.shard, engines, totalPlates,
    durationMs: deps.now() - started, artifactUrl: artifact?.url, notes, inPlace: inputs.inPlace && redacted.length > 0,
  };
  try {
    await deps.writeSummary(renderSummary(report));
  } catch (error) {
    deps.log.warning(`Could not write the job summary: ${describeError(error)}`);
  }

  Object.assign(outputs, {
    'video-count': String(outcomes.length),
    'failed-count': String(failed.length),
    'plate-count': String(totalPlates),
    report: reportPath,
    'artifact-id': artifact ? String(artifact.id) : '',
    'artifact-url': artifact?.url ?? '',
  });
  if (failed.length > 0) problems.unshift(`Redaction failed for ${failed.length} of ${outcomes.length} video(s): ${listNames(failed.map((outcome) => outcome.path))}`);
  if (inputs.failOnPlates && totalPlates > 0) {
    const withPlates = redacted.filter((outcome) => platesOf(outcome.document) > 0).map((outcome) => outcome.path);
    problems.push(`fail-on-plates: ${totalPlates} number plate(s) found in ${withPlates.length} video(s): ${listNames(withPlates)}`);
  }
  return finish({ failureMessage: problems.length > 0 ? problems.join('\n') : undefined, outcomes, artifact });
}
