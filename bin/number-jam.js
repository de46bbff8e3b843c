#!/usr/bin/env node
// Thin launcher: the CLI is compiled from src/cli to lib/cli by `npm run build` (run by `npm ci` via `prepare`).
import { main } from '../lib/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
