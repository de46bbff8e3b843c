// One Tesseract worker reading a single text line per call, returning per-character boxes.
// Everything loads from node_modules: the worker script and WASM core ship with tesseract.js, the
// traineddata with @tesseract.js-data/eng. Nothing is fetched at run time.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Tesseract from 'tesseract.js';

/** One recognised character, its box in the OCR image's pixels. */
export interface OcrSymbol {
  text: string;
  /** 0-100. */
  confidence: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface LineOcr {
  /** Reads the image (PNG/JPEG/PNM bytes) as one text line of A-Z0-9; calls are serialised on one worker. */
  recognize(image: Buffer): Promise<OcrSymbol[]>;
  close(): Promise<void>;
}

/** Where the English traineddata lives inside @tesseract.js-data/eng, and whether it is gzipped. */
export interface TraineddataLocation {
  langPath: string;
  gzip: boolean;
}

/**
 * The LSTM-only "best_int" model (smaller and faster than the 4.0.0 folder, which also carries the
 * legacy engine we do not use). The package ships it gzipped; accept a plain file too in case a later
 * release changes that.
 */
export function locateTraineddata(): TraineddataLocation {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve('@tesseract.js-data/eng/package.json'));
  for (const folder of ['4.0.0_best_int', '4.0.0']) {
    const langPath = path.join(root, folder);
    if (existsSync(path.join(langPath, 'eng.traineddata.gz'))) return { langPath, gzip: true };
    if (existsSync(path.join(langPath, 'eng.traineddata'))) return { langPath, gzip: false };
  }
  throw new Error(`no eng.traineddata in ${root}`);
}

const PLATE_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * Tesseract page segmentation used on the scan region: '11' (sparse text) finds characters scattered
 * among bumper and border clutter; '7' (one line) is better on clean crops but gives up on cluttered ones.
 */
export type SegmentationMode = '6' | '7' | '11';

/** Starts a Tesseract worker configured for plate characters. */
export async function createLineOcr(mode: SegmentationMode = '11'): Promise<LineOcr> {
  const { langPath, gzip } = locateTraineddata();
  const worker = await Tesseract.createWorker(
    'eng',
    Tesseract.OEM.LSTM_ONLY,
    {
      langPath,
      gzip,
      // The traineddata is already on disk; a cache copy would only be written into the working directory.
      cacheMethod: 'none',
    },
    {
      // Plates are not dictionary words; these only take effect at initialisation.
      load_system_dawg: '0',
      load_freq_dawg: '0',
    },
  );
  await worker.setParameters({
    tessedit_pageseg_mode: mode as Tesseract.PSM,
    tessedit_char_whitelist: PLATE_CHARACTERS,
    // PNM input carries no resolution; a fixed value stops Tesseract guessing (and logging) per image.
    // 36 px characters at 300 dpi are ordinary ~9 pt print.
    user_defined_dpi: '300',
  });
  // The worker handles one job at a time anyway; chaining makes the order explicit and keeps a failed
  // call from poisoning later ones.
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  return {
    recognize(image: Buffer): Promise<OcrSymbol[]> {
      if (closed) return Promise.reject(new Error('character OCR is closed'));
      const run = queue.then(async () => {
        const result = await worker.recognize(image, {}, { blocks: true, text: false });
        return symbolsOf(result.data);
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await queue;
      await worker.terminate();
    },
  };
}

/** Flattens Tesseract's block tree to symbols; a word without symbol boxes counts as one wide symbol. */
export function symbolsOf(page: Pick<Tesseract.Page, 'blocks'>): OcrSymbol[] {
  const symbols: OcrSymbol[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        for (const word of line.words) {
          const parts = word.symbols.length > 0 ? word.symbols : [word];
          for (const part of parts) {
            if (!part.text.trim()) continue;
            symbols.push({ text: part.text, confidence: part.confidence, ...part.bbox });
          }
        }
      }
    }
  }
  return symbols;
}
