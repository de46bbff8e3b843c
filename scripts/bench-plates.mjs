#!/usr/bin/env node
// The plate detector alone (models/platenet.onnx through the product's own inference code) on the Open Images
// `valid` split: recall at IoU 0.5 by plate width and precision, at the score thresholds the embedded engine
// uses. Run `npm run build` first (imports ../lib).
//   node scripts/bench-plates.mjs [--data ../shared/datasets/openimages-plates] [--sweep]
// --sweep: also the thresholds 0.1-0.9 (how the engine's thresholds were chosen).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { CONFIRMED_SCORE, PROPOSAL_SCORE } from '../lib/detection/embedded/plateFinder.js';
import { PlateDetector } from '../lib/detection/plates/index.js';
import { boundingBox } from '../lib/geometry/polygon.js';
import { rectCorners } from '../lib/geometry/rect.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const i = process.argv.indexOf('--data');
const data = path.resolve(i >= 0 ? process.argv[i + 1] : path.join(repoRoot, '../shared/datasets/openimages-plates'));
const folder = path.join(data, 'valid');
if (!existsSync(path.join(folder, '_annotations.coco.json'))) {
  console.log(`bench-plates: no Open Images valid split at ${folder}; skipped`);
  process.exit(0);
}
const coco = JSON.parse(readFileSync(path.join(folder, '_annotations.coco.json'), 'utf8'));
const boxesOf = new Map();
for (const a of coco.annotations) {
  if (!boxesOf.has(a.image_id)) boxesOf.set(a.image_id, []);
  boxesOf.get(a.image_id).push({ x: a.bbox[0], y: a.bbox[1], width: a.bbox[2], height: a.bbox[3] });
}
const BUCKETS = [
  ['<16', 0, 16],
  ['16-32', 16, 32],
  ['32-64', 32, 64],
  ['>64', 64, Infinity],
];
const THRESHOLDS = process.argv.includes('--sweep')
  ? [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9]
  : [PROPOSAL_SCORE, CONFIRMED_SCORE];

function iou(a, b) {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

const detector = await PlateDetector.load(2);
const stats = THRESHOLDS.map(() => ({ buckets: BUCKETS.map(() => ({ plates: 0, found: 0 })), predictions: 0, right: 0 }));
let ms = 0;
for (const image of coco.images) {
  const { data: pixels, info } = await sharp(path.join(folder, image.file_name))
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const t0 = performance.now();
  const proposals = await detector.find({ width: info.width, height: info.height, data: pixels }, Math.min(...THRESHOLDS), 1);
  ms += performance.now() - t0;
  const truth = boxesOf.get(image.id) ?? [];
  THRESHOLDS.forEach((threshold, k) => {
    const predicted = proposals.filter((p) => p.score >= threshold).map((p) => boundingBox(rectCorners(p.rect)));
    const s = stats[k];
    for (const t of truth) {
      const b = BUCKETS.findIndex(([, lo, hi]) => t.width >= lo && t.width < hi);
      s.buckets[b].plates++;
      if (predicted.some((p) => iou(t, p) >= 0.5)) s.buckets[b].found++;
    }
    s.predictions += predicted.length;
    s.right += predicted.filter((p) => truth.some((t) => iou(t, p) >= 0.5)).length;
  });
}
await detector.close();
console.log(
  `plate detector on Open Images valid (${coco.images.length} photos, ${coco.annotations.length} plates), IoU 0.5, ${(ms / coco.images.length).toFixed(0)} ms/photo:`,
);
THRESHOLDS.forEach((threshold, k) => {
  const s = stats[k];
  const wide = s.buckets.slice(1).reduce((a, b) => ({ plates: a.plates + b.plates, found: a.found + b.found }), { plates: 0, found: 0 });
  const cells = BUCKETS.map(
    ([name], b) => `${name} ${((100 * s.buckets[b].found) / Math.max(1, s.buckets[b].plates)).toFixed(1)}% of ${s.buckets[b].plates}`,
  );
  console.log(
    `  score >= ${threshold}: recall ${cells.join(', ')}; >= 16 px ${((100 * wide.found) / Math.max(1, wide.plates)).toFixed(1)}%; precision ${((100 * s.right) / Math.max(1, s.predictions)).toFixed(1)}% (${s.right}/${s.predictions})`,
  );
});
