import { describe, expect, it } from 'vitest';
import { REGIONS } from '../../src/regions/index.js';
import { patternSizes } from '../../src/regions/pattern-size.js';

/** Brute force: count strings over `alphabet` of each length up to `maxLength` that the pattern accepts. */
function bruteForceSizes(pattern: string, alphabet: string, maxLength: number): number[] {
  const regex = new RegExp(`^(?:${pattern})$`);
  const counts: number[] = [];
  let strings = [''];
  for (let length = 0; length <= maxLength; length++) {
    counts.push(strings.filter((s) => regex.test(s)).length);
    strings = strings.flatMap((s) => [...alphabet].map((c) => s + c));
  }
  return counts;
}

describe('patternSizes', () => {
  it('counts classes, literals, quantifiers and alternation exactly when alternatives do not overlap', () => {
    expect(patternSizes('[A-Z]{2}[0-9]{3}')[5]).toBe(26 * 26 * 1000);
    expect(patternSizes('S[0-9]{3}')[4]).toBe(1000);
    expect(patternSizes('[A-HJ-NP-Z]')[1]).toBe(24);
    const sizes = patternSizes('[A-Z]{1,2}[0-9]?');
    expect(sizes.slice(0, 4)).toEqual([0, 26, 26 * 26 + 26 * 10, 26 * 26 * 10]);
    expect(patternSizes('(?:AB|C)[0-9]')[2]).toBe(10);
    expect(patternSizes('(?:AB|C)[0-9]')[3]).toBe(10);
  });

  it('agrees with brute force on a small alphabet', () => {
    // Small patterns over A, B, 0, 1 so enumeration stays tiny.
    for (const pattern of ['[AB]{1,2}[01]{2}', '(?:A|B[01])[AB]?', 'A[01]{0,2}B', '[AB][01]|[01][AB]']) {
      expect(patternSizes(pattern).slice(0, 6)).toEqual(bruteForceSizes(pattern, 'AB01', 5));
    }
  });

  it('sizes every pattern in the database (no unsupported syntax)', () => {
    for (const region of REGIONS) {
      for (const format of region.formats) {
        const sizes = patternSizes(format.pattern);
        for (const example of format.valid) expect(sizes[example.length], `${region.code} ${example}`).toBeGreaterThan(0);
      }
    }
  });

  it('rejects syntax it cannot size', () => {
    expect(() => patternSizes('[A-Z]+')).toThrow(/unbounded/);
    expect(() => patternSizes('([A-Z])')).toThrow(/capturing/);
    expect(() => patternSizes('[^A]')).toThrow(/negated/);
    expect(() => patternSizes('\\d')).toThrow(/unsupported/);
  });
});
