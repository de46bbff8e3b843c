import { describe, expect, it } from 'vitest';
import { parseShard, selectShard } from '../../src/action/shard.js';
import { seeded } from '../helpers/random.js';

function files(count: number, seed = 7): { path: string; size: number }[] {
  const random = seeded(seed);
  return Array.from({ length: count }, (_, i) => ({
    path: `clips/${String(i).padStart(3, '0')}.mp4`,
    size: Math.round(1 + random() * 5e8),
  }));
}

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard(' 3 / 8 ')).toEqual({ index: 3, count: 8 });
  });
  it.each(['0/1', '2/1', '1/0', '1/257', 'a/b', '1-2', '1/2/3'])('rejects %j naming the input', (text) => {
    expect(() => parseShard(text)).toThrow(/Input 'shard'/);
  });
});

describe('selectShard', () => {
  it('splits the files into disjoint shards whose union is every file', () => {
    const all = files(37);
    const shards = [1, 2, 3, 4].map((index) => selectShard(all, { index, count: 4 }).map((file) => file.path));
    const union = shards.flat();
    expect(new Set(union).size).toBe(union.length);
    expect([...union].sort()).toEqual(all.map((file) => file.path).sort());
    for (const shard of shards) expect(shard).toEqual([...shard].sort());
  });

  it('gives the same split whatever order the runner listed the files in', () => {
    const all = files(20);
    const reversed = [...all].reverse();
    for (let index = 1; index <= 3; index++) {
      expect(selectShard(reversed, { index, count: 3 })).toEqual(selectShard(all, { index, count: 3 }));
    }
  });

  it('balances bytes: no shard carries more than the lightest plus the largest file', () => {
    const all = files(60);
    const loads = [1, 2, 3, 4, 5].map((index) => selectShard(all, { index, count: 5 }).reduce((sum, file) => sum + file.size, 0));
    const largest = Math.max(...all.map((file) => file.size));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(largest);
  });

  it('leaves surplus shards empty instead of failing', () => {
    const all = files(2);
    expect(selectShard(all, { index: 3, count: 3 })).toEqual([]);
    expect(selectShard(all, { index: 1, count: 1 })).toHaveLength(2);
  });
});
