// Generic "is this text a number plate?" scoring. Recall first: only text that is clearly not a plate
// (clock/date overlays, long words, multi-word signs, long lines) scores low.

import type { RotatedRect } from '../../geometry/rect.js';
import type { PlateCandidate } from '../../types.js';
import type { CtcReading } from './ctc.js';

export interface TextGeometry {
  /** Registration text line size in frame pixels (width along the text, height across it). */
  lineWidth: number;
  lineHeight: number;
  frameWidth: number;
  frameHeight: number;
}

/** Words seen on signs, shop fronts and overlays; a plate reading exactly one of these is a sign. */
const SIGN_WORDS = new Set([
  'STOP',
  'EXIT',
  'ONLY',
  'ENTRY',
  'ENTRANCE',
  'NOTICE',
  'PARKING',
  'PARK',
  'NO',
  'KEEP',
  'CLEAR',
  'SLOW',
  'YIELD',
  'DANGER',
  'WARNING',
  'CAUTION',
  'PRIVATE',
  'POLICE',
  'TAXI',
  'BUS',
  'LANE',
  'ONE',
  'WAY',
  'ROAD',
  'STREET',
  'OPEN',
  'CLOSED',
  'PUSH',
  'PULL',
  'OFFICE',
  'SPEED',
  'LIMIT',
  'AHEAD',
  'TOW',
  'AWAY',
  'ZONE',
  'VISITOR',
  'VISITORS',
  'STAFF',
  'DELIVERY',
  'DELIVERIES',
  'LOADING',
  'TRUCK',
  'TRUCKS',
  'GATE',
  'SECURITY',
  'CAMERA',
  'WELCOME',
  'THANK',
  'YOU',
  'SALE',
  'RENT',
  'SERVICE',
  'CENTER',
  'CENTRE',
  'HOTEL',
  'SHOP',
  'STORE',
  'MARKET',
]);

/** Clock, date or frame-counter overlays ("2023-05-01 08:04:42", "12/05/2023", "08:04"). */
export function looksLikeTimestamp(text: string): boolean {
  const t = text.toUpperCase();
  // Plates carry letters; a clock overlay at most AM/PM or a weekday/month abbreviation.
  const letters = t.replace(/[^A-Z]/g, '').length;
  if (letters > 3) return false;
  // A clock: 08:04, 8:04:42 (an emblem between plate groups read as ':' comes with letters, excluded above).
  if (/(^|[^0-9])\d{1,2}\s?:\s?\d{2}(\s?:\s?\d{2})?([^0-9]|$)/.test(t)) return true;
  // A date: 2023-05-01, 2023/5/1, 01/05/2023, 01.05.23 (not 12-34-56, a Dutch-style plate).
  if (/(19|20)\d{2}\s?[-/.]\s?\d{1,2}\s?[-/.]\s?\d{1,2}/.test(t)) return true;
  if (/(^|[^0-9])\d{1,2}[/.]\d{1,2}[/.]((19|20)\d{2}|\d{2})([^0-9]|$)/.test(t)) return true;
  // 10+ digits: date and time read without their separators.
  return letters === 0 && t.replace(/[^0-9]/g, '').length >= 10;
}

/** 0-1 from the text alone; 0.5 when nothing was read (undecided: geometry decides). */
export function textPlateScore(text: string): number {
  const raw = text.toUpperCase().trim();
  const alnum = raw.replace(/[^A-Z0-9]/g, '');
  const n = alnum.length;
  if (n === 0) return 0.5;
  if (looksLikeTimestamp(raw)) return 0.05;
  const words = raw.split(/[\s.]+/).filter((w) => w.length > 0);
  const letterWords = words.filter((w) => /^[A-Z]{2,}$/.test(w));
  if (letterWords.some((w) => SIGN_WORDS.has(w)) && letterWords.length === words.length) return 0.05;
  // Two or more pure-letter words of 3+ letters ("EXIT ONLY", "KEEP CLEAR") are signage.
  if (letterWords.filter((w) => w.length >= 3).length >= 2) return 0.1;
  if (n > 10) return 0.08;
  const digits = alnum.replace(/[^0-9]/g, '').length;
  const letters = n - digits;
  if (n >= 9) return digits > 0 && letters > 0 ? 0.5 : 0.2;
  if (digits > 0 && letters > 0) return n >= 4 ? 0.95 : 0.6;
  if (letters === 0) return n >= 4 ? 0.75 : n === 3 ? 0.5 : 0.4;
  // Letters only: badges ("CROSS"), brand names, a country code ("SK"), a stray glyph. Vanity plates
  // are all letters too, but rarer than such print; a plate seen over several frames is read with its
  // digits in most of them.
  return 0.35;
}

/**
 * True when the text holds a plate-like run: 5+ consecutive letters/digits with at least 2 digits and
 * 1 letter. The detector sometimes merges a plate with the dealer frame or a sticker into one long line.
 */
export function containsPlateLikeRun(text: string): boolean {
  const runs = text.toUpperCase().match(/[A-Z0-9]{5,}/g) ?? [];
  return runs.some((run) => {
    const digits = run.replace(/[^0-9]/g, '').length;
    return digits >= 2 && run.length - digits >= 1;
  });
}

/** 0-1 from the line's shape and size: plates are short, wide-ish lines of readable size. */
export function geometryPlateScore(g: TextGeometry): number {
  const aspect = g.lineWidth / Math.max(1, g.lineHeight);
  let score = 1;
  if (aspect > 9)
    score *= 0.3; // a long text line: sign, caption, banner
  else if (aspect > 7) score *= 0.7;
  if (aspect < 0.9) score *= 0.5; // taller than wide: a lone glyph or vertical text
  // Characters taller than a third of the frame: a close-up sign or a caption rather than a plate in scene.
  if (g.lineHeight > g.frameHeight / 3) score *= 0.6;
  return score;
}

/**
 * Plausibility (0-1) that a text region is a number plate. Callers keep regions at or above
 * PLATE_LIKELIHOOD_THRESHOLD unless they obscure all text.
 */
export function plateLikelihood(text: string, geometry?: TextGeometry): number {
  let t = textPlateScore(text);
  // A long line that holds a plate-like run is a plate merged with neighbouring print: keep it.
  const mergedPlate = t < 0.5 && !looksLikeTimestamp(text) && containsPlateLikeRun(text);
  if (mergedPlate) t = 0.5;
  if (!geometry) return t;
  const g = mergedPlate ? 1 : geometryPlateScore(geometry);
  return t * g;
}

export const PLATE_LIKELIHOOD_THRESHOLD = 0.4;

/** What the engine knows about one group of text lines: the evidence the plate-or-not decision uses. */
export interface TextGroupEvidence {
  candidate: PlateCandidate;
  /** Text lines of the chosen reading (frame pixels). */
  lines: RotatedRect[];
  /** Tallest of those lines. */
  main: RotatedRect;
  /** Estimated plate rect (text lines grown to the border). */
  plate: RotatedRect;
  /** Per-character probabilities (0-1) of the chosen reading. */
  charProbabilities: number[];
  /** The recogniser's reading of each chosen line. */
  reads: CtcReading[];
  /** plateLikelihood of the text and line geometry. */
  likelihood: number;
}

/**
 * Fewest letters/digits of a whole-plate reading. Registrations have 4-8 characters almost everywhere;
 * on the stills and clips (every text group the detector finds, labelled by the truth) every plate seen
 * whole was read with 4+ characters, while 1-3 character readings and empty ones were wheels, grilles,
 * badges and stickers (the false tracks that over-redacted the clips).
 */
export const MIN_PLATE_CHARACTERS = 4;
/**
 * A plate cut by the frame edge shows only a few characters. Such short readings are kept when the
 * plate estimate reaches the edge and the characters were read with at least this mean confidence
 * (0-100): cut plates read '867', 'P1', 'R8Z' at 88-100; edge clutter read '8', '5' at 3-11.
 */
export const MIN_CUT_PLATE_CONFIDENCE = 40;

/** Letters and digits of a reading (separators and spaces dropped). */
function plateCharacters(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * True when the rect comes within `margin` pixels of the frame border (`marginY` above and below).
 * The plate estimate of a cut plate extends to (or past) the edge.
 */
export function reachesFrameEdge(r: RotatedRect, frame: { width: number; height: number }, margin: number, marginY = margin): boolean {
  const c = Math.cos(r.angle);
  const s = Math.sin(r.angle);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const su of [-1, 1]) {
    for (const sv of [-1, 1]) {
      const x = r.cx + (su * r.width * c) / 2 - (sv * r.height * s) / 2;
      const y = r.cy + (su * r.width * s) / 2 + (sv * r.height * c) / 2;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  return minX < margin || maxX > frame.width - margin || minY < marginY || maxY > frame.height - marginY;
}

/**
 * Plate-or-not for one text group. Text plausibility first (signs, clocks, banners score low); then a
 * plate must be read with MIN_PLATE_CHARACTERS characters, unless it is cut by the frame edge (see
 * MIN_CUT_PLATE_CONFIDENCE). Unreadable text (blurred, tiny) is not reported: in video the tracker
 * carries a plate through frames where it cannot be read, and the empty readings were mostly clutter.
 */
export function isPlausiblePlate(e: TextGroupEvidence, frame: { width: number; height: number }): boolean {
  if (e.likelihood < PLATE_LIKELIHOOD_THRESHOLD) return false;
  const characters = plateCharacters(e.candidate.text ?? '').length;
  if (characters >= MIN_PLATE_CHARACTERS) return true;
  if (characters === 0 || (e.candidate.confidence ?? 0) < MIN_CUT_PLATE_CONFIDENCE) return false;
  return reachesFrameEdge(e.plate, frame, e.main.height, e.main.height / 2);
}

/**
 * Fewest characters of a plate reported by a native-resolution look (a frame larger than the detector
 * input, or a crop of it, at its own resolution). That look resolves small print the shrunk frame never
 * showed (badges, the dealer line under a plate, grates), mostly read short, while the small plates it is
 * for (d21's ~60 px plates at 1080p) were read with 6-7 characters. A plate read shorter on such a look is
 * still found by the shrunk pass when it is large enough, and tracked between.
 */
export const MIN_NATIVE_LOOK_CHARACTERS = 5;

/** True when a candidate from a native-resolution look reads long enough to be a plate (see MIN_NATIVE_LOOK_CHARACTERS). */
export function readsLikePlateAtNativeLook(candidate: PlateCandidate): boolean {
  return plateCharacters(candidate.text ?? '').length >= MIN_NATIVE_LOOK_CHARACTERS;
}
