// Letter/digit confusions (O/0, I/1, 4/L …) resolved by plate formats, using the recogniser's own doubt.
import { hasFormatMatch, LETTER_DIGIT_COUNTERPARTS } from '../../regions/index.js';
import type { CtcReading } from './ctc.js';

/**
 * Letter<->digit pairs plate fonts make look alike; only such swaps can turn a reading into a format. The
 * regions' table plus 1->L and L<->4, which the recogniser confuses on some fonts ('6TTX87L' had 4 as runner-up):
 * here a swap also needs the recogniser's own doubt, so the extra pair cannot pick a side on format alone.
 */
const COUNTERPARTS: Record<string, readonly string[]> = {
  ...LETTER_DIGIT_COUNTERPARTS,
  L: ['1', '4'],
  '1': ['I', 'L'],
  '4': ['A', 'L'],
};

/**
 * Least runner-up probability (0-1) for a swap: the recogniser itself must have hesitated. On the stills
 * the misread characters had their counterpart at 0.3-0.45 ('0DJ1599' O 0.41, 'BA2681M' I 0.45,
 * '6TTX87L' I 0.35 and 4 0.44); confidently read characters had < 0.01.
 */
export const MIN_SWAP_PROBABILITY = 0.25;
const MAX_SWAPS = 2;

/**
 * The reading's text, with up to MAX_SWAPS characters replaced by their runner-up when the text as read
 * matches no known plate format, the runner-up is the character's letter/digit counterpart with at least
 * MIN_SWAP_PROBABILITY, and the swapped text matches a format. Most probable swaps win. Text that already
 * matches a format, or that no such swap fixes, is returned as read.
 */
export function formatGuidedText(reads: readonly CtcReading[]): string {
  const text = reads
    .map((r) => r.text)
    .filter((t) => t.length > 0)
    .join(' ');
  if (text === '' || hasFormatMatch(text)) return text;
  // Characters of all lines with their runner-ups, separators between lines kept as plain characters.
  const chars: string[] = [];
  const options: { index: number; ch: string; p: number }[] = [];
  for (const read of reads) {
    if (read.text.length === 0) continue;
    if (chars.length > 0) chars.push(' ');
    [...read.text].forEach((ch, i) => {
      const runnerUp = read.runnerUps[i];
      if (runnerUp && runnerUp.p >= MIN_SWAP_PROBABILITY && (COUNTERPARTS[ch] ?? []).includes(runnerUp.ch)) {
        options.push({ index: chars.length, ch: runnerUp.ch, p: runnerUp.p });
      }
      chars.push(ch);
    });
  }
  let best: { text: string; p: number } | undefined;
  const consider = (swaps: typeof options): void => {
    const swapped = [...chars];
    for (const s of swaps) swapped[s.index] = s.ch;
    const candidate = swapped.join('');
    const p = swaps.reduce((acc, s) => acc * s.p, 1);
    if ((!best || p > best.p) && hasFormatMatch(candidate)) best = { text: candidate, p };
  };
  for (const a of options) consider([a]);
  if (!best && MAX_SWAPS >= 2)
    for (let i = 0; i < options.length; i++) for (let j = i + 1; j < options.length; j++) consider([options[i]!, options[j]!]);
  return best?.text ?? text;
}
