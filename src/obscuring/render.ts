import type { CoverShape } from './timeline.js';
import type { FillStyle, RgbImage } from './paint.js';
import { featherWidth, fillFeathered, paddedShape, sampleFillColour } from './paint.js';
import type { SteadyColours } from './steadyColour.js';
import { polygonExtent } from '../geometry/polygon.js';

/**
 * Obscures every shape on one frame, in place. Colours are sampled before anything is painted so
 * overlapping plates do not sample each other's fill. With `steady` (the renderer's per-track colour
 * state and this frame's time) each track keeps one smoothly changing colour instead of this frame's sample.
 */
export function obscureFrame(
  image: RgbImage,
  shapes: CoverShape[],
  style: FillStyle,
  steady?: { colours: SteadyColours; timestampMs: number },
): void {
  const colours = shapes.map((shape) => {
    const sample = sampleFillColour(image, shape.polygon);
    return steady ? steady.colours.colourFor(shape.track, steady.timestampMs, sample) : sample;
  });
  shapes.forEach((shape, i) => {
    const [, plateHeight] = polygonExtent(shape.polygon);
    fillFeathered(image, paddedShape(shape.polygon, style), colours[i]!, featherWidth(plateHeight), shape.opacity);
  });
}
