import { describe, expect, it } from 'vitest';
import { filterPlausibleTracks, isPlausibleTrack, MIN_PARTIAL_READINGS } from '../../src/tracking/plausibility.js';
import type { TrackedPlate } from '../../src/types.js';

function track(id: number, texts: string[], confidence = 80): TrackedPlate {
  return {
    id,
    history: texts.map((_, i) => ({
      timestamp: i * 40,
      polygon: [
        [0, 0],
        [10, 0],
        [10, 5],
        [0, 5],
      ],
      source: 'detection' as const,
    })),
    readings: texts.map((text, i) => ({ timestamp: i * 40, text, confidence })),
  };
}

describe('isPlausibleTrack', () => {
  it('keeps a track read once as a whole plate among failed readings', () => {
    expect(isPlausibleTrack(track(0, ['1', 'FB5X8T', '3']))).toBe(true);
    expect(isPlausibleTrack(track(0, ['0KK7448']))).toBe(true);
  });

  it('drops a track never read, or read once as a stray character', () => {
    expect(isPlausibleTrack(track(0, []))).toBe(false);
    expect(isPlausibleTrack(track(0, ['3'], 1.6))).toBe(false);
  });

  it('drops a track whose only reading is a sign or a clock', () => {
    expect(isPlausibleTrack(track(0, ['EXIT'], 99))).toBe(false);
    expect(isPlausibleTrack(track(0, ['08:04:42'], 99))).toBe(false);
  });

  it('keeps a plate seen only cut by the frame edge when read on several detections', () => {
    const cut = Array.from({ length: MIN_PARTIAL_READINGS }, () => '867');
    expect(isPlausibleTrack(track(0, cut))).toBe(true);
  });
});

describe('filterPlausibleTracks', () => {
  const plates = [track(0, ['FB5X8T']), track(1, ['3'], 1.6), track(2, [])];

  it('keeps only plausible tracks, in order', () => {
    expect(filterPlausibleTracks(plates, { obscureAllText: false }).map((p) => p.id)).toEqual([0]);
  });

  it('keeps every track when all text is to be obscured', () => {
    expect(filterPlausibleTracks(plates, { obscureAllText: true }).map((p) => p.id)).toEqual([0, 1, 2]);
  });
});
