// CTC greedy decoding restricted to the characters plates use.

/** Characters a plate reading may contain; the recogniser's other classes (CJK etc.) are ignored. */
const PLATE_SYMBOLS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-. :/';

export interface CtcReading {
  text: string;
  /** 0-100: mean probability of the emitted characters. */
  confidence: number;
  /** Per emitted character probability (0-1). */
  charProbabilities: number[];
  /** Per emitted character: the second most likely plate symbol ('' for the blank) and its probability (0-1). */
  runnerUps: { ch: string; p: number }[];
  /** Alternative readings (lowest-confidence character replaced by its runner-up), best first. */
  alternatives: { text: string; confidence: number }[];
}

/**
 * Map each recogniser class to a plate symbol group: 0 = blank, 1.. = PLATE_SYMBOLS index + 1, -1 = ignored.
 * Lower-case letters fold onto upper-case so their probability mass counts for the same plate character.
 */
export function plateSymbolGroups(dictionary: readonly string[]): Int16Array {
  const groups = new Int16Array(dictionary.length).fill(-1);
  groups[0] = 0;
  for (let i = 1; i < dictionary.length; i++) {
    const ch = dictionary[i]!.toUpperCase();
    const at = ch.length === 1 ? PLATE_SYMBOLS.indexOf(ch) : -1;
    if (at >= 0) groups[i] = at + 1;
  }
  return groups;
}

/**
 * Greedy CTC over [steps x classes] softmax output: per step take the best group (blank included),
 * collapse repeats, drop blanks.
 */
export function decodeCtc(probs: Float32Array, steps: number, classes: number, groups: Int16Array, offset = 0): CtcReading {
  const groupCount = PLATE_SYMBOLS.length + 1;
  const mass = new Float64Array(groupCount);
  const chars: string[] = [];
  const charProbs: number[] = [];
  const runnerUps: { ch: string; p: number }[] = [];
  let previous = 0;
  for (let t = 0; t < steps; t++) {
    mass.fill(0);
    const base = offset + t * classes;
    let ignored = 0;
    for (let c = 0; c < classes; c++) {
      const g = groups[c]!;
      if (g >= 0) mass[g]! += probs[base + c]!;
      else if (probs[base + c]! > ignored) ignored = probs[base + c]!;
    }
    // A confidently read non-plate glyph (CJK, symbol): emit nothing, but it separates repeats.
    if (ignored > 0.5) {
      previous = -1;
      continue;
    }
    let best = 0;
    let second = -1;
    for (let g = 1; g < groupCount; g++) {
      if (mass[g]! > mass[best]!) {
        second = best;
        best = g;
      } else if (second < 0 || mass[g]! > mass[second]!) {
        second = g;
      }
    }
    if (best !== 0 && best !== previous) {
      chars.push(PLATE_SYMBOLS[best - 1]!);
      charProbs.push(Math.min(1, mass[best]!));
      const alt = second > 0 ? PLATE_SYMBOLS[second - 1]! : '';
      runnerUps.push({ ch: alt, p: second >= 0 ? Math.min(1, mass[second]!) : 0 });
    }
    previous = best;
  }
  // Separators at the ends are noise (plate borders read as '-' or '.').
  while (chars.length && /[-. :/]/.test(chars[0]!)) {
    chars.shift();
    charProbs.shift();
    runnerUps.shift();
  }
  while (chars.length && /[-. :/]/.test(chars[chars.length - 1]!)) {
    chars.pop();
    charProbs.pop();
    runnerUps.pop();
  }
  const mean = (ps: number[]): number => (ps.length ? (100 * ps.reduce((a, b) => a + b, 0)) / ps.length : 0);
  const text = chars.join('');
  const confidence = mean(charProbs);
  const alternatives: { text: string; confidence: number }[] = [];
  // Up to two alternatives: swap the least certain characters for their runner-up.
  const order = charProbs.map((_p, i) => i).sort((a, b) => charProbs[a]! - charProbs[b]!);
  for (const i of order.slice(0, 2)) {
    const alt = runnerUps[i]!;
    if (alt.p < 0.05) continue;
    const altChars = [...chars];
    altChars[i] = alt.ch;
    const altProbs = [...charProbs];
    altProbs[i] = alt.p;
    alternatives.push({ text: altChars.join(''), confidence: mean(altProbs) });
  }
  alternatives.sort((a, b) => b.confidence - a.confidence);
  return { text, confidence, charProbabilities: charProbs, runnerUps, alternatives };
}
