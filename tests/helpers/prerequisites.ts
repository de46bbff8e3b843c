import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

// What the tests need from the machine. Two kinds:
// - required: installed by `npm ci`, built by `npm test`, committed, or installed by `.ci/run`. A missing one
//   fails the test file with what to run, never a silent skip.
// - optional (the README's Tests section says so): the real-plate fixtures in ../shared/fixtures (third-party
//   data, not shipped), OpenALPR (Docker or a native alpr), and root-only checks (mknod, mounting a tmpfs).
//   Tests that need one are skipped with the reason in their name.

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** The real-plate fixtures (optional: not shipped). */
export const SHARED_FIXTURES = path.resolve(REPO_ROOT, '../shared/fixtures');

/** A file under ../shared/fixtures, when that optional folder holds it. */
export function sharedFixture(name: string): { path: string; present: boolean } {
  const file = path.join(SHARED_FIXTURES, name);
  return { path: file, present: existsSync(file) };
}

/** Fails the test file (at collection) when a required prerequisite is missing, saying how to get it. */
export function requirePrerequisite(present: boolean, what: string, howToGet: string): void {
  if (!present) throw new Error(`missing test prerequisite: ${what} (${howToGet}; .ci/run does this on a fresh machine)`);
}

export function requireFile(file: string, howToGet: string): string {
  requirePrerequisite(existsSync(file), path.relative(REPO_ROOT, file), howToGet);
  return file;
}

export function fontAvailable(family: string): boolean {
  try {
    return execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' }).includes(family);
  } catch {
    return false;
  }
}
