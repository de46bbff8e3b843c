// Matrix fan-out: every runner sees the same checkout, so a deterministic split of the same file list
// gives each shard a disjoint part and the union of all shards is every file.
import { UserError } from '../util/errors.js';

/** 1-based shard `index` of `count`, written `index/count` (as in `shard: ${{ matrix.shard }}/4`). */
export interface Shard {
  index: number;
  count: number;
}

export const MAX_SHARDS = 256;

export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new UserError(`Input 'shard': '${text}' is not valid; expected i/n with 1 <= i <= n <= ${MAX_SHARDS}, e.g. 2/4`);
  }
  return { index, count };
}

export interface SizedFile {
  /** Workspace-relative path with forward slashes. */
  path: string;
  size: number;
}

/**
 * Splits files across `shard.count` shards balancing total bytes (largest file first onto the
 * lightest shard; ties broken by path and shard number so every runner computes the same split),
 * and returns this shard's files sorted by path.
 */
export function selectShard<T extends SizedFile>(files: readonly T[], shard: Shard): T[] {
  const ordered = [...files].sort((a, b) => b.size - a.size || compareStrings(a.path, b.path));
  const loads = new Array<number>(shard.count).fill(0);
  const mine: T[] = [];
  for (const file of ordered) {
    // The first of the lightest shards (indexOf), so every runner picks the same one.
    const lightest = loads.indexOf(Math.min(...loads));
    loads[lightest] = (loads[lightest] ?? 0) + Math.max(file.size, 1);
    if (lightest === shard.index - 1) mine.push(file);
  }
  return mine.sort((a, b) => compareStrings(a.path, b.path));
}

/** Locale-independent ordering, so runners with different locales agree. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
