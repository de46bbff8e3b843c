// Video I/O: locate ffmpeg, probe, decode to RGB24 frames, encode frames back to H.264, write outputs atomically.

export { withAtomicOutput, writeFileAtomic } from './atomic.js';
export { outputContainerFor, redactedExtensionFor } from './container.js';
export { type DecodeOptions, decodeFrames, decodeFramesAt } from './decode.js';
export {
  changedStreams,
  copyRefusal,
  copyVideo,
  droppedStreams,
  type EncoderOptions,
  type FrameEncoder,
  openEncoder,
  streamCopyRefusal,
} from './encode.js';
export { type FfmpegTools, findOnPath, locateFfmpeg } from './ffmpeg.js';
export { probeVideo, probeVideoDetails, type VideoDetails } from './probe.js';
