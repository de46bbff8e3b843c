import { chmodSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import {
  dockerBuildArgs,
  dockerImageInspectArgs,
  dockerProbeArgs,
  dockerRemoveArgs,
  dockerRunArgs,
  findDockerDir,
  hashDockerDir,
  imageTag,
  nativeAlprArgs,
  uniqueContainerName,
} from '../../src/detection/openalpr/docker.js';
import { REPO_ROOT, removeDir, tempDir } from '../fixtures/openalpr/harness.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

describe('docker argument lists', () => {
  it('builds from the docker/ folder with the hashed tag', () => {
    expect(dockerBuildArgs('number-jam-alpr:0123456789ab', '/pkg/docker')).toEqual([
      'build',
      '--tag',
      'number-jam-alpr:0123456789ab',
      '--label',
      'org.opencontainers.image.title=number-jam-alpr',
      '/pkg/docker',
    ]);
  });

  it('runs one long-lived container without network and with only the frames folder, read-only', () => {
    expect(
      dockerRunArgs({ image: 'number-jam-alpr:0123456789ab', name: 'nj-1', framesDir: '/tmp/nj-frames', country: 'eu', topN: 5 }),
    ).toEqual([
      'run',
      '--rm',
      '--interactive',
      '--init',
      '--name',
      'nj-1',
      '--network',
      'none',
      '--volume',
      '/tmp/nj-frames:/frames:ro',
      'number-jam-alpr:0123456789ab',
      'eu',
      '5',
    ]);
  });

  it('has the small commands right', () => {
    expect(dockerProbeArgs()).toEqual(['version', '--format', '{{.Server.Version}}']);
    expect(dockerImageInspectArgs('t:1')).toEqual(['image', 'inspect', '--format', '{{.Id}}', 't:1']);
    expect(dockerRemoveArgs('nj-1')).toEqual(['rm', '--force', 'nj-1']);
    expect(nativeAlprArgs('br', 3)).toEqual(['-j', '-c', 'br', '-n', '3', 'stdin']);
  });

  it('names containers uniquely', () => {
    const a = uniqueContainerName();
    expect(a).toMatch(/^number-jam-alpr-\d+-[0-9a-f]{8}$/);
    expect(uniqueContainerName()).not.toBe(a);
  });
});

describe('docker/ folder', () => {
  it('is found from the source tree and holds the Dockerfile and entry script', () => {
    const dir = findDockerDir();
    expect(dir).toBe(path.join(REPO_ROOT, 'docker'));
    const dockerfile = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ARG OPENALPR_BASE=openalpr\/openalpr:\S+$/m);
    expect(dockerfile).toMatch(/ENTRYPOINT \["\/usr\/local\/bin\/number-jam-alpr"\]/);
    expect(imageTag(dir)).toMatch(/^number-jam-alpr:[0-9a-f]{12}$/);
  });

  it('hashes content, names and the executable bit, not timestamps', () => {
    const copy = tempDir();
    dirs.push(copy);
    cpSync(findDockerDir(), copy, { recursive: true });
    const original = hashDockerDir(copy);
    expect(hashDockerDir(findDockerDir())).toBe(original);
    writeFileSync(path.join(copy, 'Dockerfile'), `${readFileSync(path.join(copy, 'Dockerfile'), 'utf8')}\n# changed\n`);
    const changed = hashDockerDir(copy);
    expect(changed).not.toBe(original);
    chmodSync(path.join(copy, 'number-jam-alpr.sh'), 0o644);
    expect(hashDockerDir(copy)).not.toBe(changed);
  });

  it('entry script starts alpr in the same stdin mode the native engine uses', async () => {
    // Run the real entry script with a stand-in `alpr` that prints its arguments.
    const bin = tempDir();
    dirs.push(bin);
    writeFileSync(path.join(bin, 'alpr'), '#!/bin/sh\necho "$@"\n');
    chmodSync(path.join(bin, 'alpr'), 0o755);
    const script = path.join(findDockerDir(), 'number-jam-alpr.sh');
    const env = { PATH: `${bin}:/usr/bin:/bin` };
    const ok = await execa('sh', [script, 'eu', '7'], { env, extendEnv: false });
    expect(ok.stdout.split(' ')).toEqual(nativeAlprArgs('eu', 7));
    const bad = await execa('sh', [script, 'e;u', '7'], { env, extendEnv: false, reject: false });
    expect(bad.exitCode).toBe(64);
    expect(bad.stderr).toMatch(/invalid OpenALPR country config/);
    const badTop = await execa('sh', [script, 'us', 'x'], { env, extendEnv: false, reject: false });
    expect(badTop.exitCode).toBe(64);
    expect(existsSync(script)).toBe(true);
  });
});
