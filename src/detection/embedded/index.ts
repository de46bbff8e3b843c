// The embedded engine: PP-OCRv4 text detection + recognition in-process (onnxruntime-node, CPU),
// text lines grouped and grown into plate polygons, and a plate-or-not decision. No Docker, no network.
import type { InferenceSession } from 'onnxruntime-node';
import { clipPolygonToFrame } from '../../geometry/clip.js';
import { type RotatedRect, rectCorners, toRectFrame } from '../../geometry/rect.js';
import { regionFromCountryMark } from '../../regions/index.js';
import type { Box, DetectionEngine, Frame, PlateCandidate } from '../../types.js';
import { cropRgb, type RgbImage } from './image.js';
import { DETECTION_MODEL, loadDictionary, loadSession, RECOGNITION_MODEL } from './models.js';
import { EUROPEAN_LAYOUT_REGIONS, EUROPEAN_PLATE_EXPANSION, groupPlateLines, plateRect, registrationLines } from './plateGeometry.js';
import { isPlausiblePlate, plateLikelihood, type TextGroupEvidence, textPlateScore } from './plausibility.js';
import { rectifyForRecognition, TextRecognizer } from './recognizer.js';
import { type DetectedText, TextDetector } from './textDetector.js';
import { formatGuidedText } from './textFix.js';
import { nativeTiles } from './tiles.js';

export { modelPath } from './models.js';
export { acceptProposal, createPlateFinderEngine, type PlateFinderOptions, plateFinderScale } from './plateFinder.js';
export { isPlausiblePlate, PLATE_LIKELIHOOD_THRESHOLD, plateLikelihood, type TextGroupEvidence } from './plausibility.js';

export interface EmbeddedEngineOptions {
  /** Report every text region, not only plausible plates. */
  obscureAllText?: boolean;
  /** onnxruntime intra-op threads (default 2). */
  threads?: number;
  /** Longest side fed to the detector (default 1280). */
  maxSide?: number;
}

export interface EmbeddedEngine extends DetectionEngine {
  /**
   * Detect plates inside `box` (frame pixels) at up to full resolution: for refining around a plate
   * predicted from a downscaled pass. Polygons are in frame coordinates. `upscale`: exactly this much
   * (an edge look's thin strip), not capped by maxSide, so the caller bounds the crop's upscaled pixels;
   * by default up to 2x, within maxSide.
   */
  detectInRegion(frame: Frame, box: Box, upscale?: number): Promise<PlateCandidate[]>;
  /**
   * Detect on the whole frame at its own resolution (no shrinking): small plates that the shrunk pass of
   * `detect` loses in a frame larger than the detector input. Costs (frame pixels / input pixels) times
   * a `detect`; the same as `detect` when the frame is not larger than the input.
   */
  detectNative(frame: Frame): Promise<PlateCandidate[]>;
  /** Longest side `detect` feeds the detector: frames larger than this are shrunk for it. */
  readonly maxSide: number;
}

export const ENGINE_NAME = 'embedded';
// 1280 finds the small plates of 720p+ gate/roadside cameras that 960 misses (stills: 53 vs 51 of 54).
const DEFAULT_MAX_SIDE = 1280;
/** Lines shorter than this (frame px) cannot be read, and are too small to matter at this scale. */
const MIN_LINE_HEIGHT = 5;
/** Most text lines recognised per frame (highest detector scores first) to bound the cost on busy scenes. */
const MAX_LINES_PER_FRAME = 48;
/** Small sources are upscaled (at most this much) towards maxSide: small text detects better larger. */
const MAX_UPSCALE = 2;

export function createEmbeddedEngine(options: EmbeddedEngineOptions = {}): EmbeddedEngine {
  const threads = options.threads ?? 2;
  const maxSide = options.maxSide ?? DEFAULT_MAX_SIDE;
  const obscureAllText = options.obscureAllText ?? false;
  let detector: TextDetector | undefined;
  let recognizer: TextRecognizer | undefined;
  let sessions: InferenceSession[] = [];
  let loading: Promise<void> | undefined;

  async function load(): Promise<void> {
    const [det, rec] = await Promise.all([loadSession(DETECTION_MODEL, threads), loadSession(RECOGNITION_MODEL, threads)]);
    sessions = [det, rec];
    detector = new TextDetector(det);
    recognizer = new TextRecognizer(rec, loadDictionary());
  }

  async function ready(): Promise<{ detector: TextDetector; recognizer: TextRecognizer }> {
    loading ??= load();
    await loading;
    return { detector: detector!, recognizer: recognizer! };
  }

  async function platesFromLines(image: RgbImage, lines: DetectedText[]): Promise<PlateCandidate[]> {
    const { recognizer } = await ready();
    return analyseTextLines(image, lines, recognizer, obscureAllText);
  }

  return {
    name: ENGINE_NAME,
    async init() {
      await ready();
    },
    async detect(frame) {
      const { detector } = await ready();
      const image: RgbImage = frame;
      const upscale = Math.min(MAX_UPSCALE, Math.max(1, maxSide / Math.max(frame.width, frame.height)));
      const lines = await detector.detect(image, maxSide, upscale);
      return platesFromLines(image, lines);
    },
    maxSide,
    async detectNative(frame) {
      if (Math.max(frame.width, frame.height) <= maxSide) return this.detect(frame);
      const { detector } = await ready();
      // Overlapping tiles no larger than the shrunk input, so ONNX Runtime's memory stays what the shrunk
      // pass needs (one 1080p input grew the process by ~480 MB); each line is kept by the tile whose core
      // holds its centre, so a line in an overlap is reported once.
      const lines: DetectedText[] = [];
      for (const tile of nativeTiles(frame.width, frame.height, maxSide)) {
        const crop = cropRgb(frame, tile.x, tile.y, tile.width, tile.height);
        for (const line of await detector.detect(crop, maxSide, 1)) {
          const cx = line.rect.cx + tile.x;
          const cy = line.rect.cy + tile.y;
          if (cx < tile.core.x0 || cx >= tile.core.x1 || cy < tile.core.y0 || cy >= tile.core.y1) continue;
          lines.push({ ...line, rect: { ...line.rect, cx, cy } });
        }
      }
      return platesFromLines(frame, lines);
    },
    async detectInRegion(frame, box, exactUpscale) {
      const { detector } = await ready();
      const x0 = Math.max(0, Math.floor(box.x));
      const y0 = Math.max(0, Math.floor(box.y));
      const x1 = Math.min(frame.width, Math.ceil(box.x + box.width));
      const y1 = Math.min(frame.height, Math.ceil(box.y + box.height));
      if (x1 - x0 < 8 || y1 - y0 < 8) return [];
      const crop = cropRgb(frame, x0, y0, x1 - x0, y1 - y0);
      const longest = Math.max(crop.width, crop.height);
      const upscale = exactUpscale ?? Math.min(MAX_UPSCALE, Math.max(1, maxSide / longest));
      const lines = await detector.detect(crop, Math.max(maxSide, Math.ceil(longest * upscale)), upscale);
      const shifted = lines.map((l) => ({ ...l, rect: { ...l.rect, cx: l.rect.cx + x0, cy: l.rect.cy + y0 } }));
      return platesFromLines(frame, shifted);
    },
    async close() {
      const open = sessions;
      sessions = [];
      detector = undefined;
      recognizer = undefined;
      loading = undefined;
      await Promise.all(open.map((s) => s.release()));
    },
  };
}

/** Convenience wrapper for callers holding the engine as a value (see EmbeddedEngine.detectInRegion). */
export function detectPlatesInRegion(engine: EmbeddedEngine, frame: Frame, box: Box): Promise<PlateCandidate[]> {
  return engine.detectInRegion(frame, box);
}

/** Group lines into plates, read them, and keep the plausible ones (all of them with obscureAllText). */
export async function analyseTextLines(
  image: RgbImage,
  detected: DetectedText[],
  recognizer: TextRecognizer,
  obscureAllText: boolean,
): Promise<PlateCandidate[]> {
  const groups = await describeTextGroups(image, detected, recognizer);
  return groups.filter((g) => obscureAllText || isPlausiblePlate(g, image)).map((g) => g.candidate);
}

/**
 * The region named by a country mark among a plate's other lines (the EU strip's or an oval's "SK", a
 * band's "BRASIL"), or ''. A single letter counts only left of the registration, where the EU strip is.
 */
export function countryMark<T extends { rect: RotatedRect }>(
  others: readonly T[],
  registration: RotatedRect,
  textOf: (line: T) => string,
): string {
  for (const line of others) {
    const [along] = toRectFrame(registration, [line.rect.cx, line.rect.cy]);
    const region = regionFromCountryMark(textOf(line), along < -registration.width / 2);
    if (region !== '') return region;
  }
  return '';
}

/** Every text group with its reading and evidence, unfiltered. */
export async function describeTextGroups(
  image: RgbImage,
  detected: DetectedText[],
  recognizer: TextRecognizer,
): Promise<TextGroupEvidence[]> {
  const lines = detected
    .filter((l) => Math.min(l.rect.width, l.rect.height) >= MIN_LINE_HEIGHT)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_LINES_PER_FRAME);
  if (lines.length === 0) return [];
  const groups = groupPlateLines(lines);
  // Every line is read: the registration is usually the tallest line, but a grille, badge or bumper
  // sticker grouped with the plate can be taller.
  const toRead = groups.flatMap((g) => g.lines);
  const readings = await recognizer.read(toRead.map((l) => rectifyForRecognition(image, rectCorners(l.rect))));
  const byLine = new Map(toRead.map((l, i) => [l, readings[i]!]));
  const out: TextGroupEvidence[] = [];
  for (const group of groups) {
    const options = [registrationLines(group.lines), ...group.lines.map((l) => [l])].map((ls) => {
      const reads = ls.map((l) => byLine.get(l)!);
      const text = reads
        .map((r) => r.text)
        .filter((t) => t.length > 0)
        .join(' ');
      return { lines: ls, reads, text, score: textPlateScore(text) };
    });
    // The most plate-like reading; the first option (all registration-sized lines) wins ties.
    const best = options.reduce((a, b) => (b.score > a.score ? b : a));
    const { reads } = best;
    // Letter/digit confusions the recogniser hesitated over are settled by plate formats.
    const text = best.score >= 0.5 ? formatGuidedText(reads) : best.text;
    const confidence = reads.length ? reads.reduce((s, r) => s + r.confidence, 0) / reads.length : 0;
    const main = best.lines.reduce((a, b) => (b.rect.height > a.rect.height ? b : a));
    const likelihood = plateLikelihood(text, {
      lineWidth: Math.max(...best.lines.map((l) => l.rect.width)),
      lineHeight: main.rect.height,
      frameWidth: image.width,
      frameHeight: image.height,
    });
    const region = countryMark(
      group.lines.filter((l) => !best.lines.includes(l)),
      main.rect,
      (l) => byLine.get(l)!.text,
    );
    // A European plate (known by its country mark) has no band or state name above the registration.
    const plate = EUROPEAN_LAYOUT_REGIONS.has(region) ? plateRect(group.lines, EUROPEAN_PLATE_EXPANSION) : group.plate;
    // Plates cut by the frame edge keep only their visible part.
    const polygon = clipPolygonToFrame(rectCorners(plate), image.width, image.height);
    if (polygon.length < 3) continue;
    const candidate: PlateCandidate = { polygon, text, confidence: Math.round(confidence * 10) / 10, engine: ENGINE_NAME };
    if (reads.length === 1 && reads[0]!.alternatives.length) candidate.candidates = reads[0]!.alternatives;
    if (region !== '') candidate.region = region;
    out.push({
      candidate,
      lines: best.lines.map((l) => l.rect),
      main: main.rect,
      plate: group.plate,
      charProbabilities: reads.flatMap((r) => r.charProbabilities),
      reads,
      likelihood,
    });
  }
  return out;
}
