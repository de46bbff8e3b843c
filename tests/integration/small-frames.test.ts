// Small frames are detected on a longer stride (smallFrameStride): a 160x120 5-fps clip no longer runs the
// detector on every frame, and its plate is still covered on every frame, the first ones included
// (backward tracking reaches them from the first detection).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { polygonsBetween } from '../../src/obscuring/timeline.js';
import type { PlatesDocument } from '../../src/output/document.js';
import { DEFAULT_DETECT_OPTIONS, detectPlates } from '../../src/pipeline/index.js';
import { type ClipOptions, clipTimestampsMs, makeClip, plateBoxAt } from '../helpers/synth.js';
import { reachOf } from './pipeline-measure.js';

const opts: ClipOptions = { width: 160, height: 120, fps: 5, frames: 50, plate: true };
let dir: string;
let document: PlatesDocument;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nj-small-frames-'));
  const input = await makeClip({ ...opts, path: path.join(dir, 'small.mp4') });
  document = await detectPlates({ ...DEFAULT_DETECT_OPTIONS, engine: 'embedded', input });
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a 160x120 5-fps clip with a plate', () => {
  it('runs the detector on fewer than a third of its frames (it ran on every one)', () => {
    expect(document.detectedFrames).toBeLessThan(opts.frames / 3);
  });

  it('covers the plate on every frame, from the first', () => {
    const uncovered = clipTimestampsMs(opts).filter((t, index) => {
      const box = plateBoxAt(opts, index);
      return !document.tracking.some((track) =>
        polygonsBetween(track.history, t).some((polygon) => {
          const reach = reachOf(polygon);
          return (
            reach.x <= box.x + 1 &&
            reach.y <= box.y + 1 &&
            reach.x + reach.width >= box.x + box.width - 1 &&
            reach.y + reach.height >= box.y + box.height - 1
          );
        }),
      );
    });
    expect(uncovered).toEqual([]);
  });
});
