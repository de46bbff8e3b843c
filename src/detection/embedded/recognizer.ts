// PP-OCRv4 text recognition on rectified crops (PaddleOCR resize_norm_img: height 48, (x/255-0.5)/0.5, BGR).
import * as ort from 'onnxruntime-node';
import type { Point } from '../../types.js';
import { type CtcReading, decodeCtc, plateSymbolGroups } from './ctc.js';
import { type RgbImage, warpQuad } from './image.js';

export const REC_HEIGHT = 48;
/** PaddleOCR pads every line to at least 320 px (its default 3x48x320 shape); the model is used to that. */
const REC_MIN_WIDTH = 320;
/** Plate lines are at most ~8:1; longer lines are squashed (they are not plates, their text barely matters). */
const REC_MAX_WIDTH = 480;
/** Crops per network run; sorted by width so padding stays small (as PaddleOCR batches). */
const REC_BATCH = 8;
/** Extra width each side (fraction of line height): DB boxes can clip edge glyphs; stills: +2 exact reads. */
const REC_SIDE_PAD = 0.15;

function distance(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** Rectify a text quad (TL, TR, BR, BL) to a 48-px-high crop keeping its aspect ratio. */
export function rectifyForRecognition(image: RgbImage, quad: readonly Point[]): RgbImage {
  const w = Math.max(distance(quad[0]!, quad[1]!), distance(quad[3]!, quad[2]!)) * (1 + 2 * REC_SIDE_PAD);
  const h = Math.max(distance(quad[0]!, quad[3]!), distance(quad[1]!, quad[2]!), 1);
  const outW = Math.max(16, Math.min(REC_MAX_WIDTH, Math.round((REC_HEIGHT * w) / h)));
  return warpQuad(image, padQuad(quad, REC_SIDE_PAD), outW, REC_HEIGHT, Math.ceil(h / REC_HEIGHT));
}

/**
 * Mean absolute difference (0-255 levels per channel) under which a crop counts as the one read before.
 * Zero: only identical pixels (a static scene's skipped macroblocks, a parked car under a still camera)
 * take the earlier reading, which is exactly what reading them again would give. A tolerance of 2 levels
 * froze one misreading of a static balustrade on the toll-booth clip ('STE8TS8288TEE'), which then
 * counted as the same plate read on every run and became a 6.6 s false cover; separate reads of noisy
 * pixels disagree, and that disagreement is what keeps such clutter from passing as a plate.
 */
export const REUSE_MAX_MEAN_DIFF = 0;

/** A crop read by the previous run and its reading. */
interface ReadCrop {
  crop: RgbImage;
  reading: CtcReading;
}

/** Mean absolute difference of two same-size crops, or Infinity as soon as it cannot stay under `limit` (pure). */
export function cropDifference(a: RgbImage, b: RgbImage, limit: number): number {
  if (a.width !== b.width || a.height !== b.height) return Infinity;
  const n = a.data.length;
  const budget = limit * n;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += Math.abs(a.data[i]! - b.data[i]!);
    if (sum > budget) return Infinity;
  }
  return sum / n;
}

export class TextRecognizer {
  private readonly groups: Int16Array;
  /** What the last read() read (reused readings included), for the next read() to reuse. */
  private previous: ReadCrop[] = [];
  /** Crops read by the network and crops reused, since construction (for measurement and tests). */
  readonly counts = { read: 0, reused: 0 };

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly dictionary: readonly string[],
  ) {
    this.groups = plateSymbolGroups(dictionary);
  }

  /**
   * Read 48-px-high crops; batched by similar width. A crop (nearly) identical to one the previous call read
   * takes that reading instead of a network run (REUSE_MAX_MEAN_DIFF): the same pixels read the same.
   */
  async read(crops: readonly RgbImage[]): Promise<CtcReading[]> {
    const results: CtcReading[] = new Array<CtcReading>(crops.length);
    const toRead: number[] = [];
    crops.forEach((crop, i) => {
      const same = this.previous.find((p) => cropDifference(p.crop, crop, REUSE_MAX_MEAN_DIFF) <= REUSE_MAX_MEAN_DIFF);
      if (same) results[i] = same.reading;
      else toRead.push(i);
    });
    this.counts.reused += crops.length - toRead.length;
    this.counts.read += toRead.length;
    const order = toRead.sort((a, b) => crops[a]!.width - crops[b]!.width);
    for (let start = 0; start < order.length; start += REC_BATCH) {
      const batch = order.slice(start, start + REC_BATCH);
      const readings = await this.readBatch(batch.map((i) => crops[i]!));
      batch.forEach((i, k) => {
        results[i] = readings[k]!;
      });
    }
    this.previous = crops.map((crop, i) => ({ crop, reading: results[i]! }));
    return results;
  }

  private async readBatch(crops: readonly RgbImage[]): Promise<CtcReading[]> {
    if (crops.length === 0) return [];
    const width = Math.max(REC_MIN_WIDTH, ...crops.map((c) => c.width));
    const plane = REC_HEIGHT * width;
    const data = new Float32Array(crops.length * 3 * plane); // zero = mid-grey after normalisation, as Paddle pads
    crops.forEach((crop, n) => {
      for (let c = 0; c < 3; c++) {
        const src = 2 - c; // BGR
        const base = (n * 3 + c) * plane;
        for (let y = 0; y < REC_HEIGHT; y++) {
          for (let x = 0; x < crop.width; x++) {
            data[base + y * width + x] = crop.data[(y * crop.width + x) * 3 + src]! / 127.5 - 1;
          }
        }
      }
    });
    const tensor = new ort.Tensor('float32', data, [crops.length, 3, REC_HEIGHT, width]);
    const result = await this.session.run({ [this.session.inputNames[0]!]: tensor });
    const output = result[this.session.outputNames[0]!]!;
    const [, steps, classes] = output.dims as number[];
    const probs = output.data as Float32Array;
    if (classes !== this.dictionary.length) {
      throw new Error(`recogniser has ${classes} classes but the dictionary ${this.dictionary.length}`);
    }
    return crops.map((_, n) => decodeCtc(probs, steps!, classes, this.groups, n * steps! * classes));
  }
}

/** Widen a quad along its top/bottom edges by `fraction` of its height on each side (edge glyphs survive). */
export function padQuad(quad: readonly Point[], fraction: number): Point[] {
  if (fraction === 0) return [...quad];
  const h = (distance(quad[0]!, quad[3]!) + distance(quad[1]!, quad[2]!)) / 2;
  const along = (a: Point, b: Point): [number, number] => {
    const len = distance(a, b) || 1;
    return [((b[0] - a[0]) / len) * h * fraction, ((b[1] - a[1]) / len) * h * fraction];
  };
  const top = along(quad[0]!, quad[1]!);
  const bottom = along(quad[3]!, quad[2]!);
  return [
    [quad[0]![0] - top[0], quad[0]![1] - top[1]],
    [quad[1]![0] + top[0], quad[1]![1] + top[1]],
    [quad[2]![0] + bottom[0], quad[2]![1] + bottom[1]],
    [quad[3]![0] - bottom[0], quad[3]![1] - bottom[1]],
  ];
}
