// Outputs appear complete or not at all: write to a hidden temporary beside the target, rename on success,
// delete on failure and on SIGINT/SIGTERM/SIGHUP/SIGQUIT. A temporary left by a process that was killed
// outright (SIGKILL, power loss) is removed by a later run writing to the same folder. The input video is
// never overwritten, and neither is anything that is not a regular file (a device, a FIFO, a socket).
import { randomBytes } from 'node:crypto';
import { rmSync, type Stats } from 'node:fs';
import { lstat, readdir, readlink, realpath, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../util/errors.js';

/** Signals that end the process and must not leave temporaries behind (HUP: terminal closed, SSH dropped). */
const CLEANUP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

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
  for (const signal of CLEANUP_SIGNALS) process.on(signal, onSignal);
  process.on('exit', removeLiveTemporaries);
}

function uninstallCleanupHandlers(): void {
  handlersInstalled = false;
  for (const signal of CLEANUP_SIGNALS) process.off(signal, onSignal);
  process.off('exit', removeLiveTemporaries);
}

/**
 * `.<name>.nj<pid>-<random>.tmp<ext>` beside `target`; the extension is kept so ffmpeg picks the right muxer,
 * and the pid lets a later run tell a stale temporary (its process is gone) from one still being written.
 */
export function temporaryPathFor(target: string, pid = process.pid): string {
  const ext = path.extname(target);
  const suffix = `.nj${pid}-${randomBytes(6).toString('hex')}.tmp${ext}`;
  // The name is cut (at a character boundary) so that the temporary's name fits where the target's does: every
  // name the file system accepts for the output (up to NAME_MAX, 255 bytes) gets a temporary it accepts too.
  const name = truncateUtf8(path.basename(target, ext), MAX_NAME_BYTES - Buffer.byteLength(`.${suffix}`));
  return path.join(path.dirname(target), `.${name}${suffix}`);
}

/** The longest file name (bytes) that Linux, macOS and Windows file systems accept (NAME_MAX). */
export const MAX_NAME_BYTES = 255;

/** The longest prefix of `text` of at most `bytes` UTF-8 bytes, never cutting a character (pure). */
function truncateUtf8(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (used + size > bytes) break;
    out += char;
    used += size;
  }
  return out;
}

const TEMPORARY_NAME = /^\..*\.nj(\d+)-[0-9a-f]{12}\.tmp(\.[^.]*)?$/;

/** The pid in a temporary's name, or undefined when the name is not one of ours (pure; unit-tested). */
export function temporaryOwner(fileName: string): number | undefined {
  const match = TEMPORARY_NAME.exec(fileName);
  return match ? Number(match[1]) : undefined;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove temporaries of ours in `folder` left by processes that no longer run: the owner pid is dead and the
 * file was last written before this process started (so a recycled pid, or a clock step, keeps a file rather
 * than deleting a live one). Best effort: returns the names removed.
 */
export async function removeStaleTemporaries(folder: string): Promise<string[]> {
  const startedMs = Date.now() - process.uptime() * 1000;
  const removed: string[] = [];
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    const owner = temporaryOwner(name);
    if (owner === undefined || owner === process.pid || processIsAlive(owner)) continue;
    const file = path.join(folder, name);
    const info = await lstat(file).catch(() => undefined);
    if (!info?.isFile() || info.mtimeMs >= startedMs) continue;
    await rm(file, { force: true }).then(
      () => removed.push(name),
      () => undefined,
    );
  }
  return removed;
}

function describeFileType(info: Stats): string {
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/** Where a symbolic link leads, link by link (`/proc/self/fd/1 -> pipe:[1234]`), for messages. */
async function linkChain(link: string): Promise<string> {
  const steps: string[] = [];
  let current = link;
  for (let i = 0; i < 8; i++) {
    const next = await readlink(current).catch(() => undefined);
    if (next === undefined) break;
    steps.push(next);
    if (!path.isAbsolute(next)) break;
    current = next;
  }
  return steps.join(' -> ') || '?';
}

/**
 * The file an output path names: itself, or for a symbolic link the regular file it points to (the file is
 * replaced, the link kept). Anything that is not a regular file is refused: renaming over `/dev/null`, a FIFO
 * or a link to `/proc/self/fd/1` would replace it with a plain file.
 */
async function resolveOutputTarget(outputPath: string): Promise<string> {
  const target = path.resolve(outputPath);
  const link = await lstat(target).catch(() => undefined);
  if (!link) return target;
  if (link.isSymbolicLink()) {
    const real = await realpath(target).catch(() => undefined);
    const info = real ? await stat(real).catch(() => undefined) : undefined;
    if (!real || !info) {
      // /proc/self/fd/1 and the like resolve to names such as `pipe:[1234]` that are not paths, yet lead somewhere.
      const reached = await stat(target).catch(() => undefined);
      if (reached) {
        throw new UserError(
          `output ${outputPath} links to ${await linkChain(target)}, which is ${reached.isFIFO() ? 'a pipe' : describeFileType(reached)}; number-jam writes only regular files`,
        );
      }
      throw new UserError(`output ${outputPath} is a symbolic link that leads to no file; number-jam writes only regular files`);
    }
    if (!info.isFile()) {
      throw new UserError(
        `output ${outputPath} links to ${real}, which is ${describeFileType(info)}; number-jam writes only regular files`,
      );
    }
    return real;
  }
  if (link.isDirectory()) throw new UserError(`output path is a folder: ${target}`);
  if (!link.isFile()) {
    throw new UserError(`output ${outputPath} is ${describeFileType(link)}; number-jam writes only regular files`);
  }
  return target;
}

/** Rejects (UserError) when `outputPath` cannot be written, is not a regular file, or is the input itself (also via links). */
export async function checkOutputPath(inputPath: string, outputPath: string): Promise<string> {
  // path.resolve drops a trailing slash: `w/clip.mp4/` would otherwise write the file `w/clip.mp4`.
  if (/[\\/]$/.test(outputPath)) {
    throw new UserError(
      `output ${outputPath} ends with '/', which names a folder; give a file name (e.g. ${path.join(outputPath, 'clip.mp4')})`,
    );
  }
  const nameBytes = Buffer.byteLength(path.basename(outputPath));
  if (nameBytes > MAX_NAME_BYTES) {
    throw new UserError(`output file name is ${nameBytes} bytes long; file systems accept at most ${MAX_NAME_BYTES}: ${outputPath}`);
  }
  const folderOfGiven = path.dirname(path.resolve(outputPath));
  const givenFolderStat = await stat(folderOfGiven).catch(() => undefined);
  if (!givenFolderStat) throw new UserError(`output folder does not exist: ${folderOfGiven}`);
  const target = await resolveOutputTarget(outputPath);
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
export async function withAtomicOutput<T>(inputPath: string, outputPath: string, write: (tmpPath: string) => Promise<T>): Promise<T> {
  const target = await checkOutputPath(inputPath, outputPath);
  return writeThroughTemporary(target, write);
}

/** Write a file (e.g. the JSON document) so readers never see a partial one. */
export async function writeFileAtomic(filePath: string, data: string | Uint8Array): Promise<void> {
  const folderStat = await stat(path.dirname(path.resolve(filePath))).catch(() => undefined);
  if (!folderStat?.isDirectory()) throw new UserError(`output folder does not exist: ${path.dirname(path.resolve(filePath))}`);
  const target = await resolveOutputTarget(filePath);
  await writeThroughTemporary(target, (tmp) =>
    writeFile(tmp, data).catch((error: NodeJS.ErrnoException) => {
      throw new UserError(`cannot write ${target}: ${error.code ?? error.message}`);
    }),
  );
}

async function writeThroughTemporary<T>(target: string, write: (tmpPath: string) => Promise<T>): Promise<T> {
  installCleanupHandlers();
  await removeStaleTemporaries(path.dirname(target));
  const tmp = temporaryPathFor(target);
  liveTemporaries.add(tmp);
  try {
    const result = await write(tmp).catch((error: unknown) => {
      // Name the file the user asked for, not the hidden temporary (ffmpeg's messages name the latter).
      if (error instanceof UserError && error.message.includes(tmp)) {
        throw new UserError(error.message.replaceAll(`file:${tmp}`, target).replaceAll(tmp, target), { cause: error });
      }
      throw error;
    });
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
