// How much of a plate number a report shows. Reports of the Action are public on a public repository,
// which would defeat a redaction, so the Action masks by default and the CLI (whose JSON is the user's
// own) shows the full text unless asked otherwise.
import type { PlateTextMode } from '../options/index.js';
import type { DocumentHistory, PlatesDocument } from './document.js';

export const MASK = '•';

/**
 * `AB12CDE` → `AB1•••E`: the first characters and the last one stay, enough to tell plates of one video
 * apart, while about half of the characters (never fewer than two, all of a two-character text) are
 * hidden, too few to look a vehicle up. Spaces and dashes keep
 * their places so the shape stays readable.
 */
export function maskPlate(text: string): string {
  const positions = [...text].map((char, index) => ({ char, index })).filter(({ char }) => /[\p{L}\p{N}]/u.test(char));
  const n = positions.length;
  if (n === 0) return text;
  const hidden = Math.max(Math.min(2, n), Math.floor(n / 2));
  const keepLast = n - hidden >= 2 ? 1 : 0;
  const keepFirst = n - hidden - keepLast;
  const masked = new Set(positions.slice(keepFirst, n - keepLast).map(({ index }) => index));
  return [...text].map((char, index) => (masked.has(index) ? MASK : char)).join('');
}

/** The plate text as a report should show it. `none` leaves it out ('' is "not read" in the schema). */
export function plateTextFor(text: string, mode: PlateTextMode): string {
  if (mode === 'full' || text === '') return text;
  return mode === 'masked' ? maskPlate(text) : '';
}

/** A copy of `document` with every plate text shown per `mode` (the original is not changed). */
export function applyPlateText<H extends DocumentHistory>(document: PlatesDocument<H>, mode: PlateTextMode): PlatesDocument<H> {
  if (mode === 'full') return document;
  return {
    ...document,
    summary: document.summary.map((entry) => ({ ...entry, plate: plateTextFor(entry.plate, mode) })),
    tracking: document.tracking.map((track) => ({ ...track, plate: plateTextFor(track.plate, mode) })),
  };
}

/**
 * A log line as the report may show it. Only engine diagnostics can carry text read from the video
 * (`charscan: frame …` OCR lines, OpenALPR's own output); outside `full` their letter-and-digit runs are
 * masked like plates. Other lines (progress, engine choice, errors) carry no plate text.
 */
export function logLineFor(line: string, mode: PlateTextMode): string {
  if (mode === 'full' || !/^\s*(charscan|openalpr):/.test(line)) return line;
  const [prefix, ...rest] = line.split(':');
  const mask = (run: string): string => (/[\p{Lu}\p{N}]/u.test(run) ? (mode === 'none' ? MASK.repeat(3) : maskPlate(run)) : run);
  return `${prefix}:${rest.join(':').replace(/[\p{L}\p{N}]{2,}/gu, mask)}`;
}
