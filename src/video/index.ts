// Video I/O: locate ffmpeg, probe, decode to RGB24 frames, encode frames back to H.264, write outputs atomically.
export { locateFfmpeg, type FfmpegTools } from './ffmpeg.js';
export { probeVideo, probeVideoDetails, type VideoDetails } from './probe.js';
export { decodeFrames, type DecodeOptions } from './decode.js';
export { openEncoder, type EncoderOptions, type FrameEncoder } from './encode.js';
export { withAtomicOutput, writeFileAtomic } from './atomic.js';
