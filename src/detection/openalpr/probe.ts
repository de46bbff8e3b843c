// Is OpenALPR usable here, and how: a native alpr (ALPR_PATH or PATH) or Docker?
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { UserError } from '../../util/errors.js';
import { dockerProbeArgs } from './docker.js';

export type OpenAlprMode = 'native' | 'docker' | 'none';

export interface OpenAlprProbeResult {
  available: boolean;
  mode: OpenAlprMode;
  reason: string;
}

/** Result of running one command; only what the engine needs. */
export interface CommandResult {
  exitCode: number | undefined;
  /** Spawn error code such as 'ENOENT' when the command could not start at all. */
  errorCode?: string;
  stdout: string;
  stderr: string;
}

export type RunCommand = (command: string, args: string[], options?: { timeoutMs?: number }) => Promise<CommandResult>;

/** Runs a command to completion without throwing. */
export const runCommand: RunCommand = async (command, args, options = {}) => {
  const result = await execa(command, args, { reject: false, timeout: options.timeoutMs, stdin: 'ignore' });
  const errorCode = (result as unknown as { code?: unknown }).code;
  return {
    exitCode: result.exitCode,
    errorCode: typeof errorCode === 'string' ? errorCode : result.timedOut ? 'ETIMEDOUT' : undefined,
    stdout: typeof result.stdout === 'string' ? result.stdout : '',
    stderr: typeof result.stderr === 'string' ? result.stderr : '',
  };
};

export interface ProbeDeps {
  env: NodeJS.ProcessEnv;
  docker: string;
  run: RunCommand;
}

export function defaultProbeDeps(): ProbeDeps {
  return { env: process.env, docker: 'docker', run: runCommand };
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First executable `name` on the PATH of `env` (with PATHEXT on Windows). */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter((d) => d.length > 0);
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = path.join(dir, name + ext);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * The native alpr to use: ALPR_PATH when set (must be an executable file, else a UserError: the user
 * asked for it explicitly), else `alpr` on PATH, else undefined (→ Docker).
 */
export function resolveNativeAlpr(env: NodeJS.ProcessEnv): string | undefined {
  const configured = env.ALPR_PATH?.trim();
  if (configured) {
    if (!isExecutableFile(configured)) throw new UserError(`ALPR_PATH is set to ${configured}, which is not an executable file`);
    return path.resolve(configured);
  }
  return findOnPath('alpr', env);
}

/** First non-empty line of a command's stderr, for one-line messages. */
export function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? ''
  );
}

/**
 * Checks that Docker is installed and its daemon answers. Throws a one-line UserError otherwise.
 * @returns the server version
 */
export async function ensureDockerDaemon(deps: Pick<ProbeDeps, 'docker' | 'run'>): Promise<string> {
  const result = await deps.run(deps.docker, dockerProbeArgs(), { timeoutMs: 30_000 });
  if (result.errorCode === 'ENOENT') {
    throw new UserError(
      'OpenALPR runs in Docker, but the docker command was not found: install Docker, set ALPR_PATH to a native alpr, or use --engine embedded',
    );
  }
  if (result.exitCode !== 0) {
    const detail = firstLine(result.stderr) || (result.errorCode ? `error ${result.errorCode}` : `exit status ${result.exitCode}`);
    throw new UserError(
      `OpenALPR runs in Docker, but the Docker daemon is not reachable (${detail}); start Docker or use --engine embedded`,
    );
  }
  return result.stdout.trim();
}

export async function probeOpenAlprWith(deps: ProbeDeps): Promise<OpenAlprProbeResult> {
  let native: string | undefined;
  try {
    native = resolveNativeAlpr(deps.env);
  } catch (error) {
    return { available: false, mode: 'none', reason: error instanceof Error ? error.message : String(error) };
  }
  if (native) return { available: true, mode: 'native', reason: `native alpr at ${native}` };
  try {
    const version = await ensureDockerDaemon(deps);
    return { available: true, mode: 'docker', reason: `Docker ${version || '(unknown version)'}` };
  } catch (error) {
    return { available: false, mode: 'none', reason: error instanceof Error ? error.message : String(error) };
  }
}
