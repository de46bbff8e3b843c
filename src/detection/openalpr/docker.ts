// Docker side of the OpenALPR engine: where our docker/ folder is, what the image is called, and the
// exact argument lists for `docker build` / `docker run` (pure functions, so tests can assert them).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Image repository name; the tag is a hash of docker/, so editing the folder yields a new image. */
export const IMAGE_REPOSITORY = 'number-jam-alpr';
/** Where the frames folder appears inside the container. */
export const CONTAINER_FRAMES_DIR = '/frames';

/**
 * The package's docker/ folder: walks up from this module (src/…, lib/… or an ncc bundle in dist/) to the
 * first ancestor holding docker/Dockerfile.
 */
export function findDockerDir(startDir = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = startDir;
  for (;;) {
    const candidate = path.join(dir, 'docker');
    if (existsSync(path.join(candidate, 'Dockerfile'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`number-jam's docker/ folder was not found above ${startDir}`);
    dir = parent;
  }
}

/** Every regular file under `dir`, as sorted paths relative to it with '/' separators. */
function listFiles(dir: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...listFiles(dir, relative));
    else if (entry.isFile()) files.push(relative);
  }
  return files.sort();
}

/**
 * Content hash of the docker/ folder (names, contents and the executable bit, which the entry script
 * needs), shortened to 12 hex digits for the image tag.
 */
export function hashDockerDir(dir: string): string {
  const hash = createHash('sha256');
  for (const relative of listFiles(dir)) {
    const full = path.join(dir, relative);
    const executable = (statSync(full).mode & 0o111) !== 0;
    hash.update(`${relative}\0${executable ? 'x' : '-'}\0`);
    hash.update(readFileSync(full));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/** `number-jam-alpr:<hash of docker/>`. */
export function imageTag(dockerDir: string): string {
  return `${IMAGE_REPOSITORY}:${hashDockerDir(dockerDir)}`;
}

/** A container name no other run uses, so cleanup removes exactly ours. */
export function uniqueContainerName(): string {
  return `number-jam-alpr-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** `docker version` asking only for the server version: fails when the daemon is not reachable. */
export function dockerProbeArgs(): string[] {
  return ['version', '--format', '{{.Server.Version}}'];
}

export function dockerImageInspectArgs(tag: string): string[] {
  return ['image', 'inspect', '--format', '{{.Id}}', tag];
}

export function dockerBuildArgs(tag: string, dockerDir: string): string[] {
  return ['build', '--tag', tag, '--label', 'org.opencontainers.image.title=number-jam-alpr', dockerDir];
}

export interface DockerRunSpec {
  image: string;
  name: string;
  /** Host folder the frames are written to; mounted read-only at /frames. */
  framesDir: string;
  /** OpenALPR country config. */
  country: string;
  topN: number;
}

/**
 * `docker run` for one long-lived alpr: removed on exit (--rm), a name of ours for `docker rm -f`, stdin
 * kept open (-i) for the frame paths, no network, only the frames folder mounted (read-only), and an
 * init process so signals reach alpr. Arguments after the image go to docker/number-jam-alpr.sh.
 */
export function dockerRunArgs(spec: DockerRunSpec): string[] {
  return [
    'run',
    '--rm',
    '--interactive',
    '--init',
    '--name',
    spec.name,
    '--network',
    'none',
    '--volume',
    `${spec.framesDir}:${CONTAINER_FRAMES_DIR}:ro`,
    spec.image,
    spec.country,
    String(spec.topN),
  ];
}

export function dockerRemoveArgs(name: string): string[] {
  return ['rm', '--force', name];
}

/** Arguments for a native alpr in the same long-lived stdin mode the container's entry script uses. */
export function nativeAlprArgs(country: string, topN: number): string[] {
  return ['-j', '-c', country, '-n', String(topN), 'stdin'];
}
