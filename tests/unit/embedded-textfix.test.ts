import { describe, expect, it } from 'vitest';
import type { CtcReading } from '../../src/detection/embedded/ctc.js';
import { formatGuidedText, MIN_SWAP_PROBABILITY } from '../../src/detection/embedded/textFix.js';

/** A reading of `text` whose character at each index in `doubts` had the given runner-up. */
function reading(text: string, doubts: Record<number, [string, number]> = {}): CtcReading {
  return {
    text,
    confidence: 90,
    charProbabilities: [...text].map((_, i) => (doubts[i] ? 1 - doubts[i][1] : 0.99)),
    runnerUps: [...text].map((_, i) => (doubts[i] ? { ch: doubts[i][0], p: doubts[i][1] } : { ch: '', p: 0.001 })),
    alternatives: [],
  };
}

describe('formatGuidedText', () => {
  it('swaps a doubted digit for its letter when only that fits a plate format', () => {
    // 0KK7448 fits no format; OKK7448 is LLL NNNN (BR, US states).
    expect(formatGuidedText([reading('0KK-7448', { 0: ['O', 0.4] })])).toBe('OKK-7448');
  });

  it('keeps a character the recogniser did not doubt', () => {
    expect(formatGuidedText([reading('0KK-7448', { 0: ['O', MIN_SWAP_PROBABILITY / 2] })])).toBe('0KK-7448');
  });

  it('leaves text that already fits a format alone', () => {
    expect(formatGuidedText([reading('OKK7448', { 0: ['0', 0.45] })])).toBe('OKK7448');
  });

  it('only swaps letter/digit look-alikes, and only towards a format', () => {
    expect(formatGuidedText([reading('0KK7448', { 0: ['Q', 0.45] })])).toBe('0KK7448');
    expect(formatGuidedText([reading('0000000', { 0: ['O', 0.45] })])).toBe('0000000');
  });

  it('joins the lines of a two-line plate and keeps empty readings out', () => {
    expect(formatGuidedText([reading('0KK'), reading(''), reading('7448')])).toBe('0KK 7448');
    expect(formatGuidedText([])).toBe('');
  });
});
