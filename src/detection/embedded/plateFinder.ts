// The embedded engine's default finder: the project's plate detector (PlateNet) proposes plates on the
// whole frame, the PP-OCR recogniser reads each proposal, and the two together decide. The text detector
// does not run at all on this path (it is the second opinion of `--verify`, and the finder behind
// `--obscure-all-text`).

import type { InferenceSession } from 'onnxruntime-node';
import { clipPolygonToFrame } from '../../geometry/clip.js';
import { type RotatedRect, rectCorners } from '../../geometry/rect.js';
import { normalisePlateText } from '../../regions/index.js';
import type { DetectionEngine, Frame, PlateCandidate } from '../../types.js';
import { PlateDetector, type PlateProposal } from '../plates/index.js';
import type { CtcReading } from './ctc.js';
import { loadDictionary, loadSession, RECOGNITION_MODEL } from './models.js';
import { looksLikeTimestamp, reachesFrameEdge, textPlateScore } from './plausibility.js';
import { rectifyForRecognition, TextRecognizer } from './recognizer.js';

export const PLATE_FINDER_ENGINE_NAME = 'embedded';

/*
 * Score thresholds, chosen on the Open Images `valid` split (`node scripts/bench-plates.mjs --sweep`; never on
 * the evaluation clips): at 0.2 the detector finds 85 % of the plates 16 px wide or more at IoU 0.5 (12
 * proposals a photo, 12 % of them plates); at 0.5 72 % of its detections are annotated plates (more are
 * plates nobody annotated); at 0.8 99 %.
 */
/** Heatmap score from which a proposal is read at all. */
export const PROPOSAL_SCORE = 0.2;
/** Score at which the detector alone decides "plate", whatever the reading (mirrored, tiny, blurred plates read nothing). */
export const CONFIRMED_SCORE = 0.5;
/** Score from which even a reading that looks like a sign or a clock does not overrule the detector. */
export const CERTAIN_SCORE = 0.8;
/** plateTextScore at which a reading confirms a weak proposal: 4+ letters and digits, not a word or a date. */
export const CONFIRMING_TEXT_SCORE = 0.75;
/**
 * A proposal at least this tall (frame px) whose reading is one or two characters read with at least
 * SHORT_READING_CONFIDENCE is a badge, a sticker or a house number, not a plate: a plate that size shows
 * 4-8 characters, unless the frame edge cuts it.
 */
export const READABLE_HEIGHT = 16;
export const SHORT_READING_CONFIDENCE = 85;
/** plateTextScore at or below which a reading vetoes a proposal short of CERTAIN_SCORE (signage, dates). */
export const VETO_TEXT_SCORE = 0.1;
/** Most proposals considered per frame (highest scores first). */
const MAX_PROPOSALS = 24;
/**
 * Most proposals the recogniser reads per frame: a read costs about as much CPU as a tenth of a 1080p
 * detector run. Uncertain proposals (which the reading decides) go first; the rest are decided by score.
 */
export const MAX_READS_PER_FRAME = 6;
/**
 * Video time a reading is reused for a proposal at the same place and size: a plate's text does not change
 * between frames, and the tracker votes over readings spread through the track anyway.
 */
export const READING_REUSE_MS = 400;

export interface PlateFinderOptions {
  threads?: number;
  /** Longest frame side the detector sees at full resolution; larger frames are shrunk to it. */
  maxSide?: number;
}

/** What is known of a proposal's reading beside its text, for the short-reading veto. */
export interface ReadingContext {
  /** Mean character confidence, 0-100. */
  confidence: number;
  /** The proposal's short side in frame px. */
  height: number;
  /** The proposal reaches the frame edge (a cut plate shows few characters). */
  atEdge: boolean;
}

/** Plate-or-not from the detector's score and the reading of its proposal (pure). */
export function acceptProposal(score: number, text: string, context?: ReadingContext): boolean {
  if (score < PROPOSAL_SCORE) return false;
  const textScore = textPlateScore(text);
  const characters = normalisePlateText(text).length;
  const shortAndClear =
    context !== undefined &&
    !context.atEdge &&
    characters > 0 &&
    characters <= 2 &&
    context.height >= READABLE_HEIGHT &&
    context.confidence >= SHORT_READING_CONFIDENCE;
  const vetoed = textScore <= VETO_TEXT_SCORE || looksLikeTimestamp(text) || shortAndClear;
  if (score >= CERTAIN_SCORE) return true;
  if (vetoed) return false;
  return score >= CONFIRMED_SCORE || textScore >= CONFIRMING_TEXT_SCORE;
}

/**
 * Scale at which a frame is fed to the detector: its own resolution up to `maxSide` (the net finds plates
 * from ~10 px tall at scale 1), small frames up to 2x larger so that their plates reach that size.
 */
export function plateFinderScale(width: number, height: number, maxSide: number): number {
  const longest = Math.max(width, height);
  if (longest > maxSide) return maxSide / longest;
  return Math.min(2, Math.max(1, 640 / longest));
}

/** What a proposal's decision and candidate take from its reading. */
type Reading = Pick<CtcReading, 'text' | 'confidence' | 'alternatives'>;

interface RecentReading {
  rect: RotatedRect;
  timestampMs: number;
  reading: Reading;
}

/** The same plate on a later frame: centre within half its width, width within 0.7-1.4x (pure). */
export function samePlace(a: RotatedRect, b: RotatedRect): boolean {
  const ratio = b.width / Math.max(1e-6, a.width);
  return Math.hypot(a.cx - b.cx, a.cy - b.cy) < a.width / 2 && ratio > 0.7 && ratio < 1.4;
}

/** A plate read turned 180° (sideways video, upside-down plate) reads better the other way round. */
function turned(rect: RotatedRect): RotatedRect {
  return { ...rect, angle: rect.angle + Math.PI };
}

export function createPlateFinderEngine(options: PlateFinderOptions = {}): DetectionEngine {
  const threads = options.threads ?? 2;
  const maxSide = options.maxSide ?? 1920;
  let detector: PlateDetector | undefined;
  let recognizer: TextRecognizer | undefined;
  let recognizerSession: InferenceSession | undefined;
  let loading: Promise<void> | undefined;

  async function load(): Promise<void> {
    const [d, rec] = await Promise.all([PlateDetector.load(threads), loadSession(RECOGNITION_MODEL, threads)]);
    detector = d;
    recognizerSession = rec;
    recognizer = new TextRecognizer(rec, loadDictionary());
  }

  /** Readings of the last READING_REUSE_MS, by where their proposal was. */
  let recent: RecentReading[] = [];

  async function readProposals(frame: Frame, proposals: PlateProposal[]): Promise<PlateCandidate[]> {
    recent = recent.filter((r) => frame.timestampMs - r.timestampMs >= 0 && frame.timestampMs - r.timestampMs < READING_REUSE_MS);
    const readings = new Array<Reading | undefined>(proposals.length);
    const toRead: number[] = [];
    proposals.forEach((p, i) => {
      const known = recent.find((r) => samePlace(r.rect, p.rect));
      if (known) {
        known.rect = p.rect;
        readings[i] = known.reading;
      } else toRead.push(i);
    });
    // The uncertain ones first: for them the reading decides.
    toRead.sort(
      (a, b) =>
        Number(proposals[a]!.score >= CERTAIN_SCORE) - Number(proposals[b]!.score >= CERTAIN_SCORE) ||
        proposals[b]!.score - proposals[a]!.score,
    );
    const reading = toRead.slice(0, MAX_READS_PER_FRAME);
    // A proposal steeper than 45° (a video stored sideways, a plate on its side) is also read turned
    // round: which way up it is cannot be told from the box.
    const steep = reading.map((i) => Math.abs(Math.cos(proposals[i]!.rect.angle)) < Math.SQRT1_2);
    const quads = reading.flatMap((i, k) => {
      const rect = proposals[i]!.rect;
      return steep[k] ? [rectCorners(rect), rectCorners(turned(rect))] : [rectCorners(rect)];
    });
    const reads = quads.length ? await recognizer!.read(quads.map((q) => rectifyForRecognition(frame, q))) : [];
    let n = 0;
    reading.forEach((i, k) => {
      let read = reads[n++]!;
      if (steep[k]) {
        const other = reads[n++]!;
        if (textPlateScore(other.text) > textPlateScore(read.text)) read = other;
      }
      readings[i] = read;
      recent.push({ rect: proposals[i]!.rect, timestampMs: frame.timestampMs, reading: read });
    });
    const out: PlateCandidate[] = [];
    proposals.forEach((p, i) => {
      const read = readings[i];
      // Not read this frame (over the cap): the score alone decides.
      const polygon = clipPolygonToFrame(rectCorners(p.rect), frame.width, frame.height);
      if (polygon.length < 3) return;
      const context = read ? { confidence: read.confidence, height: p.rect.height, atEdge: reachesFrameEdge(p.rect, frame, 2) } : undefined;
      if (read ? !acceptProposal(p.score, read.text, context) : p.score < CONFIRMED_SCORE) return;
      const candidate: PlateCandidate = { polygon, plateScore: Math.round(p.score * 1000) / 1000, engine: PLATE_FINDER_ENGINE_NAME };
      if (read) {
        candidate.text = read.text;
        candidate.confidence = Math.round(read.confidence * 10) / 10;
        if (read.alternatives.length) candidate.candidates = read.alternatives;
      }
      out.push(candidate);
    });
    return out;
  }

  return {
    name: PLATE_FINDER_ENGINE_NAME,
    async init() {
      loading ??= load();
      await loading;
    },
    async detect(frame) {
      loading ??= load();
      await loading;
      const scale = plateFinderScale(frame.width, frame.height, maxSide);
      const proposals = (await detector!.find(frame, PROPOSAL_SCORE, scale)).slice(0, MAX_PROPOSALS);
      if (proposals.length === 0) return [];
      return readProposals(frame, proposals);
    },
    async close() {
      const d = detector;
      const rec = recognizerSession;
      detector = undefined;
      recognizer = undefined;
      recognizerSession = undefined;
      loading = undefined;
      recent = [];
      await Promise.all([d?.close(), rec?.release()]);
    },
  };
}
