// Runs the tracker asks for look only at crops around the live tracks (trackLooks), and whole-frame runs
// come on their own stride: the engine sees the whole frame on fewer runs than it detects, the crops are
// small, and the moving plate is still covered on every frame.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '../../src/detection/embedded/index.js';
import type { CreateEngineOptions } from '../../src/detection/engines.js';
import { polygonsBetween } from '../../src/obscuring/timeline.js';
import type { EngineName } from '../../src/options/index.js';
import type { PlatesDocument } from '../../src/output/document.js';
import { EngineCache, type StartedEngine } from '../../src/pipeline/engineCache.js';
import { DEFAULT_DETECT_OPTIONS, detectPlates } from '../../src/pipeline/index.js';
import { EDGE_LOOK_UPSCALE, TRACK_LOOK_MAX_SHARE } from '../../src/pipeline/schedule.js';
import type { Box } from '../../src/types.js';
import { type ClipOptions, clipTimestampsMs, makeClip, plateBoxAt } from '../helpers/synth.js';
import { reachOf } from './pipeline-measure.js';

/** The real embedded engine, counting what each detection run looked at. */
class CountingCache extends EngineCache {
  wholeFrames = 0;
  trackCrops: Box[] = [];

  override async engine(name: EngineName, options: CreateEngineOptions): Promise<StartedEngine> {
    const started = await super.engine(name, options);
    const real = started.engine as EmbeddedEngine;
    const counted: EmbeddedEngine = Object.create(real);
    counted.detect = (frame) => {
      this.wholeFrames++;
      return real.detect(frame);
    };
    counted.detectNative = (frame) => {
      this.wholeFrames++;
      return real.detectNative(frame);
    };
    counted.detectInRegion = (frame, box, upscale) => {
      // Edge strips (the sweeps' upscaled looks) are not track looks.
      if (upscale !== EDGE_LOOK_UPSCALE) this.trackCrops.push(box);
      return real.detectInRegion(frame, box, upscale);
    };
    return { ...started, engine: counted };
  }
}

// A wide, low frame: the plate runs along the bottom edge, where the tracker asks for detections.
const opts: ClipOptions = { width: 640, height: 110, fps: 30, frames: 60, plate: true };
let dir: string;
let cache: CountingCache;
let document: PlatesDocument;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nj-track-looks-'));
  const input = await makeClip({ ...opts, path: path.join(dir, 'moving.mp4') });
  cache = new CountingCache();
  document = await detectPlates({ ...DEFAULT_DETECT_OPTIONS, engine: 'embedded', input }, cache);
}, 300_000);
afterAll(async () => {
  await cache?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a moving plate tracked through a 640x110 clip, near its bottom edge', () => {
  it('looks at the whole frame on fewer runs than it detects; the other runs look at small crops', () => {
    expect(cache.wholeFrames).toBeGreaterThan(0);
    const runs = document.detectedFrames ?? 0;
    expect(cache.wholeFrames).toBeLessThan(runs);
    expect(cache.trackCrops.length).toBeGreaterThanOrEqual(runs - cache.wholeFrames);
    for (const crop of cache.trackCrops)
      expect(crop.width * crop.height).toBeLessThanOrEqual(TRACK_LOOK_MAX_SHARE * opts.width * opts.height);
  });

  it("covers the plate's characters on every frame", () => {
    const uncovered = clipTimestampsMs(opts).filter((t, index) => {
      // The characters (centred, ~80 of the plate's 128 px wide and half its height), not the plain margin.
      const plate = plateBoxAt(opts, index);
      const box = {
        x: plate.x + 0.2 * plate.width,
        y: plate.y + 0.25 * plate.height,
        width: 0.6 * plate.width,
        height: 0.5 * plate.height,
      };
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
