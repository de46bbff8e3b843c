import { describe, expect, it } from 'vitest';
import { filterSummary } from '../../src/regions/index.js';

interface Row {
  plate: string;
  region: string;
  confidence: number;
  track: number;
}

const rows: Row[] = [
  { plate: 'LR69XYZ', region: 'gb', confidence: 91, track: 0 },
  { plate: 'MAB1234', region: 'de', confidence: 88, track: 1 },
  { plate: 'HK0E7C', region: '', confidence: 75, track: 2 },
  { plate: 'AB12', region: 'gb', confidence: 20, track: 3 },
  { plate: 'X9', region: '', confidence: 10, track: 4 },
];

describe('filterSummary', () => {
  it('keeps everything with no regions and threshold 0', () => {
    expect(filterSummary(rows, { regions: [], confidence: 0 })).toEqual(rows);
  });

  it('drops other regions but keeps unknown-region rows when regions are requested', () => {
    const kept = filterSummary(rows, { regions: ['gb'], confidence: 0 });
    expect(kept.map((r) => r.track)).toEqual([0, 2, 3, 4]);
  });

  it('applies the confidence threshold inclusively, to all rows', () => {
    expect(filterSummary(rows, { regions: [], confidence: 75 }).map((r) => r.track)).toEqual([0, 1, 2]);
    expect(filterSummary(rows, { regions: ['gb', 'DE'], confidence: 50 }).map((r) => r.track)).toEqual([0, 1, 2]);
  });

  it('passes the rows through unchanged (same objects, extra fields kept)', () => {
    const kept = filterSummary(rows, { regions: ['de'], confidence: 80 });
    expect(kept).toHaveLength(1);
    expect(kept[0]).toBe(rows[1]);
    expect(kept[0]!.track).toBe(1);
  });
});
