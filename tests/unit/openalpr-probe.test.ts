import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CommandResult,
  ensureDockerDaemon,
  findOnPath,
  probeOpenAlprWith,
  type RunCommand,
  resolveNativeAlpr,
} from '../../src/detection/openalpr/probe.js';
import { UserError } from '../../src/util/errors.js';
import { fakeAlpr, removeDir, tempDir } from '../fixtures/openalpr/harness.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));
function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

/** A `run` that answers `docker version` with `answer` and records the calls. */
function dockerAnswering(answer: CommandResult): { run: RunCommand; calls: string[][] } {
  const calls: string[][] = [];
  const run: RunCommand = async (command, args) => {
    calls.push([command, ...args]);
    return answer;
  };
  return { run, calls };
}
const DAEMON_UP: CommandResult = { exitCode: 0, stdout: '28.2.2\n', stderr: '' };
const DAEMON_DOWN: CommandResult = {
  exitCode: 1,
  stdout: '',
  stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
};
const NO_DOCKER: CommandResult = { exitCode: undefined, errorCode: 'ENOENT', stdout: '', stderr: '' };

describe('native alpr lookup', () => {
  it('prefers ALPR_PATH, then alpr on PATH', () => {
    const bin = dir();
    const alpr = fakeAlpr(bin);
    expect(resolveNativeAlpr({ ALPR_PATH: alpr, PATH: '' })).toBe(alpr);
    expect(resolveNativeAlpr({ PATH: `/nonexistent${path.delimiter}${bin}` })).toBe(alpr);
    expect(resolveNativeAlpr({ PATH: '/nonexistent' })).toBeUndefined();
  });

  it('refuses an ALPR_PATH that is not an executable file', () => {
    const d = dir();
    const plain = path.join(d, 'alpr');
    writeFileSync(plain, 'not executable');
    expect(() => resolveNativeAlpr({ ALPR_PATH: plain })).toThrow(UserError);
    expect(() => resolveNativeAlpr({ ALPR_PATH: d })).toThrow(/not an executable file/);
    expect(findOnPath('alpr', { PATH: d })).toBeUndefined();
  });
});

describe('probeOpenAlprWith', () => {
  it('reports native mode without asking Docker', async () => {
    const alpr = fakeAlpr(dir());
    const docker = dockerAnswering(DAEMON_UP);
    const result = await probeOpenAlprWith({ env: { ALPR_PATH: alpr }, docker: 'docker', run: docker.run });
    expect(result).toEqual({ available: true, mode: 'native', reason: `native alpr at ${alpr}` });
    expect(docker.calls).toEqual([]);
  });

  it('reports docker mode when the daemon answers', async () => {
    const docker = dockerAnswering(DAEMON_UP);
    const result = await probeOpenAlprWith({ env: { PATH: '' }, docker: '/usr/bin/docker', run: docker.run });
    expect(result).toEqual({ available: true, mode: 'docker', reason: 'Docker 28.2.2' });
    expect(docker.calls).toEqual([['/usr/bin/docker', 'version', '--format', '{{.Server.Version}}']]);
  });

  it('reports unavailable with the reason when the daemon is down or docker is missing', async () => {
    const down = await probeOpenAlprWith({ env: { PATH: '' }, docker: 'docker', run: dockerAnswering(DAEMON_DOWN).run });
    expect(down.available).toBe(false);
    expect(down.mode).toBe('none');
    expect(down.reason).toMatch(/daemon is not reachable \(Cannot connect to the Docker daemon/);
    const missing = await probeOpenAlprWith({ env: { PATH: '' }, docker: 'docker', run: dockerAnswering(NO_DOCKER).run });
    expect(missing).toMatchObject({ available: false, mode: 'none' });
    expect(missing.reason).toMatch(/docker command was not found/);
  });

  it('reports a broken ALPR_PATH as unavailable', async () => {
    const result = await probeOpenAlprWith({
      env: { ALPR_PATH: '/nonexistent/alpr' },
      docker: 'docker',
      run: dockerAnswering(DAEMON_UP).run,
    });
    expect(result).toMatchObject({ available: false, mode: 'none' });
    expect(result.reason).toMatch(/ALPR_PATH/);
  });
});

describe('ensureDockerDaemon', () => {
  it('throws one-line UserErrors', async () => {
    await expect(ensureDockerDaemon({ docker: 'docker', run: dockerAnswering(NO_DOCKER).run })).rejects.toThrow(UserError);
    const error = await ensureDockerDaemon({ docker: 'docker', run: dockerAnswering(DAEMON_DOWN).run }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).not.toContain('\n');
    await expect(ensureDockerDaemon({ docker: 'docker', run: dockerAnswering(DAEMON_UP).run })).resolves.toBe('28.2.2');
  });
});
