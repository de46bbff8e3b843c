import type { CoverShape } from './timeline.js';
import type { FillStyle, RgbImage } from './paint.js';
import { featherWidth, fillFeathered, paddedShape, sampleFillColour } from './paint.js';
import { polygonExtent } from '../geometry/polygon.js';

/**
 * Obscures every shape on one frame, in place. Colours are sampled before anything is painted so
 * overlapping plates do not sample each other's fill.
 */
export function obscureFrame(image: RgbImage, shapes: CoverShape[], style: FillStyle): void {
  const colours = shapes.map((shape) => sampleFillColour(image, shape.polygon));
  shapes.forEach((shape, i) => {
    const [, plateHeight] = polygonExtent(shape.polygon);
    fillFeathered(image, paddedShape(shape.polygon, style), colours[i]!, featherWidth(plateHeight), shape.opacity);
  });
}
