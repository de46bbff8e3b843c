import { describe, expect, it } from 'vitest';
import { decodeCtc, plateSymbolGroups } from '../../src/detection/embedded/ctc.js';
import { countryMark, describeTextGroups } from '../../src/detection/embedded/index.js';
import {
  containsPlateLikeRun,
  looksLikeTimestamp,
  PLATE_LIKELIHOOD_THRESHOLD,
  plateLikelihood,
} from '../../src/detection/embedded/plausibility.js';
import type { TextRecognizer } from '../../src/detection/embedded/recognizer.js';

// Class 0 is the CTC blank, as in the PP-OCR recogniser.
const dictionary = ['', 'a', 'A', 'B', '1', '2', '-', '中', ' '];
const groups = plateSymbolGroups(dictionary);

/** Build a [steps x classes] softmax-like table from the class index that wins each step. */
function table(winners: number[], winP = 0.9): Float32Array {
  const classes = dictionary.length;
  const probs = new Float32Array(winners.length * classes).fill((1 - winP) / (classes - 1));
  winners.forEach((w, t) => {
    probs[t * classes + w] = winP;
  });
  return probs;
}

describe('decodeCtc', () => {
  it('collapses repeats, drops blanks, and keeps doubled letters separated by a blank', () => {
    const r = decodeCtc(table([3, 3, 0, 3, 4, 4, 0, 0, 5]), 9, dictionary.length, groups);
    expect(r.text).toBe('BB12');
    expect(r.confidence).toBeGreaterThan(85);
    expect(r.charProbabilities).toHaveLength(4);
  });

  it('folds lower case onto upper case and ignores classes that are not plate symbols', () => {
    const r = decodeCtc(table([1, 0, 7, 0, 4]), 5, dictionary.length, groups);
    // '中' wins step 2 but is not a plate symbol: the best plate group there is the blank.
    expect(r.text).toBe('A1');
  });

  it('strips separators at the ends and keeps them inside', () => {
    const r = decodeCtc(table([6, 0, 2, 6, 4, 0, 6]), 7, dictionary.length, groups);
    expect(r.text).toBe('A-1');
  });

  it('offers the runner-up of the least certain character as an alternative', () => {
    const classes = dictionary.length;
    const probs = table([2, 0, 4]);
    // Step 2: '1' only slightly ahead of '2'.
    probs.fill(0, 2 * classes, 3 * classes);
    probs[2 * classes + 4] = 0.5;
    probs[2 * classes + 5] = 0.45;
    probs[2 * classes] = 0.05;
    const r = decodeCtc(probs, 3, classes, groups);
    expect(r.text).toBe('A1');
    expect(r.alternatives[0]!.text).toBe('A2');
  });

  it('decodes several batch items by offset', () => {
    const a = table([2, 0]);
    const b = table([4, 5]);
    const both = new Float32Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    expect(decodeCtc(both, 2, dictionary.length, groups, a.length).text).toBe('12');
  });
});

describe('plateLikelihood', () => {
  const keep = (text: string) => plateLikelihood(text) >= PLATE_LIKELIHOOD_THRESHOLD;
  const geometry = { lineWidth: 100, lineHeight: 25, frameWidth: 1280, frameHeight: 720 };

  it.each(['7ABC123', 'AB12 CDE', 'B 1234 XY', '12-AB-34', 'RK-492AU', 'GWT2180', 'KA01AB1234', '4B0:4979', '78188', 'HK0E7C'])(
    'keeps plate reading %s',
    (text) => {
      expect(keep(text)).toBe(true);
      expect(plateLikelihood(text, geometry)).toBeGreaterThanOrEqual(PLATE_LIKELIHOOD_THRESHOLD);
    },
  );

  it.each(['2023-05-01 08:04:42', '08:04:42', '12:30', '01/05/2023', '2023/5/1', '20230501080442'])('rejects timestamp %s', (text) => {
    expect(looksLikeTimestamp(text)).toBe(true);
    expect(keep(text)).toBe(false);
  });

  it.each(['NOTICE', 'EXIT ONLY', 'PARKING', 'KEEP CLEAR', 'CROSS', 'CUSTOMER PARKING ONLY', 'SK'])('rejects sign text %s', (text) => {
    expect(keep(text)).toBe(false);
  });

  it('leaves unread text to geometry and rejects long banner-shaped lines', () => {
    expect(keep('')).toBe(true);
    expect(plateLikelihood('', { ...geometry, lineWidth: 400 })).toBeLessThan(PLATE_LIKELIHOOD_THRESHOLD);
  });

  it('keeps a plate merged with a dealer frame into one long line', () => {
    expect(containsPlateLikeRun('MYDEALER 00256M1')).toBe(true);
    expect(plateLikelihood('MYENNDE00256M1', { ...geometry, lineWidth: 300 })).toBeGreaterThanOrEqual(PLATE_LIKELIHOOD_THRESHOLD);
    expect(containsPlateLikeRun('2023-05-01')).toBe(false);
  });
});

describe('countryMark', () => {
  const rect = (cx: number, cy: number, width: number, height: number) => ({ rect: { cx, cy, width, height, angle: 0 } });
  const registration = rect(300, 100, 200, 40).rect;
  const texts = new Map<object, string>();
  const line = (cx: number, cy: number, text: string) => {
    const l = rect(cx, cy, 30, 20);
    texts.set(l, text);
    return l;
  };

  it('reads the region from an oval or strip beside the registration', () => {
    expect(countryMark([line(170, 100, 'SK')], registration, (l) => texts.get(l)!)).toBe('sk');
    expect(countryMark([line(300, 60, 'BRASIL')], registration, (l) => texts.get(l)!)).toBe('br');
  });

  it('takes a single letter only from the left, where the EU strip is', () => {
    expect(countryMark([line(180, 100, 'D')], registration, (l) => texts.get(l)!)).toBe('de');
    expect(countryMark([line(430, 100, 'D')], registration, (l) => texts.get(l)!)).toBe('');
    expect(countryMark([line(300, 60, 'CALIFORNIA')], registration, (l) => texts.get(l)!)).toBe('');
  });
});

describe('describeTextGroups with a country mark', () => {
  // A 200x40 registration with a smaller oval 25 px to its left, on a blank 640x240 frame.
  const image = { width: 640, height: 240, data: Buffer.alloc(640 * 240 * 3, 200) };
  const detected = [
    { rect: { cx: 300, cy: 120, width: 200, height: 40, angle: 0 }, score: 0.9 },
    { rect: { cx: 150, cy: 120, width: 50, height: 26, angle: 0 }, score: 0.8 },
  ];
  const reading = (text: string) => ({
    text,
    confidence: 95,
    charProbabilities: [...text].map(() => 0.95),
    runnerUps: [],
    alternatives: [],
  });
  // Crops come in the group's reading order (left to right): the oval first.
  const recognizer = (mark: string) => ({ read: async () => [reading(mark), reading('BB135BO')] }) as unknown as TextRecognizer;
  const top = (polygon: readonly (readonly number[])[]) => Math.min(...polygon.map((p) => p[1]!));

  it('names the region and draws a European plate without the allowance for a band above', async () => {
    const [marked] = await describeTextGroups(image, detected, recognizer('SK'));
    const [unmarked] = await describeTextGroups(image, detected, recognizer('XQ'));
    expect(marked!.candidate).toMatchObject({ text: 'BB135BO', region: 'sk' });
    expect(unmarked!.candidate.region).toBeUndefined();
    // Default: 0.6 of the line height above the text (24 px); European: 0.3 (12 px).
    expect(top(unmarked!.candidate.polygon)).toBeCloseTo(120 - 20 - 24, 0);
    expect(top(marked!.candidate.polygon)).toBeCloseTo(120 - 20 - 12, 0);
  });
});
