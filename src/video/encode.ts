// Encodes RGB24 frames to H.264 (libx264, yuv420p; yuv444p for odd sizes) with the input's audio copied unchanged.
//
// Timing: constant-rate output is fed as a rawvideo pipe at the input's exact rational rate. Variable-rate
// output is fed as a Matroska stream (see mkv.ts) whose 1 µs timestamps carry each frame's time, and the
// encoder time base is set to the input stream's, so rounding recovers the input's exact ticks.
//
// Odd sizes: H.264 4:2:0 can only crop in 2-pixel units, so an odd width/height cannot be stored in 4:2:0.
// Such frames are encoded 4:4:4 (High 4:4:4 Predictive profile, which crops in 1-pixel units), so the output
// has exactly the input's size. The cost: some hardware decoders and browsers play only 4:2:0.
import type { Writable } from 'node:stream';
import { execa, type ResultPromise } from 'execa';
import type { VideoInfo } from '../types.js';
import { UserError } from '../util/errors.js';
import { matrixFor, outputColourTags } from './colour.js';
import { audioCodecFor, outputContainerFor } from './container.js';
import { croppingRefusal } from './cropping.js';
import { ffmpegCapabilities, fileUrl, locateFfmpeg, passthroughSyncArgs } from './ffmpeg.js';
import { mkvFrameHeader, mkvHeader } from './mkv.js';
import { detailsOf, firstLine, probeVideoDetails, type VideoDetails } from './probe.js';

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

/** One frame at the nominal rate, in ms (25 fps where the rate is unknown). */
function nominalFramePeriodMs(fps: number): number {
  return fps > 0 ? 1000 / fps : 40;
}

/**
 * How long the last of `timestampsMs` is shown: until the input's end where that is known and later, else one
 * nominal frame period (pure; unit-tested).
 */
export function lastFrameDurationMs(timestampsMs: number[], durationMs: number, fps: number): number {
  const period = nominalFramePeriodMs(fps);
  const last = timestampsMs.at(-1);
  if (last === undefined || !(durationMs > last)) return period;
  return durationMs - last;
}

/** yuv420p, or yuv444p when a dimension is odd (4:2:0 cannot hold it exactly; see the top of this file). */
export function outputPixelFormat(width: number, height: number): 'yuv420p' | 'yuv444p' {
  return width % 2 === 0 && height % 2 === 0 ? 'yuv420p' : 'yuv444p';
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

/**
 * ffmpeg arguments for one encode (pure; unit-tested). `oldMuxer`: an ffmpeg older than 5.1 (the static build
 * @ffmpeg-installer ships) loses the last frame's duration when timed (Matroska) input is encoded in the input's time
 * base, and its MP4 muxer then ends the edit list where that frame starts, cutting it off. Such an encode gets no
 * B-frames (so the first frame is shown at 0 without an edit list) and no edit list.
 */
export function encodePlan(
  details: VideoDetails,
  outputPath: string,
  options: EncoderOptions,
  syncArgs: string[],
  oldMuxer = false,
): EncodePlan {
  const { info } = details;
  const timestamps = options.timestampsMs ?? (info.variableFrameRate ? details.timestampsMs : undefined);
  const useMkv = timestamps !== undefined && !fitsConstantRate(timestamps, info.fps);
  const input = useMkv
    ? ['-f', 'matroska', '-i', 'pipe:0']
    : ['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${info.width}x${info.height}`, '-framerate', info.frameRate, '-i', 'pipe:0'];
  const subtitles = subtitlePlan(details.subtitles ?? [], containerFormatFor(outputPath));
  // The input again, for the streams copied as they are (audio, subtitles).
  const audioInput = info.hasAudio || subtitles.args.length > 0 ? ['-i', fileUrl(info.path)] : [];

  const filters: string[] = [];
  const pixelFormat = outputPixelFormat(info.width, info.height);
  // The same matrix the decoder used (colour.ts), so the round trip does not shift colours.
  // Output is always limited range; full-range input was expanded correctly by the decoder.
  const matrix = matrixFor({ ...details, pixelFormat: info.pixelFormat });
  filters.push(`scale=out_color_matrix=${matrix}:out_range=limited`, `format=${pixelFormat}`);
  // Non-square pixels: the stored pixels' shape is kept (turned with the picture when the encode rotates it).
  const sar = displayedSampleAspectRatio(details.sampleAspectRatio ?? '1:1', info.rotation);
  if (sar !== '1:1') filters.push(`setsar=${sar.replace(':', '/')}`);
  // The input's own primaries and transfer where tagged (PQ and HLG HDR, BT.2020): the pixel values are passed
  // through in that encoding, so the tags that say how to show them must stay; else those of the matrix.
  const tags = outputColourTags(matrix, { primaries: details.colorPrimaries, transfer: details.colorTransfer });

  const container = outputContainerFor(outputPath);
  const audioArgs = carriedStreamArgs(details, outputPath, 1);
  const args = [
    '-nostdin',
    '-hide_banner',
    '-nostats',
    '-v',
    'error',
    '-y',
    ...input,
    ...audioInput,
    '-map',
    '0:v:0',
    ...audioArgs,
    '-vf',
    filters.join(','),
    '-c:v',
    'libx264',
    '-preset',
    options.preset,
    '-crf',
    String(options.crf),
    '-pix_fmt',
    pixelFormat,
    '-colorspace',
    tags.space,
    '-color_primaries',
    tags.primaries,
    '-color_trc',
    tags.transfer,
    '-color_range',
    'tv',
    ...syncArgs,
    ...(useMkv ? ['-enc_time_base:v', `${details.timeBase[0]}:${details.timeBase[1]}`] : []),
    // Nothing from the input's global metadata (GPS position, device names) is carried over.
    '-map_metadata',
    '-1',
    '-max_muxing_queue_size',
    '4096',
    ...container.muxerArgs,
    ...(useMkv && oldMuxer ? ['-bf', '0', ...(MOV_TEXT_MUXERS.has(container.muxer) ? ['-use_editlist', '0'] : [])] : []),
    '-f',
    container.muxer,
    fileUrl(outputPath),
  ];
  return { args, timestampsMs: useMkv ? timestamps : undefined };
}

/** The sample aspect ratio of the displayed picture: the stored one, inverted by a quarter turn (pure). */
export function displayedSampleAspectRatio(stored: string, rotation: number): string {
  const [num, den] = stored.split(':');
  return rotation === 90 || rotation === 270 ? `${den}:${num}` : stored;
}

/**
 * `-map`/`-c` arguments for the streams carried over from input `inputIndex` as they are: audio (copied
 * where the container holds its codec, else re-encoded) with its language tags, and the subtitles the
 * container can hold (subtitlePlan). Shared by the encode and the stream copy, so both keep the same streams.
 */
function carriedStreamArgs(details: VideoDetails, outputPath: string, inputIndex: number): string[] {
  const args: string[] = [];
  if (details.info.hasAudio) {
    args.push('-map', `${inputIndex}:a?`, '-c:a', audioCodecFor(outputContainerFor(outputPath), details.audioCodecs));
    // -map_metadata -1 drops stream tags too; the language is not private and players need it.
    (details.audioLanguages ?? []).forEach((language, i) => {
      if (language) args.push(`-metadata:s:a:${i}`, `language=${language}`);
    });
  }
  args.push(...subtitlePlan(details.subtitles ?? [], containerFormatFor(outputPath), inputIndex).args);
  return args;
}

/**
 * Why the input's video stream cannot be copied into `outputPath` as it is (when there is nothing to cover),
 * or undefined when it can (pure; unit-tested). The copy must be what the encode would promise: H.264 in a
 * container that holds it (outputContainerFor), stored upright (the encode applies a display rotation), in
 * the pixel format the encode writes.
 */
export function streamCopyRefusal(details: VideoDetails, outputPath: string): string | undefined {
  outputContainerFor(outputPath);
  const { info } = details;
  if (details.videoCodec !== 'h264') return `its video is ${details.videoCodec ?? 'of an unknown codec'}, not H.264`;
  if (info.rotation !== 0) return `its video is stored turned by ${info.rotation} degrees`;
  const pixelFormat = outputPixelFormat(info.width, info.height);
  if (info.pixelFormat !== pixelFormat) return `its pixel format is ${info.pixelFormat}, not ${pixelFormat}`;
  if (details.hiddenFrames > 0) {
    return `it stores ${details.hiddenFrames} picture(s) that players do not show (an edit list hides them), which a copy would pass on`;
  }
  return undefined;
}

/**
 * streamCopyRefusal, plus what only reading the stream tells: pictures stored larger than shown (H.264
 * cropping, see cropping.ts). Undefined only when every stored picture is a shown picture at its full size,
 * so that detection, which looks at the shown pictures, saw everything a copy would contain.
 */
export async function copyRefusal(details: VideoDetails, outputPath: string, signal?: AbortSignal): Promise<string | undefined> {
  return streamCopyRefusal(details, outputPath) ?? (await croppingRefusal(details, signal));
}

/** ffmpeg arguments that copy the input's video (and the streams the encode carries) without re-encoding (pure; unit-tested). */
export function copyPlan(details: VideoDetails, outputPath: string): string[] {
  const container = outputContainerFor(outputPath);
  return [
    '-nostdin',
    '-hide_banner',
    '-nostats',
    '-v',
    'error',
    '-y',
    '-i',
    fileUrl(details.info.path),
    '-map',
    '0:v:0',
    '-c:v',
    'copy',
    ...carriedStreamArgs(details, outputPath, 0),
    // As in the encode: nothing from the input's global metadata (GPS position, device names).
    '-map_metadata',
    '-1',
    '-max_muxing_queue_size',
    '4096',
    ...container.muxerArgs,
    '-f',
    container.muxer,
    fileUrl(outputPath),
  ];
}

/**
 * Write `outputPath` as a stream copy of the input's video (no decode, no encode): for a video with nothing
 * to cover, whose pixels then need no change. Checked like an encode (exit status, write errors, every frame
 * at its time in the finished file).
 */
export async function copyVideo(details: VideoDetails, outputPath: string, options: { signal?: AbortSignal } = {}): Promise<void> {
  options.signal?.throwIfAborted();
  const { ffmpeg } = await locateFfmpeg();
  const result = await execa(ffmpeg, copyPlan(details, outputPath), {
    stdin: 'ignore',
    stdout: 'ignore',
    buffer: { stderr: true },
    reject: false,
    maxBuffer: { stderr: 1024 * 1024 },
    cancelSignal: options.signal,
  });
  options.signal?.throwIfAborted();
  if (result.exitCode !== 0) throw writeError(outputPath, result.stderr);
  const failure = writeFailureLine(String(result.stderr ?? ''));
  if (failure) throw new UserError(`cannot write video ${outputPath}: ${failure}`);
  await verifyFinishedFile(outputPath, details.timestampsMs, details.timestampsMs.length);
}

/** The finished file must open and hold every frame written, ending at the expected time. */
async function verifyFinishedFile(outputPath: string, expectedTimestampsMs: number[], written: number): Promise<void> {
  let details: VideoDetails;
  try {
    details = await probeVideoDetails(outputPath);
  } catch (error) {
    throw new UserError(`cannot write video ${outputPath}: the finished file is unreadable (${(error as Error).message})`);
  }
  const problem = compareWithExpected(details.timestampsMs, expectedTimestampsMs.slice(0, written), written, details.info.fps);
  if (problem) throw new UserError(`cannot write video ${outputPath}: the finished file is incomplete (${problem})`);
}

function writeError(outputPath: string, stderr: unknown): UserError {
  const text = typeof stderr === 'string' ? stderr : Buffer.from((stderr as Uint8Array | undefined) ?? []).toString();
  return new UserError(`cannot write video ${outputPath}: ${firstLine(text) || 'ffmpeg failed'}`);
}

/** The first stderr line that says the output could not be written, even though ffmpeg exited 0 (pure; unit-tested). */
export function writeFailureLine(stderr: string): string | undefined {
  const line = stderr
    .split('\n')
    .find((l) => /Error writing trailer|Error closing file|No space left on device|Disk quota exceeded|Input\/output error/i.test(l));
  return line ? firstLine(line) : undefined;
}

/**
 * Why a finished file's frame times do not match what was written, or undefined when they do (pure;
 * unit-tested): the frame count must be exact and the last frame within 1.5 frame periods of its time.
 */
export function compareWithExpected(actualMs: number[], expectedMs: number[], written: number, fps: number): string | undefined {
  if (actualMs.length !== written) return `${actualMs.length} of ${written} frames`;
  if (expectedMs.length !== written || written === 0) return undefined;
  const expectedLast = expectedMs[written - 1]! - expectedMs[0]!;
  const actualLast = actualMs[written - 1]!;
  const period = nominalFramePeriodMs(fps);
  if (Math.abs(actualLast - expectedLast) > 1.5 * period) {
    return `last frame at ${Math.round(actualLast)} ms instead of ${Math.round(expectedLast)} ms`;
  }
  return undefined;
}

/** Subtitle codecs that are text, which MP4/MOV carry as mov_text. */
const TEXT_SUBTITLE_CODECS = new Set(['subrip', 'srt', 'ass', 'ssa', 'webvtt', 'mov_text', 'text']);
/** Muxers that carry text subtitles as mov_text (the MP4 family); MPEG-TS, FLV and AVI carry none that ffmpeg writes. */
const MOV_TEXT_MUXERS = new Set(['mp4', 'mov', '3gp']);

/**
 * Arguments that copy the input's subtitle streams (input `inputIndex`) where the container can hold them: Matroska takes
 * any (mov_text converted to SRT), MP4/MOV only text, as mov_text. `dropped` lists those left out (pure; unit-tested).
 */
export function subtitlePlan(
  subtitles: { codec: string; language: string }[],
  format: string,
  inputIndex = 1,
): { args: string[]; dropped: string[] } {
  const args: string[] = [];
  const dropped: string[] = [];
  let out = 0;
  subtitles.forEach(({ codec, language }, i) => {
    let target: string | undefined;
    if (format === 'matroska') target = codec === 'mov_text' ? 'srt' : 'copy';
    else if (MOV_TEXT_MUXERS.has(format) && TEXT_SUBTITLE_CODECS.has(codec)) target = 'mov_text';
    if (!target) {
      dropped.push(`subtitle stream ${i} (${codec}): ${format.toUpperCase()} cannot carry it; write a .mkv to keep it`);
      return;
    }
    args.push('-map', `${inputIndex}:s:${i}`, `-c:s:${out}`, target);
    if (language) args.push(`-metadata:s:s:${out}`, `language=${language}`);
    out++;
  });
  return { args, dropped };
}

/**
 * One line per change the output makes to what it carries, for a notice (pure; unit-tested): audio the container
 * cannot hold as it is (re-encoded), and video of more than 8 bits per sample (written 8-bit).
 */
export function changedStreams(
  details: Pick<VideoDetails, 'audioCodecs' | 'bitDepth' | 'colorTransfer'> & { info: Pick<VideoInfo, 'hasAudio' | 'pixelFormat'> },
  outputPath: string,
): string[] {
  const lines: string[] = [];
  const container = outputContainerFor(outputPath);
  if (details.info.hasAudio && audioCodecFor(container, details.audioCodecs) !== 'copy') {
    const codecs = [...new Set(details.audioCodecs)].join(', ');
    lines.push(
      `audio (${codecs}) is re-encoded as ${container.audioEncoder.toUpperCase()}: ${container.muxer.toUpperCase()} cannot carry it as it is; write a .mkv to keep it unchanged`,
    );
  }
  if (details.bitDepth > 8) {
    lines.push(
      `the video is ${details.bitDepth}-bit (${details.info.pixelFormat}) and is written 8-bit: smooth gradients may band; its colour tags (primaries, transfer${details.colorTransfer ? ` ${details.colorTransfer}` : ''}, matrix) are kept`,
    );
  }
  return lines;
}

/** One line per input stream the output will not carry, for a warning (pure; unit-tested). */
export function droppedStreams(details: Pick<VideoDetails, 'subtitles' | 'otherStreams'>, outputPath: string): string[] {
  return [
    ...subtitlePlan(details.subtitles, containerFormatFor(outputPath)).dropped,
    ...details.otherStreams.map((s) =>
      s.kind === 'cover picture'
        ? `cover picture (stream ${s.index}) is not copied: it is not redacted`
        : s.kind === 'attachment'
          ? `attachment stream ${s.index} (${s.codec}) is not copied: attached files (fonts, text) are not carried over`
          : `${s.kind} stream ${s.index} (${s.codec}) is not copied: timecode and telemetry (GPS) are not carried over`,
    ),
  ];
}

/**
 * Start ffmpeg encoding to `outputPath`; write exactly the frames you want in the output. `video`: the input's
 * VideoDetails where they are at hand, else its VideoInfo (looked up again, see detailsOf).
 */
export async function openEncoder(video: VideoInfo | VideoDetails, outputPath: string, options: EncoderOptions): Promise<FrameEncoder> {
  options.signal?.throwIfAborted();
  const details = await detailsOf(video);
  const { fpsMode } = await ffmpegCapabilities();
  const plan = encodePlan(details, outputPath, options, await passthroughSyncArgs(), !fpsMode);
  const { ffmpeg } = await locateFfmpeg();
  const child = execa(ffmpeg, plan.args, {
    stdin: 'pipe',
    stdout: 'ignore',
    buffer: { stderr: true },
    reject: false,
    maxBuffer: { stderr: 1024 * 1024 },
    cancelSignal: options.signal,
  });
  const expectedTimestampsMs = options.timestampsMs ?? details.timestampsMs;
  return new PipeEncoder(child, details.info, outputPath, plan.timestampsMs, options.signal, expectedTimestampsMs);
}

type EncoderProcess = ResultPromise<{ stdin: 'pipe'; stdout: 'ignore'; buffer: { stderr: true }; reject: false }>;

class PipeEncoder implements FrameEncoder {
  private readonly frameBytes: number;
  /** How long the last frame is shown (every other frame lasts until the next one starts). */
  private readonly lastFrameMs: number;
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
    private readonly expectedTimestampsMs: number[] = [],
  ) {
    this.frameBytes = info.width * info.height * 3;
    this.lastFrameMs = lastFrameDurationMs(timestampsMs ?? [], info.durationMs, info.fps);
    this.stdin = child.stdin;
    // EPIPE when ffmpeg dies is reported through the exit status, not as an unhandled 'error'.
    this.stdin.on('error', () => undefined);
    void child.then((result) => {
      this.exited = true;
      if (result.exitCode !== 0 && !this.failure) this.failure = this.errorFrom(result.stderr);
    });
    if (timestampsMs) this.stdin.write(mkvHeader(info.width, info.height, nominalFramePeriodMs(info.fps) * 1e6));
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
      const next = this.timestampsMs[this.written + 1] ?? timestamp + this.lastFrameMs;
      this.stdin.write(mkvFrameHeader(timestamp * 1000, rgb.length, (next - timestamp) * 1000));
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
    // ffmpeg exits 0 even when the +faststart second pass runs out of disk ("Error writing trailer ...: No space
    // left on device"), leaving a file without its index. Trust neither the exit code nor the file until checked.
    const writeError = writeFailureLine(String(result.stderr ?? ''));
    if (writeError) throw new UserError(`cannot write video ${this.outputPath}: ${writeError}`);
    await verifyFinishedFile(this.outputPath, this.expectedTimestampsMs, this.written);
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
    return writeError(this.outputPath, stderr);
  }
}
