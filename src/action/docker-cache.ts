// Makes the OpenALPR image available before the pipeline asks for it: already present, restored from
// the Actions cache (a `docker save` archive keyed on the hash of docker/), or built and then saved to
// the cache for the next run. The image name comes from the engine's own imageTag(), so both agree.

import { rm } from 'node:fs/promises';
import path from 'node:path';
import { dockerBuildArgs, dockerImageInspectArgs, hashDockerDir, imageTag } from '../detection/index.js';

export interface CommandOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface DockerCacheDeps {
  /** Runs a command (argument array, no shell); never throws for a non-zero exit. */
  run(command: string, args: string[]): Promise<CommandOutcome>;
  /** @actions/cache restoreCache/saveCache, and whether the cache service is reachable at all. */
  cacheAvailable(): boolean;
  restoreCache(paths: string[], key: string): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
  now(): number;
  log(line: string): void;
  warn(line: string): void;
}

export type DockerImageStatus = 'no-docker' | 'present' | 'restored' | 'built' | 'build-failed';

export interface DockerImageResult {
  status: DockerImageStatus;
  tag: string;
  /** Milliseconds spent restoring or building (0 when it was already there). */
  durationMs: number;
  /** Whether a freshly built image was saved to the cache. */
  saved: boolean;
  detail?: string;
}

/** Cache key: the image only depends on docker/ and the machine type it was built for. */
export function dockerCacheKey(dockerDir: string, platform = process.platform, arch = process.arch): string {
  return `number-jam-alpr-${platform}-${arch}-${hashDockerDir(dockerDir)}`;
}

function lastLines(text: string, count = 5): string {
  return text.trim().split('\n').slice(-count).join(' | ');
}

async function imageExists(deps: DockerCacheDeps, tag: string): Promise<boolean> {
  return (await deps.run('docker', dockerImageInspectArgs(tag))).exitCode === 0;
}

export async function prepareOpenAlprImage(deps: DockerCacheDeps, dockerDir: string, tempDir: string): Promise<DockerImageResult> {
  const tag = imageTag(dockerDir);
  const daemon = await deps.run('docker', ['version', '--format', '{{.Server.Version}}']);
  if (daemon.exitCode !== 0) {
    return { status: 'no-docker', tag, durationMs: 0, saved: false, detail: lastLines(daemon.stderr || daemon.stdout, 1) };
  }
  if (await imageExists(deps, tag)) return { status: 'present', tag, durationMs: 0, saved: false };

  const started = deps.now();
  const key = dockerCacheKey(dockerDir);
  const archive = path.join(tempDir, `${key}.tar`);
  const cacheUsable = deps.cacheAvailable();
  try {
    if (cacheUsable) {
      try {
        const hit = await deps.restoreCache([archive], key);
        if (hit) {
          const load = await deps.run('docker', ['load', '--input', archive]);
          if (load.exitCode === 0 && (await imageExists(deps, tag))) {
            return { status: 'restored', tag, durationMs: deps.now() - started, saved: false };
          }
          deps.warn(`The cached OpenALPR image could not be loaded (${lastLines(load.stderr, 1)}); building it instead.`);
        }
      } catch (error) {
        deps.warn(`Restoring the OpenALPR image from the cache failed (${(error as Error).message}); building it instead.`);
      }
    }
    deps.log(`Building the OpenALPR image ${tag} (first run for this version of docker/)…`);
    const build = await deps.run('docker', dockerBuildArgs(tag, dockerDir));
    if (build.exitCode !== 0) {
      return {
        status: 'build-failed',
        tag,
        durationMs: deps.now() - started,
        saved: false,
        detail: lastLines(build.stderr || build.stdout),
      };
    }
    let saved = false;
    if (cacheUsable) {
      const save = await deps.run('docker', ['save', '--output', archive, tag]);
      if (save.exitCode === 0) {
        try {
          saved = (await deps.saveCache([archive], key)) !== -1;
        } catch (error) {
          // Another job of the same run may have saved this key first; the image is built either way.
          deps.warn(`Saving the OpenALPR image to the cache failed: ${(error as Error).message}`);
        }
      } else {
        deps.warn(`docker save failed: ${lastLines(save.stderr, 1)}`);
      }
    }
    return { status: 'built', tag, durationMs: deps.now() - started, saved };
  } finally {
    await rm(archive, { force: true });
  }
}

/** One line for the log and the summary. */
export function describeDockerImage(result: DockerImageResult): string {
  const seconds = (result.durationMs / 1000).toFixed(1);
  switch (result.status) {
    case 'no-docker':
      return `Docker is not available (${result.detail || 'no daemon'}); OpenALPR was skipped.`;
    case 'present':
      return `OpenALPR image ${result.tag} was already present.`;
    case 'restored':
      return `OpenALPR image ${result.tag} restored from the Actions cache in ${seconds} s.`;
    case 'built':
      return `OpenALPR image ${result.tag} built in ${seconds} s${result.saved ? ' and saved to the Actions cache' : ''}.`;
    case 'build-failed':
      return `Building the OpenALPR image ${result.tag} failed after ${seconds} s: ${result.detail ?? ''}`;
  }
}
