import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provideFfmpeg } from '../../src/action/bundle.js';
import {
  type CommandOutcome,
  type DockerCacheDeps,
  describeDockerImage,
  dockerCacheKey,
  prepareOpenAlprImage,
} from '../../src/action/docker-cache.js';
import { hashDockerDir, imageTag } from '../../src/detection/openalpr/docker.js';
import { UserError } from '../../src/util/errors.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nj-docker-cache-'));
  await mkdir(path.join(dir, 'docker'));
  await writeFile(path.join(dir, 'docker', 'Dockerfile'), 'FROM scratch\n');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface FakeDocker {
  deps: DockerCacheDeps;
  commands: string[];
  cacheCalls: string[];
}

/** A docker CLI + Actions cache pair whose state is a set of images and a map of cache keys. */
function fakeDocker(state: {
  daemon?: boolean;
  images?: Set<string>;
  cached?: Map<string, string>;
  buildFails?: boolean;
  cacheAvailable?: boolean;
}): FakeDocker {
  const images = state.images ?? new Set<string>();
  const cached = state.cached ?? new Map<string, string>();
  const commands: string[] = [];
  const cacheCalls: string[] = [];
  let clock = 0;
  const ok = (stdout = ''): CommandOutcome => ({ exitCode: 0, stdout, stderr: '' });
  const fail = (stderr: string): CommandOutcome => ({ exitCode: 1, stdout: '', stderr });
  const deps: DockerCacheDeps = {
    run: async (command, args) => {
      commands.push([command, ...args].join(' '));
      clock += 1000;
      if (state.daemon === false) return fail('Cannot connect to the Docker daemon');
      if (args[0] === 'version') return ok('27.0.1');
      if (args[0] === 'image' && args[1] === 'inspect') return images.has(args.at(-1)!) ? ok('sha256:1') : fail('No such image');
      if (args[0] === 'load') {
        images.add(await readFile(args.at(-1)!, 'utf8'));
        return ok();
      }
      if (args[0] === 'build') {
        if (state.buildFails) return fail('step 3/7: network unreachable');
        images.add(args[2]!);
        return ok();
      }
      if (args[0] === 'save') {
        await writeFile(args[2]!, args[3]!);
        return ok();
      }
      return fail(`unexpected ${args.join(' ')}`);
    },
    cacheAvailable: () => state.cacheAvailable ?? true,
    restoreCache: async (paths, key) => {
      cacheCalls.push(`restore ${key}`);
      const content = cached.get(key);
      if (content === undefined) return undefined;
      await writeFile(paths[0]!, content);
      return key;
    },
    saveCache: async (paths, key) => {
      cacheCalls.push(`save ${key}`);
      cached.set(key, await readFile(paths[0]!, 'utf8'));
      return 1;
    },
    now: () => clock,
    log: () => undefined,
    warn: () => undefined,
  };
  return { deps, commands, cacheCalls };
}

describe('prepareOpenAlprImage', () => {
  it('uses the same image tag as the engine: number-jam-alpr:<hash of docker/>', async () => {
    const docker = path.join(dir, 'docker');
    const fake = fakeDocker({});
    const result = await prepareOpenAlprImage(fake.deps, docker, dir);
    expect(result.tag).toBe(imageTag(docker));
    expect(result.tag).toBe(`number-jam-alpr:${hashDockerDir(docker)}`);
    expect(dockerCacheKey(docker, 'linux', 'x64')).toBe(`number-jam-alpr-linux-x64-${hashDockerDir(docker)}`);
  });

  it('builds on a cache miss, saves the image archive, and restores it on the next runner', async () => {
    const docker = path.join(dir, 'docker');
    const cached = new Map<string, string>();
    const first = fakeDocker({ cached });
    const built = await prepareOpenAlprImage(first.deps, docker, dir);
    expect(built).toMatchObject({ status: 'built', saved: true });
    expect(first.commands.some((command) => command.startsWith(`docker build --tag ${built.tag}`))).toBe(true);
    expect(first.cacheCalls).toEqual([`restore ${dockerCacheKey(docker)}`, `save ${dockerCacheKey(docker)}`]);

    const second = fakeDocker({ cached });
    const restored = await prepareOpenAlprImage(second.deps, docker, dir);
    expect(restored.status).toBe('restored');
    expect(restored.durationMs).toBeGreaterThan(0);
    expect(second.commands.some((command) => command.startsWith('docker build'))).toBe(false);
    expect(second.cacheCalls).toEqual([`restore ${dockerCacheKey(docker)}`]);
    expect(existsSync(path.join(dir, `${dockerCacheKey(docker)}.tar`))).toBe(false);
  });

  it('does nothing when the image is already there', async () => {
    const docker = path.join(dir, 'docker');
    const fake = fakeDocker({ images: new Set([imageTag(docker)]) });
    expect((await prepareOpenAlprImage(fake.deps, docker, dir)).status).toBe('present');
    expect(fake.cacheCalls).toEqual([]);
  });

  it('gives a new key when docker/ changes', async () => {
    const docker = path.join(dir, 'docker');
    const before = dockerCacheKey(docker);
    await writeFile(path.join(docker, 'Dockerfile'), 'FROM scratch\nRUN true\n');
    expect(dockerCacheKey(docker)).not.toBe(before);
  });

  it('reports a missing daemon and a failed build without throwing', async () => {
    const docker = path.join(dir, 'docker');
    const missing = await prepareOpenAlprImage(fakeDocker({ daemon: false }).deps, docker, dir);
    expect(missing.status).toBe('no-docker');
    // A runner without the docker command reports no stderr: the line still says why, never "()".
    expect(describeDockerImage({ ...missing, detail: '' })).toBe('Docker is not available (no daemon); OpenALPR was skipped.');
    const failed = await prepareOpenAlprImage(fakeDocker({ buildFails: true }).deps, docker, dir);
    expect(failed).toMatchObject({ status: 'build-failed', saved: false });
    expect(failed.detail).toContain('network unreachable');
  });

  it('builds without touching the cache when the cache service is unavailable', async () => {
    const fake = fakeDocker({ cacheAvailable: false });
    expect(await prepareOpenAlprImage(fake.deps, path.join(dir, 'docker'), dir)).toMatchObject({ status: 'built', saved: false });
    expect(fake.cacheCalls).toEqual([]);
  });
});

describe('provideFfmpeg', () => {
  const none = (): undefined => undefined;

  it('prefers FFMPEG_PATH/FFPROBE_PATH, then PATH', async () => {
    expect(await provideFfmpeg({ FFMPEG_PATH: '/x/ffmpeg', FFPROBE_PATH: '/x/ffprobe' }, dir, dir, none)).toMatchObject({ source: 'env' });
    expect(await provideFfmpeg({}, dir, dir, (name) => `/usr/bin/${name}`)).toEqual({
      source: 'path',
      ffmpeg: '/usr/bin/ffmpeg',
      ffprobe: '/usr/bin/ffprobe',
    });
  });

  it('unpacks the bundled binaries, executable, and points FFMPEG_PATH/FFPROBE_PATH at them', async () => {
    await mkdir(path.join(dir, 'ffmpeg'));
    await writeFile(path.join(dir, 'ffmpeg', 'ffmpeg.gz'), gzipSync(Buffer.from('#!/bin/sh\necho ffmpeg\n')));
    await writeFile(path.join(dir, 'ffmpeg', 'ffprobe.gz'), gzipSync(Buffer.from('#!/bin/sh\necho ffprobe\n')));
    const env: NodeJS.ProcessEnv = {};
    const tools = path.join(dir, 'tools');
    const choice = await provideFfmpeg(env, dir, tools, none);
    expect(choice).toEqual({ source: 'bundled', ffmpeg: path.join(tools, 'ffmpeg'), ffprobe: path.join(tools, 'ffprobe') });
    expect(env.FFMPEG_PATH).toBe(path.join(tools, 'ffmpeg'));
    expect(await readFile(env.FFPROBE_PATH!, 'utf8')).toBe('#!/bin/sh\necho ffprobe\n');
    const { execa } = await import('execa');
    expect((await execa(env.FFMPEG_PATH!, [])).stdout).toBe('ffmpeg');
    // A second step of the same job reuses the unpacked copies.
    expect(await provideFfmpeg({}, dir, tools, none)).toMatchObject({ source: 'bundled' });
  });

  it('a full RUNNER_TEMP is one line with context, and no half-unpacked binary is left; a stale one is removed by the next run', async () => {
    await mkdir(path.join(dir, 'ffmpeg'));
    await writeFile(path.join(dir, 'ffmpeg', 'ffmpeg.gz'), gzipSync(Buffer.alloc(256 * 1024, 1)));
    await writeFile(path.join(dir, 'ffmpeg', 'ffprobe.gz'), gzipSync(Buffer.from('#!/bin/sh\necho ffprobe\n')));
    const tools = path.join(dir, 'tools');
    await mkdir(tools);
    // The partial file this process writes is a link to /dev/full: every write fails with ENOSPC, as on a full disk.
    await symlink('/dev/full', path.join(tools, `ffmpeg.partial-${process.pid}`));
    // Left by an earlier run whose process is gone (a pid above Linux's largest).
    await writeFile(path.join(tools, 'ffprobe.partial-4194305'), 'half');
    const error = await provideFfmpeg({}, dir, tools, none).then(
      () => undefined,
      (failure: Error) => failure,
    );
    expect(error).toBeInstanceOf(UserError);
    expect(error!.message).toMatch(
      /^cannot unpack the bundled ffmpeg into .*tools \(no space left on device\); free space in RUNNER_TEMP, or put ffmpeg and ffprobe on PATH$/,
    );
    expect((await readdir(tools)).filter((name) => name.includes('.partial-'))).toEqual([]);
  });

  it('leaves the lookup to the video stage when running from source', async () => {
    expect(await provideFfmpeg({}, dir, dir, none)).toEqual({ source: 'packages' });
  });
});
