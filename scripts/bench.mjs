#!/usr/bin/env node
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
// `npm run bench`: accuracy and speed figures on ../shared/fixtures (skipped cleanly when absent).
//   node scripts/bench.mjs [--clips d01,d07] [--quality balanced] [--compare thorough] [--no-stills] [--no-real]
//                          [--real-only] [--no-transcode] [--no-small] [--no-plates] [--no-verify] [--cli PATH] [--baseline PATH] [--keep DIR]
// For every clip: `redact` through the real CLI (one process, like a user), its wall time and peak RSS, stage
// timings from the document, then score.py on the outputs, tools/flicker.py (cover steadiness: the largest
// change of a cover's colour between consecutive frames, 0-255) and, in the same run, a plain ffmpeg transcode
// of the clip (decode + libx264 at the same preset and CRF, audio as the encoder handles it), the floor any
// redaction that re-encodes every frame pays: `redact / transcode` is printed per clip and in total.
// Each redact runs with --verify (as the Action does by default): the verify cost is printed per clip as the
// check's seconds over the redaction's own (`verify/redact`), with what it found; the wall, RTF and transcode
// ratios leave the check out, so they compare with runs before it existed (--no-verify: no check; the
// baseline never checks).
// --real-only runs only the real clips (../shared/fixtures/real/, no truth: plates found and flicker);
// --cli runs another build's bin/number-jam.js with this bench; --baseline PATH also runs that build's CLI on the
// same clips, clip by clip right after this build's (old and new side by side on a shared, noisy machine).
import { execa } from 'execa';
import { coverFit, median } from './cover-fit.mjs';

const repo = path.resolve(new URL('..', import.meta.url).pathname);
const fixtures = path.resolve(process.env.NJ_FIXTURES ?? path.join(repo, '../shared/fixtures'));
const { values } = parseArgs({
  options: {
    clips: { type: 'string' },
    quality: { type: 'string', default: 'balanced' },
    compare: { type: 'string' },
    'no-stills': { type: 'boolean', default: false },
    'no-real': { type: 'boolean', default: false },
    'real-only': { type: 'boolean', default: false },
    'no-transcode': { type: 'boolean', default: false },
    'no-small': { type: 'boolean', default: false },
    'no-plates': { type: 'boolean', default: false },
    'no-verify': { type: 'boolean', default: false },
    cli: { type: 'string' },
    baseline: { type: 'string' },
    keep: { type: 'string' },
  },
});

if (!existsSync(path.join(fixtures, 'score.py'))) {
  console.log(`bench: fixtures not found at ${fixtures}; nothing to measure (set NJ_FIXTURES).`);
  process.exit(0);
}
const python = await findPython();
const cli = values.cli ? path.resolve(values.cli) : path.join(repo, 'bin/number-jam.js');
const flickerScript = path.join(fixtures, 'tools/flicker.py');
const ffmpeg = await findFfmpeg();
const clipFilter = values.clips ? values.clips.split(',') : null;
const clips = readdirSync(fixtures)
  .filter((f) => f.endsWith('.truth.json'))
  .map((f) => f.replace('.truth.json', ''))
  .filter((name) => !clipFilter || clipFilter.some((prefix) => name.startsWith(prefix)))
  .sort();

const work = values.keep ? path.resolve(values.keep) : mkdtempSync(path.join(tmpdir(), 'nj-bench-'));
mkdirSync(work, { recursive: true });

const baselineCli = values.baseline ? path.resolve(values.baseline) : null;
const main = values['real-only'] ? null : await runSuite(values.quality, path.join(work, values.quality));
if (main) printSuite(`quality=${values.quality}`, main);
if (main?.baseline) {
  printSuite(`baseline ${baselineCli}, quality=${values.quality}`, main.baseline);
  printComparison('baseline', main.baseline, 'this build', main);
}
if (main && values.compare) {
  const other = await runSuite(values.compare, path.join(work, values.compare));
  printSuite(`quality=${values.compare}`, other);
  printComparison(values.quality, main, values.compare, other);
}
if (!values['no-real']) await runRealClips(path.join(work, 'real'));
if (!values['no-small'] && !values['real-only']) await runSmallFrames(path.join(work, 'small'));
if (!values['no-stills'] && !values['real-only']) await runStills();
if (!values['no-plates'] && !values['real-only']) await runPlateDetector();
if (!values.keep) rmSync(work, { recursive: true, force: true });
else console.log(`\noutputs kept in ${work}`);

async function runSuite(quality, dir) {
  mkdirSync(dir, { recursive: true });
  const rows = [];
  const baselineRows = [];
  for (const name of clips) {
    const clip = path.join(fixtures, `${name}.mp4`);
    const truth = JSON.parse(readFileSync(path.join(fixtures, `${name}.truth.json`), 'utf8'));
    // One `redact` process per clip, as a user runs it: the wall clock is end to end (start-up, model
    // loading, detect, obscure, encode). Its document is the same one `detect` prints, with `output` set.
    const verifyFlag = values['no-verify'] ? [] : ['--verify'];
    const run = await timed(
      ['redact', '-i', clip, '-o', path.join(dir, `${name}.mp4`), '--quality', quality, '-q', ...verifyFlag],
      path.join(dir, `${name}.json`),
    );
    // The baseline build on the same clip right after, so that both see the same machine load.
    const baseDir = path.join(dir, 'baseline');
    let baseRun = null;
    if (baselineCli) {
      mkdirSync(baseDir, { recursive: true });
      const args = ['redact', '-i', clip, '-o', path.join(baseDir, `${name}.mp4`), '--quality', quality, '-q'];
      baseRun = await timed(args, path.join(baseDir, `${name}.json`), baselineCli);
    }
    const transcode = values['no-transcode'] ? null : await timedTranscode(clip, path.join(dir, `${name}.transcode.mp4`), quality);
    rows.push(await clipRow(name, truth, dir, run, transcode));
    if (baseRun) baselineRows.push(await clipRow(name, truth, baseDir, baseRun, transcode));
    process.stderr.write(
      `bench: ${name} ${run.ok ? 'ok' : `FAILED ${run.error}`} (${run.wall.toFixed(1)} s; ${baseRun ? `baseline ${baseRun.wall.toFixed(1)} s; ` : ''}transcode ${transcode?.wall.toFixed(1) ?? '-'} s)\n`,
    );
  }
  const result = { rows, scores: await scoreOutputs(dir, rows) };
  if (baselineCli) result.baseline = { rows: baselineRows, scores: await scoreOutputs(path.join(dir, 'baseline'), baselineRows) };
  return result;
}

/** One clip's figures from its run: stage timings and detector runs from the document, cover fit, flicker. */
async function clipRow(name, truth, dir, run, transcode) {
  let durations = {};
  let detectedFrames = 0;
  let fit = null;
  let verify = null;
  try {
    const document = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8'));
    durations = document.durations ?? {};
    detectedFrames = document.detectedFrames ?? 0;
    fit = coverFit(truth, document);
    if (document.verify) {
      // The check's own time, and the redaction's without it (the document's processing time includes both).
      const ms = durations.verify ?? document.verify.durationMs ?? 0;
      verify = { ms, redactMs: Math.max(1, document.processingDuration - ms), ...document.verify };
    }
  } catch {}
  // Wall, RTF and the transcode ratio are of the redaction alone (the check is reported in its own columns).
  if (verify) run.wall = Math.max(0.001, run.wall - verify.ms / 1000);
  const flicker = run.ok ? await measureFlicker(path.join(dir, `${name}.mp4`), path.join(dir, `${name}.json`)) : null;
  return {
    name,
    frames: truth.frame_count,
    seconds: truth.duration_ms / 1000,
    run,
    durations,
    detectedFrames,
    flicker,
    transcode,
    fit,
    verify,
  };
}

/** score.py on every output in `dir`. */
async function scoreOutputs(dir, rows) {
  const scoresPath = path.join(dir, 'scores.json');
  if (clipFilter) {
    // score.py's suite mode scores every truth file; score clip by clip instead when filtering.
    const perClip = [];
    for (const row of rows) {
      const out = path.join(dir, `${row.name}.score.json`);
      // biome-ignore format: one score.py command line
      await execa(python, [path.join(fixtures, 'score.py'), '--truth', path.join(fixtures, `${row.name}.truth.json`),
        '--original', path.join(fixtures, `${row.name}.mp4`), '--output', path.join(dir, `${row.name}.mp4`),
        '--detect', path.join(dir, `${row.name}.json`), '--json-out', out], { reject: false });
      if (existsSync(out)) perClip.push(JSON.parse(readFileSync(out, 'utf8')));
    }
    return { clips: perClip };
  }
  await execa(python, [path.join(fixtures, 'score.py'), '--suite', fixtures, '--outputs', dir, '--json-out', scoresPath], {
    reject: false,
  });
  return existsSync(scoresPath) ? JSON.parse(readFileSync(scoresPath, 'utf8')) : { clips: [] };
}

async function timed(args, stdoutPath, cliPath = cli) {
  const result = await execa('/usr/bin/time', ['-f', '__time %e %M %U %S', process.execPath, cliPath, ...args], {
    reject: false,
    stdout: { file: stdoutPath },
    timeout: 30 * 60_000,
  });
  const match = /__time ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(result.stderr);
  const error =
    result.exitCode === 0
      ? ''
      : (result.stderr
          .split('\n')
          .filter((l) => !l.startsWith('__time'))
          .slice(-1)[0] ?? 'failed');
  // cpu = user + system seconds of the process and its children (ffmpeg): steadier than wall on a shared machine.
  return {
    ok: result.exitCode === 0,
    wall: match ? Number(match[1]) : 0,
    rss: match ? Number(match[2]) / 1024 : 0,
    cpu: match ? Number(match[3]) + Number(match[4]) : 0,
    error,
  };
}

function clipScore(scores, name) {
  const list = scores.clips ?? scores.results ?? [];
  return list.find((c) => (c.clip ?? c.name ?? '').replace(/\.mp4$/, '') === name) ?? null;
}

function pct(v) {
  return v == null ? '   -  ' : `${(v * 100).toFixed(1).padStart(5)}%`;
}

function printSuite(label, { rows, scores }) {
  console.log(`\n== ${label}: ${rows.length} clips from ${fixtures}`);
  console.log(
    'clip                          recall leaked run  overred text  wall_s  RTF   fps    detected  peak_MB flicker  xcode_s  /xcode  cpu_s /xcpu  verify_s /redact frames found',
  );
  let verifyMs = 0;
  let verifiedRedactMs = 0;
  let findings = 0;
  let repaired = 0;
  let failedChecks = 0;
  let wall = 0;
  let transcodeWall = 0;
  let cpu = 0;
  let transcodeCpu = 0;
  let flickerMax = null;
  let seconds = 0;
  let peak = 0;
  for (const row of rows) {
    const s = clipScore(scores, row.name) ?? {};
    const total = row.run.wall;
    wall += total;
    seconds += row.seconds;
    peak = Math.max(peak, row.run.rss);
    cpu += row.run.cpu;
    if (row.transcode != null) {
      transcodeWall += row.transcode.wall;
      transcodeCpu += row.transcode.cpu;
    }
    if (row.flicker != null) flickerMax = Math.max(flickerMax ?? 0, row.flicker.max);
    // score.py reports text per truth plate: detect.text[PLATE] = { best, exact, within1 }
    const reads = Object.values(s.detect?.text ?? {});
    const text = reads.length === 0 ? '-' : reads.every((r) => r.exact) ? 'exact' : reads.every((r) => r.within1) ? '±1' : 'miss';
    console.log(
      `${row.name.padEnd(29)} ${pct(s.recall)} ${String(s.leaked ?? '-').padStart(5)} ${String(s.longest_leak_run ?? s.max_leak_run ?? '-').padStart(3)} ${pct(s.overredaction_mean ?? s.overredaction)} ${text.padEnd(5)} ${total.toFixed(1).padStart(6)} ${(total / row.seconds).toFixed(2).padStart(5)} ${(row.frames / Math.max(0.01, total)).toFixed(1).padStart(6)} ${`${row.detectedFrames}/${row.frames}`.padStart(9)} ${row.run.rss.toFixed(0).padStart(8)} ${(row.flicker ? row.flicker.max.toFixed(1) : '-').padStart(7)} ${(row.transcode?.wall.toFixed(1) ?? '-').padStart(8)} ${(row.transcode ? (total / row.transcode.wall).toFixed(2) : '-').padStart(7)} ${row.run.cpu.toFixed(1).padStart(6)} ${(row.transcode ? (row.run.cpu / row.transcode.cpu).toFixed(2) : '-').padStart(5)} ${verifyCells(row)}`,
    );
    if (row.verify) {
      verifyMs += row.verify.ms;
      verifiedRedactMs += row.verify.redactMs;
      findings += row.verify.rounds?.[0]?.findings?.length ?? 0;
      repaired += row.verify.repaired ?? 0;
    } else if (/verify:/.test(row.run.error)) failedChecks++;
  }
  const summary = scores.summary ?? summarise(scores.clips ?? []);
  console.log(
    `totals: recall=${summary.recall?.toFixed?.(4) ?? '-'} leaked=${summary.leaked ?? '-'} overredaction=${summary.overredaction_mean?.toFixed?.(4) ?? '-'} ` +
      `text_exact=${summary.detect?.text_exact ?? '-'}/${summary.detect?.text_total ?? '-'} text_within1=${summary.detect?.text_within1 ?? '-'}/${summary.detect?.text_total ?? '-'} ` +
      `negative_tracks=${summary.detect?.negative_clip_tracks ?? '-'} wall_s=${wall.toFixed(1)} realtime_factor=${(wall / seconds).toFixed(2)} peak_rss_MB=${peak.toFixed(0)}`,
  );
  console.log(
    `speed: redact ${wall.toFixed(1)} s / transcode ${transcodeWall.toFixed(1)} s = ${transcodeWall ? (wall / transcodeWall).toFixed(2) : '-'} wall; ` +
      `CPU ${cpu.toFixed(1)} s / ${transcodeCpu.toFixed(1)} s = ${transcodeCpu ? (cpu / transcodeCpu).toFixed(2) : '-'}; ` +
      `cover steadiness (largest colour change between consecutive frames, all clips): ${flickerMax == null ? '-' : flickerMax.toFixed(1)}`,
  );
  if (verifiedRedactMs || failedChecks) {
    console.log(
      `verify: ${(verifyMs / 1000).toFixed(1)} s of checks over ${(verifiedRedactMs / 1000).toFixed(1)} s of redaction = ` +
        `${verifiedRedactMs ? (verifyMs / verifiedRedactMs).toFixed(2) : '-'}; findings in the first check ${findings}, repaired ${repaired}, ` +
        `videos failed closed ${failedChecks}`,
    );
  }
  printCoverFit(rows);
  const stages = {};
  for (const row of rows) for (const [k, v] of Object.entries(row.durations)) stages[k] = (stages[k] ?? 0) + v;
  const frames = rows.reduce((n, r) => n + r.frames, 0);
  console.log(
    `stage fps (frames / stage seconds, all clips): ${Object.entries(stages)
      .map(([k, v]) => `${k}=${(frames / Math.max(0.001, v / 1000)).toFixed(1)}`)
      .join(' ')}`,
  );
  // Per clip: frames per second of each stage (frames / seconds spent in it; decode counts both passes).
  const shown = ['decode', 'detect', 'charscan', 'track', 'obscure', 'encode'];
  console.log(`\nstage fps per clip${' '.repeat(12)}${shown.map((k) => k.padStart(9)).join('')}`);
  for (const row of rows) {
    const fps = shown.map((k) => (row.durations[k] ? (row.frames / (row.durations[k] / 1000)).toFixed(1) : '-').padStart(9));
    console.log(`${row.name.padEnd(30)}${fps.join('')}`);
  }
}

/**
 * Cover fit (scripts/cover-fit.mjs): tracked polygon area / true plate area (median over plate-frames where
 * the plate is fully in view) and the largest frame-to-frame change of a cover's width while its plate is
 * steady; the goals are 1.5x and 15 %.
 */
function printCoverFit(rows) {
  const all = rows.flatMap((r) => r.fit?.areaRatios ?? []);
  const jumps = rows.flatMap((r) => r.fit?.widthJumps ?? []);
  const perClip = rows
    .filter((r) => r.fit?.areaRatios.length)
    .map((r) => `${r.name.slice(0, 3)} ${median(r.fit.areaRatios).toFixed(2)}x/${(Math.max(0, ...r.fit.widthJumps) * 100).toFixed(0)}%`);
  console.log(
    `cover fit: area / true plate area, median over ${all.length} plate-frames = ${all.length ? median(all).toFixed(2) : '-'}x; ` +
      `width change between consecutive frames of a steady plate: max ${jumps.length ? (Math.max(...jumps) * 100).toFixed(1) : '-'} %, ` +
      `over 15 % on ${jumps.filter((j) => j > 0.15).length} of ${jumps.length} frame pairs`,
  );
  console.log(`cover fit per clip (median area ratio / largest steady width change): ${perClip.join('  ')}`);
}

/** verify_s, verify/redact, frames checked, findings in the first check (+repaired) of one clip. */
function verifyCells(row) {
  if (!row.verify) return `${'-'.padStart(8)} ${'-'.padStart(7)} ${'-'.padStart(6)} ${'-'.padStart(5)}`;
  const v = row.verify;
  const found = `${v.rounds?.[0]?.findings?.length ?? 0}${v.repaired ? `+${v.repaired}r` : ''}`;
  return `${(v.ms / 1000).toFixed(1).padStart(8)} ${(v.ms / v.redactMs).toFixed(2).padStart(7)} ${String(v.frames).padStart(6)} ${found.padStart(5)}`;
}

/** score.py's suite summary, recomputed from per-clip results (used when --clips scores clip by clip). */
function summarise(clips) {
  const plateFrames = clips.reduce((n, c) => n + (c.plate_frames ?? 0), 0);
  const redacted = clips.reduce((n, c) => n + (c.redacted ?? 0), 0);
  const texts = clips.flatMap((c) => Object.values(c.detect?.text ?? {}));
  return {
    recall: plateFrames ? redacted / plateFrames : undefined,
    leaked: clips.reduce((n, c) => n + (c.leaked ?? 0), 0),
    overredaction_mean: clips.length ? clips.reduce((n, c) => n + (c.overredaction_mean ?? 0), 0) / clips.length : undefined,
    detect: {
      text_exact: texts.filter((t) => t.exact).length,
      text_within1: texts.filter((t) => t.within1).length,
      text_total: texts.length,
      negative_clip_tracks: clips.filter((c) => c.negative).reduce((n, c) => n + (c.detect?.tracks ?? 0), 0),
    },
  };
}

function printComparison(aLabel, a, bLabel, b) {
  const wall = (s) => s.rows.reduce((n, r) => n + r.run.wall, 0);
  const recall = (s) => (s.scores.summary ?? summarise(s.scores.clips ?? [])).recall?.toFixed?.(4);
  console.log(`\n== ${aLabel} vs ${bLabel}, clip by clip (wall seconds, detected frames, recall, over-redaction)`);
  console.log(`clip                          ${aLabel.padStart(24)} ${bLabel.padStart(24)}  ${bLabel}/${aLabel}`);
  const cell = (row, score) =>
    `${row.run.wall.toFixed(1).padStart(6)} ${`${row.detectedFrames}/${row.frames}`.padStart(7)} ${pct(score?.recall)} ${pct(score?.overredaction_mean)}`;
  for (const row of a.rows) {
    const other = b.rows.find((r) => r.name === row.name);
    if (!other) continue;
    console.log(
      `${row.name.padEnd(29)} ${cell(row, clipScore(a.scores, row.name))} ${cell(other, clipScore(b.scores, row.name))}  x${(other.run.wall / Math.max(0.01, row.run.wall)).toFixed(2)}`,
    );
  }
  console.log(
    `totals: wall ${wall(a).toFixed(1)} s vs ${wall(b).toFixed(1)} s (x${(wall(b) / wall(a)).toFixed(2)}), recall ${recall(a)} vs ${recall(b)}`,
  );
}

async function runRealClips(dir) {
  const realDir = path.join(fixtures, 'real');
  if (!existsSync(realDir)) return;
  mkdirSync(dir, { recursive: true });
  console.log('\n== real clips (no truth: plates found, for review by eye)');
  for (const file of readdirSync(realDir).filter((f) => f.endsWith('.mp4'))) {
    const out = path.join(dir, file);
    const r = await timed(['redact', '-i', path.join(realDir, file), '-o', out, '--quality', values.quality, '-q'], `${out}.json`);
    let plates = '-';
    try {
      plates = JSON.parse(readFileSync(`${out}.json`, 'utf8'))
        .summary.map((s) => `${s.plate || '?'}@${(s.trackedFrom / 1000).toFixed(1)}-${(s.trackedUntil / 1000).toFixed(1)}s`)
        .join(' ');
    } catch {}
    const flicker = r.ok ? await measureFlicker(out, `${out}.json`) : null;
    const transcode = values['no-transcode']
      ? null
      : await timedTranscode(path.join(realDir, file), path.join(dir, `${file}.transcode.mp4`), values.quality);
    const speed = transcode
      ? ` transcode_s=${transcode.wall.toFixed(1)} redact/transcode=${(r.wall / transcode.wall).toFixed(2)} cpu=${(r.cpu / transcode.cpu).toFixed(2)}`
      : '';
    console.log(
      `${file.padEnd(28)} ${r.ok ? 'ok' : `FAILED ${r.error}`} wall_s=${r.wall.toFixed(1)}${speed} peak_MB=${r.rss.toFixed(0)} flicker=${flicker ? `${flicker.max.toFixed(1)} (p95 ${flicker.p95.toFixed(1)})` : '-'} plates: ${plates}`,
    );
  }
}

/**
 * Cost on small frames (issue 14: a 160x120 video should run at well over 100 fps): `redact` on a generated
 * 60 s 160x120 5-fps testsrc clip with one plate, drawn as tests/helpers/synth.ts draws it (32x8 px, static).
 * Prints wall and CPU seconds, frames per second (end to end, start-up included), detector runs, and the
 * frames the plate's track covers (all 300 when it is found from the start).
 */
async function runSmallFrames(dir) {
  mkdirSync(dir, { recursive: true });
  const frames = 300;
  const clip = path.join(dir, 'small-160x120-5fps.mp4');
  const font = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf';
  const characters = existsSync(font)
    ? `drawtext=fontfile=${font}:text=NJ42AB:fontcolor=0x202020:fontsize=6:x=(w-text_w)/2:y=(h-text_h)/2`
    : [3, 7, 12, 16, 21, 25].map((x) => `drawbox=x=${x}:y=2:w=2:h=5:color=0x202020:t=fill`).join(',');
  // biome-ignore format: one ffmpeg command line
  await execa(ffmpeg, ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=5',
    '-filter_complex', `color=c=white:s=32x8:r=5,format=rgb24,${characters}[plate];[0:v][plate]overlay=x=16:y=66:format=rgb:shortest=1,format=yuv420p[v]`,
    '-map', '[v]', '-frames:v', String(frames), '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '16', clip]);
  const out = path.join(dir, 'small.redacted.mp4');
  const r = await timed(['redact', '-i', clip, '-o', out, '--quality', values.quality, '-q'], `${out}.json`);
  let detected = '-';
  let tracked = '-';
  try {
    const document = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
    detected = `${document.detectedFrames}/${frames}`;
    tracked = `${Math.max(0, ...document.tracking.map((t) => t.history.length))}/${frames}`;
  } catch {}
  console.log('\n== small frames (generated: 60 s, 160x120, 5 fps, one 32x8 plate)');
  console.log(
    `small-160x120-5fps ${r.ok ? 'ok' : `FAILED ${r.error}`} wall_s=${r.wall.toFixed(1)} cpu_s=${r.cpu.toFixed(1)} fps=${(frames / Math.max(0.001, r.wall)).toFixed(1)} detected=${detected} plate_frames_tracked=${tracked}`,
  );
}

async function runStills() {
  const script = path.join(repo, 'scripts/bench-stills.mjs');
  if (!existsSync(script)) return;
  console.log('\n== stills');
  const r = await execa(process.execPath, [script], { reject: false, env: { NJ_FIXTURES: fixtures } });
  console.log(r.stdout);
  if (r.exitCode !== 0) console.log(`stills benchmark failed: ${r.stderr.split('\n').slice(-3).join(' ')}`);
}

/** The plate detector alone on the Open Images valid split (scripts/bench-plates.mjs). */
async function runPlateDetector() {
  console.log('\n== plate detector alone');
  const r = await execa(process.execPath, [path.join(repo, 'scripts/bench-plates.mjs')], { reject: false });
  console.log(r.exitCode === 0 ? r.stdout : `plate detector benchmark failed: ${r.stderr.split('\n').slice(-3).join(' ')}`);
}

/** tools/flicker.py on one output: { max, p95 } in 0-255 levels, or null when it cannot run. */
async function measureFlicker(video, doc) {
  if (!existsSync(flickerScript) || !existsSync(video) || !existsSync(doc)) return null;
  const r = await execa(python, [flickerScript, '--video', video, '--doc', doc], { reject: false });
  const m = /flicker: max=([\d.]+) p95=([\d.]+)/.exec(r.stdout);
  return m ? { max: Number(m[1]), p95: Number(m[2]) } : null;
}

/**
 * Wall and CPU seconds of a plain transcode of `clip`: decode + libx264 at the preset and CRF `redact` uses at this
 * quality, audio copied as redact's encoder does for MP4-compatible codecs (every fixture's audio is AAC).
 */
async function timedTranscode(clip, out, quality) {
  const { defaultPreset, DEFAULT_OBSCURE_OPTIONS } = await import(path.join(repo, 'lib/pipeline/options.js'));
  const args = [
    '-nostdin',
    '-hide_banner',
    '-v',
    'error',
    '-y',
    '-i',
    clip,
    '-map',
    '0:v:0',
    '-map',
    '0:a?',
    '-c:a',
    'copy',
    '-c:v',
    'libx264',
    '-preset',
    defaultPreset(quality),
    '-crf',
    String(DEFAULT_OBSCURE_OPTIONS.crf),
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+faststart',
    out,
  ];
  const r = await execa('/usr/bin/time', ['-f', '__time %e %U %S', ffmpeg, ...args], { reject: false });
  const m = /__time ([\d.]+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
  rmSync(out, { force: true });
  return r.exitCode === 0 && m ? { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]) } : null;
}

/** The ffmpeg `redact` itself uses (same lookup), so the transcode is timed with the same binary. */
async function findFfmpeg() {
  const { locateFfmpeg } = await import(path.join(repo, 'lib/video/ffmpeg.js'));
  try {
    return (await locateFfmpeg()).ffmpeg;
  } catch (error) {
    console.log(`bench: ${error.message}`);
    process.exit(1);
  }
}

async function findPython() {
  for (const candidate of [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean)) {
    const r = await execa(candidate, ['-c', 'import cv2, numpy'], { reject: false });
    if (r.exitCode === 0) return candidate;
  }
  console.log('bench: need a python3 with numpy and OpenCV (apt-get install python3-opencv)');
  process.exit(1);
}
