// Video I/O: locate ffmpeg, probe, decode to RGB24 frames, encode frames back to H.264, write outputs atomically.

export { withAtomicOutput, writeFileAtomic } from './atomic.js';
export { type DecodeOptions, decodeFrames, decodeFramesAt } from './decode.js';
export { type EncoderOptions, type FrameEncoder, openEncoder } from './encode.js';
export { type FfmpegTools, locateFfmpeg } from './ffmpeg.js';
export { probeVideo, probeVideoDetails, type VideoDetails } from './probe.js';
