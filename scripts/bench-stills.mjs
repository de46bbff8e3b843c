#!/usr/bin/env node
// Stills benchmark for the embedded engine. Run `npm run build` first (imports the compiled ../lib).
//   node scripts/bench-stills.mjs [--finder plates|text] [--max-side N (engine default)] [--threads 2] [--all-text] [--only SUBSTR] [--verbose] [--timing]
// --finder: the plate detector (the embedded engine's default) or the text detector (its --obscure-all-text finder).
// Prints per image: plates detected (a detection covering >= 80% of the truth plate's area; "painted": the
// detection grown by the obscurer's default 10 px padding covers >= 95% of it), false boxes
// (detections touching no truth plate; on non-exhaustive images listed separately), text exact / within one
// edit, ms per image; then totals. --timing adds ms/frame at 1280x720 and 1920x1080.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { createEmbeddedEngine, createPlateFinderEngine } from '../lib/detection/embedded/index.js';
import { intersectionArea } from '../lib/geometry/clip.js';
import { polygonArea } from '../lib/geometry/polygon.js';
import { paddedShape } from '../lib/obscuring/paint.js';

/** The obscurer's default padding (--padding-width/--padding-height 10). */
const DEFAULT_PADDING = { paddingWidth: { value: 10, unit: 'px' }, paddingHeight: { value: 10, unit: 'px' } };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stillsDir = path.resolve(repoRoot, '../shared/fixtures/stills');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const flag = (name) => process.argv.includes(name);

function levenshtein(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}
const norm = (t) => (t ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');

async function loadRgb(file) {
  const { data, info } = await sharp(file).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { index: 0, timestampMs: 0, width: info.width, height: info.height, data };
}

if (!fs.existsSync(stillsDir)) {
  console.error(`no stills at ${stillsDir}`);
  process.exit(1);
}
const finder = flag('--all-text') ? 'text' : arg('--finder', 'plates');
const engineOptions = { maxSide: arg('--max-side') ? Number(arg('--max-side')) : undefined, threads: Number(arg('--threads', 2)) };
const engine =
  finder === 'plates'
    ? createPlateFinderEngine(engineOptions)
    : createEmbeddedEngine({ ...engineOptions, obscureAllText: flag('--all-text') });
console.log(`finder: ${finder}`);
await engine.init();
const only = arg('--only', '');
const files = fs
  .readdirSync(stillsDir)
  .filter((f) => f.endsWith('.jpg') && f.includes(only))
  .sort();
const total = {
  plates: 0,
  painted: 0,
  detected: 0,
  exact: 0,
  oneEdit: 0,
  falseExhaustive: 0,
  exhaustiveImages: 0,
  extraOther: 0,
  ms: 0,
  coverage: 0,
  overCover: 0,
};
console.log('image\tplates\tdetected\tfalse\textra(non-exh)\ttext\tms');
for (const file of files) {
  const truth = JSON.parse(fs.readFileSync(path.join(stillsDir, file.replace(/\.jpg$/, '.truth.json')), 'utf8'));
  const frame = await loadRgb(path.join(stillsDir, file));
  const t0 = performance.now();
  const detections = await engine.detect(frame);
  const ms = performance.now() - t0;
  let detected = 0;
  const texts = [];
  for (const plate of truth.plates) {
    const area = polygonArea(plate.polygon);
    let best;
    let bestCover = 0;
    for (const d of detections) {
      const cover = intersectionArea(plate.polygon, d.polygon) / area;
      if (cover > bestCover) [best, bestCover] = [d, cover];
    }
    total.coverage += bestCover;
    const painted = detections.reduce(
      (m, d) => Math.max(m, intersectionArea(plate.polygon, paddedShape(d.polygon, DEFAULT_PADDING)) / area),
      0,
    );
    if (painted >= 0.95) total.painted++;
    if (bestCover >= 0.8) {
      detected++;
      total.overCover += polygonArea(best.polygon) / area;
    }
    const read = norm(best?.text);
    const want = norm(plate.text);
    const dist = best ? levenshtein(read, want) : Infinity;
    if (dist === 0) total.exact++;
    if (dist <= 1) total.oneEdit++;
    texts.push(
      `${want}:${best ? read || '?' : '-'}${dist === 0 ? '' : dist <= 1 ? '~' : 'x'} cover=${bestCover.toFixed(2)} painted=${painted.toFixed(2)}`,
    );
  }
  const unmatched = detections.filter((d) => truth.plates.every((p) => intersectionArea(p.polygon, d.polygon) === 0));
  total.plates += truth.plates.length;
  total.detected += detected;
  total.ms += ms;
  if (truth.exhaustive) {
    total.exhaustiveImages++;
    total.falseExhaustive += unmatched.length;
  } else total.extraOther += unmatched.length;
  console.log(
    [
      file.slice(0, 28),
      truth.plates.length,
      detected,
      truth.exhaustive ? unmatched.length : '-',
      truth.exhaustive ? '-' : unmatched.length,
      texts.join(' '),
      ms.toFixed(0),
    ].join('\t'),
  );
  if (flag('--verbose'))
    for (const d of unmatched) console.log(`\t\textra: "${d.text}" conf=${d.confidence} at ${d.polygon[0].map(Math.round)}`);
}
const pct = (a, b) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
console.log(
  `\nplates detected: ${total.detected}/${total.plates} (${pct(total.detected, total.plates)}), mean best coverage ${(total.coverage / total.plates).toFixed(3)}, mean detected area / truth area ${(total.overCover / Math.max(1, total.detected)).toFixed(2)}`,
);
console.log(
  `plates covered >= 95% when painted (polygon + default 10 px padding): ${total.painted}/${total.plates} (${pct(total.painted, total.plates)})`,
);
console.log(
  `false boxes: ${total.falseExhaustive} on ${total.exhaustiveImages} exhaustive images (${(total.falseExhaustive / Math.max(1, total.exhaustiveImages)).toFixed(2)}/image); extra boxes on ${files.length - total.exhaustiveImages} non-exhaustive images: ${total.extraOther} (${(total.extraOther / Math.max(1, files.length - total.exhaustiveImages)).toFixed(2)}/image)`,
);
console.log(`text: exact ${pct(total.exact, total.plates)}, within one edit ${pct(total.oneEdit, total.plates)}`);
console.log(`time: ${(total.ms / Math.max(1, files.length)).toFixed(0)} ms/image (mixed sizes; noisy on a shared machine)`);

if (flag('--timing')) {
  const source = await sharp(path.join(stillsDir, files[0]));
  for (const [w, h] of [
    [1280, 720],
    [1920, 1080],
  ]) {
    const { data } = await source.clone().resize(w, h, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const frame = { index: 0, timestampMs: 0, width: w, height: h, data };
    const times = [];
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      await engine.detect(frame);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`${w}x${h}: median ${times[3].toFixed(0)} ms/frame (min ${times[0].toFixed(0)})`);
  }
}
await engine.close();
