// The `openalpr` detection engine: one long-lived OpenALPR process per video, native or in Docker.
//
// Frames are handed over as high-quality JPEG files in a private temporary folder (the only thing the
// container sees, read-only, with no network) and each file is deleted as soon as alpr has answered.

import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execaSync } from 'execa';
import sharp from 'sharp';
import type { DetectionEngine, Frame, PlateCandidate } from '../../types.js';
import { UserError } from '../../util/errors.js';
import {
  CONTAINER_FRAMES_DIR,
  dockerBuildArgs,
  dockerImageInspectArgs,
  dockerRemoveArgs,
  dockerRunArgs,
  findDockerDir,
  imageTag,
  nativeAlprArgs,
  uniqueContainerName,
} from './docker.js';
import { parseAlprLine } from './parse.js';
import {
  defaultProbeDeps,
  ensureDockerDaemon,
  firstLine,
  type OpenAlprProbeResult,
  probeOpenAlprWith,
  type RunCommand,
  resolveNativeAlpr,
  runCommand,
} from './probe.js';
import { chooseOpenAlprCountry } from './regions.js';
import { AlprSession } from './session.js';

/**
 * The OpenALPR Docker image, for callers that prepare it before a run (the Action restores it from its
 * cache): where its Dockerfile lives, the tag the engine will look for, and the docker arguments to
 * inspect and build it.
 */
export { dockerBuildArgs, dockerImageInspectArgs, findDockerDir, hashDockerDir, imageTag } from './docker.js';
export { parseAlprLine } from './parse.js';
export { chooseOpenAlprCountry, openAlprCountry } from './regions.js';

export interface OpenAlprOptions {
  regions: string[];
  rebuildDockerImage?: boolean;
  log?: (line: string) => void;
  topN?: number;
}

/** Readings per plate asked from alpr (`-n`); the tracker votes over them. */
export const DEFAULT_TOP_N = 5;
/** JPEG quality of the frames handed to alpr: high, so compression does not cost OCR accuracy. */
export const FRAME_JPEG_QUALITY = 95;

/** Everything the engine touches outside itself, injectable for tests. */
export interface OpenAlprDeps {
  env: NodeJS.ProcessEnv;
  /** docker executable. */
  docker: string;
  run: RunCommand;
  /** The docker/ folder to build from. */
  dockerDir: () => string;
  /** Parent of the temporary frames folder. */
  tmpRoot: string;
  startTimeoutMs?: number;
  frameTimeoutMs?: number;
  /** Install SIGINT/SIGTERM/exit handlers that remove the container (off in tests that count listeners). */
  installSignalHandlers: boolean;
}

export function defaultOpenAlprDeps(): OpenAlprDeps {
  return {
    env: process.env,
    docker: 'docker',
    run: runCommand,
    dockerDir: () => findDockerDir(),
    tmpRoot: os.tmpdir(),
    installSignalHandlers: true,
  };
}

/** Whether OpenALPR can run here (native alpr first, then a reachable Docker daemon). */
export async function probeOpenAlpr(): Promise<{ available: boolean; mode: 'native' | 'docker' | 'none'; reason: string }> {
  return probeOpenAlprWith(defaultProbeDeps());
}
export type { OpenAlprProbeResult };

export function createOpenAlprEngine(options: OpenAlprOptions): DetectionEngine {
  return new OpenAlprEngine(options, defaultOpenAlprDeps());
}

/** Same as createOpenAlprEngine with injected dependencies (tests). */
export function createOpenAlprEngineWith(options: OpenAlprOptions, deps: OpenAlprDeps): OpenAlprEngine {
  return new OpenAlprEngine(options, deps);
}

/** Builds `tag` from `dockerDir` unless it exists (or always, with `rebuild`). */
export async function ensureImage(
  deps: Pick<OpenAlprDeps, 'docker' | 'run'>,
  tag: string,
  dockerDir: string,
  rebuild: boolean,
  log?: (line: string) => void,
): Promise<'present' | 'built'> {
  if (!rebuild) {
    const inspect = await deps.run(deps.docker, dockerImageInspectArgs(tag), { timeoutMs: 60_000 });
    if (inspect.exitCode === 0) return 'present';
  }
  log?.(`Building the OpenALPR Docker image ${tag} from ${dockerDir} (${rebuild ? 'rebuild requested' : 'first run only'})`);
  const build = await deps.run(deps.docker, dockerBuildArgs(tag, dockerDir), { timeoutMs: 30 * 60_000 });
  if (build.exitCode !== 0) {
    const lines = build.stderr
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    const detail = lines.at(-1) ?? firstLine(build.stdout) ?? `exit status ${build.exitCode}`;
    throw new UserError(`Building the OpenALPR Docker image ${tag} failed: ${detail}`);
  }
  return 'built';
}

export class OpenAlprEngine implements DetectionEngine {
  readonly name = 'openalpr';
  private readonly country: string;
  private readonly regionHint: string | undefined;
  private readonly topN: number;
  private initPromise: Promise<void> | undefined;
  private session: AlprSession | undefined;
  private framesDir: string | undefined;
  private containerName: string | undefined;
  /** How alpr sees a host frame path (identity natively, /frames/<name> in the container). */
  private pathForAlpr: (hostPath: string) => string = (p) => p;
  private sequence = 0;
  private closed = false;
  private removeHooks: (() => void) | undefined;
  /** 'native' or 'docker' once initialised. */
  mode: 'native' | 'docker' | undefined;

  constructor(
    private readonly options: OpenAlprOptions,
    private readonly deps: OpenAlprDeps,
  ) {
    const choice = chooseOpenAlprCountry(options.regions);
    this.country = choice.country;
    if (choice.note) options.log?.(choice.note);
    // Only a single requested region names the plates' country with certainty.
    this.regionHint = choice.covered.length === 1 && choice.uncovered.length === 0 ? choice.covered[0] : undefined;
    this.topN = Math.max(1, Math.round(options.topN ?? DEFAULT_TOP_N));
  }

  /** The OpenALPR country config this engine runs. */
  get countryConfig(): string {
    return this.country;
  }

  /** Host folder the frames go through (for tests and diagnostics). */
  get framesFolder(): string | undefined {
    return this.framesDir;
  }

  /** The container's name in Docker mode. */
  get container(): string | undefined {
    return this.containerName;
  }

  init(): Promise<void> {
    // Idempotent: `auto` may initialise the engine early to fall back cleanly, then the pipeline again.
    this.initPromise ??= this.start().catch(async (error: unknown) => {
      await this.close();
      throw error;
    });
    return this.initPromise;
  }

  async detect(frame: Frame): Promise<PlateCandidate[]> {
    await this.init();
    const session = this.session;
    const framesDir = this.framesDir;
    if (!session || !framesDir || this.closed) throw new Error('the openalpr engine is closed');
    // Sequence numbers keep every file name unique, so a late answer can never be taken for another frame.
    const file = path.join(framesDir, `${String(++this.sequence).padStart(8, '0')}.jpg`);
    try {
      await sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 3 } })
        .jpeg({ quality: FRAME_JPEG_QUALITY, chromaSubsampling: '4:4:4' })
        .toFile(file);
      const line = await session.recognize(this.pathForAlpr(file));
      const result = parseOrThrow(line, this.regionHint);
      if (result.width !== frame.width || result.height !== frame.height) {
        throw new UserError(
          `OpenALPR answered for a ${result.width}x${result.height} image, but frame ${frame.index} is ${frame.width}x${frame.height}`,
        );
      }
      return result.plates;
    } finally {
      await rm(file, { force: true });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const session = this.session;
    this.session = undefined;
    if (session) await session.close();
    if (this.containerName) {
      // --rm removes it when alpr exits; this covers a container that is still running or stuck.
      await this.deps.run(this.deps.docker, dockerRemoveArgs(this.containerName), { timeoutMs: 30_000 });
      this.containerName = undefined;
    }
    if (this.framesDir) {
      await rm(this.framesDir, { recursive: true, force: true });
      this.framesDir = undefined;
    }
    this.removeHooks?.();
    this.removeHooks = undefined;
  }

  private async start(): Promise<void> {
    if (this.closed) throw new Error('the openalpr engine is closed');
    const log = this.options.log;
    const native = resolveNativeAlpr(this.deps.env);
    this.framesDir = await mkdtemp(path.join(this.deps.tmpRoot, 'number-jam-alpr-'));
    const readinessFile = path.join(this.framesDir, '.number-jam-ready');
    const timeouts = { startTimeoutMs: this.deps.startTimeoutMs, frameTimeoutMs: this.deps.frameTimeoutMs };

    if (native) {
      this.mode = 'native';
      log?.(`OpenALPR: native alpr ${native} (config ${this.country})`);
      this.session = await AlprSession.start({
        command: native,
        args: nativeAlprArgs(this.country, this.topN),
        label: `OpenALPR (${native})`,
        readinessPath: readinessFile,
        log,
        ...timeouts,
      });
      return;
    }

    this.mode = 'docker';
    await ensureDockerDaemon(this.deps);
    let dockerDir: string;
    try {
      dockerDir = this.deps.dockerDir();
    } catch (error) {
      throw new UserError(`Cannot build the OpenALPR image: ${error instanceof Error ? error.message : String(error)}`);
    }
    const tag = imageTag(dockerDir);
    await ensureImage(this.deps, tag, dockerDir, this.options.rebuildDockerImage ?? false, log);
    const name = uniqueContainerName();
    this.containerName = name;
    this.installCleanupHooks(name);
    const framesDir = this.framesDir;
    this.pathForAlpr = (hostPath) => `${CONTAINER_FRAMES_DIR}/${path.relative(framesDir, hostPath).split(path.sep).join('/')}`;
    log?.(`OpenALPR: Docker image ${tag}, container ${name} (config ${this.country})`);
    this.session = await AlprSession.start({
      command: this.deps.docker,
      args: dockerRunArgs({ image: tag, name, framesDir, country: this.country, topN: this.topN }),
      label: 'the OpenALPR container',
      readinessPath: this.pathForAlpr(readinessFile),
      log,
      ...timeouts,
    });
  }

  /**
   * Ctrl-C or a kill must not leave a container behind: remove it synchronously, then let the signal do
   * what it would have done (re-raised when nobody else listens for it).
   */
  private installCleanupHooks(name: string): void {
    if (!this.deps.installSignalHandlers) return;
    const docker = this.deps.docker;
    const framesDir = this.framesDir;
    const cleanupSync = () => {
      try {
        execaSync(docker, dockerRemoveArgs(name), { reject: false, stdio: 'ignore', timeout: 15_000 });
      } catch {
        // Best effort while exiting.
      }
      if (framesDir) rmSync(framesDir, { recursive: true, force: true });
    };
    const onSignal = (signal: NodeJS.Signals) => {
      remove();
      cleanupSync();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    const remove = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('exit', cleanupSync);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    process.once('exit', cleanupSync);
    this.removeHooks = remove;
  }
}

function parseOrThrow(line: string, regionHint: string | undefined) {
  try {
    return parseAlprLine(line, 'openalpr', regionHint);
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error));
  }
}
