import path from 'node:path';
import { CoverTimeline, obscureFrame, SteadyColours } from '../obscuring/index.js';
import {
  assertDocumentMatchesVideo,
  checkDocumentSource,
  type DocumentEntry,
  type DocumentHistory,
  documentCoverageWarnings,
  type PlatesDocument,
  type VerifyRecord,
} from '../output/index.js';
import {
  changedStreams,
  copyRefusal,
  copyVideo,
  decodeFrames,
  droppedStreams,
  openEncoder,
  probeVideoDetails,
  type VideoDetails,
  withAtomicOutput,
  writeFileAtomic,
} from '../video/index.js';
import { detectPlates } from './detect.js';
import type { EngineCache } from './engineCache.js';
import { inspectOutput } from './inspect.js';
import { type DetectOptions, encoderPreset, type ObscureOptions } from './options.js';
import { reviewSheetFor } from './sheet.js';
import { Stopwatch } from './stopwatch.js';
import { verifyOutput } from './verify.js';

/** Frames decoded ahead of painting in the render pass (memory: this + 2 frames, 6 MB each at 1080p). */
const RENDER_READ_AHEAD = 4;

/** Render every tracked polygon of `document` over `options.input` into `options.output` (atomically). */
export async function obscureVideo<H extends DocumentHistory>(
  document: PlatesDocument<H>,
  options: ObscureOptions,
): Promise<PlatesDocument<H | DocumentEntry[]>> {
  const stopwatch = new Stopwatch();
  const details = await stopwatch.time('probe', () => probeVideoDetails(options.input));
  assertDocumentMatchesVideo(document, details.info, 'tracking document');
  for (const line of checkDocumentSource(document, details.fingerprint, options.input, 'tracking document', options.allowVideoMismatch)) {
    options.log?.(line);
  }
  for (const line of documentCoverageWarnings(document, details.info)) options.log?.(line);
  const finished = await withAtomicOutput(options.input, options.output, (temporaryPath) =>
    renderFinished(document, details, temporaryPath, options, stopwatch),
  );
  const reviewSheet = await writeReviewSheet(finished.sheet, options);
  const output = path.resolve(options.output);
  return {
    ...finished.document,
    processingDuration: document.processingDuration + stopwatch.elapsed(),
    durations: mergeDurations(document.durations, stopwatch.totals()),
    output,
    ...extras(finished.verify, reviewSheet, options),
  };
}

/**
 * detect + obscure in one call: the common case. The output path is checked before any detection starts.
 * `engines`: see detectPlates.
 */
export async function redactVideo(options: DetectOptions & ObscureOptions, engines?: EngineCache): Promise<PlatesDocument> {
  const stopwatch = new Stopwatch();
  let detected: PlatesDocument | undefined;
  const finished = await withAtomicOutput(options.input, options.output, async (temporaryPath) => {
    detected = await detectPlates(options, engines);
    // detectPlates probed the input: this is that probe, from the cache (no second ffprobe).
    const details = await probeVideoDetails(options.input);
    return renderFinished(detected, details, temporaryPath, options, stopwatch);
  });
  const reviewSheet = await writeReviewSheet(finished.sheet, options);
  const output = path.resolve(options.output);
  return {
    ...finished.document,
    processingDuration: stopwatch.elapsed(),
    durations: mergeDurations(detected!.durations, stopwatch.totals()),
    output,
    ...extras(finished.verify, reviewSheet, options),
  };
}

interface Finished<H extends DocumentHistory> {
  /** The document as rendered (with the tracks of any repair). */
  document: PlatesDocument<H | DocumentEntry[]>;
  verify?: VerifyRecord;
  /** The review sheet's PNG, when asked for and there were plates. */
  sheet?: Buffer;
}

/**
 * Render, then (with `verify`) check the output and repair it, and (with `reviewSheet`) make the sheet from
 * the final output, all before the output is moved into place: a check that fails leaves nothing there.
 */
async function renderFinished<H extends DocumentHistory>(
  document: PlatesDocument<H>,
  details: VideoDetails,
  temporaryPath: string,
  options: ObscureOptions,
  stopwatch: Stopwatch,
): Promise<Finished<H>> {
  await renderObscured(document, details, temporaryPath, options, stopwatch);
  const style = { paddingWidth: options.paddingWidth, paddingHeight: options.paddingHeight };
  const tiles = options.reviewSheet !== undefined;
  let finished: Finished<H> = { document };
  let inspection: Awaited<ReturnType<typeof inspectOutput>> | undefined;
  if (options.verify) {
    const started = performance.now();
    const verified = await verifyOutput({
      document,
      input: details,
      output: temporaryPath,
      target: options.output,
      style,
      fadeDurationMs: options.fadeDurationMs,
      tiles,
      // A repair renders again from the input; its time counts as the check's, not as another render.
      render: (repaired) =>
        renderObscured(repaired, details, temporaryPath, { ...options, onProgress: undefined, note: undefined }, new Stopwatch()),
      log: options.log,
      signal: options.signal,
      maxRounds: options.verifyRounds,
    });
    stopwatch.add('verify', performance.now() - started);
    finished = { document: verified.document, verify: verified.record };
    inspection = verified.inspection;
  } else if (tiles && document.tracking.length > 0) {
    inspection = await stopwatch.time('reviewSheet', () =>
      inspectOutput({
        document,
        output: temporaryPath,
        input: details,
        style,
        fadeDurationMs: options.fadeDurationMs,
        tiles: true,
        signal: options.signal,
      }),
    );
  }
  if (tiles && inspection) {
    finished.sheet = await stopwatch.time('reviewSheet', () =>
      reviewSheetFor(finished.document, inspection, options.plateText ?? 'full', options.input),
    );
  }
  return finished;
}

/** Writes the sheet (after the video is in place); returns its path, null when there was none to write. */
async function writeReviewSheet(sheet: Buffer | undefined, options: ObscureOptions): Promise<string | null> {
  if (options.reviewSheet === undefined) return null;
  if (!sheet) {
    options.log?.(`no plates covered: no review sheet written to ${options.reviewSheet}`);
    return null;
  }
  await writeFileAtomic(options.reviewSheet, sheet);
  return path.resolve(options.reviewSheet);
}

/** The document fields verify and the review sheet add, only when they were asked for. */
function extras(verify: VerifyRecord | undefined, reviewSheet: string | null, options: ObscureOptions): Partial<PlatesDocument> {
  return {
    ...(verify ? { verify } : {}),
    ...(options.reviewSheet !== undefined ? { reviewSheet } : {}),
  };
}

/** Paint `document`'s covers over the probed input into `temporaryPath`; `details` are passed on, not probed again. */
async function renderObscured(
  document: PlatesDocument<DocumentHistory>,
  details: VideoDetails,
  temporaryPath: string,
  options: ObscureOptions,
  stopwatch: Stopwatch,
): Promise<void> {
  const { info } = details;
  // Streams the output will not carry are said, never dropped silently.
  for (const line of droppedStreams(details, temporaryPath)) options.log?.(line);
  // What is carried but changed (audio re-encoded, bit depth) is said too, once.
  for (const line of changedStreams(details, temporaryPath)) options.log?.(line);
  const timeline = new CoverTimeline(document.tracking, options.fadeDurationMs, 1000 / info.fps);
  if (!details.timestampsMs.some((t) => timeline.shapesAt(t).length > 0)) {
    // Nothing to paint on any frame: the pixels stay as they are, so the video need not be re-encoded.
    const refusal = await copyRefusal(details, temporaryPath, options.signal);
    if (refusal === undefined) {
      options.note?.('nothing to cover: the video stream is copied as it is, not re-encoded');
      const started = Date.now();
      await stopwatch.time('encode', () => copyVideo(details, temporaryPath, { signal: options.signal }));
      options.onProgress?.({
        stage: 'obscure',
        frame: info.frameCount,
        totalFrames: info.frameCount,
        detections: 0,
        fps: info.frameCount / Math.max(0.001, (Date.now() - started) / 1000),
      });
      return;
    }
    options.note?.(`nothing to cover, but the video is re-encoded: ${refusal}`);
  }
  const style = { paddingWidth: options.paddingWidth, paddingHeight: options.paddingHeight };
  const colours = new SteadyColours();
  const encoder = await openEncoder(details, temporaryPath, { crf: options.crf, preset: encoderPreset(options), signal: options.signal });
  const started = Date.now();
  let written = 0;
  // Read-ahead lets the decoder's ffmpeg work while this loop waits for the encoder to take a frame.
  const frames = decodeFrames(details, { signal: options.signal, reuseBuffers: true, readAhead: RENDER_READ_AHEAD });
  try {
    for (;;) {
      const next = await stopwatch.time('decode', () => frames.next());
      if (next.done) break;
      const frame = next.value;
      stopwatch.timeSync('obscure', () =>
        obscureFrame(frame, timeline.shapesAt(frame.timestampMs), style, { colours, timestampMs: frame.timestampMs }),
      );
      await stopwatch.time('encode', () => encoder.write(frame.data));
      written++;
      options.onProgress?.({
        stage: 'obscure',
        frame: written,
        totalFrames: info.frameCount,
        detections: document.tracking.length,
        fps: written / Math.max(0.001, (Date.now() - started) / 1000),
      });
    }
    await stopwatch.time('encode', () => encoder.finish());
  } catch (error) {
    await encoder.abort();
    throw error;
  } finally {
    // A hand-driven next() loop does not close the generator when something throws: without this the
    // decoder's ffmpeg stays alive, blocked on a full pipe, and the process never exits.
    await frames.return(undefined);
  }
}

function mergeDurations(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const merged = { ...a };
  for (const [stage, ms] of Object.entries(b)) merged[stage] = (merged[stage] ?? 0) + ms;
  return merged;
}
