// main() in process with fake streams: help and usage errors never touch stdout, and exit codes are right.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type CliIo, main } from '../../src/cli/main.js';

function fakeIo() {
  let stdout = '';
  let stderr = '';
  const stdoutStream = new PassThrough();
  stdoutStream.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const stderrStream = Object.assign(new PassThrough(), { isTTY: false });
  stderrStream.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const io = { stdout: stdoutStream, stderr: stderrStream, stdin } as unknown as CliIo;
  return { io, stdout: () => stdout, stderr: () => stderr };
}

const argv = (...args: string[]) => ['node', 'number-jam', ...args];

describe('main', () => {
  it.each(['detect', 'obscure', 'redact'])(
    '%s --help returns 0 and prints help on stdout (so it pages), nothing on stderr',
    async (verb) => {
      const io = fakeIo();
      expect(await main(argv(verb, '--help'), io.io)).toBe(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(io.stderr()).toBe('');
      expect(io.stdout()).toMatch(new RegExp(`Usage: number-jam ${verb}`));
    },
  );

  it('a missing required flag is a usage error (2) on one line', async () => {
    const io = fakeIo();
    expect(await main(argv('obscure', '-i', 'x.mp4'), io.io)).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(io.stdout()).toBe('');
    expect(io.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^number-jam: .*--output/)]);
  });

  it('an unknown verb is a usage error', async () => {
    const io = fakeIo();
    expect(await main(argv('scramble'), io.io)).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(io.stderr()).toMatch(/scramble/);
  });

  it('obscure with no --tracking and a terminal on stdin asks for the document (exit 1, one line)', async () => {
    const io = fakeIo();
    expect(await main(argv('obscure', '-i', 'x.mp4', '-o', 'y.mp4'), io.io)).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(io.stdout()).toBe('');
    expect(io.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^number-jam: .*--tracking/)]);
  });
});
