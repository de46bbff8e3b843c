// Matrix fan-out: every runner sees the same checkout, so a deterministic split of the same file list
// gives each shard a disjoint part and the union of all shards is every file.
import type { Shard } from '../options/index.js';

export { MAX_SHARDS, parseShard, type Shard } from '../options/index.js';

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
