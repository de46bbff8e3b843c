import type { DocumentEntry, DocumentHistory } from '../history.js';

export type { DocumentEntry, DocumentHistory } from '../history.js';

/**
 * The JSON document `detect` prints and `obscure` reads (and prints again with `output` set). `H` is how its
 * track histories are held: plain entries as `detect` builds them, or compact as `obscure` reads them.
 */
export interface PlatesDocument<H extends DocumentHistory = DocumentEntry[]> {
  /** number-jam version that wrote it. */
  version: string;
  request: DocumentRequest;
  /** Names of the detection engines that ran, e.g. ["embedded"] or ["openalpr", "embedded"]. */
  engines: string[];
  video: DocumentVideo;
  summary: PlateSummary[];
  tracking: DocumentTrack<H>[];
  /** Duration of the input video in milliseconds. */
  videoDuration: number;
  /** Wall-clock milliseconds spent by the whole command. */
  processingDuration: number;
  /** Wall-clock milliseconds per stage. */
  durations: Record<string, number>;
  /** Frames the detector ran on; tracking carried the others (see `--quality`). */
  detectedFrames?: number;
  /** Path of the obscured video, once written; null after `detect`. */
  output: string | null;
}

export interface DocumentRequest {
  input: string;
  regions: string[];
  confidence: number;
  extendDetection: number;
  minFraction: number;
  engine: string;
  obscureAllText: boolean;
  quality: string;
}

export interface DocumentVideo {
  width: number;
  height: number;
  fps: number;
  frameRate: string;
  frameCount: number;
  rotation: number;
  hasAudio: boolean;
  /**
   * `sha256:<hex>` of the video stream's packet listing (times, durations, sizes) of the file the document was
   * made from: `obscure` refuses a video with another one. Absent in documents from before it was recorded.
   */
  fingerprint?: string;
}

export interface PlateSummary {
  /** Voted plate text ('' when it could not be read). */
  plate: string;
  /** ISO 3166-1 alpha-2 code (lower case) or '' when unknown. */
  region: string;
  /** 0-100. */
  confidence: number;
  /** Milliseconds of the first and last covered frame. */
  trackedFrom: number;
  trackedUntil: number;
  /** Index into `tracking`. */
  track: number;
  frames: number;
}

export interface DocumentTrack<H extends DocumentHistory = DocumentEntry[]> {
  id: number;
  plate: string;
  region: string;
  confidence: number;
  history: H;
}
