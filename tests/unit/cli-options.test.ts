// The CLI end to end (in process) on option values: bad ones are one line naming the flag, before any
// file is opened; values the Action accepts (2s) get past parsing to the next check (the missing input).
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type CliIo, main } from '../../src/cli/main.js';

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = new PassThrough();
  out.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const err = Object.assign(new PassThrough(), { isTTY: false });
  err.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const io = { stdout: out, stderr: err, stdin: Object.assign(new PassThrough(), { isTTY: true }) } as unknown as CliIo;
  const code = await main(['node', 'number-jam', ...args], io);
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout, stderr };
}

const missing = '/nonexistent/number-jam-input.mp4';

describe('CLI option values', () => {
  it.each([
    [['--padding-width', '9'.repeat(400)], /^number-jam: --padding-width: '9{20,}(\.\.\.)?' is not a finite number$/],
    [['--padding-height', '501%'], /^number-jam: --padding-height: '501%' is more than 500%/],
    [['-x', '11m'], /^number-jam: --extend-detection: '11m' is not valid; expected a duration/],
    [['--confidence', '1e2'], /^number-jam: --confidence: '1e2' is not valid; expected a number from 0 to 100/],
    [['--plate-text', 'partial'], /^number-jam: --plate-text: 'partial' is not valid; expected one of full, masked, none/],
    [['-o', 'out.webm'], /^number-jam: cannot write out\.webm: the redacted video is H\.264/],
  ])('%j is refused with one line', async (args, pattern) => {
    const result = await cli('redact', '-i', missing, '-o', 'out.mp4', ...args);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  });

  it.each([[['-x', '2s']], [['--regions', 'uk,zz']], [['--plate-text', 'masked']], [['--engine', 'Embedded']]])(
    '%j is accepted (the run stops at the missing input)',
    async (args) => {
      const result = await cli('redact', '-i', missing, '-o', 'out.mp4', ...args);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/number-jam-input\.mp4/);
      expect(result.stderr).not.toMatch(/is not valid/);
    },
  );
});
