// Wiring of the GitHub Action: reads the inputs, provides ffmpeg and the OpenALPR image, and hands
// everything to run(), which calls the same pipeline as the CLI. index.ts calls runAction(); nothing
// here runs at import, so tests can import it.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DefaultArtifactClient } from '@actions/artifact';
import * as cache from '@actions/cache';
import * as core from '@actions/core';
import { execa } from 'execa';
import { findDockerDir } from '../detection/index.js';
import { detectPlates, EngineCache, redactVideo } from '../pipeline/index.js';
import { describeError, UserError } from '../util/errors.js';
import { VERSION } from '../version.js';
import { findOnPath } from '../video/index.js';
import { applyBundleEnvironment, isBundle, provideFfmpeg } from './bundle.js';
import { type CommandOutcome, prepareOpenAlprImage } from './docker-cache.js';
import { parseInputs } from './inputs.js';
import { type ActionLogger, run } from './run.js';

async function runCommand(command: string, args: string[]): Promise<CommandOutcome> {
  const result = await execa(command, args, { reject: false, stdin: 'ignore', all: false });
  return {
    exitCode: result.exitCode ?? 127,
    stdout: typeof result.stdout === 'string' ? result.stdout : '',
    // A command that could not start (not installed: ENOENT) has no stderr; its reason is execa's message.
    stderr: (typeof result.stderr === 'string' && result.stderr) || (result.failed ? (result.shortMessage ?? '') : ''),
  };
}

const logger: ActionLogger = {
  info: (message) => core.info(message),
  notice: (message, properties) => core.notice(message, properties),
  warning: (message, properties) => core.warning(message, properties),
  error: (message, properties) => core.error(message, properties),
};

export async function main(): Promise<void> {
  const bundleRoot = path.dirname(fileURLToPath(import.meta.url));
  if (isBundle(bundleRoot)) applyBundleEnvironment(process.env, bundleRoot);
  const inputs = parseInputs(
    (name) => core.getInput(name),
    (line) => core.warning(line),
  );
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const tempDir = process.env.RUNNER_TEMP ?? os.tmpdir();
  const notes: string[] = [];

  const ffmpeg = await provideFfmpeg(process.env, bundleRoot, path.join(tempDir, 'number-jam-ffmpeg'), findOnPath);
  core.info(`ffmpeg: ${ffmpeg.source}${ffmpeg.ffmpeg ? ` (${ffmpeg.ffmpeg})` : ''}`);

  // One engine start for every video of the run (model loading is ~0.7 s of CPU per start).
  const engines = new EngineCache();
  const result = await run(
    inputs,
    { workspace, env: process.env, notes },
    {
      redact: (options) => redactVideo(options, engines),
      detect: (options) => detectPlates(options, engines),
      uploader: new DefaultArtifactClient(),
      prepareDockerImage: () =>
        prepareOpenAlprImage(
          {
            run: runCommand,
            cacheAvailable: () => cache.isFeatureAvailable(),
            restoreCache: (paths, key) => cache.restoreCache(paths, key),
            saveCache: (paths, key) => cache.saveCache(paths, key),
            now: () => Date.now(),
            log: (line) => core.info(line),
            warn: (line) => core.warning(line),
          },
          findDockerDir(),
          tempDir,
        ),
      log: logger,
      setOutput: (name, value) => core.setOutput(name, value),
      writeSummary: async (html) => {
        await core.summary.addRaw(html).write();
      },
      now: () => Date.now(),
    },
    VERSION,
  ).finally(() => engines.close());
  if (result.failureMessage) core.setFailed(result.failureMessage);
}

/** main() with every error turned into the step's failure: one line, the stack only in the debug log. */
export async function runAction(): Promise<void> {
  try {
    await main();
  } catch (error) {
    // A UserError (bad input, missing Docker) is one line; anything else is a bug worth its stack in the log.
    if (!(error instanceof UserError) && error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(describeError(error));
  }
}
