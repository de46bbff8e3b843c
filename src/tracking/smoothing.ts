import { convexContains } from '../geometry/clip.js';
import { polygonCentroid, polygonExtent } from '../geometry/polygon.js';
import { orientedBoundingQuad } from '../geometry/rect.js';
import type { Polygon } from '../types.js';

export interface FramePolygon {
  frame: number;
  polygon: Polygon;
}

/**
 * Neighbours whose centre lies more than this many of the frame's own plate extents away are a jump (a
 * detection of something else joined to the track), not tracker lag: merging them painted a band 340-500 px
 * wide across the toll booth. Lag is at most a frame's motion, well under two plate widths.
 */
const MAX_LAG_EXTENTS = 2;

function nearEnough(polygon: Polygon): (other: Polygon) => boolean {
  const [cx, cy] = polygonCentroid(polygon);
  const reach = MAX_LAG_EXTENTS * Math.max(...polygonExtent(polygon));
  return (other) => {
    const [ox, oy] = polygonCentroid(other);
    return Math.hypot(ox - cx, oy - cy) <= reach;
  };
}

/**
 * Temporal dilation: each frame's polygon grows to hold the polygons of the neighbouring frames within
 * `radius` frames (a quad aligned with the frame's own polygon), so cover never shrinks abruptly from
 * one frame to the next and a one-frame lag of the tracker still covers the plate. Neighbours too far
 * away to be lag (see MAX_LAG_EXTENTS) are left out.
 */
export function dilateOverTime(entries: FramePolygon[], radius: number): Polygon[] {
  return entries.map((entry, i) => {
    const window: Polygon[] = [];
    const near = nearEnough(entry.polygon);
    for (let j = i - 1; j >= 0 && entry.frame - entries[j]!.frame <= radius; j--)
      if (near(entries[j]!.polygon)) window.push(entries[j]!.polygon);
    for (let j = i + 1; j < entries.length && entries[j]!.frame - entry.frame <= radius; j++)
      if (near(entries[j]!.polygon)) window.push(entries[j]!.polygon);
    if (window.every((p) => convexContains(entry.polygon, p, 0.25))) return entry.polygon;
    return orientedBoundingQuad(entry.polygon, [entry.polygon, ...window]);
  });
}
