import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArtifactUploader } from '../../src/action/artifacts.js';
import { expandVideoGlobs } from '../../src/action/files.js';
import { parseInputs } from '../../src/action/inputs.js';
import { escapeLogLine, outputPathsFor, type RunDeps, run } from '../../src/action/run.js';
import type { PlatesDocument } from '../../src/output/document.js';
import { DEFAULT_OBSCURE_OPTIONS, type DetectOptions, encoderPreset, type ObscureOptions } from '../../src/pipeline/options.js';
import { UserError } from '../../src/util/errors.js';

let workspace: string;

beforeEach(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'nj-action-run-'));
});
afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

async function put(relative: string, content = `video:${relative}`): Promise<string> {
  const file = path.join(workspace, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

function documentFor(options: DetectOptions & ObscureOptions, plates: string[]): PlatesDocument {
  return {
    version: 'test',
    engines: [options.engine === 'auto' ? 'embedded' : options.engine],
    request: {
      input: options.input,
      regions: options.regions,
      confidence: options.confidence,
      extendDetection: options.extendDetectionMs,
      minFraction: options.minFraction,
      engine: options.engine,
      obscureAllText: false,
      quality: options.quality,
    },
    video: { width: 10, height: 10, fps: 1, frameRate: '1/1', frameCount: 1, rotation: 0, hasAudio: false },
    summary: plates.map((plate, track) => ({ plate, region: 'gb', confidence: 90, trackedFrom: 0, trackedUntil: 0, track, frames: 1 })),
    tracking: plates.map((plate, id) => ({ id, plate, region: 'gb', confidence: 90, history: [] })),
    videoDuration: 1000,
    processingDuration: 1,
    durations: {},
    output: options.output,
  };
}

interface Recorder {
  deps: RunDeps;
  calls: (DetectOptions & ObscureOptions)[];
  detects: DetectOptions[];
  deleted: string[];
  uploads: { name: string; files: string[]; root: string; options?: { retentionDays?: number } }[];
  outputs: Record<string, string>;
  logs: string[];
  summaries: string[];
}

/** A fake pipeline: "REDACTED:" + input for every file; files with "plate" in the name get a plate; "broken" ones fail half-way. */
function recorder(overrides: Partial<RunDeps> = {}): Recorder {
  const rec: Recorder = {
    deps: undefined as unknown as RunDeps,
    calls: [],
    detects: [],
    deleted: [],
    uploads: [],
    outputs: {},
    logs: [],
    summaries: [],
  };
  const uploader: ArtifactUploader = {
    uploadArtifact: async (name, files, root, options) => {
      rec.uploads.push({ name, files, root, options });
      return { id: 99, size: 1234 };
    },
    deleteArtifact: async (name) => {
      rec.deleted.push(name);
      if (rec.uploads.length === 0) throw new Error(`Artifact not found for name: ${name}`);
      return { id: 99 };
    },
  };
  const log = (level: string) => (message: string, properties?: { file?: string }) => {
    rec.logs.push(`${level}:${message}${properties?.file ? ` @${properties.file}` : ''}`);
  };
  rec.deps = {
    redact: async (options) => {
      rec.calls.push(options);
      await writeFile(options.output, 'partial');
      if (options.input.includes('broken')) throw new UserError(`cannot decode ${path.basename(options.input)}`);
      await writeFile(options.output, `REDACTED:${await readFile(options.input, 'utf8')}`);
      return documentFor(options, options.input.includes('plate') ? ['AB12CDE'] : []);
    },
    detect: async (options) => {
      rec.detects.push(options);
      if (options.input.includes('broken')) throw new UserError(`cannot decode ${path.basename(options.input)}`);
      return {
        ...documentFor(
          {
            ...DEFAULT_OBSCURE_OPTIONS,
            ...options,
            output: '',
            fadeDurationMs: 0,
            paddingWidth: { value: 0, unit: 'px' },
            paddingHeight: { value: 0, unit: 'px' },
            preset: '',
            crf: 0,
          },
          options.input.includes('plate') ? ['AB12CDE'] : [],
        ),
        output: null,
      };
    },
    uploader,
    log: { info: log('info'), notice: log('notice'), warning: log('warning'), error: log('error') },
    setOutput: (name, value) => {
      rec.outputs[name] = value;
    },
    writeSummary: async (html) => {
      rec.summaries.push(html);
    },
    now: () => 0,
    ...overrides,
  };
  return rec;
}

const inputs = (values: Record<string, string> = {}) => parseInputs((name) => values[name] ?? '');
const context = () => ({ workspace, env: { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '5' } });

describe('run', () => {
  it('redacts every match, keeps going after a failure, uploads only complete redactions and names the failed file', async () => {
    await put('a/plate.mp4');
    await put('a/broken.mp4');
    await put('b/clean.MOV');
    const rec = recorder();
    const result = await run(inputs({ 'retention-days': '5' }), context(), rec.deps);

    expect(rec.calls.map((call) => path.relative(workspace, call.input)).sort()).toEqual(['a/broken.mp4', 'a/plate.mp4', 'b/clean.MOV']);
    expect(result.failureMessage).toBe('Redaction failed for 1 of 3 video(s): a/broken.mp4');
    const out = path.join(workspace, 'number-jam-output');
    expect(await readFile(path.join(out, 'a', 'plate.redacted.mp4'), 'utf8')).toBe('REDACTED:video:a/plate.mp4');
    expect(existsSync(path.join(out, 'a', 'broken.redacted.mp4'))).toBe(false);
    // plate-text defaults to masked in everything the Action writes or prints.
    const json = JSON.parse(await readFile(path.join(out, 'a', 'plate.plates.json'), 'utf8')) as PlatesDocument;
    expect(json.summary[0]!.plate).toBe('AB1•••E');
    expect(json.tracking[0]!.plate).toBe('AB1•••E');

    expect(rec.uploads).toHaveLength(1);
    expect(rec.uploads[0]!.name).toBe('number-jam-redacted');
    expect(rec.uploads[0]!.root).toBe(out);
    expect(rec.uploads[0]!.options?.retentionDays).toBe(5);
    expect(rec.uploads[0]!.files.map((file) => path.relative(out, file)).sort()).toEqual([
      'a/plate.plates.json',
      'a/plate.redacted.mp4',
      'b/clean.plates.json',
      'b/clean.redacted.MOV',
      'number-jam-report.json',
    ]);
    expect(rec.outputs).toEqual({
      'video-count': '3',
      'failed-count': '1',
      'plate-count': '1',
      'changed-files': '',
      report: path.join(out, 'number-jam-report.json'),
      'output-dir': out,
      'artifact-id': '99',
      'artifact-url': 'https://github.com/o/r/actions/runs/5/artifacts/99',
    });
    expect(rec.logs).toContain('notice:1 number plate found (AB1•••E); redacted copy written. @a/plate.mp4');
    expect(rec.logs).toContain('error:cannot decode broken.mp4 @a/broken.mp4');
    expect(rec.summaries[0]).toContain('AB1•••E');
    expect(rec.summaries[0]).not.toContain('AB12CDE');
    const report = await readFile(path.join(out, 'number-jam-report.json'), 'utf8');
    expect(report).toContain('AB1•••E');
    expect(report).not.toContain('AB12CDE');
    // The originals are untouched without in-place.
    expect(await readFile(path.join(workspace, 'a', 'plate.mp4'), 'utf8')).toBe('video:a/plate.mp4');
  });

  it('passes the inputs to the pipeline', async () => {
    await put('x.mp4');
    const rec = recorder();
    await run(
      inputs({
        regions: 'fr',
        confidence: '40',
        'extend-detection': '3s',
        'padding-width': '20%',
        'fade-duration': '0',
        engine: 'embedded',
      }),
      context(),
      rec.deps,
    );
    expect(rec.calls[0]).toMatchObject({
      input: path.join(workspace, 'x.mp4'),
      output: path.join(workspace, 'number-jam-output', 'x.redacted.mp4'),
      regions: ['fr'],
      confidence: 40,
      extendDetectionMs: 3000,
      paddingWidth: { value: 20, unit: '%' },
      fadeDurationMs: 0,
      engine: 'embedded',
      quality: 'balanced',
    });
    // The Action passes the quality, not a preset: the pipeline derives the encoder's preset from it.
    expect(rec.calls[0]).not.toHaveProperty('preset');
    expect(encoderPreset(rec.calls[0]!)).toBe('veryfast');
  });

  it('verify and review-sheet: on by default; the sheet is uploaded and named, verify summarised, a failed check leaves nothing', async () => {
    await put('a/plate.mp4');
    await put('a/unverified-plate.mp4');
    await put('b/clean.mp4');
    const out = path.join(workspace, 'number-jam-output');
    // A sheet left by an earlier run beside a video that fails now must go too.
    await mkdir(path.join(out, 'a'), { recursive: true });
    await writeFile(path.join(out, 'a', 'unverified-plate.review.png'), 'old sheet');
    const verify = {
      engine: 'text-detector',
      independent: false,
      reason: 'test',
      frames: 12,
      findings: 0,
      repaired: 1,
      rounds: [],
      durationMs: 5,
    };
    const rec = recorder({
      redact: async (options) => {
        rec.calls.push(options);
        if (options.input.includes('unverified')) {
          throw new UserError(
            'verify: 1 plate still readable in the output after 2 repair rounds; nothing written to x\nverify: plate at 0:01.000, x 1-2, y 3-4',
          );
        }
        await writeFile(options.output, 'REDACTED');
        const document = documentFor(options, options.input.includes('plate') ? ['AB12CDE'] : []);
        if (document.tracking.length > 0 && options.reviewSheet) await writeFile(options.reviewSheet, 'PNG');
        return { ...document, verify, reviewSheet: document.tracking.length > 0 ? options.reviewSheet! : null };
      },
    });
    const result = await run(inputs(), context(), rec.deps);
    expect(rec.calls.every((call) => call.verify === true && call.plateText === 'masked')).toBe(true);
    expect(rec.calls.find((call) => call.input.endsWith('a/plate.mp4'))!.reviewSheet).toBe(path.join(out, 'a', 'plate.review.png'));
    expect(result.failureMessage).toMatch(/^Redaction failed for 1 of 3 video\(s\): a\/unverified-plate\.mp4/);
    expect(existsSync(path.join(out, 'a', 'unverified-plate.redacted.mp4'))).toBe(false);
    expect(existsSync(path.join(out, 'a', 'unverified-plate.review.png'))).toBe(false);
    expect(rec.uploads[0]!.files.map((file) => path.relative(out, file)).sort()).toEqual([
      'a/plate.plates.json',
      'a/plate.redacted.mp4',
      'a/plate.review.png',
      'b/clean.plates.json',
      'b/clean.redacted.mp4',
      'number-jam-report.json',
    ]);
    const summary = rec.summaries[0]!;
    expect(summary).toContain('review sheet: <code>number-jam-output/a/plate.review.png</code>');
    expect(summary).toContain('verified: 12 frames, 0 findings (1 repaired; text detector, not independent)');
    expect(summary).toContain('verify: plate at 0:01.000');
    const report = JSON.parse(await readFile(path.join(out, 'number-jam-report.json'), 'utf8')) as {
      videos: { input: string; reviewSheet: string | null; verify: unknown }[];
    };
    expect(report.videos.find((video) => video.input === 'a/plate.mp4')).toMatchObject({
      reviewSheet: 'a/plate.review.png',
      verify: { frames: 12, findings: 0, repaired: 1 },
    });
    expect(report.videos.find((video) => video.input === 'b/clean.mp4')!.reviewSheet).toBeNull();
  });

  it('verify and review-sheet can be turned off', async () => {
    await put('a/plate.mp4');
    const rec = recorder();
    await run(inputs({ verify: 'false', 'review-sheet': 'false' }), context(), rec.deps);
    expect(rec.calls[0]!.verify).toBe(false);
    expect(rec.calls[0]!.reviewSheet).toBeUndefined();
  });

  it('passes quality fast on with the faster encoder preset', async () => {
    await put('x.mp4');
    const rec = recorder();
    await run(inputs({ quality: 'fast' }), context(), rec.deps);
    expect(rec.calls[0]).toMatchObject({ quality: 'fast' });
    expect(encoderPreset(rec.calls[0]!)).toBe('superfast');
  });

  it('replaces in place only videos in which plates were found and covered, and lists them', async () => {
    await put('plate.mp4');
    await put('sub/plate2.mov');
    await put('broken.mp4');
    await put('clean.mp4');
    const rec = recorder();
    const result = await run(inputs({ 'in-place': 'true', 'upload-artifacts': 'false' }), context(), rec.deps);
    expect(await readFile(path.join(workspace, 'plate.mp4'), 'utf8')).toBe('REDACTED:video:plate.mp4');
    expect(await readFile(path.join(workspace, 'sub', 'plate2.mov'), 'utf8')).toBe('REDACTED:video:sub/plate2.mov');
    expect(await readFile(path.join(workspace, 'broken.mp4'), 'utf8')).toBe('video:broken.mp4');
    // Redacted (re-encoded) but no plate: the original stays byte-identical.
    expect(await readFile(path.join(workspace, 'clean.mp4'), 'utf8')).toBe('video:clean.mp4');
    expect(rec.outputs['changed-files']).toBe('plate.mp4\nsub/plate2.mov');
    expect(rec.summaries[0]).toContain(
      '<tr><th>Replaced in place</th><td>2 videos with plates: <code>plate.mp4</code>, <code>sub/plate2.mov</code></td></tr>',
    );
    expect(result.failureMessage).toBe('Redaction failed for 1 of 4 video(s): broken.mp4');
    expect(rec.uploads).toHaveLength(0);
    expect(rec.outputs['artifact-id']).toBe('');
  });

  it('never replaces a video by a file its extension would lie about: .webm with plates is refused by name', async () => {
    await put('plate.webm');
    await put('clean.webm');
    const rec = recorder();
    const result = await run(inputs({ 'in-place': 'true', 'upload-artifacts': 'false' }), context(), rec.deps);
    expect(rec.calls.map((call) => path.basename(call.output)).sort()).toEqual(['clean.redacted.mp4', 'plate.redacted.mp4']);
    expect(await readFile(path.join(workspace, 'plate.webm'), 'utf8')).toBe('video:plate.webm');
    expect(rec.outputs['changed-files']).toBe('');
    expect(result.failureMessage).toMatch(
      /^in-place: 1 video\(s\) with plates were left unchanged .*plate\.webm \(redacted copy: number-jam-output\/plate\.redacted\.mp4\)/,
    );
  });

  it('mode check detects without encoding: no redact call, no video written, JSON and report uploaded', async () => {
    await put('plate.mp4');
    await put('clean.mp4');
    const rec = recorder();
    const result = await run(inputs({ mode: 'check', 'fail-on-plates': 'true', 'in-place': 'true' }), context(), rec.deps);
    expect(rec.calls).toHaveLength(0);
    expect(rec.detects.map((call) => path.basename(call.input)).sort()).toEqual(['clean.mp4', 'plate.mp4']);
    const out = path.join(workspace, 'number-jam-output');
    expect(rec.uploads[0]!.files.map((file) => path.relative(out, file)).sort()).toEqual([
      'clean.plates.json',
      'number-jam-report.json',
      'plate.plates.json',
    ]);
    expect(await readFile(path.join(workspace, 'plate.mp4'), 'utf8')).toBe('video:plate.mp4');
    expect(result.failureMessage).toBe('fail-on-plates: 1 number plate(s) found in 1 video(s): plate.mp4');
    expect(rec.logs).toContain('warning:1 number plate found (AB1•••E); no copy written (mode: check). @plate.mp4');
    expect(rec.summaries[0]).toMatch(/<tr><th>Time taken<\/th><td>0 ms \(detection only, no encoding/);
  });

  it.each([
    ['full', 'AB12CDE'],
    ['none', ''],
  ])('plate-text %s applies to the JSON, the annotations and the summary', async (mode, shownText) => {
    await put('plate.mp4');
    const rec = recorder();
    await run(inputs({ 'plate-text': mode, 'upload-artifacts': 'false' }), context(), rec.deps);
    const json = JSON.parse(await readFile(path.join(workspace, 'number-jam-output', 'plate.plates.json'), 'utf8')) as PlatesDocument;
    expect(json.summary[0]!.plate).toBe(shownText);
    const notice = rec.logs.find((line) => line.startsWith('notice:'));
    expect(notice).toBe(
      mode === 'full'
        ? 'notice:1 number plate found (AB12CDE); redacted copy written. @plate.mp4'
        : 'notice:1 number plate found; redacted copy written. @plate.mp4',
    );
    if (mode === 'none') expect(rec.summaries[0]).not.toContain('AB1');
  });

  it('masks plate text in engine log lines unless plate-text is full', async () => {
    await put('plate.mp4');
    const rec = recorder({
      redact: async (options) => {
        options.log?.('charscan: frame 12: AB12CDE (80x20) in 5 ms');
        options.log?.('engine auto: running OpenALPR (docker) and the embedded engine');
        await writeFile(options.output, 'x');
        return documentFor(options, []);
      },
    });
    await run(inputs({ 'upload-artifacts': 'false' }), context(), rec.deps);
    expect(rec.logs.join('\n')).not.toContain('AB12CDE');
    expect(rec.logs).toContain('info:  engine auto: running OpenALPR (docker) and the embedded engine');
  });

  it('overwrite deletes an artifact of the same name first (a missing one is fine); without it nothing is deleted', async () => {
    await put('plate.mp4');
    const rec = recorder();
    const first = await run(inputs({ overwrite: 'true' }), context(), rec.deps);
    const second = await run(inputs({ overwrite: 'true' }), context(), rec.deps);
    expect(first.failureMessage).toBeUndefined();
    expect(second.failureMessage).toBeUndefined();
    expect(rec.deleted).toEqual(['number-jam-redacted', 'number-jam-redacted']);
    expect(rec.uploads).toHaveLength(2);
    const plain = recorder();
    await run(inputs(), context(), plain.deps);
    expect(plain.deleted).toEqual([]);
  });

  it('video-timeout stops a video that takes too long, names it, and goes on with the next', async () => {
    await put('slow.mp4');
    await put('fast.mp4');
    const rec = recorder({
      redact: async (options) => {
        if (options.input.endsWith('slow.mp4')) {
          await new Promise((_, reject) => options.signal?.addEventListener('abort', () => reject(options.signal?.reason as Error)));
        }
        await writeFile(options.output, 'x');
        return documentFor(options, []);
      },
    });
    const result = await run(inputs({ 'video-timeout': '1s', 'upload-artifacts': 'false' }), context(), rec.deps);
    expect(result.outcomes.map((outcome) => [outcome.path, outcome.status, outcome.error]).sort()).toEqual([
      ['fast.mp4', 'redacted', undefined],
      ['slow.mp4', 'failed', 'stopped after 1 s (video-timeout)'],
    ]);
    expect(result.failureMessage).toBe('Redaction failed for 1 of 2 video(s): slow.mp4');
  });

  it('keeps annotations within 10 per level, the step failure included', async () => {
    for (let i = 0; i < 12; i++) await put(`broken${String(i).padStart(2, '0')}.mp4`);
    const rec = recorder();
    const result = await run(inputs({ 'upload-artifacts': 'false' }), context(), rec.deps);
    const errors = rec.logs.filter((line) => line.startsWith('error:'));
    expect(errors).toHaveLength(9);
    expect(errors[8]).toMatch(/^error:4 more errors not shown .*broken08\.mp4, broken09\.mp4, broken10\.mp4, broken11\.mp4/);
    expect(result.failureMessage).toMatch(/^Redaction failed for 12 of 12/);
  });

  it('fails the step when fail-on-plates is set and a plate was found, after uploading and summarising', async () => {
    await put('plate.mp4');
    await put('clean.mp4');
    const rec = recorder();
    const result = await run(inputs({ 'fail-on-plates': 'true' }), context(), rec.deps);
    expect(result.failureMessage).toBe('fail-on-plates: 1 number plate(s) found in 1 video(s): plate.mp4');
    expect(rec.uploads).toHaveLength(1);
    expect(rec.summaries).toHaveLength(1);
    expect(rec.logs.some((line) => line.startsWith('warning:1 number plate found'))).toBe(true);
    const clean = await run(
      inputs({ 'fail-on-plates': 'true', videos: 'clean.mp4', 'upload-artifacts': 'false' }),
      context(),
      recorder().deps,
    );
    expect(clean.failureMessage).toBeUndefined();
  });

  it('warns, or fails when asked, when nothing matches', async () => {
    await put('notes.txt');
    const warned = recorder();
    const result = await run(inputs(), context(), warned.deps);
    expect(result.failureMessage).toBeUndefined();
    expect(warned.logs.some((line) => line.startsWith('warning:No video matched'))).toBe(true);
    expect(warned.outputs['video-count']).toBe('0');
    const failed = await run(inputs({ 'if-no-files-found': 'error' }), context(), recorder().deps);
    expect(failed.failureMessage).toMatch(/^No video matched the 'videos' patterns/);
  });

  it('processes only its shard, and the shards together cover every file once', async () => {
    for (let i = 0; i < 7; i++) await put(`v${i}.mp4`, 'x'.repeat(100 * (i + 1)));
    const seen: string[] = [];
    for (const shard of ['1/3', '2/3', '3/3']) {
      const rec = recorder();
      await run(inputs({ shard, 'upload-artifacts': 'true' }), context(), rec.deps);
      seen.push(...rec.calls.map((call) => path.basename(call.input)));
      expect(rec.uploads[0]?.name).toBe(`number-jam-redacted-shard-${shard.replace('/', '-of-')}`);
      await rm(path.join(workspace, 'number-jam-output'), { recursive: true, force: true });
    }
    expect(seen.sort()).toEqual(['v0.mp4', 'v1.mp4', 'v2.mp4', 'v3.mp4', 'v4.mp4', 'v5.mp4', 'v6.mp4']);
  });

  it('reports an upload failure as a step failure but still writes the summary', async () => {
    await put('plate.mp4');
    const rec = recorder({
      uploader: {
        uploadArtifact: async () => {
          throw new Error('backend said no');
        },
      },
    });
    const result = await run(inputs(), context(), rec.deps);
    expect(result.failureMessage).toContain("Uploading the artifact 'number-jam-redacted' failed: error: backend said no");
    expect(rec.summaries).toHaveLength(1);
  });

  it('falls back to the embedded engine when the OpenALPR image cannot be built and the engine is auto', async () => {
    await put('plate.mp4');
    const rec = recorder({
      prepareDockerImage: async () => ({
        status: 'build-failed',
        tag: 'number-jam-alpr:abc',
        durationMs: 5000,
        saved: false,
        detail: 'no space',
      }),
    });
    await run(inputs({ 'upload-artifacts': 'false' }), context(), rec.deps);
    expect(rec.calls[0]!.engine).toBe('embedded');
    expect(rec.logs.some((line) => line.startsWith('warning:Building the OpenALPR image number-jam-alpr:abc failed after 5.0 s'))).toBe(
      true,
    );
    const skipped = recorder({
      prepareDockerImage: async () => {
        throw new Error('must not be called for embedded');
      },
    });
    await run(inputs({ engine: 'embedded', 'upload-artifacts': 'false' }), context(), skipped.deps);
    expect(skipped.calls).toHaveLength(1);
  });
});

describe('expandVideoGlobs', () => {
  it('stays inside the workspace: symbolic links (files or folders) are never followed out of it', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'nj-outside-'));
    try {
      await writeFile(path.join(outside, 'secret.mp4'), 'secret');
      await put('real/inside.mp4');
      await symlink(path.join(outside, 'secret.mp4'), path.join(workspace, 'escape.mp4'));
      await symlink(outside, path.join(workspace, 'linked-dir'));
      await symlink(path.join(workspace, 'real', 'inside.mp4'), path.join(workspace, 'alias.mp4'));
      const { files, skipped } = await expandVideoGlobs(['**/*.mp4'], workspace);
      expect(files.map((file) => file.path)).toEqual(['real/inside.mp4']);
      expect(files[0]!.absolutePath).toBe(path.join(await realpath(workspace), 'real', 'inside.mp4'));
      expect(skipped.every((reason) => !reason.includes('secret'))).toBe(true);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('ignores the output directory, node_modules and .git, honours exclusions, and matches extensions case-insensitively', async () => {
    await put('cam/A.MP4');
    await put('cam/skip/b.mp4');
    await put('number-jam-output/cam/A.redacted.mp4');
    await put('node_modules/pkg/demo.mp4');
    await put('.git/x.mp4');
    const { files } = await expandVideoGlobs(['**/*.mp4', '!cam/skip/**'], workspace, [path.join(workspace, 'number-jam-output')]);
    expect(files.map((file) => file.path)).toEqual(['cam/A.MP4']);
  });

  it('maps inputs to output paths that keep the folder structure', () => {
    expect(outputPathsFor('/o', 'a/b/c.mp4')).toEqual({
      video: path.join('/o', 'a/b/c.redacted.mp4'),
      json: path.join('/o', 'a/b/c.plates.json'),
      review: path.join('/o', 'a/b/c.review.png'),
    });
    // An extension whose container cannot hold H.264 (or none) gets an MP4 named .mp4.
    expect(outputPathsFor('/o', 'noext')).toEqual({
      video: path.join('/o', 'noext.redacted.mp4'),
      json: path.join('/o', 'noext.plates.json'),
      review: path.join('/o', 'noext.review.png'),
    });
    expect(outputPathsFor('/o', 'a/clip.webm').video).toBe(path.join('/o', 'a/clip.redacted.mp4'));
    expect(outputPathsFor('/o', 'a/clip.MTS').video).toBe(path.join('/o', 'a/clip.redacted.MTS'));
  });
});

describe('issue #22: output-dir over the videos, file names with line breaks', () => {
  it.each(['check', 'redact'])(
    'mode %s: an output-dir holding videos the patterns match fails the step naming them, never passes',
    async (mode) => {
      await put('v/car-plate.mp4');
      const rec = recorder();
      const result = await run(
        inputs({ videos: 'v/*.mp4', 'output-dir': 'v', mode, 'fail-on-plates': 'true', 'upload-artifacts': 'false' }),
        context(),
        rec.deps,
      );
      expect(result.failureMessage).toMatch(
        /^output-dir 'v' holds videos that 'videos' matches \(v\/car-plate\.mp4\), which would be skipped/,
      );
      expect(rec.calls).toHaveLength(0);
      expect(rec.detects).toHaveLength(0);
    },
  );

  it("number-jam's own outputs in output-dir are no overlap (a second run skips them as before)", async () => {
    await put('clean.mp4');
    await put('number-jam-output/clean.redacted.mp4');
    const rec = recorder();
    const result = await run(inputs({ 'upload-artifacts': 'false' }), context(), rec.deps);
    expect(result.failureMessage).toBeUndefined();
    expect(rec.calls.map((call) => path.basename(call.input))).toEqual(['clean.mp4']);
  });

  it('a name with a line break cannot inject workflow commands: log lines are escaped, the video fails, changed-files stays one path per line', async () => {
    await put('car\n::warning::X-plate.mp4');
    await put('plate.mp4');
    const rec = recorder();
    const result = await run(inputs({ 'in-place': 'true', 'upload-artifacts': 'false' }), context(), rec.deps);
    const infoLines = rec.logs.filter((line) => line.startsWith('info:'));
    expect(infoLines.some((line) => line.includes('car\\n::warning::X-plate.mp4'))).toBe(true);
    // Info lines reach the runner as they are (annotations go through @actions/core, which escapes them itself).
    for (const line of infoLines) expect(line).not.toContain('\n');
    expect(rec.calls.map((call) => path.basename(call.input))).toEqual(['plate.mp4']);
    expect(result.failureMessage).toMatch(/^Redaction failed for 1 of 2 video\(s\)/);
    expect(rec.outputs['changed-files']).toBe('plate.mp4');
  });

  it('escapes line breaks and control characters in log lines', () => {
    expect(escapeLogLine('Redacting a\n::add-mask::x\r.mp4\u0007')).toBe('Redacting a\\n::add-mask::x\\r.mp4\\u0007');
    expect(escapeLogLine('plain\tline')).toBe('plain\tline');
  });
});
