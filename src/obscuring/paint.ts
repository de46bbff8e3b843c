import {
  boundingBox,
  distanceToOutline,
  padPolygon,
  pointInPolygon,
  polygonCentroid,
  polygonExtent,
  signedArea,
} from '../geometry/polygon.js';
import type { Padding } from '../options/index.js';
import type { Polygon } from '../types.js';
import { paddingPixels } from './padding.js';

/** An RGB24 image painted in place. */
export interface RgbImage {
  width: number;
  height: number;
  data: Buffer;
}

export interface FillStyle {
  paddingWidth: Padding;
  paddingHeight: Padding;
}

/** Width in pixels of the soft edge outside the padded polygon; scales with the plate so small plates stay tight. */
export function featherWidth(plateHeight: number): number {
  return Math.max(2, Math.min(8, plateHeight * 0.15));
}

/** The shape actually filled at full opacity: the plate polygon grown by the padding. */
export function paddedShape(polygon: Polygon, style: FillStyle): Polygon {
  const [width, height] = polygonExtent(polygon);
  if (!hasArea(polygon)) {
    // A point or a line (every vertex on one line): padPolygon grows vertices away from the centre, and a vertex
    // on the centre or on the axis does not move. The padding grows its bounding box instead, on the frame axes:
    // pixels in full (auto's cap, a percentage of a zero extent, would be nothing), a percentage of the longer side.
    const b = boundingBox(polygon);
    const longer = Math.max(b.width, b.height);
    const grow = (padding: Padding): number => (padding.unit === 'px' ? padding.value : paddingPixels(padding, longer));
    const padX = grow(style.paddingWidth);
    const padY = grow(style.paddingHeight);
    return [
      [b.x - padX, b.y - padY],
      [b.x + b.width + padX, b.y - padY],
      [b.x + b.width + padX, b.y + b.height + padY],
      [b.x - padX, b.y + b.height + padY],
    ];
  }
  return padPolygon(polygon, paddingPixels(style.paddingWidth, width), paddingPixels(style.paddingHeight, height));
}

/** Whether a polygon encloses any area (not a point, not a line; pure). */
export function hasArea(polygon: Polygon): boolean {
  return polygon.length >= 3 && Math.abs(signedArea(polygon)) > 1e-9;
}

/** Pixels sampled for the fill colour, at most (about). */
const MAX_COLOUR_SAMPLES = 2048;

/**
 * The fill colour: the per-channel median of the pixels in the middle of the plate, which is the plate's
 * background (characters are a minority of a plate's area), so the fill looks like a blank plate.
 * Only the central part is sampled because a detection polygon is often a little larger than the plate
 * and its rim would sample the car body.
 */
export function sampleFillColour(image: RgbImage, plate: Polygon): [number, number, number] {
  const [cx, cy] = polygonCentroid(plate);
  const polygon = plate.map(([x, y]) => [cx + (x - cx) * 0.6, cy + (y - cy) * 0.6] as [number, number]);
  const box = clampBox(boundingBox(polygon), image);
  const histograms = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  let count = 0;
  // A regular grid of about MAX_COLOUR_SAMPLES pixels gives the median of a large plate as well as every pixel.
  const step = Math.max(1, Math.floor(Math.sqrt(((box.x1 - box.x0) * (box.y1 - box.y0)) / MAX_COLOUR_SAMPLES)));
  for (let y = box.y0; y < box.y1; y += step) {
    for (let x = box.x0; x < box.x1; x += step) {
      if (!pointInPolygon(x + 0.5, y + 0.5, polygon)) continue;
      const offset = (y * image.width + x) * 3;
      histograms[0]![image.data[offset]!]!++;
      histograms[1]![image.data[offset + 1]!]!++;
      histograms[2]![image.data[offset + 2]!]!++;
      count++;
    }
  }
  if (count === 0) return [128, 128, 128];
  return histograms.map((h) => {
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += h[v]!;
      if (seen * 2 >= count) return v;
    }
    return 255;
  }) as [number, number, number];
}

/**
 * Paints `colour` over `shape` at `opacity`: full opacity on every pixel whose centre lies inside the shape
 * (and on pixels the outline crosses), fading to nothing over `feather` pixels outside it.
 * Pixels farther than `feather` from the shape are never touched.
 *
 * Row by row: the span of pixel centres inside the shape is filled directly and the (costly) distance to
 * the outline is computed only in the feather band around it. Every shape painted here is convex (padded
 * plate quads, and those clipped by the frame), for which a row crosses the shape in one span.
 */
export function fillFeathered(image: RgbImage, shape: Polygon, colour: [number, number, number], feather: number, opacity: number): void {
  if (opacity <= 0) return;
  const box = boundingBox(shape);
  // A pixel is measured from its centre, less half its diagonal, so the feather reaches that much further.
  const margin = feather + Math.SQRT1_2;
  const area = clampBox({ x: box.x - margin, y: box.y - margin, width: box.width + 2 * margin, height: box.height + 2 * margin }, image);
  const reach = Math.ceil(margin) + 1;
  const spans = [];
  for (let y = area.y0; y < area.y1; y++) spans.push(rowSpan(shape, y + 0.5));
  for (let y = area.y0; y < area.y1; y++) {
    const span = spans[y - area.y0]!;
    // The shape's horizontal extent within `reach` rows of this one bounds where the feather can reach.
    let near = extentOfVertices(shape, y + 0.5 - reach, y + 0.5 + reach);
    for (let k = Math.max(area.y0, y - reach); k < Math.min(area.y1, y + reach + 1); k++) {
      const other = spans[k - area.y0];
      if (other) near = near ? [Math.min(near[0], other[0]), Math.max(near[1], other[1])] : other;
    }
    if (!near) continue;
    const bandStart = Math.max(area.x0, Math.floor(near[0]) - reach);
    const bandEnd = Math.min(area.x1, Math.ceil(near[1]) + reach + 1);
    // Inside pixels: centres within the row's span are filled without distance tests.
    const insideStart = span ? Math.max(bandStart, Math.ceil(span[0] - 0.5)) : bandEnd;
    const insideEnd = span ? Math.min(bandEnd - 1, Math.floor(span[1] - 0.5)) : bandEnd - 1;
    for (let x = bandStart; x < Math.min(insideStart, bandEnd); x++) featherPixel(image, shape, x, y, colour, feather, opacity);
    for (let x = insideStart; x <= insideEnd; x++) blend(image, x, y, colour, opacity);
    for (let x = Math.max(insideEnd + 1, insideStart, bandStart); x < bandEnd; x++)
      featherPixel(image, shape, x, y, colour, feather, opacity);
  }
}

/** Horizontal extent of the polygon's vertices whose y lies in [y0, y1], or null. */
function extentOfVertices(polygon: Polygon, y0: number, y1: number): [number, number] | null {
  let left = Infinity;
  let right = -Infinity;
  for (const [x, y] of polygon) {
    if (y < y0 || y > y1) continue;
    left = Math.min(left, x);
    right = Math.max(right, x);
  }
  return left <= right ? [left, right] : null;
}

/** Where the horizontal line at `y` crosses a convex polygon: [left, right], or null. */
export function rowSpan(polygon: Polygon, y: number): [number, number] | null {
  let left = Infinity;
  let right = -Infinity;
  for (let i = 0; i < polygon.length; i++) {
    const [x1, y1] = polygon[i]!;
    const [x2, y2] = polygon[(i + 1) % polygon.length]!;
    if ((y1 <= y && y <= y2) || (y2 <= y && y <= y1)) {
      if (y1 === y2) {
        left = Math.min(left, x1, x2);
        right = Math.max(right, x1, x2);
      } else {
        const x = x1 + ((y - y1) * (x2 - x1)) / (y2 - y1);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  return left <= right ? [left, right] : null;
}

function featherPixel(
  image: RgbImage,
  shape: Polygon,
  x: number,
  y: number,
  colour: [number, number, number],
  feather: number,
  opacity: number,
): void {
  const cx = x + 0.5;
  const cy = y + 0.5;
  let alpha: number;
  if (pointInPolygon(cx, cy, shape)) alpha = 1;
  else {
    // A pixel the outline passes through (distance < half its diagonal) counts as inside.
    const distance = distanceToOutline(cx, cy, shape) - Math.SQRT1_2;
    if (distance <= 0) alpha = 1;
    else if (distance >= feather) return;
    else alpha = 1 - distance / feather;
  }
  blend(image, x, y, colour, alpha * opacity);
}

function blend(image: RgbImage, x: number, y: number, colour: [number, number, number], alpha: number): void {
  const offset = (y * image.width + x) * 3;
  const data = image.data;
  if (alpha >= 1) {
    data[offset] = colour[0];
    data[offset + 1] = colour[1];
    data[offset + 2] = colour[2];
    return;
  }
  for (let c = 0; c < 3; c++) {
    const current = data[offset + c]!;
    data[offset + c] = Math.round(current + (colour[c]! - current) * alpha);
  }
}

function clampBox(box: { x: number; y: number; width: number; height: number }, image: RgbImage) {
  return {
    x0: Math.max(0, Math.floor(box.x)),
    y0: Math.max(0, Math.floor(box.y)),
    x1: Math.min(image.width, Math.ceil(box.x + box.width)),
    y1: Math.min(image.height, Math.ceil(box.y + box.height)),
  };
}
