import type { Polygon } from '../../src/types.js';

/** Axis-aligned rectangle as a quad TL, TR, BR, BL (clockwise on screen). */
export function rect(x: number, y: number, w: number, h: number): Polygon {
  return [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h],
  ];
}
