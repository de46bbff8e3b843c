// Geometry only the embedded engine's DB text detector needs; shared polygon maths is in src/geometry/.
import type { RotatedRect } from '../../geometry/rect.js';

/**
 * DB "unclip": grow a text kernel outwards by area * ratio / perimeter (the Vatti offset PaddleOCR uses).
 * For a rectangle the offset polygon's bounding rotated rect is the rect grown by that distance on each side.
 */
export function unclipRect(r: RotatedRect, ratio: number): RotatedRect {
  const area = r.width * r.height;
  const perimeter = 2 * (r.width + r.height);
  const d = perimeter > 0 ? (area * ratio) / perimeter : 0;
  return { ...r, width: r.width + 2 * d, height: r.height + 2 * d };
}
