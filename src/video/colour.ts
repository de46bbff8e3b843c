// One rule for YUV<->RGB conversion shared by the decoder and the encoder, so a decode -> encode round trip
// converts back with the same matrix it converted with (ffmpeg's own default is BT.601 for untagged video).

/** swscale matrix names accepted by the scale filter's in_color_matrix / out_color_matrix (ffmpeg 4.1+). */
export type SwsMatrix = 'bt709' | 'bt601' | 'bt2020' | 'smpte240m' | 'fcc';

export interface ColourFacts {
  codedWidth: number;
  codedHeight: number;
  colorSpace?: string;
  colorRange?: string;
  pixelFormat?: string;
}

/** A stream is HD when it is at least 1280 wide or 720 high before rotation (the usual player heuristic). */
export function isHd(width: number, height: number): boolean {
  return width >= 1280 || height >= 720;
}

/** The matrix the stream was encoded with: its tag, else BT.709 for HD and BT.601 for SD. */
export function matrixFor(facts: ColourFacts): SwsMatrix {
  switch (facts.colorSpace) {
    case 'bt709':
      return 'bt709';
    case 'smpte170m':
    case 'bt470bg':
      return 'bt601';
    case 'bt2020nc':
    case 'bt2020c':
      return 'bt2020';
    case 'smpte240m':
      return 'smpte240m';
    case 'fcc':
      return 'fcc';
    default:
      return isHd(facts.codedWidth, facts.codedHeight) ? 'bt709' : 'bt601';
  }
}

/** Full range when tagged `pc` or when the pixel format is a JPEG (yuvj*) one. */
export function isFullRange(facts: ColourFacts): boolean {
  return facts.colorRange === 'pc' || (facts.pixelFormat ?? '').startsWith('yuvj');
}

/**
 * ffmpeg `-colorspace` / `-color_primaries` / `-color_trc` values that describe a matrix on output; `input`'s own
 * primaries and transfer, where tagged, replace the matrix's defaults (an HDR input's smpte2084 or arib-std-b67
 * transfer and bt2020 primaries stay as they were).
 */
export function outputColourTags(
  matrix: SwsMatrix,
  input: { primaries?: string; transfer?: string } = {},
): { space: string; primaries: string; transfer: string } {
  const defaults = defaultColourTags(matrix);
  return {
    space: defaults.space,
    primaries: input.primaries && KNOWN_PRIMARIES.has(input.primaries) ? input.primaries : defaults.primaries,
    transfer: input.transfer && KNOWN_TRANSFERS.has(input.transfer) ? input.transfer : defaults.transfer,
  };
}

/** Tag values every ffmpeg since 4.0 takes for -color_primaries / -color_trc (others fall back to the matrix's). */
const KNOWN_PRIMARIES = new Set([
  'bt709',
  'bt470m',
  'bt470bg',
  'smpte170m',
  'smpte240m',
  'film',
  'bt2020',
  'smpte428',
  'smpte431',
  'smpte432',
]);
const KNOWN_TRANSFERS = new Set([
  'bt709',
  'gamma22',
  'gamma28',
  'smpte170m',
  'smpte240m',
  'linear',
  'iec61966-2-1',
  'bt2020-10',
  'bt2020-12',
  'smpte2084',
  'arib-std-b67',
]);

function defaultColourTags(matrix: SwsMatrix): { space: string; primaries: string; transfer: string } {
  switch (matrix) {
    case 'bt709':
      return { space: 'bt709', primaries: 'bt709', transfer: 'bt709' };
    case 'bt2020':
      return { space: 'bt2020nc', primaries: 'bt2020', transfer: 'bt709' };
    case 'smpte240m':
      return { space: 'smpte240m', primaries: 'smpte240m', transfer: 'smpte240m' };
    case 'fcc':
      return { space: 'fcc', primaries: 'bt470m', transfer: 'bt709' };
    default:
      return { space: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m' };
  }
}
