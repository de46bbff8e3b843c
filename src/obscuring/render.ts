import { polygonExtent } from '../geometry/polygon.js';
import type { Polygon } from '../types.js';
import { UserError } from '../util/errors.js';
import type { FillStyle, RgbImage } from './paint.js';
import { featherWidth, fillFeathered, hasArea, paddedShape, sampleFillColour } from './paint.js';
import type { SteadyColours } from './steadyColour.js';
import type { CoverShape } from './timeline.js';

/**
 * Largest coordinate the painter's arithmetic handles exactly (products of two stay far below 2^53 * 1e2).
 * Larger shapes are not "drawn as nothing": they are an error.
 */
export const MAX_DRAWABLE_COORDINATE = 1e9;

/**
 * Obscures every shape on one frame, in place. Colours are sampled before anything is painted so
 * overlapping plates do not sample each other's fill. With `frame.colours` (the renderer's per-track colour
 * state) each track keeps one smoothly changing colour instead of this frame's sample. A shape that cannot be
 * drawn (a non-finite or huge coordinate, from the document or the padding) throws a UserError naming the
 * track and the frame's time: painting nothing instead would leave the plate readable.
 */
export function obscureFrame(
  image: RgbImage,
  shapes: CoverShape[],
  style: FillStyle,
  frame?: { timestampMs: number; colours?: SteadyColours },
): void {
  const padded = shapes.map((shape) => {
    const [, plateHeight] = polygonExtent(shape.polygon);
    const fill = paddedShape(shape.polygon, style);
    const feather = featherWidth(plateHeight);
    if (!isDrawable(fill) || !Number.isFinite(feather) || !Number.isFinite(shape.opacity)) {
      const at = frame === undefined ? '' : ` at ${Math.round(frame.timestampMs * 1000) / 1000} ms`;
      throw new UserError(
        `cannot draw the cover of track ${shape.track}${at}: its padded polygon has a coordinate that is not a finite number within ±${MAX_DRAWABLE_COORDINATE} px`,
      );
    }
    if (!hasArea(fill)) {
      const at = frame === undefined ? '' : ` at ${Math.round(frame.timestampMs * 1000) / 1000} ms`;
      throw new UserError(
        `cannot draw the cover of track ${shape.track}${at}: its polygon has no area (a point or a line) and the padding does not grow it; give --padding-width and --padding-height in pixels (e.g. 10)`,
      );
    }
    return { fill, feather };
  });
  const colours = shapes.map((shape) => {
    const sample = sampleFillColour(image, shape.polygon);
    return frame?.colours ? frame.colours.colourFor(shape.track, frame.timestampMs, sample) : sample;
  });
  shapes.forEach((shape, i) => {
    fillFeathered(image, padded[i]!.fill, colours[i]!, padded[i]!.feather, shape.opacity);
  });
}

/** Every vertex finite and within ±MAX_DRAWABLE_COORDINATE (pure; unit-tested). */
export function isDrawable(polygon: Polygon): boolean {
  return polygon.length >= 3 && polygon.every(([x, y]) => Math.abs(x) <= MAX_DRAWABLE_COORDINATE && Math.abs(y) <= MAX_DRAWABLE_COORDINATE);
}
