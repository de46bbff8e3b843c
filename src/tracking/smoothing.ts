import type { Polygon } from '../types.js';
import { convexContains } from '../geometry/clip.js';
import { orientedBoundingQuad } from '../geometry/rect.js';

export interface FramePolygon {
  frame: number;
  polygon: Polygon;
}

/**
 * Temporal dilation: each frame's polygon grows to hold the polygons of the neighbouring frames within
 * `radius` frames (a quad aligned with the frame's own polygon), so cover never shrinks abruptly from
 * one frame to the next and a one-frame lag of the tracker still covers the plate.
 */
export function dilateOverTime(entries: FramePolygon[], radius: number): Polygon[] {
  return entries.map((entry, i) => {
    const window: Polygon[] = [];
    for (let j = i - 1; j >= 0 && entry.frame - entries[j]!.frame <= radius; j--) window.push(entries[j]!.polygon);
    for (let j = i + 1; j < entries.length && entries[j]!.frame - entry.frame <= radius; j++) window.push(entries[j]!.polygon);
    if (window.every((p) => convexContains(entry.polygon, p, 0.25))) return entry.polygon;
    return orientedBoundingQuad(entry.polygon, [entry.polygon, ...window]);
  });
}
