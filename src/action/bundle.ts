// The layout of the packaged action (dist/), written by scripts/package-action.mjs. Native modules and
// data files cannot live inside the ncc bundle, so they sit next to it; this module tells the rest of
// the code where, through the environment variables the pipeline already honours.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { describeError, UserError } from '../util/errors.js';

/** Marker file the packager writes into dist/; its presence means "running from the bundle". */
export const BUNDLE_MANIFEST = 'bundle.json';

export interface BundleLayout {
  root: string;
  /** PP-OCR models (NUMBER_JAM_MODELS_DIR). */
  modelsDir: string;
  /** Gzipped static linux-x64 ffmpeg/ffprobe. */
  ffmpegArchive: string;
  ffprobeArchive: string;
}

export function bundleLayout(root: string): BundleLayout {
  return {
    root,
    modelsDir: path.join(root, 'models'),
    ffmpegArchive: path.join(root, 'ffmpeg', 'ffmpeg.gz'),
    ffprobeArchive: path.join(root, 'ffmpeg', 'ffprobe.gz'),
  };
}

export function isBundle(root: string): boolean {
  return existsSync(path.join(root, BUNDLE_MANIFEST));
}

/** Points the embedded engine at the bundled models unless the user already chose a folder. */
export function applyBundleEnvironment(env: NodeJS.ProcessEnv, root: string): void {
  const layout = bundleLayout(root);
  if (!env.NUMBER_JAM_MODELS_DIR && existsSync(layout.modelsDir)) env.NUMBER_JAM_MODELS_DIR = layout.modelsDir;
}

export type FfmpegSource = 'env' | 'path' | 'bundled' | 'packages';

export interface FfmpegChoice {
  source: FfmpegSource;
  ffmpeg?: string;
  ffprobe?: string;
}

/** `name` found as an executable file on PATH (video/ffmpeg.ts findOnPath). */
export type PathLookup = (name: string) => Promise<string | undefined> | string | undefined;

async function gunzipTo(archive: string, target: string): Promise<void> {
  const archiveInfo = await stat(archive);
  const marker = `${target}.from-${archiveInfo.size}`;
  if (existsSync(target) && existsSync(marker)) return;
  const partial = `${target}.partial-${process.pid}`;
  try {
    await pipeline(createReadStream(archive), createGunzip(), createWriteStream(partial, { mode: 0o755 }));
    await chmod(partial, 0o755);
    await rename(partial, target);
    await writeFile(marker, '');
  } catch (error) {
    await rm(partial, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOSPC' ? 'no space left on device' : code === 'EDQUOT' ? 'disk quota exceeded' : describeError(error);
    throw new UserError(
      `cannot unpack the bundled ${path.basename(target)} into ${path.dirname(target)} (${why}); free space in RUNNER_TEMP, or put ffmpeg and ffprobe on PATH`,
      { cause: error },
    );
  }
}

/** The pid in a `<tool>.partial-<pid>` name, or undefined (pure). */
export function partialOwner(name: string): number | undefined {
  const match = /^(?:ffmpeg|ffprobe)\.partial-(\d+)$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes half-unpacked binaries in `toolDir` left by runs that ended mid-way (their process is gone). */
export async function removeStalePartials(toolDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(toolDir).catch(() => [] as string[])) {
    const owner = partialOwner(name);
    if (owner === undefined || owner === process.pid || isAlive(owner)) continue;
    await rm(path.join(toolDir, name), { force: true }).then(
      () => removed.push(name),
      () => undefined,
    );
  }
  return removed;
}

/**
 * Makes ffmpeg/ffprobe available: FFMPEG_PATH/FFPROBE_PATH when both are set, else both on PATH (a
 * self-hosted runner's own build), else the bundle's static binaries unpacked into `toolDir` (GitHub's
 * images ship no ffmpeg), else leave it to the video stage's npm-package lookup (running from source).
 */
export async function provideFfmpeg(env: NodeJS.ProcessEnv, root: string, toolDir: string, onPath: PathLookup): Promise<FfmpegChoice> {
  if (env.FFMPEG_PATH && env.FFPROBE_PATH) return { source: 'env', ffmpeg: env.FFMPEG_PATH, ffprobe: env.FFPROBE_PATH };
  const [ffmpeg, ffprobe] = await Promise.all([onPath('ffmpeg'), onPath('ffprobe')]);
  if (ffmpeg && ffprobe) return { source: 'path', ffmpeg, ffprobe };
  const layout = bundleLayout(root);
  if (existsSync(layout.ffmpegArchive) && existsSync(layout.ffprobeArchive)) {
    await mkdir(toolDir, { recursive: true });
    await removeStalePartials(toolDir);
    const unpackedFfmpeg = path.join(toolDir, 'ffmpeg');
    const unpackedFfprobe = path.join(toolDir, 'ffprobe');
    await Promise.all([gunzipTo(layout.ffmpegArchive, unpackedFfmpeg), gunzipTo(layout.ffprobeArchive, unpackedFfprobe)]);
    env.FFMPEG_PATH = unpackedFfmpeg;
    env.FFPROBE_PATH = unpackedFfprobe;
    return { source: 'bundled', ffmpeg: unpackedFfmpeg, ffprobe: unpackedFfprobe };
  }
  return { source: 'packages' };
}
