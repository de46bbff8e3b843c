import path from 'node:path';
import { CoverTimeline, obscureFrame, SteadyColours } from '../obscuring/index.js';
import { assertDocumentMatchesVideo, type DocumentHistory, documentCoverageWarnings, type PlatesDocument } from '../output/index.js';
import {
  copyVideo,
  decodeFrames,
  droppedStreams,
  openEncoder,
  probeVideoDetails,
  streamCopyRefusal,
  type VideoDetails,
  withAtomicOutput,
} from '../video/index.js';
import { detectPlates } from './detect.js';
import type { EngineCache } from './engineCache.js';
import { type DetectOptions, encoderPreset, type ObscureOptions } from './options.js';
import { Stopwatch } from './stopwatch.js';

/** Frames decoded ahead of painting in the render pass (memory: this + 2 frames, 6 MB each at 1080p). */
const RENDER_READ_AHEAD = 4;

/** Render every tracked polygon of `document` over `options.input` into `options.output` (atomically). */
export async function obscureVideo<H extends DocumentHistory>(
  document: PlatesDocument<H>,
  options: ObscureOptions,
): Promise<PlatesDocument<H>> {
  const stopwatch = new Stopwatch();
  const details = await stopwatch.time('probe', () => probeVideoDetails(options.input));
  assertDocumentMatchesVideo(document, details.info, 'tracking document');
  for (const line of documentCoverageWarnings(document, details.info)) options.log?.(line);
  await withAtomicOutput(options.input, options.output, (temporaryPath) =>
    renderObscured(document, details, temporaryPath, options, stopwatch),
  );
  const output = path.resolve(options.output);
  return {
    ...document,
    processingDuration: document.processingDuration + stopwatch.elapsed(),
    durations: mergeDurations(document.durations, stopwatch.totals()),
    output,
  };
}

/**
 * detect + obscure in one call: the common case. The output path is checked before any detection starts.
 * `engines`: see detectPlates.
 */
export async function redactVideo(options: DetectOptions & ObscureOptions, engines?: EngineCache): Promise<PlatesDocument> {
  const stopwatch = new Stopwatch();
  let detected: PlatesDocument | undefined;
  await withAtomicOutput(options.input, options.output, async (temporaryPath) => {
    detected = await detectPlates(options, engines);
    // detectPlates probed the input: this is that probe, from the cache (no second ffprobe).
    const details = await probeVideoDetails(options.input);
    await renderObscured(detected, details, temporaryPath, options, stopwatch);
  });
  const output = path.resolve(options.output);
  const document = detected!;
  return {
    ...document,
    processingDuration: stopwatch.elapsed(),
    durations: mergeDurations(document.durations, stopwatch.totals()),
    output,
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
  const timeline = new CoverTimeline(document.tracking, options.fadeDurationMs, 1000 / info.fps);
  if (!details.timestampsMs.some((t) => timeline.shapesAt(t).length > 0)) {
    // Nothing to paint on any frame: the pixels stay as they are, so the video need not be re-encoded.
    const refusal = streamCopyRefusal(details, temporaryPath);
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
