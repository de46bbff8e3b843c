// Is a plate the second opinion read on an output frame left outside the covers? (pure; unit-tested)
import { boundingBox, pointInPolygon } from '../geometry/polygon.js';
import type { Polygon } from '../types.js';

/** A plate counts as found (left readable) when less than this share of it lies under a cover. */
export const COVERED_SHARE = 0.5;
/** Sample points across a plate's bounding box (per side) used to measure how much of it is covered. */
const SAMPLES = 16;

/**
 * Share (0-1) of `plate` that lies inside at least one of `covers`, measured on a grid of points over the
 * plate's bounding box (those inside the plate). A plate with no area counts as covered.
 */
export function coveredShare(plate: Polygon, covers: readonly Polygon[]): number {
  const box = boundingBox(plate);
  let inside = 0;
  let covered = 0;
  for (let j = 0; j < SAMPLES; j++) {
    const y = box.y + ((j + 0.5) / SAMPLES) * box.height;
    for (let i = 0; i < SAMPLES; i++) {
      const x = box.x + ((i + 0.5) / SAMPLES) * box.width;
      if (!pointInPolygon(x, y, plate)) continue;
      inside++;
      if (covers.some((cover) => pointInPolygon(x, y, cover))) covered++;
    }
  }
  return inside === 0 ? 1 : covered / inside;
}

/** The plates (of those read) that are mostly outside every cover. */
export function uncoveredPlates<T extends { polygon: Polygon }>(plates: readonly T[], covers: readonly Polygon[]): T[] {
  return plates.filter((plate) => coveredShare(plate.polygon, covers) < COVERED_SHARE);
}
