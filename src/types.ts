// Shared domain types. Data flows one way through the stages:
//   video/ (frames) -> detection/ (candidates) -> tracking/ (tracks) -> obscuring/ (pixels) -> output/ (document)

/** A point in frame pixels; origin at the top-left corner of the top-left pixel. */
export type Point = [number, number];
/** A closed polygon (3+ vertices, no repeated closing vertex). Plates are usually quads TL, TR, BR, BL. */
export type Polygon = Point[];

/** Axis-aligned box in frame pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One decoded video frame, packed RGB24 (3 bytes per pixel, row stride = width * 3). */
export interface Frame {
  /** 0-based decode order index. */
  index: number;
  /** Presentation time in milliseconds from the start of the stream (first frame = 0). */
  timestampMs: number;
  width: number;
  height: number;
  data: Buffer;
}

/** What an engine reports for one plate-like region in one frame. */
export interface PlateCandidate {
  polygon: Polygon;
  /** Best text reading, if the engine reads text. */
  text?: string;
  /** 0-100. */
  confidence?: number;
  /** Alternative readings, best first. */
  candidates?: { text: string; confidence: number }[];
  /** Region code the engine matched (ISO 3166-1 alpha-2 lower case), if any. */
  region?: string;
  /** 0-1: how sure the plate detector is that this is a plate (engines with a plate detector only). */
  plateScore?: number;
  /** Name of the engine that produced it. */
  engine: string;
}

/** Detection engines are interchangeable behind this interface and selected by name (`--engine`). */
export interface DetectionEngine {
  readonly name: string;
  /** Load models / start processes. Called once before the first frame. */
  init(): Promise<void>;
  detect(frame: Frame): Promise<PlateCandidate[]>;
  /** Release everything (processes, containers, sessions). Safe to call twice. */
  close(): Promise<void>;
}

/** How a history entry was obtained. */
export type HistorySource = 'detection' | 'interpolated' | 'visual' | 'extrapolated';

export interface HistoryEntry {
  /** Milliseconds from the start of the video. */
  timestamp: number;
  polygon: Polygon;
  source: HistorySource;
}

export interface Track {
  id: number;
  /** Voted plate text ('' when nothing was read). */
  plate: string;
  region: string;
  /** 0-100 confidence of the voted plate text. */
  confidence: number;
  /** Ordered by timestamp, one entry per frame where the plate is covered. */
  history: HistoryEntry[];
}

export interface VideoInfo {
  path: string;
  width: number;
  height: number;
  /** Frame rate as a rational, e.g. "30000/1001". */
  frameRate: string;
  fps: number;
  frameCount: number;
  durationMs: number;
  /** Clockwise rotation in degrees the player applies (0, 90, 180, 270). width/height are after rotation. */
  rotation: number;
  hasAudio: boolean;
  pixelFormat: string;
  /** True when frame timestamps are not evenly spaced. */
  variableFrameRate: boolean;
}

/** One text reading of a tracked plate on one frame. */
export interface TrackReading {
  timestamp: number;
  text: string;
  /** 0-100. */
  confidence: number;
  region?: string;
  /** The plate detector's score of this detection (0-1), when a plate detector found it. */
  plateScore?: number;
}

/** What the tracker hands on: a plate's continuous cover plus every reading it saw. */
export interface TrackedPlate {
  id: number;
  /** One entry per covered frame, ordered by timestamp. */
  history: HistoryEntry[];
  readings: TrackReading[];
}
