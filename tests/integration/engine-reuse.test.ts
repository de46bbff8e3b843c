// The Action's videos share one engine start (EngineCache): the second video starts nothing and still finds
// its plate, and a video written with a shared engine gets the same cover as one with its own.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DETECT_OPTIONS, DEFAULT_OBSCURE_OPTIONS, detectPlates, EngineCache, redactVideo } from '../../src/pipeline/index.js';
import { type ClipOptions, makeClip } from '../helpers/synth.js';

const opts: ClipOptions = { width: 320, height: 240, fps: 10, frames: 10, plate: true };
let dir: string;
let clips: string[];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nj-engine-reuse-'));
  clips = await Promise.all([1, 2].map((n) => makeClip({ ...opts, path: path.join(dir, `v${n}.mp4`) })));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('EngineCache across videos', () => {
  it('starts the embedded engine once for two videos, and both find their plate', async () => {
    const engines = new EngineCache();
    try {
      const detect = { ...DEFAULT_DETECT_OPTIONS, engine: 'embedded' as const };
      const first = await detectPlates({ ...detect, input: clips[0]! }, engines);
      const second = await redactVideo(
        { ...detect, ...DEFAULT_OBSCURE_OPTIONS, input: clips[1]!, output: path.join(dir, 'v2.redacted.mp4') },
        engines,
      );
      expect(engines.started).toBe(1);
      expect(first.tracking.length).toBeGreaterThanOrEqual(1);
      expect(second.tracking.length).toBe(first.tracking.length);
      // The same pixels, the same engine settings: the same covers as the first video's.
      expect(second.tracking.map((t) => t.history.length)).toEqual(first.tracking.map((t) => t.history.length));
    } finally {
      await engines.close();
    }
  });
});
