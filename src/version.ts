import { createRequire } from 'node:module';

// Read at run time so the version in the document always matches the installed package.
const require = createRequire(import.meta.url);

function readVersion(): string {
  for (const candidate of ['../package.json', '../../package.json', './package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === 'number-jam' && pkg.version) return pkg.version;
    } catch {
      // try the next location (src/, lib/ and the bundled dist/ sit at different depths)
    }
  }
  return process.env.NUMBER_JAM_VERSION ?? '0.0.0';
}

export const VERSION = readVersion();
