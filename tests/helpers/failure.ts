import { expect } from 'vitest';

/**
 * A refused run, as the user sees it: a non-zero exit, exactly one line on stderr that matches `pattern`
 * (never a stack trace), and nothing on stdout.
 */
export function expectOneLineFailure(result: { exitCode?: number; stderr: unknown; stdout?: unknown }, pattern: RegExp): void {
  expect(result.exitCode).not.toBe(0);
  if (result.stdout !== undefined) expect(String(result.stdout)).toBe('');
  const lines = String(result.stderr).trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(lines[0]).not.toMatch(/^\s+at /);
}
