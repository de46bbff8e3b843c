// The one pipeline every entry point calls: frames -> detections -> tracks -> polygons per frame -> pixels.

export { detectPlates } from './detect.js';
export { EngineCache } from './engineCache.js';
export { obscureVideo, redactVideo } from './obscure.js';
export type { DetectOptions, EngineName, ObscureOptions, ProgressEvent, Quality } from './options.js';
export { DEFAULT_DETECT_OPTIONS, DEFAULT_OBSCURE_OPTIONS, defaultPreset, encoderPreset } from './options.js';
