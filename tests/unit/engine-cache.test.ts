import { describe, expect, it } from 'vitest';
import type { CreateEngineOptions } from '../../src/detection/engines.js';
import { EngineCache, engineKey } from '../../src/pipeline/engineCache.js';
import type { DetectionEngine } from '../../src/types.js';

/** An embedded-engine stand-in that records its starts and closes. */
function counting(events: string[], failInit = false): () => DetectionEngine {
  let made = 0;
  return () => {
    const id = ++made;
    return {
      name: `embedded#${id}`,
      async init() {
        events.push(`init ${id}`);
        if (failInit) throw new Error('no models');
      },
      async detect() {
        return [];
      },
      async close() {
        events.push(`close ${id}`);
      },
    };
  };
}

function options(embedded: () => DetectionEngine, over: Partial<CreateEngineOptions> = {}): CreateEngineOptions {
  return { regions: [], rebuildDockerImage: false, obscureAllText: false, embeddedMaxSide: 1280, embedded, ...over };
}

describe('EngineCache', () => {
  it('starts an engine once and hands the same one to every later video with the same options', async () => {
    const events: string[] = [];
    const make = counting(events);
    const cache = new EngineCache();
    const first = await cache.engine('embedded', options(make));
    const second = await cache.engine('embedded', options(make));
    expect(second.engine).toBe(first.engine);
    expect(second.names).toEqual(['embedded']);
    expect(cache.started).toBe(1);
    expect(events).toEqual(['init 1']);
    // Other detector options are another engine.
    const fast = await cache.engine('embedded', options(make, { embeddedMaxSide: 960 }));
    expect(fast.engine).not.toBe(first.engine);
    expect(cache.started).toBe(2);
    await cache.close();
    expect(events.sort()).toEqual(['close 1', 'close 2', 'init 1', 'init 2']);
  });

  it('replaces an engine discarded after a failed video, and retries a start that failed', async () => {
    const events: string[] = [];
    const make = counting(events);
    const cache = new EngineCache();
    const first = await cache.engine('embedded', options(make));
    await cache.discard(first.engine);
    expect(events).toEqual(['init 1', 'close 1']);
    const next = await cache.engine('embedded', options(make));
    expect(next.engine).not.toBe(first.engine);

    const failing = counting([], true);
    const broken = new EngineCache();
    await expect(broken.engine('embedded', options(failing))).rejects.toThrow('no models');
    await expect(broken.engine('embedded', options(failing))).rejects.toThrow('no models');
    expect(broken.started).toBe(2);
    await Promise.all([cache.close(), broken.close()]);
  });

  it('keys engines by what changes them, not by the order of regions', () => {
    const make = counting([]);
    expect(engineKey('embedded', options(make, { regions: ['gb', 'de'] }))).toBe(
      engineKey('embedded', options(make, { regions: ['de', 'gb'] })),
    );
    expect(engineKey('embedded', options(make))).not.toBe(engineKey('auto', options(make)));
    expect(engineKey('embedded', options(make))).not.toBe(engineKey('embedded', options(make, { obscureAllText: true })));
  });
});
