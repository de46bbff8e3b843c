// On a runner the bundle cannot serve (macOS, Windows, ARM), the Action must fail with one ::error:: line
// naming the platform, before any native module is loaded. Runs the compiled entry (lib/action/index.js,
// built by `npm test`) with process.platform/arch overridden and a resolve hook that fails loudly if
// sharp or onnxruntime-node is imported.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsupportedPlatformMessage } from '../../src/action/platform.js';
import { requireFile } from '../helpers/prerequisites.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const entry = path.join(repoRoot, 'lib', 'action', 'index.js');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nj-platform-'));
  await writeFile(
    path.join(dir, 'hooks.mjs'),
    `export async function resolve(specifier, context, next) {
  if (/^(sharp|onnxruntime-node)$/.test(specifier)) throw new Error('native module loaded: ' + specifier);
  return next(specifier, context);
}\n`,
  );
  await writeFile(
    path.join(dir, 'preload.mjs'),
    `import { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});
if (process.env.FAKE_PLATFORM) Object.defineProperty(process, 'platform', { value: process.env.FAKE_PLATFORM });
if (process.env.FAKE_ARCH) Object.defineProperty(process, 'arch', { value: process.env.FAKE_ARCH });\n`,
  );
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function runEntry(env: Record<string, string>) {
  return execa(process.execPath, ['--import', pathToFileURL(path.join(dir, 'preload.mjs')).href, entry], {
    env: { PATH: process.env.PATH ?? '', GITHUB_WORKSPACE: dir, INPUT_VIDEOS: 'none/*.mp4', ...env },
    extendEnv: false,
    reject: false,
    cwd: dir,
    timeout: 60_000,
  });
}

describe('unsupportedPlatformMessage', () => {
  it('accepts linux-x64 only and names the runner and what is supported otherwise', () => {
    expect(unsupportedPlatformMessage('linux', 'x64')).toBeUndefined();
    expect(unsupportedPlatformMessage('darwin', 'arm64')).toMatch(/Linux x64 .*this runner is darwin-arm64/);
    expect(unsupportedPlatformMessage('linux', 'arm64')).toMatch(/this runner is linux-arm64/);
    expect(unsupportedPlatformMessage('win32', 'x64')).toMatch(/this runner is win32-x64/);
  });
});

requireFile(entry, 'run npm run build');

describe('the Action entry on an unsupported runner', () => {
  it.each([
    ['darwin', 'arm64'],
    ['win32', 'x64'],
    ['linux', 'arm64'],
  ])('%s-%s: one ::error:: line, exit 1, no native module loaded', async (platform, arch) => {
    const result = await runEntry({ FAKE_PLATFORM: platform, FAKE_ARCH: arch });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^::error title=number-jam: unsupported runner::.*Linux x64.*${platform}-${arch}`)),
    ]);
  });

  it('on linux-x64 it goes on to load the pipeline (the hook above does see native modules)', async () => {
    const result = await runEntry({});
    expect(result.exitCode).toBe(1);
    expect(result.stdout.trim()).toMatch(/^::error title=number-jam: cannot start::.*native module loaded: (sharp|onnxruntime-node)$/);
    expect(result.stderr).toBe('');
  });
});
