// Expands the `videos` globs inside the workspace. Matches that resolve outside it (through a symbolic
// link or otherwise) are dropped with a warning: a workflow must not be tricked into reading, uploading
// or overwriting files elsewhere on the runner.
import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import type { SizedFile } from './shard.js';

/** Directories never searched: tool caches and VCS metadata are never the user's videos. */
export const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

export interface VideoFile extends SizedFile {
  /** Absolute real path (symbolic links resolved), inside the workspace. */
  absolutePath: string;
}

export interface ExpandResult {
  files: VideoFile[];
  /** Human-readable reasons for every match that was skipped. */
  skipped: string[];
}

export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' ? false : !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Workspace-relative path with forward slashes (used in outputs, summaries and artifact paths). */
export function toPosixRelative(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}

/**
 * Matches `patterns` (relative globs, `!` to exclude) under `workspace`, excluding `excludeDirs`
 * (e.g. the output directory, so a second run does not redact its own output). Returns regular files
 * only, deduplicated by real path, sorted by path.
 */
export async function expandVideoGlobs(
  patterns: readonly string[],
  workspace: string,
  excludeDirs: readonly string[] = [],
): Promise<ExpandResult> {
  const root = await realpath(workspace);
  const include = patterns.filter((pattern) => !pattern.startsWith('!'));
  const ignore = [
    ...ALWAYS_IGNORED,
    ...patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1)),
    ...excludeDirs
      .map((dir) => path.resolve(workspace, dir))
      .filter((dir) => isInside(path.resolve(workspace), dir))
      .map((dir) => `${toPosixRelative(path.resolve(workspace), dir)}/**`),
  ];
  const matches = await glob(include, {
    cwd: root,
    ignore,
    onlyFiles: true,
    followSymbolicLinks: false,
    caseSensitiveMatch: false,
    expandDirectories: false,
    dot: false,
  });
  const files: VideoFile[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const match of matches.sort()) {
    const candidate = path.resolve(root, match);
    let real: string;
    try {
      real = await realpath(candidate);
    } catch {
      skipped.push(`${match}: broken symbolic link`);
      continue;
    }
    if (!isInside(root, real)) {
      skipped.push(`${match}: resolves outside the workspace`);
      continue;
    }
    const info = await stat(real);
    if (!info.isFile()) {
      skipped.push(`${match}: not a regular file`);
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    // Report the link's own path (what the user wrote) but read through the resolved one.
    const linkInfo = await lstat(candidate);
    const shown = linkInfo.isSymbolicLink() ? toPosixRelative(root, real) : match;
    files.push({ path: shown, absolutePath: real, size: info.size });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
}
