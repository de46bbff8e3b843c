export { CoverTimeline, fadeOpacity, polygonsBetween } from './timeline.js';
export type { CoverShape } from './timeline.js';
export { obscureFrame } from './render.js';
export { SteadyColours } from './steadyColour.js';
export { fillFeathered, paddedShape, sampleFillColour, featherWidth } from './paint.js';
export type { FillStyle, RgbImage } from './paint.js';
export { parsePadding, paddingPixels } from './padding.js';
export type { Padding } from './padding.js';
