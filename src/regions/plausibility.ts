// How much a piece of OCR text looks like a number plate, whatever the region.
// Used by the plate-or-not filter: on-screen clocks, dates, shop signs and slogans are text too.
import { matchFormats } from './registry.js';
import { normalisePlateText } from './text.js';

/** Dates and clock times as burnt into dashcam/CCTV overlays. Checked on the raw text (separators matter). */
const DATE_TIME_PATTERNS: RegExp[] = [
  /(?<!\d)\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)/, // 2023-05-01, 2023/5/1
  /(?<!\d)\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})(?!\d)/, // 12/05/2023, 01.05.23, 12-05-23
  /(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)/, // 08:04, 08:04:42
  /(?<!\d)\d{1,2}\s*[AP]M\b/i, // 8 PM
];

/** Words that are common on signs, vans and screens but are not plates (4+ letters). */
const COMMON_WORDS = new Set([
  'AUTO',
  'BANK',
  'CAFE',
  'CALL',
  'CARS',
  'CITY',
  'CLUB',
  'DRIVE',
  'EXIT',
  'FIRE',
  'FOOD',
  'FREE',
  'GATE',
  'HOME',
  'HOTEL',
  'INFO',
  'KEEP',
  'LANE',
  'LEFT',
  'LINE',
  'MAIN',
  'MENU',
  'MOTOR',
  'NEAR',
  'NEWS',
  'ONLY',
  'OPEN',
  'PARK',
  'PIZZA',
  'PLUS',
  'POLICE',
  'RIGHT',
  'ROAD',
  'SALE',
  'SHOP',
  'SLOW',
  'STOP',
  'STREET',
  'TAXI',
  'TEXT',
  'THIS',
  'TIME',
  'TOUR',
  'TRUCK',
  'WASH',
  'WAIT',
  'WITH',
  'WORK',
  'YOUR',
  'ZONE',
  'SCHOOL',
  'SERVICE',
  'PARKING',
  'DELIVERY',
  'RECORD',
  'CAMERA',
  'SPEED',
  'LIMIT',
  'DATE',
  'FORD',
  'TOYOTA',
  'HONDA',
  'NISSAN',
  'AUDI',
  'VOLVO',
  'TESLA',
]);

/** Characters that can appear on or around a plate reading without making it suspicious. */
const PLATE_PUNCTUATION = /[\s\-.·•_'"|]/u;

/** True when the raw text contains a date or a clock time. */
export function looksLikeDateOrTime(text: string): boolean {
  return DATE_TIME_PATTERNS.some((re) => re.test(text));
}

/**
 * Digit-only text that reads as a year (2023), a compact date (20230501, 01052023) or a clock time
 * (080442): overlays whose separators the OCR dropped. Returns a factor < 1 for those.
 */
function compactDateTimeFactor(normalised: string): number {
  if (!/^[0-9]+$/.test(normalised)) return 1;
  const n = (from: number, to: number): number => Number(normalised.slice(from, to));
  const isYear = (y: number): boolean => y >= 1970 && y <= 2099;
  const isMonth = (m: number): boolean => m >= 1 && m <= 12;
  const isDay = (d: number): boolean => d >= 1 && d <= 31;
  if (normalised.length === 4 && isYear(n(0, 4))) return 0.6;
  if (normalised.length === 6 && n(0, 2) <= 23 && n(2, 4) <= 59 && n(4, 6) <= 59) return 0.6;
  if (normalised.length === 8) {
    if (isYear(n(0, 4)) && isMonth(n(4, 6)) && isDay(n(6, 8))) return 0.3;
    if (isDay(n(0, 2)) && isMonth(n(2, 4)) && isYear(n(4, 8))) return 0.3;
  }
  return 1;
}

function lengthFactor(length: number): number {
  if (length < 2) return 0;
  if (length === 2) return 0.1;
  if (length === 3) return 0.3;
  if (length <= 8) return 1;
  if (length === 9) return 0.9;
  if (length === 10) return 0.8;
  return length <= 12 ? 0.1 : 0;
}

function longestLetterRun(text: string): string {
  let best = '';
  for (const run of text.match(/[A-Z]+/g) ?? []) if (run.length > best.length) best = run;
  return best;
}

/** Penalty for word-like letter runs: plates rarely carry more than four letters in a row. */
function wordFactor(normalised: string): number {
  const run = longestLetterRun(normalised);
  let factor = run.length <= 4 ? 1 : run.length === 5 ? 0.6 : 0.25;
  for (const letters of normalised.match(/[A-Z]{3,}/g) ?? []) {
    for (const word of COMMON_WORDS) {
      if (letters.includes(word)) {
        factor = Math.min(factor, 0.3);
        break;
      }
    }
  }
  return factor;
}

/**
 * 0..1: how plausible `text` is as a number plate, independent of region.
 * ~0 for dates/times, tiny or very long strings, words; ~1 for letter+digit mixes that match a known format.
 */
export function plateTextScore(text: string): number {
  if (looksLikeDateOrTime(text)) return 0;
  const normalised = normalisePlateText(text);
  const length = normalised.length;
  if (length === 0) return 0;

  const hasLetter = /[A-Z]/.test(normalised);
  const hasDigit = /[0-9]/.test(normalised);
  const matchesFormat = matchFormats(normalised).length > 0;
  let composition: number;
  if (hasLetter && hasDigit) composition = matchesFormat ? 1 : 0.85;
  else if (hasDigit) composition = matchesFormat ? 0.75 : 0.5;
  else composition = 0.2;

  // Symbols such as % $ @ # or a colon/slash that is not part of a date mean prices, URLs, labels.
  const stray = [...text.normalize('NFD')].filter((ch) => !/[\p{L}\p{N}\p{M}]/u.test(ch) && !PLATE_PUNCTUATION.test(ch)).length;
  const strayFactor = stray === 0 ? 1 : stray === 1 ? 0.6 : 0.3;

  const score = lengthFactor(length) * composition * wordFactor(normalised) * strayFactor * compactDateTimeFactor(normalised);
  return Math.round(score * 1000) / 1000;
}
