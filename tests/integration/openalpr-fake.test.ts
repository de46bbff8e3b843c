// The openalpr engine end to end against test doubles of `alpr` and `docker` (tests/fixtures/openalpr),
// so the stdin protocol, file hand-over, Docker orchestration and cleanup run for real on any machine.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dockerBuildArgs, dockerRemoveArgs, dockerRunArgs, imageTag } from '../../src/detection/openalpr/docker.js';
import {
  createOpenAlprEngineWith,
  defaultOpenAlprDeps,
  type OpenAlprDeps,
  type OpenAlprEngine,
} from '../../src/detection/openalpr/index.js';
import { parseAlprLine } from '../../src/detection/openalpr/parse.js';
import { AlprSession } from '../../src/detection/openalpr/session.js';
import { UserError } from '../../src/util/errors.js';
import {
  fakeAlpr,
  fakeDocker,
  fixturePath,
  recordedLines,
  removeDir,
  syntheticFrame,
  tempDir,
  withEnv,
} from '../fixtures/openalpr/harness.js';

let work: string;
let restoreEnv: () => void = () => undefined;
const engines: OpenAlprEngine[] = [];

beforeEach(() => {
  work = tempDir();
});
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
  restoreEnv();
  removeDir(work);
});

function setEnv(vars: Record<string, string | undefined>): void {
  restoreEnv = withEnv(vars);
}

function lines(file: string): string[] {
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
    : [];
}

describe('native alpr (ALPR_PATH) with the stdin protocol', () => {
  function nativeEngine(regions: string[] = ['us']): OpenAlprEngine {
    const alpr = fakeAlpr(work);
    const tmpRoot = path.join(work, 'tmp');
    require_dir(tmpRoot);
    const deps: OpenAlprDeps = { ...defaultOpenAlprDeps(), env: { ALPR_PATH: alpr, PATH: '' }, tmpRoot, installSignalHandlers: false };
    const engine = createOpenAlprEngineWith({ regions, topN: 3 }, deps);
    engines.push(engine);
    return engine;
  }

  it('serves every frame from one process, in order, and deletes each frame file once answered', async () => {
    const log = path.join(work, 'alpr.log');
    setEnv({ FAKE_ALPR_REPLAY: fixturePath('us_stdin.jsonl'), FAKE_ALPR_LOG: log });
    const engine = nativeEngine();
    await engine.init();
    expect(engine.mode).toBe('native');
    const framesDir = engine.framesFolder!;
    const expected = recordedLines('us_stdin.jsonl').map((l) => parseAlprLine(l, 'openalpr', 'us').plates);
    for (let i = 0; i < 4; i++) {
      const plates = await engine.detect(syntheticFrame(i));
      // Replayed in order: plate, none, plate, none; top-N passed through (-n 3).
      expect(plates.map((p) => p.text)).toEqual(expected[i % 2]!.map((p) => p.text));
      expect(plates.every((p) => (p.candidates?.length ?? 0) <= 3 && p.region === 'us')).toBe(true);
      expect(readdirSync(framesDir).filter((f) => f.endsWith('.jpg'))).toEqual([]);
    }
    const calls = lines(log);
    // The readiness handshake (a path that does not exist), then one existing file per frame.
    expect(calls[0]).toMatch(/\.number-jam-ready\tmissing$/);
    expect(calls.slice(1).map((l) => l.split('\t')[1])).toEqual(['found', 'found', 'found', 'found']);
    expect(new Set(calls.slice(1).map((l) => l.split('\t')[0])).size).toBe(4);
    await engine.close();
    expect(existsSync(framesDir)).toBe(false);
  });

  it('answers concurrent detect calls each with its own frame', async () => {
    // The fake answers by frame file name (sequence number), so each call must get its own frame's line
    // even though frames reach alpr in the order their JPEGs finish encoding.
    setEnv({ FAKE_ALPR_REPLAY: fixturePath('us_stdin.jsonl'), FAKE_ALPR_SELECT: 'name' });
    const engine = nativeEngine();
    await engine.init();
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => engine.detect(syntheticFrame(i))));
    expect(results.map((r) => r.length)).toEqual([1, 0, 1, 0, 1, 0]);
  });

  it('fails a frame whose answer reports the wrong image size', async () => {
    setEnv({ FAKE_ALPR_REPLAY: fixturePath('us_stdin.jsonl') });
    const engine = nativeEngine();
    await expect(engine.detect(syntheticFrame(0, 640, 360))).rejects.toThrow(/1280x720 image, but frame 0 is 640x360/);
  });

  it('turns a crash mid-video into one UserError line and cleans up', async () => {
    setEnv({ FAKE_ALPR_REPLAY: fixturePath('us_stdin.jsonl'), FAKE_ALPR_CRASH_AFTER: '2' });
    const engine = nativeEngine();
    await engine.detect(syntheticFrame(0));
    await engine.detect(syntheticFrame(1));
    const error = await engine.detect(syntheticFrame(2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/stopped unexpectedly: it exited with status 139 \(Segmentation fault/);
    expect((error as Error).message).not.toContain('\n');
    // Later frames fail the same way instead of hanging or returning "no plate".
    await expect(engine.detect(syntheticFrame(3))).rejects.toThrow(/stopped unexpectedly/);
    const framesDir = engine.framesFolder!;
    await engine.close();
    expect(existsSync(framesDir)).toBe(false);
  });

  it('fails init clearly when alpr cannot load', async () => {
    setEnv({ FAKE_ALPR_REPLAY: fixturePath('us_stdin.jsonl'), FAKE_ALPR_FAIL_LOAD: '1' });
    const engine = nativeEngine();
    await expect(engine.init()).rejects.toThrow(/exited with status 1 \(Error loading OpenALPR\)/);
    expect(readdirSync(path.join(work, 'tmp'))).toEqual([]);
  });

  it('does not lose the pairing when a path is missing (no JSON line, only stderr)', async () => {
    setEnv({ FAKE_ALPR_REPLAY: fixturePath('stdin_missing.stdout.jsonl') });
    const session = await AlprSession.start({
      command: fakeAlpr(work),
      args: ['-j', '-c', 'us', '-n', '10', 'stdin'],
      label: 'fake alpr',
      readinessPath: path.join(work, 'not-there.jpg'),
    });
    try {
      await expect(session.recognize(path.join(work, 'missing.jpg'))).rejects.toThrow(/could not find the frame file .*missing\.jpg/);
      const real = path.join(work, 'frame.jpg');
      writeFileSync(real, Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
      const line = await session.recognize(real);
      expect(line).toBe(JSON.stringify(JSON.parse(recordedLines('stdin_missing.stdout.jsonl')[0]!)));
    } finally {
      await session.close();
    }
  });
});

describe('Docker mode (fake docker CLI)', () => {
  function dockerEngine(options: { rebuild?: boolean; regions?: string[] } = {}): {
    engine: OpenAlprEngine;
    deps: OpenAlprDeps;
    log: string;
  } {
    const log = path.join(work, 'docker.log');
    const tmpRoot = path.join(work, 'tmp');
    require_dir(tmpRoot);
    const deps: OpenAlprDeps = {
      ...defaultOpenAlprDeps(),
      env: { PATH: '' },
      docker: fakeDocker(work),
      tmpRoot,
      installSignalHandlers: false,
    };
    const engine = createOpenAlprEngineWith({ regions: options.regions ?? ['de'], rebuildDockerImage: options.rebuild, topN: 5 }, deps);
    engines.push(engine);
    return { engine, deps, log };
  }
  function dockerCalls(log: string): string[][] {
    return lines(log).map((l) => JSON.parse(l) as string[]);
  }
  function setDockerEnv(extra: Record<string, string> = {}): void {
    setEnv({
      FAKE_ALPR_REPLAY: fixturePath('eu_stdin.jsonl'),
      FAKE_DOCKER_LOG: path.join(work, 'docker.log'),
      FAKE_DOCKER_STATE: path.join(work, 'docker-state.json'),
      FAKE_DOCKER_DAEMON: undefined,
      FAKE_DOCKER_BUILD: undefined,
      ...extra,
    });
  }

  it('builds the image once, runs one container with the exact arguments, and removes it on close', async () => {
    setDockerEnv();
    const { engine, deps, log } = dockerEngine();
    await engine.init();
    const plates = await engine.detect(syntheticFrame(0));
    expect(plates.map((p) => [p.text, p.region])).toEqual([['BB135BO', 'de']]);
    expect(readdirSync(engine.framesFolder!).filter((f) => f.endsWith('.jpg'))).toEqual([]);
    const name = engine.container!;
    const framesDir = engine.framesFolder!;
    await engine.close();
    const tag = imageTag(deps.dockerDir());
    const calls = dockerCalls(log);
    expect(calls).toEqual([
      ['version', '--format', '{{.Server.Version}}'],
      ['image', 'inspect', '--format', '{{.Id}}', tag],
      dockerBuildArgs(tag, deps.dockerDir()),
      dockerRunArgs({ image: tag, name, framesDir, country: 'eu', topN: 5 }),
      dockerRemoveArgs(name),
    ]);
    expect(existsSync(framesDir)).toBe(false);
    expect(JSON.parse(readFileSync(path.join(work, 'docker-state.json'), 'utf8')).running).toEqual({});

    // Second run: the image exists, no build.
    const second = dockerEngine();
    await second.engine.init();
    await second.engine.close();
    expect(
      dockerCalls(log)
        .slice(5)
        .map((c) => c[0]),
    ).toEqual(['version', 'image', 'run', 'rm']);
  });

  it('rebuilds when asked even if the image exists', async () => {
    setDockerEnv();
    const first = dockerEngine();
    await first.engine.init();
    await first.engine.close();
    const { engine, log } = dockerEngine({ rebuild: true });
    await engine.init();
    await engine.close();
    expect(
      dockerCalls(log)
        .slice(5)
        .map((c) => c[0]),
    ).toEqual(['version', 'build', 'run', 'rm']);
  });

  it('reports a stopped daemon as one line, before building anything', async () => {
    setDockerEnv({ FAKE_DOCKER_DAEMON: 'down' });
    const { engine, log } = dockerEngine();
    const error = await engine.init().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      'OpenALPR runs in Docker, but the Docker daemon is not reachable (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?); start Docker or use --engine embedded',
    );
    expect(dockerCalls(log).map((c) => c[0])).toEqual(['version']);
    expect(readdirSync(path.join(work, 'tmp'))).toEqual([]);
  });

  it('reports a missing docker command as one line', async () => {
    setDockerEnv();
    const { engine } = dockerEngine();
    (engine as unknown as { deps: OpenAlprDeps }).deps.docker = path.join(work, 'no-such-docker');
    await expect(engine.init()).rejects.toThrow(/docker command was not found/);
  });

  it('reports a failed build with its last error line and leaves nothing behind', async () => {
    setDockerEnv({ FAKE_DOCKER_BUILD: 'fail' });
    const { engine, log } = dockerEngine();
    const error = await engine.init().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(
      /^Building the OpenALPR Docker image number-jam-alpr:[0-9a-f]{12} failed: ERROR: failed to solve: openalpr\/openalpr:latest/,
    );
    expect(dockerCalls(log).map((c) => c[0])).toEqual(['version', 'image', 'build']);
    expect(readdirSync(path.join(work, 'tmp'))).toEqual([]);
  });

  it('removes the container when alpr crashes inside it', async () => {
    setDockerEnv({ FAKE_ALPR_CRASH_AFTER: '1' });
    const { engine, log } = dockerEngine();
    await engine.detect(syntheticFrame(0));
    await expect(engine.detect(syntheticFrame(1))).rejects.toThrow(
      /the OpenALPR container stopped unexpectedly: it exited with status 139/,
    );
    const name = engine.container!;
    await engine.close();
    expect(dockerCalls(log).at(-1)).toEqual(dockerRemoveArgs(name));
  });

  it('removes the container and the frames on SIGINT', async () => {
    setDockerEnv();
    const { engine, deps, log } = dockerEngine();
    deps.installSignalHandlers = true;
    await engine.init();
    const name = engine.container!;
    const framesDir = engine.framesFolder!;
    // Another SIGINT listener keeps this test process alive (without one the handler re-raises the signal).
    const keepAlive = () => undefined;
    process.on('SIGINT', keepAlive);
    const emitSigint = () => process.emit('SIGINT', 'SIGINT');
    try {
      emitSigint();
      expect(dockerCalls(log).at(-1)).toEqual(dockerRemoveArgs(name));
      expect(existsSync(framesDir)).toBe(false);
      expect(JSON.parse(readFileSync(path.join(work, 'docker-state.json'), 'utf8')).running).toEqual({});
      // The handler ran once and removed itself: a second Ctrl-C does not run docker again.
      const callsAfterFirst = dockerCalls(log).length;
      emitSigint();
      expect(dockerCalls(log)).toHaveLength(callsAfterFirst);
    } finally {
      process.off('SIGINT', keepAlive);
    }
    await engine.close();
  });
});

function require_dir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}
