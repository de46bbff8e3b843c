import { describe, expect, it } from 'vitest';
import { nativeTiles } from '../../src/detection/embedded/tiles.js';

describe('native-resolution tiles', () => {
  it.each([
    [1920, 1080],
    [1920, 1440],
    [1080, 1920],
    [3840, 2160],
  ])('cover a %ix%i frame with overlapping tiles no larger than the detector input', (width, height) => {
    const maxSide = 1280;
    const tiles = nativeTiles(width, height, maxSide);
    expect(tiles.length).toBeGreaterThan(1);
    for (const t of tiles) {
      expect(t.x).toBeGreaterThanOrEqual(0);
      expect(t.y).toBeGreaterThanOrEqual(0);
      expect(t.x + t.width).toBeLessThanOrEqual(width);
      expect(t.y + t.height).toBeLessThanOrEqual(height);
      // About the size of the shrunk whole frame the detector sees anyway (its memory stays the same).
      expect(t.width * t.height).toBeLessThanOrEqual(1.05 * maxSide * maxSide * (Math.min(width, height) / Math.max(width, height)));
    }
    // Every pixel centre lies in exactly one core, and inside that core's tile.
    for (let y = 0.5; y < height; y += 37) {
      for (let x = 0.5; x < width; x += 41) {
        const owners = tiles.filter((t) => x >= t.core.x0 && x < t.core.x1 && y >= t.core.y0 && y < t.core.y1);
        expect(owners).toHaveLength(1);
        const t = owners[0]!;
        expect(x >= t.x && x < t.x + t.width && y >= t.y && y < t.y + t.height).toBe(true);
      }
    }
  });

  it('puts a plate up to the overlap wide, anywhere, whole inside the tile that reports it', () => {
    const tiles = nativeTiles(1920, 1080, 1280);
    for (let x = 0; x + 120 <= 1920; x += 8) {
      const cx = x + 60;
      const t = tiles.find((t) => cx >= t.core.x0 && cx < t.core.x1 && 540 >= t.core.y0 && 540 < t.core.y1)!;
      expect(x).toBeGreaterThanOrEqual(t.x);
      expect(x + 120).toBeLessThanOrEqual(t.x + t.width);
    }
  });
});
