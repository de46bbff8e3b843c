// Entry point of the GitHub Action (bundled into dist/index.js) and the only module of the Action that
// runs anything at import. It checks the runner first and loads main.js (and with it the native modules)
// only on a supported one, so macOS, Windows and ARM runners fail with one `::error::` line, not a stack.
import { describeError } from '../util/errors.js';
import { unsupportedPlatformMessage } from './platform.js';

const unsupported = unsupportedPlatformMessage(process.platform, process.arch);
if (unsupported) {
  // Workflow command syntax written directly: @actions/core is not loaded yet, and need not be.
  process.stdout.write(`::error title=number-jam: unsupported runner::${unsupported}\n`);
  process.exitCode = 1;
} else {
  let runAction: (() => Promise<void>) | undefined;
  try {
    // webpackIgnore: the packager bundles main.js separately (dist/main.js); bundled in here, its native
    // externals would become static imports at the top of dist/index.js and load before this check.
    ({ runAction } = await import(/* webpackIgnore: true */ './main.js'));
  } catch (error) {
    // A bundle whose native modules do not load here (a broken copy of dist/): still one line.
    process.stdout.write(`::error title=number-jam: cannot start::${describeError(error)}\n`);
    process.exitCode = 1;
  }
  await runAction?.();
}
