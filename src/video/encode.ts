// Encodes RGB24 frames to H.264 (libx264, yuv420p) with the input's audio copied unchanged.
//
// Timing: constant-rate output is fed as a rawvideo pipe at the input's exact rational rate. Variable-rate
// output is fed as a Matroska stream (see mkv.ts) whose 1 µs timestamps carry each frame's time, and the
// encoder time base is set to the input stream's, so rounding recovers the input's exact ticks.
//
// Odd sizes: H.264 4:2:0 can only crop in 2-pixel units, so an odd width/height cannot be encoded exactly.
// The frame is padded by one column/row at the right/bottom, filled by repeating the edge pixels (no dark
// border, no chroma bleed); the output is then 1 px wider/taller than the input, with every original pixel
// at the same coordinates (nothing is scaled or shifted).
import type { Writable } from 'node:stream';
import { execa, type ResultPromise } from 'execa';
import type { VideoInfo } from '../types.js';
import { UserError } from '../util/errors.js';
import { matrixFor, outputColourTags } from './colour.js';
import { audioCodecFor, outputContainerFor } from './container.js';
import { locateFfmpeg, passthroughSyncArgs } from './ffmpeg.js';
import { mkvFrameHeader, mkvHeader } from './mkv.js';
import { firstLine, probeVideoDetails, type VideoDetails } from './probe.js';

export interface EncoderOptions {
  crf: number;
  preset: string;
  /** Presentation time (ms from the first frame) of each frame to be written; default: the input's own. */
  timestampsMs?: number[];
  signal?: AbortSignal;
}

export interface FrameEncoder {
  /** Queue one packed RGB24 frame (info.width x info.height); resolves when the pipe can take more. */
  write(rgb: Buffer): Promise<void>;
  /** Close the input and wait for a complete file. */
  finish(): Promise<void>;
  /** Stop ffmpeg; the (partial) output is left for the caller (withAtomicOutput) to delete. */
  abort(): Promise<void>;
}

/** Timestamps evenly spaced at `fps` (each within a quarter frame of i/fps) need no explicit timing. */
export function fitsConstantRate(timestampsMs: number[], fps: number): boolean {
  if (!(fps > 0)) return false;
  const period = 1000 / fps;
  return timestampsMs.every((t, i) => Math.abs(t - i * period) <= period / 4);
}

/** Even size that holds `width x height` (yuv420p needs even dimensions). */
export function paddedSize(width: number, height: number): { width: number; height: number } {
  return { width: width + (width % 2), height: height + (height % 2) };
}

/** ffmpeg muxer for the output's extension (container.ts; a UserError when it cannot hold H.264). */
export function containerFormatFor(outputPath: string): string {
  return outputContainerFor(outputPath).muxer;
}

interface EncodePlan {
  args: string[];
  /** Timestamps when frames are sent in Matroska; undefined for a constant-rate rawvideo pipe. */
  timestampsMs?: number[];
}

/** ffmpeg arguments for one encode (pure; unit-tested). */
export function encodePlan(
  details: VideoDetails, outputPath: string, options: EncoderOptions, syncArgs: string[],
): EncodePlan {
  const { info } = details;
  const timestamps = options.timestampsMs ?? (info.variableFrameRate ? details.timestampsMs : undefined);
  const useMkv = timestamps !== undefined && !fitsConstantRate(timestamps, info.fps);
  const input = useMkv
    ? ['-f', 'matroska', '-i', 'pipe:0']
    : ['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${info.width}x${info.height}`, '-framerate', info.frameRate,
      '-i', 'pipe:0'];
  const audioInput = info.hasAudio ? ['-i', info.path] : [];

  const filters: string[] = [];
  const even = paddedSize(info.width, info.height);
  if (even.width !== info.width || even.height !== info.height) {
    filters.push(`pad=${even.width}:${even.height}:0:0`);
    filters.push(`fillborders=right=${even.width - info.width}:bottom=${even.height - info.height}:mode=smear`);
  }
  // The same matrix the decoder used (colour.ts), so the round trip does not shift colours.
  // Output is always limited range; full-range input was expanded correctly by the decoder.
  const matrix = matrixFor({ ...details, pixelFormat: info.pixelFormat });
  filters.push(`scale=out_color_matrix=${matrix}:out_range=limited`, 'format=yuv420p');
  const tags = outputColourTags(matrix);

  const container = outputContainerFor(outputPath);
  const audioArgs = info.hasAudio ? ['-map', '1:a?', '-c:a', audioCodecFor(container, details.audioCodecs)] : [];
  const args = [
    '-nostdin', '-hide_banner', '-nostats', '-v', 'error', '-y',
    ...input,
    ...audioInput,
    '-map', '0:v:0',
    ...audioArgs,
    '-vf', filters.join(','),
    '-c:v', 'libx264', '-preset', options.preset, '-crf', String(options.crf), '-pix_fmt', 'yuv420p',
    '-colorspace', tags.space, '-color_primaries', tags.primaries, '-color_trc', tags.transfer,
    '-color_range', 'tv',
    ...syncArgs,
    ...(useMkv ? ['-enc_time_base:v', `${details.timeBase[0]}:${details.timeBase[1]}`] : []),
    // Nothing from the input's global metadata (GPS position, device names) is carried over.
    '-map_metadata', '-1',
    '-max_muxing_queue_size', '4096',
    ...container.muxerArgs,
    '-f', container.muxer,
    outputPath,
  ];
  return { args, timestampsMs: useMkv ? timestamps : undefined };
}

/** Start ffmpeg encoding to `outputPath`; write exactly the frames you want in the output. */
export async function openEncoder(info: VideoInfo, outputPath: string, options: EncoderOptions): Promise<FrameEncoder> {
  options.signal?.throwIfAborted();
  const details = await probeVideoDetails(info.path);
  const merged: VideoDetails = { ...details, info: { ...details.info, ...info } };
  const plan = encodePlan(merged, outputPath, options, await passthroughSyncArgs());
  const { ffmpeg } = await locateFfmpeg();
  const child = execa(ffmpeg, plan.args, {
    stdin: 'pipe',
    stdout: 'ignore',
    buffer: { stderr: true },
    reject: false,
    maxBuffer: { stderr: 1024 * 1024 },
    cancelSignal: options.signal,
  });
  return new PipeEncoder(child, info, outputPath, plan.timestampsMs, options.signal);
}

type EncoderProcess = ResultPromise<{ stdin: 'pipe'; stdout: 'ignore'; buffer: { stderr: true }; reject: false }>;

class PipeEncoder implements FrameEncoder {
  private readonly frameBytes: number;
  private readonly stdin: Writable;
  private written = 0;
  private exited = false;
  private failure: Error | undefined;

  constructor(
    private readonly child: EncoderProcess,
    private readonly info: VideoInfo,
    private readonly outputPath: string,
    private readonly timestampsMs: number[] | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.frameBytes = info.width * info.height * 3;
    this.stdin = child.stdin as Writable;
    // EPIPE when ffmpeg dies is reported through the exit status, not as an unhandled 'error'.
    this.stdin.on('error', () => undefined);
    void child.then((result) => {
      this.exited = true;
      if (result.exitCode !== 0 && !this.failure) this.failure = this.errorFrom(result.stderr);
    });
    if (timestampsMs) this.stdin.write(mkvHeader(info.width, info.height));
  }

  async write(rgb: Buffer): Promise<void> {
    this.signal?.throwIfAborted();
    if (this.failure) throw this.failure;
    if (this.exited) throw new UserError(`ffmpeg stopped before all frames were written to ${this.outputPath}`);
    if (rgb.length !== this.frameBytes) {
      throw new Error(`frame is ${rgb.length} bytes, expected ${this.frameBytes} (${this.info.width}x${this.info.height} RGB24)`);
    }
    if (this.timestampsMs) {
      const timestamp = this.timestampsMs[this.written];
      if (timestamp === undefined) {
        throw new Error(`frame ${this.written} has no timestamp (${this.timestampsMs.length} given)`);
      }
      this.stdin.write(mkvFrameHeader(timestamp * 1000, rgb.length));
    }
    this.written++;
    if (!this.stdin.write(rgb)) await this.drained();
  }

  async finish(): Promise<void> {
    if (this.written === 0) {
      await this.abort();
      throw new Error(`no frames were written to ${this.outputPath}`);
    }
    this.stdin.end();
    const result = await this.child;
    this.signal?.throwIfAborted();
    if (this.failure) throw this.failure;
    if (result.exitCode !== 0) throw this.errorFrom(result.stderr);
  }

  async abort(): Promise<void> {
    this.stdin.destroy();
    if (!this.exited) this.child.kill('SIGKILL');
    await this.child.catch(() => undefined);
  }

  /** Wait until the pipe drains or ffmpeg exits (then the pending write can never drain). */
  private drained(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        this.stdin.off('drain', done);
        this.stdin.off('close', done);
        this.signal?.removeEventListener('abort', done);
        if (this.signal?.aborted) reject(this.signal.reason as Error);
        else if (this.failure) reject(this.failure);
        else resolve();
      };
      this.stdin.once('drain', done);
      this.stdin.once('close', done);
      this.signal?.addEventListener('abort', done, { once: true });
      void this.child.then(() => setImmediate(done));
    });
  }

  private errorFrom(stderr: unknown): UserError {
    const text = typeof stderr === 'string' ? stderr : Buffer.from((stderr as Uint8Array | undefined) ?? []).toString();
    return new UserError(`cannot write video ${this.outputPath}: ${firstLine(text) || 'ffmpeg failed'}`);
  }
}
