export { PlateTracker, DEFAULT_TUNING, type TrackerOptions, type VisualTuning } from './tracker.js';
export { assignDetections, affinity, normalisedCentreDistance, sizeRatio, DEFAULT_GATE, type MatchGate } from './matching.js';
export { fitMotion, predict, type Motion, type Observation } from './motion.js';
export { extractTemplate, matchTemplate, scoreAt, type Template, type MatchRequest, type MatchResult } from './sadMatcher.js';
export { frameToLuma, integralImage, lumaScaleFactor, type LumaImage, type IntegralImage } from './luma.js';
export { dilateOverTime, type FramePolygon } from './smoothing.js';
export { RingBuffer } from './ringBuffer.js';
