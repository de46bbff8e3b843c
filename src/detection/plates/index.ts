// The project's own plate detector (PlateNet, trained in training/platenet/, shipped as models/platenet.onnx):
// finds plates as rotated rectangles on a whole frame in one cheap pass. The text models then read what it
// proposes (see detection/embedded).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { UserError } from '../../util/errors.js';
import { type RgbImage, resizeRgb } from '../embedded/image.js';
import { disableRuntimeTelemetry, SESSION_OPTIONS } from '../embedded/models.js';
import { BOX_CHANNELS, decodePlates, type PlateProposal, plateNetInputSize, toFrame } from './decode.js';

export { decodePlates, type NetOutput, PLATE_NET_STRIDE, type PlateProposal, plateNetInputSize, toFrame } from './decode.js';

export const PLATE_MODEL = 'platenet.onnx';

/**
 * Where the model is: NUMBER_JAM_MODELS_DIR (the bundled Action ships its models beside the bundle), else
 * the package's models/ folder (three levels above this file in src/ and in lib/).
 */
export function plateModelPath(): string {
  const override = process.env.NUMBER_JAM_MODELS_DIR;
  if (override) return path.resolve(override, PLATE_MODEL);
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../models', PLATE_MODEL);
}

/**
 * RGB bytes to the network's float CHW input (it normalises inside the graph), zero-padded right and
 * below to `width` x `height` (multiples of 16): padding instead of resizing keeps the frame's own pixels.
 */
export function toPlateNetTensor(image: RgbImage, width = image.width, height = image.height): Float32Array {
  const plane = width * height;
  const out = new Float32Array(plane * 3);
  const { data } = image;
  for (let y = 0; y < image.height; y++) {
    let j = y * image.width * 3;
    const row = y * width;
    for (let x = 0; x < image.width; x++, j += 3) {
      out[row + x] = data[j]!;
      out[plane + row + x] = data[j + 1]!;
      out[2 * plane + row + x] = data[j + 2]!;
    }
  }
  return out;
}

export class PlateDetector {
  private constructor(private readonly session: ort.InferenceSession) {}

  static async load(threads = 2): Promise<PlateDetector> {
    const file = plateModelPath();
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (error) {
      throw new UserError(`cannot read the plate detector model ${file} (set NUMBER_JAM_MODELS_DIR to the folder holding ${PLATE_MODEL})`, {
        cause: error,
      });
    }
    disableRuntimeTelemetry();
    const session = await ort.InferenceSession.create(bytes, {
      ...SESSION_OPTIONS,
      executionProviders: ['cpu'],
      intraOpNumThreads: threads,
    });
    return new PlateDetector(session);
  }

  /**
   * Plates in `image` (its coordinates), best first. `scale`: the network sees the image this much larger
   * or smaller (1: its own resolution, where the net finds plates from ~10 px tall).
   */
  async find(image: RgbImage, threshold: number, scale = 1): Promise<PlateProposal[]> {
    const width = Math.max(1, Math.round(image.width * scale));
    const height = Math.max(1, Math.round(image.height * scale));
    const input = await resizeRgb(image, width, height);
    const padded = plateNetInputSize(width, height, 1);
    const tensor = new ort.Tensor('float32', toPlateNetTensor(input, padded.width, padded.height), [1, 3, padded.height, padded.width]);
    const result = await this.session.run({ rgb: tensor });
    const heat = result.heat!;
    const box = result.box!;
    if ((box.dims as number[])[1] !== BOX_CHANNELS) throw new Error(`plate model: expected ${BOX_CHANNELS} box channels`);
    const [, , h, w] = heat.dims as number[];
    const proposals = decodePlates({ width: w!, height: h!, heat: heat.data as Float32Array, box: box.data as Float32Array }, threshold);
    return proposals.map((p) => toFrame(p, image.width / width, image.height / height));
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
