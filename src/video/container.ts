// Which container a redacted video is written in. The video is always H.264 (libx264), so the output
// keeps the input's extension only where that container can carry H.264 and players expect it there;
// otherwise (.webm, .ogv, .wmv, .mpg, …) the output is an MP4 named .mp4, so no file's extension lies.
// Pure: encode.ts asks for the muxer and audio arguments, the entry points for the output name.
import path from 'node:path';
import { UserError } from '../util/errors.js';

export interface OutputContainer {
  /** ffmpeg muxer (`-f`). */
  muxer: string;
  /** Audio codecs this container carries as they are ('any' for Matroska); others are re-encoded. */
  copyableAudio: ReadonlySet<string> | 'any';
  /** ffmpeg's built-in encoder used when the input's audio cannot be copied. */
  audioEncoder: string;
  /** Extra muxer arguments (MP4 family: index at the front, so playback starts before the download ends). */
  muxerArgs: string[];
}

const MP4_AUDIO = new Set(['aac', 'mp3', 'ac3', 'eac3', 'alac', 'opus', 'mp2']);
const FASTSTART = ['-movflags', '+faststart'];

const MP4: OutputContainer = { muxer: 'mp4', copyableAudio: MP4_AUDIO, audioEncoder: 'aac', muxerArgs: FASTSTART };
const MOV: OutputContainer = { muxer: 'mov', copyableAudio: MP4_AUDIO, audioEncoder: 'aac', muxerArgs: FASTSTART };
const MPEGTS: OutputContainer = {
  muxer: 'mpegts',
  copyableAudio: new Set(['aac', 'mp3', 'mp2', 'ac3', 'eac3']),
  audioEncoder: 'aac',
  muxerArgs: [],
};

/** Extensions (lower case, with the dot) whose container holds H.264 as written by ffmpeg. */
const CONTAINERS: Readonly<Record<string, OutputContainer>> = {
  '.mp4': MP4,
  '.m4v': MP4,
  '.mov': MOV,
  '.3gp': { muxer: '3gp', copyableAudio: new Set(['aac']), audioEncoder: 'aac', muxerArgs: FASTSTART },
  '.mkv': { muxer: 'matroska', copyableAudio: 'any', audioEncoder: 'aac', muxerArgs: [] },
  '.ts': MPEGTS,
  '.mts': MPEGTS,
  '.m2ts': MPEGTS,
  '.flv': { muxer: 'flv', copyableAudio: new Set(['aac', 'mp3']), audioEncoder: 'aac', muxerArgs: [] },
  '.avi': { muxer: 'avi', copyableAudio: new Set(['mp3', 'mp2', 'ac3', 'pcm_s16le']), audioEncoder: 'mp2', muxerArgs: [] },
};

/** The extension a redacted copy of a video with extension `extension` gets: the same one, or `.mp4`. */
export const FALLBACK_EXTENSION = '.mp4';

export function keepsExtension(extension: string): boolean {
  return Object.hasOwn(CONTAINERS, extension.toLowerCase());
}

export function redactedExtensionFor(inputExtension: string): string {
  return keepsExtension(inputExtension) ? inputExtension : FALLBACK_EXTENSION;
}

/** Extensions an output may have, for messages. */
export const OUTPUT_EXTENSIONS = Object.keys(CONTAINERS);

/** The container for `outputPath` by its extension; a UserError for one that cannot hold H.264. */
export function outputContainerFor(outputPath: string): OutputContainer {
  const extension = path.extname(outputPath).toLowerCase();
  const container = CONTAINERS[extension];
  if (!container) {
    throw new UserError(
      `cannot write ${path.basename(outputPath)}: the redacted video is H.264, which a '${extension || '(no extension)'}' file cannot hold;` +
        ` name the output ${OUTPUT_EXTENSIONS.join(', ')}`,
    );
  }
  return container;
}

/** `-c:a` for the input's audio codecs: copied when the container carries them all, else re-encoded. */
export function audioCodecFor(container: OutputContainer, inputCodecs: readonly string[]): string {
  const copyable =
    container.copyableAudio === 'any' || inputCodecs.every((codec) => (container.copyableAudio as ReadonlySet<string>).has(codec));
  return copyable ? 'copy' : container.audioEncoder;
}
