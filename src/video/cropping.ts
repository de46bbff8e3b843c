// What an H.264 stream stores beyond the picture it shows: rows and columns hidden by the SPS cropping
// rectangle. A decode applies the crop (every frame detection looks at is the shown picture), but a stream
// copy passes the hidden pixels on, and a decoder told to ignore the crop (`-flags2 +ignorecrop`) shows them.
import { execa } from 'execa';
import { fileUrl, locateFfmpeg } from './ffmpeg.js';
import type { VideoDetails } from './probe.js';

/** The cropping fields of one H.264 sequence parameter set. */
export interface SpsCrop {
  chromaFormatIdc: number;
  frameMbsOnly: number;
  widthInMbs: number;
  heightInMapUnits: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Every SPS in ffmpeg's `trace_headers` log (pure; unit-tested). */
export function parseSpsTrace(log: string): SpsCrop[] {
  const found: SpsCrop[] = [];
  let current: Partial<Record<string, number>> = {};
  const field = (name: string): number | undefined => current[name];
  for (const line of log.split('\n')) {
    const match = /\b(\w+)\s+[01]+ = (\d+)\s*$/.exec(line);
    if (!match) continue;
    const [, name, value] = match;
    // Each SPS starts with profile_idc.
    if (name === 'profile_idc') current = {};
    current[name!] = Number(value);
    if (name === 'frame_cropping_flag' && Number(value) === 0) {
      current.frame_crop_left_offset = 0;
      current.frame_crop_right_offset = 0;
      current.frame_crop_top_offset = 0;
      current.frame_crop_bottom_offset = 0;
    }
    if (name === 'frame_crop_bottom_offset' || (name === 'frame_cropping_flag' && Number(value) === 0)) {
      found.push({
        chromaFormatIdc: field('chroma_format_idc') ?? 1,
        frameMbsOnly: field('frame_mbs_only_flag') ?? 1,
        widthInMbs: (field('pic_width_in_mbs_minus1') ?? 0) + 1,
        heightInMapUnits: (field('pic_height_in_map_units_minus1') ?? 0) + 1,
        left: field('frame_crop_left_offset') ?? 0,
        right: field('frame_crop_right_offset') ?? 0,
        top: field('frame_crop_top_offset') ?? 0,
        bottom: field('frame_crop_bottom_offset') ?? 0,
      });
    }
  }
  return found;
}

/**
 * What an SPS's crop hides beyond the padding to whole macroblocks, or undefined when nothing (pure;
 * unit-tested). An encoder pads a picture whose size is not a multiple of 16 and crops the padding away on
 * the right and bottom: that crop hides no picture. Any crop at the top or left, or of a whole macroblock or
 * more, hides stored rows or columns.
 */
export function hiddenByCrop(sps: SpsCrop): string | undefined {
  const unitX = sps.chromaFormatIdc === 1 || sps.chromaFormatIdc === 2 ? 2 : 1;
  const unitY = (sps.chromaFormatIdc === 1 ? 2 : 1) * (2 - sps.frameMbsOnly);
  const codedWidth = sps.widthInMbs * 16;
  const codedHeight = sps.heightInMapUnits * 16 * (2 - sps.frameMbsOnly);
  const hidden = { left: sps.left * unitX, right: sps.right * unitX, top: sps.top * unitY, bottom: sps.bottom * unitY };
  const macroblockHeight = 16 * (2 - sps.frameMbsOnly);
  if (hidden.left > 0 || hidden.top > 0 || hidden.right >= 16 || hidden.bottom >= macroblockHeight) {
    const sides = Object.entries(hidden)
      .filter(([, px]) => px > 0)
      .map(([side, px]) => `${px} px ${side}`)
      .join(', ');
    return `its H.264 cropping hides stored pixels of the ${codedWidth}x${codedHeight} pictures (${sides})`;
  }
  return undefined;
}

/**
 * Why the stored H.264 pictures of `details` are larger than the shown ones, or undefined when they are not
 * (beyond macroblock padding). Reads every SPS of the stream (demux and bitstream parsing only, no decode).
 * When the SPS cannot be read, that is the reason: a copy is made only of what is known to be shown whole.
 */
export async function croppingRefusal(details: VideoDetails, signal?: AbortSignal): Promise<string | undefined> {
  const { ffmpeg } = await locateFfmpeg();
  const result = await execa(
    ffmpeg,
    [
      '-nostdin',
      '-hide_banner',
      '-nostats',
      '-v',
      'info',
      '-i',
      fileUrl(details.info.path),
      '-map',
      `0:${details.streamIndex}`,
      '-c:v',
      'copy',
      '-bsf:v',
      'filter_units=pass_types=7,trace_headers',
      '-f',
      'null',
      '-',
    ],
    { reject: false, stdin: 'ignore', stdout: 'ignore', maxBuffer: 64 * 1024 * 1024, cancelSignal: signal },
  );
  signal?.throwIfAborted();
  const sets = result.exitCode === 0 ? parseSpsTrace(String(result.stderr ?? '')) : [];
  if (sets.length === 0) return 'its H.264 cropping could not be read';
  for (const sps of sets) {
    const hidden = hiddenByCrop(sps);
    if (hidden) return hidden;
  }
  return undefined;
}
