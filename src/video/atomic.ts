// Outputs appear complete or not at all: write to a hidden temporary beside the target, rename on success,
// delete on failure and on SIGINT/SIGTERM. The input video is never overwritten.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { realpath, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../util/errors.js';

const liveTemporaries = new Set<string>();
let handlersInstalled = false;

function removeLiveTemporaries(): void {
  for (const file of liveTemporaries) rmSync(file, { force: true });
  liveTemporaries.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLiveTemporaries();
  uninstallCleanupHandlers();
  // Only we were listening: re-raise so the process ends the way it would have without us (exit 130/143).
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function installCleanupHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', removeLiveTemporaries);
}

function uninstallCleanupHandlers(): void {
  handlersInstalled = false;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.off('exit', removeLiveTemporaries);
}

/** `.<name>.<random>.tmp<ext>` beside `target`; the extension is kept so ffmpeg picks the right muxer. */
export function temporaryPathFor(target: string): string {
  const ext = path.extname(target);
  const name = path.basename(target, ext);
  return path.join(path.dirname(target), `.${name}.${randomBytes(6).toString('hex')}.tmp${ext}`);
}

/** Rejects (UserError) when `outputPath` cannot be written or is the input itself (also via links). */
export async function checkOutputPath(inputPath: string, outputPath: string): Promise<string> {
  const target = path.resolve(outputPath);
  const folder = path.dirname(target);
  const folderStat = await stat(folder).catch(() => undefined);
  if (!folderStat) throw new UserError(`output folder does not exist: ${folder}`);
  if (!folderStat.isDirectory()) throw new UserError(`output folder is not a folder: ${folder}`);
  // access(W_OK) says yes to root even on read-only file systems (/proc, a read-only mount), so prove it
  // by creating and removing a probe file, before minutes of detection are spent.
  const probe = path.join(folder, `.number-jam-probe-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(probe, '', { flag: 'wx' });
    await unlink(probe);
  } catch {
    throw new UserError(`output folder is not writable: ${folder}`);
  }
  const targetStat = await stat(target).catch(() => undefined);
  if (targetStat?.isDirectory()) throw new UserError(`output path is a folder: ${target}`);
  const inputStat = await stat(inputPath).catch(() => undefined);
  if (inputStat) {
    const inputReal = await realpath(inputPath);
    const outputReal = targetStat ? await realpath(target) : path.join(await realpath(folder), path.basename(target));
    const sameInode = targetStat !== undefined && targetStat.dev === inputStat.dev && targetStat.ino === inputStat.ino;
    if (inputReal === outputReal || sameInode) {
      throw new UserError(`output ${outputPath} is the input video; choose another output path`);
    }
  }
  return target;
}

/**
 * Run `write` with a temporary path in the output folder, then rename it to `outputPath`. On any failure (or
 * SIGINT/SIGTERM) the temporary is deleted and the previous `outputPath`, if any, is left untouched.
 */
export async function withAtomicOutput<T>(
  inputPath: string, outputPath: string, write: (tmpPath: string) => Promise<T>,
): Promise<T> {
  const target = await checkOutputPath(inputPath, outputPath);
  return writeThroughTemporary(target, write);
}

/** Write a file (e.g. the JSON document) so readers never see a partial one. */
export async function writeFileAtomic(filePath: string, data: string | Uint8Array): Promise<void> {
  const target = path.resolve(filePath);
  const folderStat = await stat(path.dirname(target)).catch(() => undefined);
  if (!folderStat?.isDirectory()) throw new UserError(`output folder does not exist: ${path.dirname(target)}`);
  await writeThroughTemporary(target, (tmp) =>
    writeFile(tmp, data).catch((error: NodeJS.ErrnoException) => {
      throw new UserError(`cannot write ${target}: ${error.code ?? error.message}`);
    }),
  );
}

async function writeThroughTemporary<T>(target: string, write: (tmpPath: string) => Promise<T>): Promise<T> {
  installCleanupHandlers();
  const tmp = temporaryPathFor(target);
  liveTemporaries.add(tmp);
  try {
    const result = await write(tmp);
    await rename(tmp, target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new Error(`nothing was written to ${tmp}`);
      throw new UserError(`cannot write ${target}: ${error.message}`);
    });
    return result;
  } finally {
    liveTemporaries.delete(tmp);
    await rm(tmp, { force: true });
  }
}
