export { frameToLuma, type IntegralImage, integralImage, type LumaImage, lumaScaleFactor } from './luma.js';
export { affinity, assignDetections, DEFAULT_GATE, type MatchGate, normalisedCentreDistance, sizeRatio } from './matching.js';
export { fitMotion, type Motion, type Observation, predict } from './motion.js';
export { absorbNestedTracks, NESTED_SHARE } from './nesting.js';
export { RingBuffer } from './ringBuffer.js';
export { extractTemplate, type MatchRequest, type MatchResult, matchTemplate, scoreAt, type Template } from './sadMatcher.js';
export { dilateOverTime, type FramePolygon } from './smoothing.js';
export { PlateTracker } from './tracker.js';
export { DEFAULT_TUNING, type TrackerOptions, type VisualTuning } from './tuning.js';
