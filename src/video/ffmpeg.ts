// Finding a working ffmpeg/ffprobe pair: FFMPEG_PATH/FFPROBE_PATH, then PATH, then the binaries shipped in
// @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe. Each candidate must run `-version` before it is used.
import { constants as fsConstants } from 'node:fs';
import { access, chmod, copyFile, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { UserError } from '../util/errors.js';

export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
}

/** What the located ffmpeg build can do (old static builds lack `-fps_mode`). */
export interface FfmpegCapabilities {
  fpsMode: boolean;
}

type ToolName = 'ffmpeg' | 'ffprobe';

const ENV_VARIABLE: Record<ToolName, string> = { ffmpeg: 'FFMPEG_PATH', ffprobe: 'FFPROBE_PATH' };
const INSTALLER_PACKAGE: Record<ToolName, string> = {
  ffmpeg: '@ffmpeg-installer/ffmpeg',
  ffprobe: '@ffprobe-installer/ffprobe',
};

let toolsPromise: Promise<FfmpegTools> | undefined;
let capabilitiesPromise: Promise<FfmpegCapabilities> | undefined;

/** Locate ffmpeg and ffprobe once per process; a UserError names what was tried when nothing works. */
export function locateFfmpeg(): Promise<FfmpegTools> {
  toolsPromise ??= (async () => {
    const [ffmpeg, ffprobe] = await Promise.all([locateTool('ffmpeg'), locateTool('ffprobe')]);
    return { ffmpeg, ffprobe };
  })();
  // A failed lookup is not cached, so a user who fixes FFMPEG_PATH in-process (tests) can retry.
  toolsPromise.catch(() => {
    toolsPromise = undefined;
  });
  return toolsPromise;
}

/** Forget the located binaries (tests that change FFMPEG_PATH). */
export function resetFfmpegCache(): void {
  toolsPromise = undefined;
  capabilitiesPromise = undefined;
}

export function ffmpegCapabilities(): Promise<FfmpegCapabilities> {
  capabilitiesPromise ??= (async () => {
    const { ffmpeg } = await locateFfmpeg();
    const help = await execa(ffmpeg, ['-hide_banner', '-h', 'long'], { reject: false, timeout: 30_000 });
    return { fpsMode: /^-fps_mode\b/m.test(help.stdout) };
  })();
  return capabilitiesPromise;
}

/**
 * A local path as ffmpeg/ffprobe must be given it: `file:` + absolute path. A bare name is misread when it
 * begins with `-` (an option) or looks like a protocol (`pipe:0`, `http:x`); the file protocol takes the rest
 * of the string literally.
 */
export function fileUrl(file: string): string {
  return `file:${path.resolve(file)}`;
}

/** Arguments that make ffmpeg pass every frame through once with its own timestamp (no dup/drop). */
export async function passthroughSyncArgs(): Promise<string[]> {
  const { fpsMode } = await ffmpegCapabilities();
  return fpsMode ? ['-fps_mode', 'passthrough'] : ['-vsync', 'passthrough'];
}

async function locateTool(name: ToolName): Promise<string> {
  const fromEnv = process.env[ENV_VARIABLE[name]];
  if (fromEnv) {
    // An explicit setting that does not work is an error, not a reason to silently use something else.
    if (await runsVersion(fromEnv, name)) return fromEnv;
    throw new UserError(`${ENV_VARIABLE[name]}=${fromEnv} does not run as ${name} (\`${name} -version\` failed)`);
  }
  const tried: string[] = [];
  const onPath = await findOnPath(name);
  if (onPath) {
    tried.push(onPath);
    if (await runsVersion(onPath, name)) return onPath;
  }
  const shipped = shippedBinary(name);
  if (shipped) {
    tried.push(shipped);
    const runnable = await makeRunnable(shipped);
    if (runnable && (await runsVersion(runnable, name))) return runnable;
  }
  const what = tried.length ? `tried ${tried.join(', ')}` : `not on PATH and ${INSTALLER_PACKAGE[name]} is not installed`;
  throw new UserError(`${name} not found (${what}); install ffmpeg or set ${ENV_VARIABLE[name]}`);
}

/** First executable `name` on PATH (the Action uses it to prefer a runner's own ffmpeg). */
export async function findOnPath(name: string): Promise<string | undefined> {
  const exe = process.platform === 'win32' ? `${name}.exe` : name;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    await access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Path of the binary inside the installer's platform package, without running the installer's own code. */
function shippedBinary(name: ToolName): string | undefined {
  const require = createRequire(import.meta.url);
  const exe = process.platform === 'win32' ? `${name}.exe` : name;
  const platformPackage = `@${name}-installer/${process.platform}-${process.arch}`;
  try {
    return path.join(path.dirname(require.resolve(`${platformPackage}/package.json`)), exe);
  } catch {
    try {
      // Older layouts: let the wrapper package tell us.
      const wrapper = require(INSTALLER_PACKAGE[name]) as { path?: string };
      return wrapper.path;
    } catch {
      return undefined;
    }
  }
}

/**
 * npm 11 does not run these packages' `chmod u+x` postinstall, so the binary may not be executable.
 * chmod it in place; when the package folder is read-only, copy it to a private temp folder instead.
 */
async function makeRunnable(file: string): Promise<string | undefined> {
  if (!(await stat(file).catch(() => undefined))?.isFile()) return undefined;
  if (await isExecutableFile(file)) return file;
  try {
    const mode = (await stat(file)).mode;
    await chmod(file, mode | 0o111);
    if (await isExecutableFile(file)) return file;
  } catch {
    // read-only install: fall through to the copy
  }
  const dir = path.join(os.tmpdir(), `number-jam-bin-${process.getuid?.() ?? 'user'}`);
  const copy = path.join(dir, `${path.basename(path.dirname(file))}-${path.basename(file)}`);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const [source, existing] = await Promise.all([stat(file), stat(copy).catch(() => undefined)]);
    if (!existing || existing.size !== source.size) await copyFile(file, copy);
    await chmod(copy, 0o755);
    return copy;
  } catch {
    return undefined;
  }
}

async function runsVersion(file: string, name: ToolName): Promise<boolean> {
  try {
    const result = await execa(file, ['-version'], { reject: false, timeout: 20_000, stdin: 'ignore' });
    return result.exitCode === 0 && result.stdout.startsWith(`${name} version`);
  } catch {
    return false;
  }
}
