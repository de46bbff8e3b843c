export { paddingPixels } from './padding.js';
export type { FillStyle, RgbImage } from './paint.js';
export { featherWidth, fillFeathered, paddedShape, sampleFillColour } from './paint.js';
export { obscureFrame } from './render.js';
export { SteadyColours } from './steadyColour.js';
export type { CoverShape } from './timeline.js';
export { CoverTimeline, fadeOpacity, polygonsBetween } from './timeline.js';
