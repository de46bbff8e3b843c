import type { DetectOptions } from '../options/index.js';
import { filterSummary, voteTrackText } from '../regions/index.js';
import type { TrackedPlate, VideoInfo } from '../types.js';
import { VERSION } from '../version.js';
import type { DocumentTrack, PlateSummary, PlatesDocument } from './document.js';

export interface DocumentParts {
  info: VideoInfo;
  options: DetectOptions;
  engines: string[];
  /** The plates to report, already decided by the pipeline (see pipeline/covers.ts): all are listed. */
  plates: TrackedPlate[];
  durations: Record<string, number>;
  processingDuration: number;
  /** Frames the detector ran on (the rest were carried by tracking). */
  detectedFrames: number;
  /** The input's packet fingerprint (video/probe.ts), recorded so `obscure` can tell another video apart. */
  fingerprint?: string;
}

/**
 * Assembles the plates document from the plates to cover: voted text per track, summary filtered by region
 * and confidence. Formatting only: which plates are covered is decided before (pipeline/covers.ts).
 */
export function buildDocument(parts: DocumentParts): PlatesDocument {
  const { info, options } = parts;
  const tracking: DocumentTrack[] = parts.plates.map((plate, index) => {
    const vote = voteTrackText(plate.readings, { regions: options.regions });
    return {
      id: index,
      plate: vote.plate,
      region: vote.region,
      confidence: round(vote.confidence, 1),
      history: plate.history.map((entry) => ({
        timestamp: round(entry.timestamp, 3),
        polygon: entry.polygon.map(([x, y]) => [round(x, 2), round(y, 2)] as [number, number]),
        source: entry.source,
      })),
    };
  });
  const rows: PlateSummary[] = tracking.map((track, index) => ({
    plate: track.plate,
    region: track.region,
    confidence: track.confidence,
    trackedFrom: track.history[0]!.timestamp,
    trackedUntil: track.history[track.history.length - 1]!.timestamp,
    track: index,
    frames: track.history.length,
  }));
  return {
    version: VERSION,
    request: {
      input: info.path,
      regions: options.regions,
      confidence: options.confidence,
      extendDetection: options.extendDetectionMs,
      minFraction: options.minFraction,
      engine: options.engine,
      obscureAllText: options.obscureAllText,
      quality: options.quality,
    },
    engines: parts.engines,
    video: {
      width: info.width,
      height: info.height,
      fps: round(info.fps, 6),
      frameRate: info.frameRate,
      frameCount: info.frameCount,
      rotation: info.rotation,
      hasAudio: info.hasAudio,
      ...(parts.fingerprint ? { fingerprint: parts.fingerprint } : {}),
    },
    summary: filterSummary(rows, { regions: options.regions, confidence: options.confidence }),
    tracking,
    videoDuration: round(info.durationMs, 3),
    processingDuration: parts.processingDuration,
    durations: parts.durations,
    detectedFrames: parts.detectedFrames,
    output: null,
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
