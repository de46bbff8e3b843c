// ffprobe facts about a video: size after rotation, frame rate, exact frame count and every frame's
// presentation time (from packet pts, which needs no decoding), audio, colour description.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { execa } from 'execa';
import type { VideoInfo } from '../types.js';
import { UserError } from '../util/errors.js';
import { ffmpegCapabilities, fileUrl, locateFfmpeg } from './ffmpeg.js';

/** The subset of an ffprobe stream entry this module reads. */
export interface ProbeStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  codec_tag_string?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  time_base?: string;
  nb_frames?: string;
  sample_aspect_ratio?: string;
  bits_per_raw_sample?: string;
  /** Seconds, as the container declares it for this stream. */
  duration?: string;
  color_range?: string;
  color_space?: string;
  color_primaries?: string;
  color_transfer?: string;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
  side_data_list?: { side_data_type?: string; rotation?: number }[];
}

interface ProbeOutput {
  streams?: ProbeStream[];
  format?: { format_name?: string; duration?: string };
}

/** Everything the decoder and encoder need beyond VideoInfo. */
export interface VideoDetails {
  info: VideoInfo;
  /** Index of the video stream in the container. */
  streamIndex: number;
  /** ffprobe's codec name of the video stream (e.g. 'h264'). */
  videoCodec?: string;
  /** Presentation time of every frame in display order, ms from the first frame. */
  timestampsMs: number[];
  /** Stream time base as [num, den]. */
  timeBase: [number, number];
  /** Coded (pre-rotation) size. */
  codedWidth: number;
  codedHeight: number;
  colorSpace?: string;
  colorRange?: string;
  colorPrimaries?: string;
  colorTransfer?: string;
  /** Codec of each audio stream, in order. */
  audioCodecs: string[];
  /** ISO 639 language tag of each audio stream, in order ('' when untagged). */
  audioLanguages: string[];
  /** Subtitle streams, in order. */
  subtitles: { codec: string; language: string }[];
  /** Streams that are neither audio, video nor subtitles (timecode, GPS/telemetry, ...), and cover pictures. */
  otherStreams: { index: number; kind: string; codec: string }[];
  /**
   * Pictures the file stores but players do not show: packets the demuxer marks as discarded (an MP4/MOV edit
   * list that starts after them, as a `-c copy` cut between keyframes leaves), or more samples in the container
   * than frames shown. A stream copy would pass them on; a decode does not.
   */
  hiddenFrames: number;
  /** Sample aspect ratio of the stored pixels ('1:1' when square or unknown). */
  sampleAspectRatio: string;
  /** Bits per colour sample of the stored video (8 for yuv420p, 10 for yuv420p10le). */
  bitDepth: number;
  /**
   * `sha256:<hex>` of the video stream's packet listing (presentation and decode times, durations, sizes, flags):
   * the same file gives the same value, another encode (a mirrored copy, a re-encode) another one.
   */
  fingerprint: string;
}

const detailsCache = new Map<string, Promise<VideoDetails>>();

/** Probe a video; every problem with the input is a one-line UserError. */
export async function probeVideo(path: string): Promise<VideoInfo> {
  return (await probeVideoDetails(path)).info;
}

/**
 * The details of a video that is either already probed (VideoDetails, used as they are) or only described by
 * its VideoInfo (probed, from the cache when it was probed before): callers that hold the details pass them
 * down instead of asking for them again.
 */
export async function detailsOf(video: VideoInfo | VideoDetails): Promise<VideoDetails> {
  if ('timestampsMs' in video) return video;
  const details = await probeVideoDetails(video.path);
  if (details.info.width !== video.width || details.info.height !== video.height) {
    throw new UserError(`video changed since it was probed: ${video.path}`);
  }
  return details;
}

/** probeVideo plus per-frame timestamps and colour facts; cached per path, size and mtime. */
export async function probeVideoDetails(path: string): Promise<VideoDetails> {
  const fileStat = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw new UserError(`input video not found: ${path}`);
    throw new UserError(`cannot read input video ${path}: ${error.message}`);
  });
  if (fileStat.isDirectory()) throw new UserError(`input is a folder, not a video: ${path}`);
  if (fileStat.size === 0) throw new UserError(`input video is empty (0 bytes): ${path}`);
  const key = `${path}\0${fileStat.size}\0${fileStat.mtimeMs}`;
  let details = detailsCache.get(key);
  if (!details) {
    details = runProbe(path);
    detailsCache.set(key, details);
    details.catch(() => detailsCache.delete(key));
  }
  return details;
}

async function runProbe(path: string): Promise<VideoDetails> {
  const { ffprobe } = await locateFfmpeg();
  // Every probed video is decoded next, and the decoder's arguments need ffmpeg's capabilities (one more
  // process start): find them out while ffprobe runs.
  ffmpegCapabilities().catch(() => undefined);
  // The packet listing runs alongside the stream listing (every video stream's packets; the one chosen below
  // is kept): two ffprobe processes one after the other cost a process start and a file open more wall time.
  const packetsRead = readPacketTimes(ffprobe, path);
  packetsRead.catch(() => undefined); // a stream-listing error below is the one reported
  const streamsResult = await execa(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', fileUrl(path)], {
    reject: false,
    stdin: 'ignore',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (streamsResult.exitCode !== 0) {
    // A Matroska/WebM file that ends before its first frame (a valid file of zero frames, or one cut off there)
    // fails to open with "End of file", after whatever the demuxer said about its header ("Duplicate element").
    if (/: End of file\s*$/m.test(streamsResult.stderr)) {
      throw new UserError(`video has no frames (the file ends before its first frame): ${path}`);
    }
    throw new UserError(`not a readable video: ${path} (${firstLine(streamsResult.stderr) || 'ffprobe failed'})`);
  }
  const probed = JSON.parse(streamsResult.stdout) as ProbeOutput;
  const streams = probed.streams ?? [];
  const formatName = probed.format?.format_name ?? '';
  const videos = streams.filter((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const video = videos[0];
  if (!video) throw new UserError(`no video stream in ${path}`);
  if (videos.length > 1) {
    // Passing the others through would publish them unredacted; dropping them silently would lose them.
    throw new UserError(
      `${path} has ${videos.length} video streams; number-jam redacts one per file. Split them first, e.g. ` +
        `ffmpeg -i ${path} -map 0:v:1 -c copy second.mp4, and redact each file`,
    );
  }
  if (isStillImageFormat(formatName)) throw new UserError(`input is a still image, not a video: ${path}`);
  if (!video.width || !video.height) throw new UserError(`video stream has no frame size (corrupt file?): ${path}`);

  const listing = await packetsRead;
  const packets = packetsOf(listing, video.index);
  const facts = packetFacts(listing.stdout, video.index);
  // Frames without timestamps were numbered 0, 1, 2...: their time base is one nominal frame.
  const nominalRate = parseRational(video.r_frame_rate ?? '') ?? [25, 1];
  const timeBase: [number, number] = packets.numbered
    ? [nominalRate[1], nominalRate[0]]
    : (parseRational(video.time_base ?? '') ?? [1, 90_000]);
  if (packets.partial) throw new UserError(`video is truncated or corrupt: ${path} (${packets.partial})`);
  if (packets.pts.length === 0) throw new UserError(`video has no frames: ${path}`);

  const ticks = packets.pts;
  const timestampsMs = ticksToRelativeMs(ticks, timeBase);
  const frameDurationTicks = typicalStep(ticks) || packets.lastDuration || 1;
  const lastDurationTicks = packets.lastDuration > 0 ? packets.lastDuration : frameDurationTicks;
  const tickMs = (1000 * timeBase[0]) / timeBase[1];
  const durationMs = (ticks[ticks.length - 1]! - ticks[0]! + lastDurationTicks) * tickMs;
  const declaredMs = declaredDurationMs(video);
  if (declaredMs !== undefined && isShortOfDeclared(durationMs, declaredMs, frameDurationTicks * tickMs)) {
    throw new UserError(
      `video is truncated or corrupt: ${path} (its frames span ${Math.round(durationMs)} ms of the ${Math.round(declaredMs)} ms the container declares)`,
    );
  }
  const variableFrameRate = isVariableFrameRate(ticks);
  const frameRate = chooseFrameRate(video, frameDurationTicks, timeBase, variableFrameRate, ticks.length, durationMs);

  const rotation = rotationOf(video);
  const storedFrames = Number(video.nb_frames);
  const hiddenFrames = Math.max(facts.discarded, Number.isFinite(storedFrames) ? storedFrames - ticks.length : 0);
  const swap = rotation === 90 || rotation === 270;
  const audio = streams.filter((s) => s.codec_type === 'audio');
  const info: VideoInfo = {
    path,
    width: swap ? video.height : video.width,
    height: swap ? video.width : video.height,
    frameRate,
    fps: rationalValue(frameRate),
    frameCount: ticks.length,
    durationMs,
    rotation,
    hasAudio: audio.length > 0,
    pixelFormat: video.pix_fmt ?? 'unknown',
    variableFrameRate,
  };
  return {
    info,
    streamIndex: video.index,
    videoCodec: video.codec_name,
    timestampsMs,
    timeBase,
    codedWidth: video.width,
    codedHeight: video.height,
    colorSpace: known(video.color_space),
    colorRange: known(video.color_range),
    colorPrimaries: known(video.color_primaries),
    colorTransfer: known(video.color_transfer),
    audioCodecs: audio.map((s) => s.codec_name ?? 'unknown'),
    audioLanguages: audio.map(languageOf),
    subtitles: streams
      .filter((s) => s.codec_type === 'subtitle')
      .map((s) => ({ codec: s.codec_name ?? 'unknown', language: languageOf(s) })),
    otherStreams: streams
      .filter((s) => s.disposition?.attached_pic || !['video', 'audio', 'subtitle'].includes(s.codec_type ?? ''))
      .map((s) => ({
        index: s.index,
        kind: s.disposition?.attached_pic ? 'cover picture' : (s.codec_type ?? 'unknown'),
        codec: s.codec_name ?? s.codec_tag_string ?? 'unknown',
      })),
    hiddenFrames,
    sampleAspectRatio: squareOrRatio(video.sample_aspect_ratio),
    bitDepth: bitDepthOf(video),
    fingerprint: facts.fingerprint,
  };
}

/** `1:1` for square or unknown pixels, else the ratio as ffprobe gives it (`4:3`). */
function squareOrRatio(text: string | undefined): string {
  const ratio = parseRational(text ?? '');
  return ratio && ratio[0] > 0 && ratio[0] !== ratio[1] ? `${ratio[0]}:${ratio[1]}` : '1:1';
}

/** Bits per sample: ffprobe's bits_per_raw_sample, else read from the pixel format's name (`yuv420p10le`). */
function bitDepthOf(stream: ProbeStream): number {
  const raw = Number(stream.bits_per_raw_sample);
  if (Number.isInteger(raw) && raw > 0) return raw;
  const match = /p(\d{2})(le|be)?$/.exec(stream.pix_fmt ?? '');
  return match ? Number(match[1]) : 8;
}

/**
 * Facts of one stream's packet listing beyond the times (pure; unit-tested): how many packets are marked
 * discarded (`D`), and the fingerprint: sha256 of the stream's lines as listed.
 */
export function packetFacts(text: string, streamIndex: number): { discarded: number; fingerprint: string } {
  const hash = createHash('sha256');
  let discarded = 0;
  const prefix = `${streamIndex},`;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith(prefix)) continue;
    hash.update(trimmed.slice(prefix.length));
    hash.update('\n');
    if ((trimmed.split(',').at(-1) ?? '').includes('D')) discarded++;
  }
  return { discarded, fingerprint: `sha256:${hash.digest('hex')}` };
}

interface PacketTimes {
  /** Presentation ticks of the frames the decoder will output, sorted. */
  pts: number[];
  lastDuration: number;
  numbered: boolean;
  /** Set when the demuxer reported a truncated file. */
  partial?: string;
}

/** ffprobe's packet listing of every video stream, as it printed it. */
interface PacketListing {
  stdout: string;
  partial?: string;
}

/** Demux only (no decoding): one line per packet of every video stream (`stream_index,pts,dts,duration,size,flags`). */
async function readPacketTimes(ffprobe: string, path: string): Promise<PacketListing> {
  // Warning level: Matroska/WebM report a cut-off file only as a warning ("File ended prematurely").
  const result = await execa(
    ffprobe,
    [
      '-v',
      'warning',
      '-select_streams',
      'v',
      '-show_entries',
      'packet=stream_index,pts,dts,duration,size,flags',
      '-of',
      'csv=p=0',
      fileUrl(path),
    ],
    { reject: false, stdin: 'ignore', maxBuffer: 512 * 1024 * 1024 },
  );
  if (result.exitCode !== 0) {
    throw new UserError(`video is unreadable: ${path} (${firstLine(result.stderr) || 'ffprobe failed'})`);
  }
  const partialLine = result.stderr.split('\n').find((line) => /partial file|truncat|ended prematurely/i.test(line));
  return { stdout: result.stdout, partial: partialLine ? stripLogPrefix(partialLine) : undefined };
}

function packetsOf(listing: PacketListing, streamIndex: number): PacketTimes {
  return { ...parsePacketLines(listing.stdout, streamIndex), partial: listing.partial };
}

/**
 * Parse `pts,dts,duration[,size],flags` CSV lines into sorted presentation ticks (pure; unit-tested). With
 * `streamIndex`, each line starts with its stream index and only that stream's lines count.
 */
export function parsePacketLines(text: string, streamIndex?: number): { pts: number[]; lastDuration: number; numbered: boolean } {
  const frames: { pts: number; duration: number }[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let fields = line.trim().split(',');
    if (streamIndex !== undefined) {
      if (Number(fields[0]) !== streamIndex) continue;
      fields = fields.slice(1);
    }
    // `pts,dts,duration,flags`, or `pts,dts,duration,size,flags` (the listing readPacketTimes asks for).
    const [ptsField, dtsField, durationField] = fields;
    const flags = fields.length >= 5 ? (fields[4] ?? '') : (fields[3] ?? '');
    if (flags.includes('D')) continue;
    let pts = Number(ptsField);
    if (ptsField === 'N/A' || !Number.isFinite(pts)) pts = dtsField === 'N/A' ? NaN : Number(dtsField);
    const duration = Number(durationField);
    frames.push({ pts: Number.isFinite(pts) ? pts : NaN, duration: Number.isFinite(duration) ? duration : 0 });
  }
  if (frames.some((f) => Number.isNaN(f.pts))) {
    // No timestamps at all (raw elementary stream): number the frames; the caller falls back to the nominal rate.
    return { pts: frames.map((_, i) => i), lastDuration: 1, numbered: true };
  }
  frames.sort((a, b) => a.pts - b.pts);
  return { pts: frames.map((f) => f.pts), lastDuration: frames.at(-1)?.duration ?? 0, numbered: false };
}

export function ticksToRelativeMs(ticks: number[], timeBase: [number, number]): number[] {
  const first = ticks[0] ?? 0;
  return ticks.map((t) => ((t - first) * 1000 * timeBase[0]) / timeBase[1]);
}

/** Median spacing between consecutive ticks (0 for fewer than two frames). */
export function typicalStep(ticks: number[]): number {
  if (ticks.length < 2) return 0;
  const steps = ticks
    .slice(1)
    .map((t, i) => t - ticks[i]!)
    .sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)]!;
}

/**
 * Timestamps count as evenly spaced when every step is within one tick (time-base rounding, e.g. 33/34 ms
 * for 29.97 fps in a 1/1000 time base) or 2% of the median step.
 */
export function isVariableFrameRate(ticks: number[]): boolean {
  const median = typicalStep(ticks);
  if (median <= 0) return false;
  const tolerance = Math.max(1, 0.02 * median);
  for (let i = 1; i < ticks.length; i++) {
    if (Math.abs(ticks[i]! - ticks[i - 1]! - median) > tolerance) return true;
  }
  return false;
}

/**
 * The container's nominal rate when it agrees with the measured spacing (keeps "30000/1001" exact),
 * else the measured median spacing; for VFR, the average rate.
 */
function chooseFrameRate(
  video: ProbeStream,
  stepTicks: number,
  timeBase: [number, number],
  vfr: boolean,
  frames: number,
  durationMs: number,
): string {
  const measuredFps = stepTicks > 0 ? timeBase[1] / (stepTicks * timeBase[0]) : 0;
  if (!vfr) {
    for (const candidate of [video.r_frame_rate, video.avg_frame_rate]) {
      const value = candidate ? rationalValue(candidate) : 0;
      if (value > 0 && (measuredFps === 0 || Math.abs(value - measuredFps) / measuredFps < 0.005)) {
        return normaliseRational(candidate!);
      }
    }
    if (measuredFps > 0) return reduceRational(timeBase[1], stepTicks * timeBase[0]);
  } else {
    const average = video.avg_frame_rate ? rationalValue(video.avg_frame_rate) : 0;
    if (average > 0) return normaliseRational(video.avg_frame_rate!);
    if (durationMs > 0) return reduceRational(Math.round(frames * 1_000_000), Math.round(durationMs * 1000));
  }
  const fallback = video.r_frame_rate && rationalValue(video.r_frame_rate) > 0 ? video.r_frame_rate : '25/1';
  return normaliseRational(fallback);
}

/** The video stream's own declared duration in ms (stream field, or Matroska's DURATION tag), if any. */
export function declaredDurationMs(stream: Pick<ProbeStream, 'duration' | 'tags'>): number | undefined {
  const seconds = Number(stream.duration);
  if (stream.duration !== undefined && Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  const tag = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(stream.tags?.DURATION ?? stream.tags?.duration ?? '');
  if (!tag) return undefined;
  const ms = ((Number(tag[1]) * 60 + Number(tag[2])) * 60 + Number(tag[3])) * 1000;
  return ms > 0 ? ms : undefined;
}

/**
 * True when the frames found span clearly less than the container declares: a file cut off after its header
 * was written (Matroska and WebM headers carry the duration). The slack (3 frames or 10%) absorbs rounding,
 * edit lists and a last frame's duration.
 */
export function isShortOfDeclared(measuredMs: number, declaredMs: number, frameMs: number): boolean {
  return declaredMs - measuredMs > Math.max(3 * frameMs, 0.1 * declaredMs);
}

/** Clockwise display rotation, normalised to 0/90/180/270 (display matrix wins over the legacy tag). */
export function rotationOf(stream: Pick<ProbeStream, 'tags' | 'side_data_list'>): number {
  const matrix = stream.side_data_list?.find((d) => typeof d.rotation === 'number');
  // ffprobe reports the display matrix angle counter-clockwise; the `rotate` tag is clockwise.
  const clockwise = matrix ? -(matrix.rotation as number) : Number(stream.tags?.rotate ?? 0);
  if (!Number.isFinite(clockwise)) return 0;
  return (((Math.round(clockwise / 90) * 90) % 360) + 360) % 360;
}

export function parseRational(text: string): [number, number] | undefined {
  const match = /^(-?\d+)[/:](\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const num = Number(match[1]);
  const den = Number(match[2]);
  return den > 0 && num !== 0 ? [num, den] : undefined;
}

export function rationalValue(text: string): number {
  const r = parseRational(text);
  return r ? r[0] / r[1] : Number(text) || 0;
}

function normaliseRational(text: string): string {
  const r = parseRational(text);
  return r ? reduceRational(r[0], r[1]) : text;
}

export function reduceRational(num: number, den: number): string {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const g = gcd(Math.abs(num), Math.abs(den)) || 1;
  return `${num / g}/${den / g}`;
}

function isStillImageFormat(formatName: string): boolean {
  return formatName === 'image2' || formatName.endsWith('_pipe');
}

function languageOf(stream: ProbeStream): string {
  const language = stream.tags?.language ?? '';
  return language === 'und' ? '' : language;
}

function known(value: string | undefined): string | undefined {
  return value && value !== 'unknown' && value !== 'unspecified' ? value : undefined;
}

function stripLogPrefix(line: string): string {
  return line.replace(/^\[[^\]]*\]\s*/, '').trim();
}

/** First non-empty stderr line without ffmpeg's `[component @ 0x...]` prefix. */
export function firstLine(stderr: string): string {
  const line =
    stderr
      .split('\n')
      .map(stripLogPrefix)
      .find((l) => l.length > 0) ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
