// One plate text per track from many noisy per-frame readings.
import type { TrackReading } from '../types.js';
import { hasFormatMatch, isKnownRegion, matchFormats } from './registry.js';
import { LETTER_DIGIT_COUNTERPARTS, levenshtein, normalisePlateText } from './text.js';

export interface VoteOptions {
  /** Requested regions (lower case); empty = any. */
  regions: readonly string[];
}

export interface VoteResult {
  /** Normalised plate text ('' when nothing was read). */
  plate: string;
  /** ISO 3166-1 alpha-2 lower case, '' when the text does not identify a region. */
  region: string;
  /** 0-100. */
  confidence: number;
}

/** Readings that fit a format get more say: a misread usually breaks the format. */
const REQUESTED_FORMAT_FACTOR = 2;
const ANY_FORMAT_FACTOR = 1.5;
/** Readings of another length vote through an edit-distance alignment, with less weight. */
const ALIGNED_VOTE_FACTOR = 0.5;
/** Confidence kept per confusion fix applied to the voted text. */
const FIX_CONFIDENCE_FACTOR = 0.95;

function* positionCombinations(positions: number[], size: number, start = 0): Generator<number[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= positions.length - size; i++) {
    for (const rest of positionCombinations(positions, size - 1, i + 1)) yield [positions[i]!, ...rest];
  }
}

function* swapVariants(text: string, positions: number[]): Generator<string> {
  if (positions.length === 0) {
    yield text;
    return;
  }
  const [first, ...rest] = positions;
  for (const alternative of LETTER_DIGIT_COUNTERPARTS[text[first!]!] ?? []) {
    const swapped = text.slice(0, first) + alternative + text.slice(first! + 1);
    yield* swapVariants(swapped, rest);
  }
}

export interface FixOptions {
  /** Requested regions (lower case); a fix towards one of them is preferred and may use any position. */
  regions?: readonly string[];
  /**
   * Positions where a fix towards *any* region's format is allowed (e.g. where the readings disagreed
   * between the two sides of a confusable pair). Absent = every position. Positions outside it can only
   * be swapped to reach a format of `regions`.
   */
  freePositions?: ReadonlySet<number>;
  /** Most characters to swap (default 2). */
  maxSwaps?: number;
}

/**
 * Swap confusable characters (O/0, I/1, B/8, S/5, Z/2, G/6, …) only when the text matches no known
 * (non-generic) format and the swaps make it match one. Fewest swaps win; among fixes with the same
 * number of swaps a format of `regions` wins, then the most likely match (FormatMatch.score). Text that
 * already matches some region's format is returned unchanged (a valid foreign plate is not bent towards
 * a requested region), as is text no allowed combination of up to `maxSwaps` swaps can fix.
 */
export function fixConfusions(text: string, options: FixOptions = {}): { text: string; swaps: number } {
  const regions = options.regions ?? [];
  const maxSwaps = options.maxSwaps ?? 2;
  const normalised = normalisePlateText(text);
  if (normalised === '' || hasFormatMatch(normalised)) return { text: normalised, swaps: 0 };
  const positions = [...normalised].flatMap((ch, i) => (LETTER_DIGIT_COUNTERPARTS[ch] ? [i] : []));
  for (let swaps = 1; swaps <= Math.min(maxSwaps, positions.length); swaps++) {
    let best: { text: string; requested: boolean; score: number } | undefined;
    for (const chosen of positionCombinations(positions, swaps)) {
      const free = !options.freePositions || chosen.every((i) => options.freePositions!.has(i));
      if (!free && regions.length === 0) continue;
      for (const variant of swapVariants(normalised, chosen)) {
        const requestedMatch = regions.length > 0 ? matchFormats(variant, { regions })[0] : undefined;
        const anyMatch = free ? matchFormats(variant)[0] : undefined;
        const candidate = requestedMatch
          ? { text: variant, requested: true, score: requestedMatch.score }
          : anyMatch
            ? { text: variant, requested: false, score: anyMatch.score }
            : undefined;
        if (!candidate) continue;
        if (!best || (candidate.requested && !best.requested) || (candidate.requested === best.requested && candidate.score > best.score)) {
          best = candidate;
        }
      }
    }
    if (best) return { text: best.text, swaps };
  }
  return { text: normalised, swaps: 0 };
}

/**
 * Region of a plate text: a requested region whose format (catch-alls included) accepts it; else the
 * engine's hint when one of its formats accepts it; else the most likely non-generic match; else ''.
 */
export function inferRegion(plate: string, regions: readonly string[] = [], hint = ''): string {
  if (plate === '') return '';
  if (regions.length > 0) {
    const requested = matchFormats(plate, { regions, includeGeneric: true });
    if (requested.length > 0) return requested[0]!.region;
  }
  if (hint !== '' && matchFormats(plate, { regions: [hint], includeGeneric: true }).length > 0) return hint;
  return matchFormats(plate)[0]?.region ?? '';
}

interface WeightedReading {
  text: string;
  /** 0-100 as reported. */
  confidence: number;
  /** Voting weight: confidence times the format preference factor. */
  weight: number;
  region: string;
}

/** Pairs (consensus index, reading index) of matched or substituted characters in an optimal alignment. */
function alignedPairs(consensus: string, reading: string): [number, number][] {
  const rows = consensus.length + 1;
  const cols = reading.length + 1;
  const cost: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const diagonal = cost[i - 1]![j - 1]! + (consensus[i - 1] === reading[j - 1] ? 0 : 1);
      cost[i]![j] = Math.min(diagonal, cost[i - 1]![j]! + 1, cost[i]![j - 1]! + 1);
    }
  }
  const pairs: [number, number][] = [];
  let i = consensus.length;
  let j = reading.length;
  while (i > 0 && j > 0) {
    const diagonal = cost[i - 1]![j - 1]! + (consensus[i - 1] === reading[j - 1] ? 0 : 1);
    if (cost[i]![j] === diagonal) {
      pairs.push([i - 1, j - 1]);
      i--;
      j--;
    } else if (cost[i]![j] === cost[i - 1]![j]! + 1) {
      i--;
    } else {
      j--;
    }
  }
  return pairs;
}

function positionVotes(length: number): Map<string, number>[] {
  return Array.from({ length }, () => new Map<string, number>());
}

function addVote(votes: Map<string, number>[], index: number, ch: string, weight: number): void {
  const slot = votes[index]!;
  slot.set(ch, (slot.get(ch) ?? 0) + weight);
}

/** A confusable counterpart needs this share of the winner's weight for the position to count as split. */
const SPLIT_VOTE_SHARE = 0.2;

/**
 * Winning character per position, mean agreement, and the positions where the readings were split
 * between the winner and one of its confusable counterparts (the only places a fix towards an
 * unrequested region's format is allowed: there the readings themselves are in doubt).
 */
function winners(votes: Map<string, number>[]): { text: string; agreement: number; splitPositions: Set<number> } {
  let text = '';
  let agreementSum = 0;
  const splitPositions = new Set<number>();
  for (const [index, slot] of votes.entries()) {
    let bestChar = '';
    let bestWeight = -1;
    let total = 0;
    for (const [ch, weight] of slot) {
      total += weight;
      // Ties go to the character that sorts first, so the result does not depend on reading order.
      if (weight > bestWeight || (weight === bestWeight && ch < bestChar)) {
        bestChar = ch;
        bestWeight = weight;
      }
    }
    text += bestChar;
    agreementSum += total > 0 ? bestWeight / total : 0;
    const counterparts = LETTER_DIGIT_COUNTERPARTS[bestChar] ?? [];
    if (counterparts.some((ch) => (slot.get(ch) ?? 0) >= SPLIT_VOTE_SHARE * bestWeight)) splitPositions.add(index);
  }
  return { text, agreement: votes.length > 0 ? agreementSum / votes.length : 0, splitPositions };
}

function regionHint(readings: WeightedReading[]): string {
  const tally = new Map<string, number>();
  for (const r of readings) {
    if (r.region !== '' && isKnownRegion(r.region)) tally.set(r.region, (tally.get(r.region) ?? 0) + r.weight);
  }
  let best = '';
  let bestWeight = 0;
  for (const [region, weight] of tally) {
    if (weight > bestWeight) {
      best = region;
      bestWeight = weight;
    }
  }
  return best;
}

/**
 * Vote one plate text for a track: readings of the most supported length vote per character position
 * (weighted by confidence, with extra weight for readings that fit a format, most for the requested
 * regions); readings of other lengths add half-weight votes through an edit-distance alignment. The
 * result gets confusion fixes only where that makes it match a format: a requested region's format at
 * any position, another region's only where the readings were split between the two confusable
 * characters (unusual formats, e.g. many US states, must not be bent into a European shape).
 * Confidence (0-100) combines the readings' confidence, per-position agreement and the share of
 * readings with the chosen length.
 */
export function voteTrackText(readings: readonly TrackReading[], options: VoteOptions): VoteResult {
  const regions = options.regions.map((r) => r.toLowerCase());
  const weighted: WeightedReading[] = [];
  for (const reading of readings) {
    const text = normalisePlateText(reading.text);
    if (text === '') continue;
    const confidence = Math.min(100, Math.max(0, Number.isFinite(reading.confidence) ? reading.confidence : 0));
    const factor =
      regions.length > 0 && hasFormatMatch(text, { regions }) ? REQUESTED_FORMAT_FACTOR : hasFormatMatch(text) ? ANY_FORMAT_FACTOR : 1;
    // A small floor so readings reported with confidence 0 still count when they are all we have.
    weighted.push({ text, confidence, weight: (confidence + 0.01) * factor, region: (reading.region ?? '').toLowerCase() });
  }
  if (weighted.length === 0) return { plate: '', region: '', confidence: 0 };

  const weightByLength = new Map<number, number>();
  for (const r of weighted) weightByLength.set(r.text.length, (weightByLength.get(r.text.length) ?? 0) + r.weight);
  let modalLength = 0;
  let modalWeight = -1;
  for (const [length, weight] of weightByLength) {
    if (weight > modalWeight || (weight === modalWeight && length > modalLength)) {
      modalLength = length;
      modalWeight = weight;
    }
  }

  const group = weighted.filter((r) => r.text.length === modalLength);
  const others = weighted.filter((r) => r.text.length !== modalLength);
  const votes = positionVotes(modalLength);
  for (const r of group)
    [...r.text].forEach((ch, i) => {
      addVote(votes, i, ch, r.weight);
    });
  const groupConsensus = winners(votes).text;
  // Only near-misses (a dropped or extra character or two) vote; unrelated text would only add noise.
  const maxAlignDistance = Math.max(2, Math.ceil(modalLength * 0.3));
  for (const r of others) {
    if (levenshtein(groupConsensus, r.text) > maxAlignDistance) continue;
    for (const [i, j] of alignedPairs(groupConsensus, r.text)) addVote(votes, i, r.text[j]!, r.weight * ALIGNED_VOTE_FACTOR);
  }
  const voted = winners(votes);

  // A country mark read beside the plate (engine region) directs fixes like a requested region would.
  const hint = regionHint(weighted);
  const fixRegions = regions.length > 0 ? regions : hint !== '' ? [hint] : [];
  const fixed = fixConfusions(voted.text, { regions: fixRegions, freePositions: voted.splitPositions });

  const totalWeight = weighted.reduce((sum, r) => sum + r.weight, 0);
  const groupShare = modalWeight / totalWeight;
  const meanGroupConfidence = group.reduce((sum, r) => sum + r.confidence, 0) / group.length;
  const confidence = meanGroupConfidence * voted.agreement * Math.sqrt(groupShare) * FIX_CONFIDENCE_FACTOR ** fixed.swaps;

  return {
    plate: fixed.text,
    region: inferRegion(fixed.text, regions, hint),
    confidence: Math.round(confidence * 100) / 100,
  };
}
