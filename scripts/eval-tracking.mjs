#!/usr/bin/env node
// Evaluates the tracking stage on the dev fixture clips without any detector: detections are simulated
// from the truth polygons (sparse, dropped, jittered), the tracker fills the rest, and per clip it prints
// how many plate-frames (visible_fraction >= 0.3) the tracked polygons cover >= 90%, the longest
// uncovered run, cover on frames where the plate is out of view, and over-cover area.
//
// Usage: node scripts/eval-tracking.mjs [--stride 5] [--drop 0.3] [--jitter 3] [--seed 1] [--adaptive]
//        [--clips d03,d07] [--tuning '{"matchThreshold":0.5}'] [--lib path/to/tracking/index.js]
// Needs compiled code: `npx tsc -p tsconfig.build.json` (→ lib/tracking/index.js), or pass --lib.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures');

const { values: args } = parseArgs({
  options: {
    stride: { type: 'string', default: '5' },
    drop: { type: 'string', default: '0.3' },
    jitter: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    adaptive: { type: 'boolean', default: false },
    detail: { type: 'boolean', default: false },
    trace: { type: 'string' },
    clips: { type: 'string' },
    tuning: { type: 'string', default: '{}' },
    lib: { type: 'string', default: path.join(repoRoot, 'lib/tracking/index.js') },
  },
});

if (!existsSync(fixtures)) {
  console.error(`fixtures not found at ${fixtures}`);
  process.exit(1);
}
const tracking = await import(pathToFileURL(path.resolve(args.lib)).href);
const { PlateTracker, convexIntersection, polygonArea, clipPolygonToFrame } = tracking;

const stride = Number(args.stride);
const dropRate = Number(args.drop);
const jitter = Number(args.jitter);
const tuning = JSON.parse(args.tuning);

/** Deterministic PRNG (mulberry32) so runs are comparable. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function scaleAbout(quad, factor, pad) {
  const cx = quad.reduce((s, p) => s + p[0], 0) / quad.length;
  const cy = quad.reduce((s, p) => s + p[1], 0) / quad.length;
  return quad.map(([x, y]) => {
    const dx = x - cx;
    const dy = y - cy;
    const d = Math.hypot(dx, dy) || 1;
    return [cx + dx * factor + (dx / d) * pad, cy + dy * factor + (dy / d) * pad];
  });
}

async function* decodeFrames(file, width, height) {
  const frameSize = width * height * 3;
  const child = execa('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    encoding: 'buffer',
    buffer: false,
  });
  let pending = Buffer.alloc(0);
  for await (const chunk of child.stdout) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= frameSize) {
      yield Buffer.from(pending.subarray(0, frameSize));
      pending = pending.subarray(frameSize);
    }
  }
  await child;
}

const clipFilter = args.clips ? args.clips.split(',') : null;
const clips = readdirSync(fixtures)
  .filter((n) => /^d\d\d_.*\.mp4$/.test(n))
  .filter((n) => !clipFilter || clipFilter.some((c) => n.startsWith(c)))
  .sort();

const totals = { plateFrames: 0, covered: 0, offCover: 0, overCover: 0, clips: 0, ms: 0, frames: 0 };
console.log('clip                         plate-frames covered>=90%  longest-uncovered  cover-when-out  over-cover%  tracks  ms/frame');
for (const clip of clips) {
  const truth = JSON.parse(readFileSync(path.join(fixtures, clip.replace(/\.mp4$/, '.truth.json')), 'utf8'));
  const { width, height, fps } = truth;
  const random = rng(Number(args.seed) * 7919 + Number(clip.slice(1, 3)));
  const tracker = new PlateTracker({ width, height, fps, extendDetectionMs: 2000, minFraction: 0.01 }, tuning);
  let index = 0;
  let trackerMs = 0;
  const detectedFrames = new Set();
  for await (const data of decodeFrames(path.join(fixtures, clip), width, height)) {
    const t = truth.frames[index];
    const frame = { index, timestampMs: t ? t.timestamp_ms : (index * 1000) / fps, width, height, data };
    const runs = index % stride === 0 || (args.adaptive && tracker.wantsDetection());
    let candidates = null;
    if (runs) {
      candidates = [];
      const effect = (t?.effects ?? []).length > 0;
      for (const plate of t?.plates ?? []) {
        if (effect || plate.visible_fraction < 0.5 || random() < dropRate) continue;
        const polygon = plate.polygon.map(([x, y]) => [x + (random() * 2 - 1) * jitter, y + (random() * 2 - 1) * jitter]);
        candidates.push({ polygon, engine: 'truth', text: plate.text, confidence: 90 });
        detectedFrames.add(index);
      }
    }
    const start = performance.now();
    tracker.push(frame, candidates);
    trackerMs += performance.now() - start;
    index++;
  }
  const start = performance.now();
  const tracks = tracker.finish();
  trackerMs += performance.now() - start;

  const byFrame = new Map();
  const sourcesByFrame = new Map();
  for (const track of tracks) {
    for (const h of track.history) {
      const f = Math.round((h.timestamp * fps) / 1000);
      if (!byFrame.has(f)) byFrame.set(f, []);
      byFrame.get(f).push(h.polygon);
      (sourcesByFrame.get(f) ?? sourcesByFrame.set(f, []).get(f)).push(`${track.id}${h.source[0]}`);
    }
  }
  let plateFrames = 0;
  let covered = 0;
  let run = 0;
  let longest = 0;
  let longestAt = -1;
  let offCover = 0;
  let overCoverSum = 0;
  const frameArea = width * height;
  for (const t of truth.frames) {
    const polys = byFrame.get(t.index) ?? [];
    const plates = t.plates ?? [];
    for (const plate of plates) {
      if (plate.visible_fraction >= 0.3) {
        plateFrames++;
        const truthArea = polygonArea(plate.polygon);
        let best = 0;
        for (const p of polys) {
          const inter = convexIntersection(plate.polygon, p);
          best = Math.max(best, inter.length ? polygonArea(inter) / truthArea : 0);
        }
        const traced = args.trace && (([a, b]) => t.index >= a && t.index <= b)(args.trace.split('-').map(Number));
        if ((args.detail && best < 0.9) || traced) {
          const bb = (p) =>
            p.length ? (({ x, y, width: w, height: h }) => [x, y, w, h].map(Math.round).join(','))(tracking.boundingBox(p)) : '-';
          console.log(
            `  ${clip} f${t.index} cov=${best.toFixed(2)} vf=${plate.visible_fraction.toFixed(2)} truth=${bb(plate.polygon)} tracked=${polys.map(bb).join(' | ')} src=${(sourcesByFrame.get(t.index) ?? []).join(',')}${(t.effects ?? []).length ? ' effect' : ''}${detectedFrames.has(t.index) ? ' DET' : ''}`,
          );
        }
        if (best >= 0.9) {
          covered++;
          run = 0;
        } else {
          run++;
          if (run > longest) {
            longest = run;
            longestAt = t.index;
          }
        }
      }
    }
    if (polys.length && plates.length && plates.every((p) => p.visible_fraction === 0)) offCover++;
    let outside = 0;
    for (const p of polys) {
      let inside = 0;
      for (const plate of plates) {
        if (!plate.quad || plate.visible_fraction === 0) continue;
        const dilated = clipPolygonToFrame(scaleAbout(plate.quad, 1.5, 4), width, height);
        const inter = dilated.length ? convexIntersection(p, dilated) : [];
        inside += inter.length ? polygonArea(inter) : 0;
      }
      outside += Math.max(0, polygonArea(p) - inside);
    }
    overCoverSum += outside / frameArea;
  }
  const over = (100 * overCoverSum) / truth.frames.length;
  totals.plateFrames += plateFrames;
  totals.covered += covered;
  totals.offCover += offCover;
  totals.overCover += over;
  totals.clips++;
  totals.ms += trackerMs;
  totals.frames += index;
  const pct = plateFrames ? ((100 * covered) / plateFrames).toFixed(1) : '-';
  console.log(
    `${clip.padEnd(28)} ${String(plateFrames).padStart(12)} ${`${covered} (${pct}%)`.padStart(14)} ${`${longest}${longestAt >= 0 ? ` @${longestAt}` : ''}`.padStart(18)} ${String(offCover).padStart(15)} ${over.toFixed(3).padStart(12)} ${String(tracks.length).padStart(7)} ${(trackerMs / index).toFixed(1).padStart(9)}`,
  );
}
console.log(
  `TOTAL covered ${totals.covered}/${totals.plateFrames} (${((100 * totals.covered) / totals.plateFrames).toFixed(2)}%)  cover-when-out ${totals.offCover}  mean over-cover ${(totals.overCover / totals.clips).toFixed(3)}%  tracker ${(totals.ms / totals.frames).toFixed(1)} ms/frame (noisy: shared 2-core machine)`,
);
