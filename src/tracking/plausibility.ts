// Track-level plate-or-not: the last chance to drop a track that never looked like a plate before its
// cover is painted. Engines decide per frame; a track sees all of a plate's readings at once.
import { plateTextScore } from '../regions/index.js';
import type { TrackedPlate } from '../types.js';

/**
 * plateTextScore of a reading that is a whole plate: 4+ letters/digits that are not a word, date or
 * sign (e.g. 'F733' 0.85, '6RJN062' 1, '867' 0.23, '18' 0.05, 'EXIT' 0.06).
 */
export const WHOLE_PLATE_TEXT_SCORE = 0.5;
/**
 * Readings a track without any whole-plate reading needs to be kept: a plate that is only ever seen
 * cut by the frame edge shows a few characters, read again on every detection of it; clutter at the
 * edge (a wheel arch, a grille) is read as a character or two now and then.
 */
export const MIN_PARTIAL_READINGS = 2;
/**
 * A plate detector's score (0-1) at which one detection alone makes a track a plate: the detector was
 * trained to tell plates from other text, and a plate seen for a few frames, mirrored or too small to
 * read gives no whole-plate reading. The same bar as the embedded engine's CONFIRMED_SCORE.
 */
export const CONFIRMED_PLATE_SCORE = 0.5;

export interface TrackPlausibilityOptions {
  /** Keep every track (the user asked to obscure all text, not only plates). */
  obscureAllText: boolean;
}

/**
 * True when a track is worth obscuring: the plate detector was sure of it once, it was read as a whole plate at least once, or it was read
 * (partially) on MIN_PARTIAL_READINGS detections. Recall first: one plausible reading is enough,
 * however many frames failed to read. A track with no reading at all (every detection unreadable) is
 * dropped: engines only report unreadable text when asked to obscure all text.
 */
export function isPlausibleTrack(plate: TrackedPlate): boolean {
  if (plate.readings.some((r) => (r.plateScore ?? 0) >= CONFIRMED_PLATE_SCORE)) return true;
  if (plate.readings.some((r) => plateTextScore(r.text) >= WHOLE_PLATE_TEXT_SCORE)) return true;
  return plate.readings.filter((r) => r.text !== '').length >= MIN_PARTIAL_READINGS;
}

/** The tracks to put in the document and obscure. */
export function filterPlausibleTracks(plates: readonly TrackedPlate[], options: TrackPlausibilityOptions): TrackedPlate[] {
  if (options.obscureAllText) return [...plates];
  return plates.filter(isPlausibleTrack);
}
