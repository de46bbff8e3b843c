import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/detection/engines.js';
import type { probeOpenAlpr } from '../../src/detection/openalpr/index.js';
import type { DetectionEngine, Frame } from '../../src/types.js';
import { UserError } from '../../src/util/errors.js';

function stub(name: string, events: string[], failInit?: Error): DetectionEngine {
  return {
    name,
    async init() {
      events.push(`${name}.init`);
      if (failInit) throw failInit;
    },
    async detect(frame: Frame) {
      events.push(`${name}.detect`);
      return [
        {
          engine: name,
          polygon: [
            [0, 0],
            [10 + frame.index, 0],
            [10, 5],
            [0, 5],
          ],
        },
      ];
    },
    async close() {
      events.push(`${name}.close`);
    },
  };
}
const available: typeof probeOpenAlpr = async () => ({ available: true, mode: 'docker', reason: 'Docker 28.2.2' });
const unavailable: typeof probeOpenAlpr = async () => ({
  available: false,
  mode: 'none',
  reason: 'OpenALPR runs in Docker, but the Docker daemon is not reachable',
});

function setup(probe: typeof probeOpenAlpr, openalprInitError?: Error) {
  const events: string[] = [];
  const logs: string[] = [];
  let probes = 0;
  const options = {
    regions: ['us'],
    rebuildDockerImage: false,
    obscureAllText: false,
    log: (line: string) => logs.push(line),
    probe: async () => {
      probes++;
      return probe();
    },
    embedded: () => stub('embedded', events),
    openalpr: () => stub('openalpr', events, openalprInitError),
  };
  return { events, logs, options, probes: () => probes };
}

describe('createEngine', () => {
  it('auto runs both engines when OpenALPR is available', async () => {
    const { events, logs, options } = setup(available);
    const { engine, names } = await createEngine('auto', options);
    expect(names).toEqual(['openalpr', 'embedded']);
    expect(engine.name).toBe('openalpr+embedded');
    expect(logs.join('\n')).toMatch(/running OpenALPR \(docker\) and the embedded engine/);
    // auto starts OpenALPR early so a failure can fall back.
    expect(events).toEqual(['openalpr.init']);
  });

  it('auto uses the embedded engine alone when OpenALPR is unavailable, saying why', async () => {
    const { events, logs, options } = setup(unavailable);
    const { engine, names } = await createEngine('auto', options);
    expect(names).toEqual(['embedded']);
    expect(engine.name).toBe('embedded');
    expect(logs).toEqual([
      'engine auto: OpenALPR is not available (OpenALPR runs in Docker, but the Docker daemon is not reachable); using the embedded engine only',
    ]);
    expect(events).toEqual([]);
  });

  it('auto falls back to the embedded engine when OpenALPR cannot start, and cleans it up', async () => {
    const { events, logs, options } = setup(available, new UserError('Building the OpenALPR Docker image failed: no network'));
    const { names } = await createEngine('auto', options);
    expect(names).toEqual(['embedded']);
    expect(events).toEqual(['openalpr.init', 'openalpr.close']);
    expect(logs.at(-1)).toMatch(/OpenALPR could not start \(Building the OpenALPR Docker image failed: no network\)/);
  });

  it('openalpr and both never probe and never fall back', async () => {
    const failing = setup(unavailable, new UserError('OpenALPR runs in Docker, but the docker command was not found'));
    const single = await createEngine('openalpr', failing.options);
    expect(single.names).toEqual(['openalpr']);
    await expect(single.engine.init()).rejects.toThrow(UserError);
    const both = await createEngine('both', failing.options);
    expect(both.names).toEqual(['openalpr', 'embedded']);
    await expect(both.engine.init()).rejects.toThrow(/docker command was not found/);
    expect(failing.events).toContain('embedded.close');
    expect(failing.probes()).toBe(0);
  });

  it('both runs the two engines on each frame', async () => {
    const { events, options } = setup(available);
    const { engine } = await createEngine('both', options);
    await engine.init();
    const frame: Frame = { index: 0, timestampMs: 0, width: 16, height: 16, data: Buffer.alloc(16 * 16 * 3) };
    const plates = await engine.detect(frame);
    await engine.close();
    expect(plates).toHaveLength(1);
    expect(plates[0]!.engine).toBe('openalpr+embedded');
    expect(events).toEqual(['openalpr.init', 'embedded.init', 'openalpr.detect', 'embedded.detect', 'openalpr.close', 'embedded.close']);
  });

  it('embedded alone and a note when --obscure-all-text meets --engine openalpr', async () => {
    const { logs, options } = setup(available);
    expect((await createEngine('embedded', options)).names).toEqual(['embedded']);
    await createEngine('openalpr', { ...options, obscureAllText: true });
    expect(logs.join('\n')).toMatch(/--obscure-all-text needs the embedded engine/);
  });

  it('rejects an unknown engine name as a user error', async () => {
    const { options } = setup(available);
    await expect(createEngine('fast' as never, options)).rejects.toThrow(UserError);
  });
});
