import { describe, expect, it } from 'vitest';
import { fixConfusions, inferRegion, regionFromCountryMark, voteTrackText } from '../../src/regions/index.js';
import type { TrackReading } from '../../src/types.js';

function readings(...items: [string, number, string?][]): TrackReading[] {
  return items.map(([text, confidence, region], i) => ({ timestamp: i * 40, text, confidence, region }));
}

describe('voteTrackText', () => {
  it('returns an empty result when nothing was read', () => {
    expect(voteTrackText([], { regions: [] })).toEqual({ plate: '', region: '', confidence: 0 });
    expect(voteTrackText(readings(['  ', 80], ['-', 90]), { regions: [] })).toEqual({ plate: '', region: '', confidence: 0 });
  });

  it('takes the per-position majority, so one misread per frame cannot win', () => {
    const result = voteTrackText(readings(['LR69XYZ', 80], ['LR68XYZ', 70], ['LR69XVZ', 75], ['KR69XYZ', 60], ['LR69XYZ', 85]), {
      regions: [],
    });
    expect(result.plate).toBe('LR69XYZ');
    expect(result.region).toBe('gb');
    expect(result.confidence).toBeGreaterThan(40);
    expect(result.confidence).toBeLessThanOrEqual(100);
  });

  it('weights votes by confidence', () => {
    const result = voteTrackText(readings(['HK0E7C', 95], ['HK0E7G', 30], ['HK0E7G', 30]), { regions: [] });
    expect(result.plate).toBe('HK0E7C');
  });

  it('votes among readings of the most supported length and aligns the others', () => {
    // Two readings dropped a character; the 7-character readings decide, the short ones still agree.
    const result = voteTrackText(readings(['5TQY867', 80], ['5TQY86', 85], ['TQY867', 70], ['5TQY867', 75], ['5TOY867', 40]), {
      regions: [],
    });
    expect(result.plate).toBe('5TQY867');
  });

  it('lets readings of another length tip a position through the alignment', () => {
    // Among 7-character readings O leads Q at position 2 (100 vs 60); the two 6-character readings
    // (first character lost) both read Q there and add half their weight.
    const items: [string, number][] = [
      ['5TOY867', 50],
      ['5TOY867', 50],
      ['5TQY867', 60],
      ['TQY867', 70],
      ['TQY867', 70],
    ];
    expect(voteTrackText(readings(...items), { regions: [] }).plate).toBe('5TQY867');
    expect(voteTrackText(readings(...items.slice(0, 3)), { regions: [] }).plate).toBe('5TOY867');
    // Unrelated text of another length (a sign read by mistake) does not vote.
    const withNoise: [string, number][] = [...items.slice(0, 3), ['QQQQ', 90], ['QQQQ', 90]];
    expect(voteTrackText(readings(...withNoise), { regions: [] }).plate).toBe('5TOY867');
  });

  it('normalises readings before voting', () => {
    const result = voteTrackText(readings(['lr69 xyz', 80], ['LR69-XYZ', 80], ['LR 69XYZ.', 80]), { regions: [] });
    expect(result.plate).toBe('LR69XYZ');
  });

  it('fixes letter/digit confusions only where a format demands them', () => {
    // GB current format needs digits at positions 3-4 and letters after: O->0 and 5->S.
    expect(voteTrackText(readings(['LR6OXY5', 80], ['LR6OXY5', 70]), { regions: ['gb'] }).plate).toBe('LR60XYS');
    // Without requested regions a consistent reading is trusted: unusual formats (many US states)
    // must not be bent into some other region's shape.
    expect(voteTrackText(readings(['KC4Z3X', 80], ['KC4Z3X', 70]), { regions: [] }).plate).toBe('KC4Z3X');
    expect(voteTrackText(readings(['8A123CD', 80], ['8A123CD', 80]), { regions: [] }).plate).toBe('8A123CD');
    // ... but where the readings themselves were split between 8 and B, the format decides.
    expect(voteTrackText(readings(['8A123CD', 80], ['8A123CD', 80], ['BA123CD', 70]), { regions: [] }).plate).toBe('BA123CD');
    // Text that already fits a format is not touched, even a confusable-looking one.
    expect(voteTrackText(readings(['OB12CDE', 80]), { regions: [] }).plate).toBe('OB12CDE');
    // Text no format accepts after a couple of swaps stays as read.
    expect(voteTrackText(readings(['QQQ0QQQ0QQ', 80]), { regions: [] }).plate).toBe('QQQ0QQQ0QQ');
  });

  it('lowers confidence a little for each fix and for disagreement', () => {
    const clean = voteTrackText(readings(['LR60XYS', 80], ['LR60XYS', 80]), { regions: ['gb'] });
    const fixed = voteTrackText(readings(['LR6OXY5', 80], ['LR6OXY5', 80]), { regions: ['gb'] });
    const split = voteTrackText(readings(['LR60XYS', 80], ['LR60XYS', 80], ['LR61XYS', 79]), { regions: ['gb'] });
    expect(fixed.plate).toBe(clean.plate);
    expect(fixed.confidence).toBeLessThan(clean.confidence);
    expect(split.confidence).toBeLessThan(clean.confidence);
  });

  it('prefers readings that fit the requested regions', () => {
    // Equal confidence, equal counts: 'AB12CDE' (GB format) against 'AB12CD3' (no GB format).
    const tied = readings(['AB12CD3', 80], ['AB12CDE', 80]);
    expect(voteTrackText(tied, { regions: ['gb'] }).plate).toBe('AB12CDE');
  });

  it('infers the region, preferring requested regions for shared shapes', () => {
    // AB123CD fits France, Italy, Slovakia and Argentina.
    expect(voteTrackText(readings(['BA123CD', 80]), { regions: ['sk'] }).region).toBe('sk');
    expect(voteTrackText(readings(['BA123CD', 80]), { regions: ['fr'] }).region).toBe('fr');
    expect(voteTrackText(readings(['BA123CD', 80]), { regions: [] }).region).toBe('it');
    // A requested region's catch-all format counts only because it was asked for.
    expect(voteTrackText(readings(['HK0E7C', 80]), { regions: [] }).region).toBe('');
    expect(voteTrackText(readings(['HK0E7C', 80]), { regions: ['us'] }).region).toBe('us');
    // Text fitting only another region's format keeps that region, so the summary can drop it.
    expect(voteTrackText(readings(['MH12AB1234', 80]), { regions: ['gb'] }).region).toBe('in');
  });

  it('uses a known engine region hint when the text fits that region', () => {
    expect(voteTrackText(readings(['BA123CD', 80, 'sk'], ['BA123CD', 80, 'sk']), { regions: [] }).region).toBe('sk');
    // A hint the text contradicts is ignored.
    expect(voteTrackText(readings(['LR69XYZ', 80, 'de']), { regions: [] }).region).toBe('gb');
  });

  it('is independent of reading order', () => {
    const items: [string, number][] = [
      ['AB12CDE', 60],
      ['A812CDE', 60],
      ['AB12C0E', 60],
      ['AB1ZCDE', 50],
    ];
    const forward = voteTrackText(readings(...items), { regions: [] });
    const backward = voteTrackText(readings(...[...items].reverse()), { regions: [] });
    expect(backward).toEqual(forward);
    expect(forward.plate).toBe('AB12CDE');
  });
});

describe('fixConfusions', () => {
  it('swaps as few characters as needed', () => {
    expect(fixConfusions('MH12AB12S4', { regions: ['in'] })).toEqual({ text: 'MH12AB1254', swaps: 1 });
    expect(fixConfusions('MHI2ABI2S4', { regions: ['in'] })).toEqual({ text: 'MHI2ABI2S4', swaps: 0 }); // needs 3 > maxSwaps 2
    // A one-swap fix to any region beats a two-swap fix to the requested one.
    expect(fixConfusions('12348CD', { regions: ['sk'] })).toEqual({ text: '1234BCD', swaps: 1 });
  });

  it('prefers the requested regions among fixes with as many swaps', () => {
    // YX21A8C: 8->B gives a GB plate, A->4 a Spanish provincial one.
    expect(fixConfusions('YX21A8C', { regions: ['gb'] })).toEqual({ text: 'YX21ABC', swaps: 1 });
    expect(fixConfusions('YX21A8C', { regions: ['es'] })).toEqual({ text: 'YX2148C', swaps: 1 });
    expect(fixConfusions('4BC123D', { regions: ['gb'] })).toEqual({ text: 'ABC123D', swaps: 1 });
    expect(fixConfusions('4BC123D', { regions: ['cz'] })).toEqual({ text: '4BC1230', swaps: 1 });
  });

  it('fixes towards unrequested regions only at free positions', () => {
    // 8A123CD: 8->B at position 0 gives BA123CD (fr/it/sk/ar).
    expect(fixConfusions('8A123CD')).toEqual({ text: 'BA123CD', swaps: 1 });
    expect(fixConfusions('8A123CD', { freePositions: new Set([0]) })).toEqual({ text: 'BA123CD', swaps: 1 });
    expect(fixConfusions('8A123CD', { freePositions: new Set([3]) })).toEqual({ text: '8A123CD', swaps: 0 });
    // A requested region's format may use any position.
    expect(fixConfusions('8A123CD', { regions: ['sk'], freePositions: new Set() })).toEqual({ text: 'BA123CD', swaps: 1 });
  });

  it('leaves text alone that fits any known format or that needs too many swaps', () => {
    expect(fixConfusions('LR69XYZ')).toEqual({ text: 'LR69XYZ', swaps: 0 });
    expect(fixConfusions('LR6OXY5', { maxSwaps: 1 })).toEqual({ text: 'LR6OXY5', swaps: 0 });
    expect(fixConfusions('OOOOOOOOO', { maxSwaps: 2 })).toEqual({ text: 'OOOOOOOOO', swaps: 0 });
  });
});

describe('inferRegion', () => {
  it("returns '' for empty or unidentifiable text", () => {
    expect(inferRegion('')).toBe('');
    expect(inferRegion('QQQQQQQQQQ')).toBe('');
  });
});

describe('country marks', () => {
  it('names the region of a distinguishing sign or band word', () => {
    expect(regionFromCountryMark('SK')).toBe('sk');
    expect(regionFromCountryMark('pl')).toBe('pl');
    expect(regionFromCountryMark('Brasil')).toBe('br');
    expect(regionFromCountryMark('HELLO')).toBe('');
    expect(regionFromCountryMark('')).toBe('');
  });

  it('trusts a single letter only where an EU strip would be', () => {
    expect(regionFromCountryMark('D')).toBe('');
    expect(regionFromCountryMark('D', true)).toBe('de');
    expect(regionFromCountryMark('Q', true)).toBe('');
  });

  it('lets a mark read beside the plate direct a confusion fix the readings agree on', () => {
    // Every frame reads the last O as 0; no format accepts that, the Slovak one does with an O.
    const zeros = readings(['BB135B0', 96], ['BB135B0', 97], ['BB-135B0', 95]);
    expect(voteTrackText(zeros, { regions: [] }).plate).toBe('BB135B0');
    const marked = zeros.map((r) => ({ ...r, region: 'sk' }));
    expect(voteTrackText(marked, { regions: [] })).toMatchObject({ plate: 'BB135BO', region: 'sk' });
  });
});
