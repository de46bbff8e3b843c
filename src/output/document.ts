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
  /** The second-opinion check of the output (`--verify`), when it ran. */
  verify?: VerifyRecord;
  /** Path of the review sheet (`--review-sheet`) once written; null when the video had no plates to show. */
  reviewSheet?: string | null;
}

/** What the verify check looked at and what it found (see src/verify/). */
export interface VerifyRecord {
  /** The detector that gave the second opinion: text-detector, plate-detector or openalpr. */
  engine: string;
  /** False when it is the detector that placed the covers (no other one was available). */
  independent: boolean;
  /** Why that detector. */
  reason: string;
  /** Frames of the final output checked (last round). */
  frames: number;
  /** Plates still readable in the final output: 0, or the video failed and this document was not kept. */
  findings: number;
  /** Plates found and covered by a repair (tracked and rendered again). */
  repaired: number;
  /** One entry per check of the output: the first, then one after each repair. */
  rounds: VerifyRound[];
  /** Wall-clock milliseconds of the checks and repairs. */
  durationMs: number;
}

export interface VerifyRound {
  /** Times (ms) of the output frames checked. */
  timestamps: number[];
  findings: VerifyFinding[];
}

/** A plate the second opinion read outside every cover. */
export interface VerifyFinding {
  timestamp: number;
  polygon: [number, number][];
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
