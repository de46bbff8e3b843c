// The cover decision: which tracked plates are obscured (and listed in the document). Made here, in the
// pipeline, once per video after tracking; the document builder and the obscurer take its result as given.
import { filterPlausibleTracks } from '../tracking/plausibility.js';
import type { TrackedPlate } from '../types.js';

export interface CoverOptions {
  /** Cover every tracked text region, not only tracks that read as plates. */
  obscureAllText: boolean;
}

/**
 * The tracks to cover: those that looked like a plate at least once (see isPlausibleTrack), or every
 * track with obscureAllText; a track left with no frame in view has nothing to cover.
 */
export function platesToCover(plates: readonly TrackedPlate[], options: CoverOptions): TrackedPlate[] {
  return filterPlausibleTracks(plates, options).filter((plate) => plate.history.length > 0);
}
