// Text helpers shared by the region database, plausibility scoring and voting.

/**
 * Cyrillic and Greek capitals that are printed with Latin-identical glyphs on plates (Russia, Ukraine,
 * Greece, Bulgaria…). OCR models may return either script; mapping them keeps one alphabet downstream.
 */
const LOOKALIKE_TO_LATIN: Record<string, string> = {
  // Cyrillic
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  // Greek
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};

/**
 * Canonical plate text: upper case, diacritics dropped (Ö -> O), Cyrillic/Greek look-alikes mapped to
 * Latin, and everything that is not A-Z or 0-9 (spaces, dashes, dots, badges) removed.
 */
export function normalisePlateText(text: string): string {
  const upper = text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase();
  let out = '';
  for (const ch of upper) {
    const mapped = LOOKALIKE_TO_LATIN[ch] ?? ch;
    if (/^[A-Z0-9]$/.test(mapped)) out += mapped;
  }
  return out;
}

/** Levenshtein edit distance (insertions, deletions, substitutions all cost 1). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/**
 * Letter/digit pairs OCR engines confuse on plate fonts. Only letter<->digit swaps: a format can demand
 * "digit here" or "letter here", which is the only evidence we use to pick one side.
 */
export const LETTER_DIGIT_COUNTERPARTS: Record<string, readonly string[]> = {
  O: ['0'],
  D: ['0'],
  Q: ['0'],
  '0': ['O', 'D'],
  I: ['1'],
  L: ['1'],
  '1': ['I'],
  B: ['8'],
  '8': ['B'],
  S: ['5'],
  '5': ['S'],
  Z: ['2'],
  '2': ['Z'],
  G: ['6'],
  '6': ['G'],
  A: ['4'],
  '4': ['A'],
  T: ['7'],
  '7': ['T'],
};
