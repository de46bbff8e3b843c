// The cover decision: which tracked plates are obscured (and listed in the document). Made here, in the
// pipeline, once per video after tracking; the document builder and the obscurer take its result as given.
import { absorbNestedTracks, filterPlausibleTracks } from '../tracking/index.js';
import type { TrackedPlate } from '../types.js';

export interface CoverOptions {
  /** Cover every tracked text region, not only tracks that read as plates. */
  obscureAllText: boolean;
}

/**
 * The tracks to cover: those that looked like a plate at least once (see isPlausibleTrack), or every
 * track with obscureAllText; a track left with no frame in view has nothing to cover. Of two covers on
 * one plate (one nested in the other) one is painted, grown to hold both (see absorbNestedTracks): after
 * the plate-or-not decision, so the absorbing cover is one that is painted.
 */
export function platesToCover(plates: readonly TrackedPlate[], options: CoverOptions): TrackedPlate[] {
  return absorbNestedTracks(filterPlausibleTracks(plates, options).filter((plate) => plate.history.length > 0));
}
