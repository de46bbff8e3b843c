// Axis-aligned boxes ({x, y, width, height} in frame pixels): area, overlap, IoU.
import type { Box } from '../types.js';

export function boxArea(box: Box): number {
  return Math.max(0, box.width) * Math.max(0, box.height);
}

export function boxIntersection(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Intersection over union of two axis-aligned boxes (0 when both are empty). */
export function boxIou(a: Box, b: Box): number {
  const inter = boxIntersection(a, b);
  const union = boxArea(a) + boxArea(b) - inter;
  return union > 0 ? inter / union : 0;
}
