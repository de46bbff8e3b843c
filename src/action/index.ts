// Entry point of the GitHub Action (bundled into dist/index.js) and the only module of the Action that
// runs anything at import. It checks the runner first and loads main.js (and with it the native modules)
// only on a supported one, so macOS, Windows and ARM runners fail with one `::error::` line, not a stack.
import { unsupportedPlatformMessage } from './platform.js';

const unsupported = unsupportedPlatformMessage(process.platform, process.arch);
if (unsupported) {
  // Workflow command syntax written directly: @actions/core is not loaded yet, and need not be.
  process.stdout.write(`::error title=number-jam: unsupported runner::${unsupported}\n`);
  process.exitCode = 1;
} else {
  const { runAction } = await import('./main.js');
  await runAction();
}
