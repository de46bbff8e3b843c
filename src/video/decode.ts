// Streams every decoded frame as packed RGB24 through ffmpeg's stdout (no per-frame files).
import { execa } from 'execa';
import type { Frame, VideoInfo } from '../types.js';
import { UserError } from '../util/errors.js';
import { isFullRange, matrixFor } from './colour.js';
import { fileUrl, locateFfmpeg, passthroughSyncArgs } from './ffmpeg.js';
import { detailsOf, firstLine, type VideoDetails } from './probe.js';

export interface DecodeOptions {
  signal?: AbortSignal;
  pixelFormat?: 'rgb24';
  /**
   * Recycle frame buffers (two, alternately) instead of allocating one per frame: a 1080p frame is 6 MB, and
   * allocating one per frame keeps the garbage collector busy for a third of the obscure pass. Only for
   * consumers that are done with a frame before they ask for the one after next (the pipeline is).
   */
  reuseBuffers?: boolean;
  /**
   * Frames to decode ahead of the consumer (default 0). ffmpeg can only run while its stdout pipe has room
   * (about 64 KB, 1 % of a 1080p frame), so without read-ahead the decoder idles whenever the consumer is
   * busy; with it, frames are read from the pipe whenever the consumer awaits something else (the encoder
   * draining), and the decoder keeps working meanwhile. Memory: readAhead + 2 frames.
   */
  readAhead?: number;
}

/** ffmpeg arguments for decoding `details` to RGB24 on stdout (pure; unit-tested). */
export function decodeArgs(details: VideoDetails, syncArgs: string[], select?: readonly number[]): string[] {
  const facts = { ...details, pixelFormat: details.info.pixelFormat };
  // Name the source matrix and range explicitly: untagged HD is BT.709 in practice, and yuvj* is full range.
  const scale = `scale=in_color_matrix=${matrixFor(facts)}:in_range=${isFullRange(facts) ? 'full' : 'limited'}`;
  return [
    '-nostdin',
    '-hide_banner',
    '-nostats',
    '-v',
    'error',
    // ffmpeg applies the display rotation itself (autorotate is on by default), matching probeVideo's width/height.
    '-i',
    fileUrl(details.info.path),
    '-map',
    `0:${details.streamIndex}`,
    ...syncArgs,
    '-vf',
    // select first: the frames left out are decoded (H.264 needs them) but never converted or piped.
    `${select ? `${selectFilter(select)},` : ''}${scale},format=rgb24`,
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  ];
}

/** ffmpeg's `select` for these frame numbers (decode order of displayed frames, 0-based; pure). */
export function selectFilter(indices: readonly number[]): string {
  return `select='${indices.map((i) => `eq(n,${i})`).join('+')}'`;
}

/**
 * Decode only the frames at `indices` (0-based, as decodeFrames numbers them), in order, in one ffmpeg run:
 * the rest of the stream is decoded, as H.264 needs, but never converted to RGB or piped. For looking at a
 * few frames of a long video (the verify check, the review sheet) without the cost of reading all of them.
 */
export async function* decodeFramesAt(
  video: VideoInfo | VideoDetails,
  indices: readonly number[],
  options: Pick<DecodeOptions, 'signal'> = {},
): AsyncGenerator<Frame> {
  options.signal?.throwIfAborted();
  const details = await detailsOf(video);
  const wanted = [...new Set(indices)]
    .filter((i) => Number.isInteger(i) && i >= 0 && i < details.timestampsMs.length)
    .sort((a, b) => a - b);
  // The select expression is one argument (Linux caps one at 128 KiB): long lists go in several runs.
  for (let start = 0; start < wanted.length; start += MAX_SELECTED_PER_RUN) {
    yield* decodeSelected(details, wanted.slice(start, start + MAX_SELECTED_PER_RUN), options.signal);
  }
}

/** Frames per ffmpeg run of decodeFramesAt (a select expression of ~15 bytes per frame). */
const MAX_SELECTED_PER_RUN = 2000;

/** One ffmpeg run for `wanted` (sorted, distinct, in range); it stops after the last of them. */
async function* decodeSelected(details: VideoDetails, wanted: readonly number[], signal: AbortSignal | undefined): AsyncGenerator<Frame> {
  const { info } = details;
  const { width, height } = info;
  const { ffmpeg } = await locateFfmpeg();
  const args = decodeArgs(details, await passthroughSyncArgs(), wanted);
  // Stop once the last wanted frame is out instead of decoding the rest of the stream.
  args.splice(args.indexOf('-f'), 0, '-frames:v', String(wanted.length));
  const child = execa(ffmpeg, args, {
    stdin: 'ignore',
    buffer: { stdout: false, stderr: true },
    encoding: 'buffer',
    reject: false,
    maxBuffer: { stderr: 1024 * 1024 },
    cancelSignal: signal,
  });
  let got = 0;
  let completed = false;
  try {
    for await (const data of readFixedChunks(child.stdout, width * height * 3)) {
      if (got >= wanted.length) break;
      signal?.throwIfAborted();
      const index = wanted[got]!;
      yield { index, timestampMs: details.timestampsMs[index]!, width, height, data };
      got++;
    }
    const result = await child;
    signal?.throwIfAborted();
    if (got !== wanted.length) {
      const stderr = Buffer.from(result.stderr ?? '').toString('utf8');
      throw new UserError(
        `cannot decode ${info.path}: got ${got} of ${wanted.length} selected frames${firstLine(stderr) ? ` (${firstLine(stderr)})` : ''}`,
      );
    }
    completed = true;
  } finally {
    if (!completed) {
      child.kill('SIGKILL');
      await child.catch(() => undefined);
    }
  }
}

/**
 * Decode every frame exactly once, in display order, with its real presentation time (ms from the first frame).
 * Frames are `info.width x info.height` (rotation applied). Pass the VideoDetails where they are at hand (a
 * VideoInfo alone is looked up again). A stream that decodes to fewer or more frames than
 * probed (corruption), or that ffmpeg fails on, ends the iteration with a UserError.
 */
export async function* decodeFrames(video: VideoInfo | VideoDetails, options: DecodeOptions = {}): AsyncGenerator<Frame> {
  const { signal } = options;
  signal?.throwIfAborted();
  const details = await detailsOf(video);
  const { info } = details;
  const { width, height } = info;
  const { ffmpeg } = await locateFfmpeg();
  const args = decodeArgs(details, await passthroughSyncArgs());
  const child = execa(ffmpeg, args, {
    stdin: 'ignore',
    buffer: { stdout: false, stderr: true },
    encoding: 'buffer',
    reject: false,
    maxBuffer: { stderr: 1024 * 1024 },
    cancelSignal: signal,
  });
  const frameBytes = width * height * 3;
  const expected = details.timestampsMs.length;
  let index = 0;
  let completed = false;
  try {
    const readAheadFrames = Math.max(0, options.readAhead ?? 0);
    const chunks = readFixedChunks(child.stdout, frameBytes, options.reuseBuffers ? 2 + readAheadFrames : 0);
    for await (const data of readAhead(chunks, readAheadFrames)) {
      if (index >= expected) {
        index++; // more frames than packets: reported below
        break;
      }
      signal?.throwIfAborted();
      yield { index, timestampMs: details.timestampsMs[index]!, width, height, data };
      index++;
    }
    signal?.throwIfAborted();
    const result = await child;
    signal?.throwIfAborted();
    const stderr = Buffer.from(result.stderr ?? '').toString('utf8');
    if (result.exitCode !== 0 && index < expected) {
      throw new UserError(`cannot decode ${info.path}: ${firstLine(stderr) || `ffmpeg exited with ${result.exitCode}`}`);
    }
    if (index !== expected) {
      throw new UserError(
        `video is corrupt: decoded ${index > expected ? 'more than' : index} of ${expected} frames from ${info.path}` +
          (firstLine(stderr) ? ` (${firstLine(stderr)})` : ''),
      );
    }
    completed = true;
  } finally {
    if (!completed) {
      child.kill('SIGKILL');
      await child.catch(() => undefined);
    }
  }
}

/**
 * Yields what `source` yields, in order, while pulling up to `depth` items ahead of the consumer whenever the
 * consumer is not running (it awaits something else). Never more than `depth` items wait in the queue, so a
 * source that recycles a pool of buffers needs depth + 2 of them (one held by the consumer, one being
 * filled). An error from the source is thrown after the items that came before it. When the consumer stops
 * early the source is closed once its pending read settles, without waiting for it.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, depth: number): AsyncGenerator<T> {
  if (depth <= 0) {
    yield* source;
    return;
  }
  const iterator = source[Symbol.asyncIterator]();
  const queue: IteratorResult<T>[] = [];
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const notifyConsumer = (): void => {
    wakeConsumer?.();
    wakeConsumer = undefined;
  };
  const producer = (async () => {
    try {
      for (;;) {
        while (queue.length >= depth && !stopped) await new Promise<void>((resolve) => (wakeProducer = resolve));
        if (stopped) return;
        const result = await iterator.next();
        queue.push(result);
        notifyConsumer();
        if (result.done) return;
      }
    } catch (error) {
      failure = { error };
      notifyConsumer();
    }
  })();
  try {
    for (;;) {
      while (queue.length === 0 && !failure) await new Promise<void>((resolve) => (wakeConsumer = resolve));
      const result = queue.shift();
      if (!result) throw failure!.error;
      wakeProducer?.();
      wakeProducer = undefined;
      if (result.done) return;
      yield result.value;
    }
  } finally {
    stopped = true;
    wakeProducer?.();
    void producer.then(() => iterator.return?.()).catch(() => undefined);
  }
}

/**
 * Cut a byte stream into Buffers of exactly `size` bytes. Each output Buffer is allocated once and filled by
 * copying from the incoming chunks (one copy per byte; a chunk that is exactly one aligned frame is handed on
 * as is). A trailing partial chunk is dropped: the caller detects the short count.
 */
export async function* readFixedChunks(stream: AsyncIterable<Uint8Array>, size: number, recycle = 0): AsyncGenerator<Buffer> {
  let current: Buffer | undefined;
  let filled = 0;
  // With `recycle` > 0, output buffers come round-robin from a fixed pool instead of fresh allocations.
  const pool: Buffer[] = [];
  let next = 0;
  const allocate = (): Buffer => {
    if (recycle <= 0) return Buffer.allocUnsafe(size);
    if (pool.length < recycle) pool.push(Buffer.allocUnsafe(size));
    const buffer = pool[next % pool.length]!;
    next++;
    return buffer;
  };
  for await (const raw of stream) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    let offset = 0;
    while (offset < chunk.length) {
      if (!current && chunk.length - offset === size && offset === 0) {
        yield chunk;
        offset = size;
        break;
      }
      current ??= allocate();
      const copied = chunk.copy(current, filled, offset, Math.min(chunk.length, offset + size - filled));
      filled += copied;
      offset += copied;
      if (filled === size) {
        const frame = current;
        current = undefined;
        filled = 0;
        yield frame;
      }
    }
  }
}
