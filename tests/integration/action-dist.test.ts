// Runs the bundle the way the runner does: action.yml, dist/ and docker/ copied to a folder outside the
// repository (a runner's _actions/<owner>/<repo>/<ref>/ has no node_modules above it, so whatever the
// bundle needs must be inside dist/), a separate node process with INPUT_* variables, GITHUB_OUTPUT /
// GITHUB_STEP_SUMMARY files, and the real @actions/artifact client uploading to a fake artifact backend
// on 127.0.0.1. PATH holds no ffmpeg, so the bundle's own ffmpeg is exercised.
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatesDocument } from '../../src/output/document.js';
import { decodeFrames, probeVideo } from '../../src/video/index.js';
import { type FakeArtifactService, readZip, startFakeArtifactService } from '../helpers/fake-artifact-service.js';
import { requirePrerequisite } from '../helpers/prerequisites.js';
import { type ClipOptions, makeClip, PLATE_TEXT, plateBoxAt } from '../helpers/synth.js';
import { countFrames } from './pipeline-measure.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hasBundle = existsSync(path.join(repoRoot, 'dist', 'index.js')) && existsSync(path.join(repoRoot, 'dist', 'bundle.json'));
/** The copied action (set in beforeAll); its dist/index.js is what runs. */
let actionDir: string;
const bundle = (): string => path.join(actionDir, 'dist', 'index.js');
const clipOptions: ClipOptions = { width: 640, height: 360, fps: 10, frames: 20, plate: true };

/** Mean absolute horizontal gradient of the grey image inside a box: text is busy, a cover is flat. */
function detailIn(frame: { data: Buffer; width: number }, box: { x: number; y: number; width: number; height: number }): number {
  let sum = 0;
  let count = 0;
  const grey = (x: number, y: number): number => {
    const i = (y * frame.width + x) * 3;
    return (frame.data[i]! + frame.data[i + 1]! + frame.data[i + 2]!) / 3;
  };
  for (let y = Math.round(box.y); y < Math.round(box.y + box.height); y++) {
    for (let x = Math.round(box.x); x < Math.round(box.x + box.width) - 1; x++) {
      sum += Math.abs(grey(x + 1, y) - grey(x, y));
      count++;
    }
  }
  return count === 0 ? 0 : sum / count;
}

async function plateDetail(file: string): Promise<number[]> {
  const details: number[] = [];
  for await (const frame of decodeFrames(await probeVideo(file))) details.push(detailIn(frame, plateBoxAt(clipOptions, frame.index)));
  return details;
}

/** GITHUB_OUTPUT uses `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}

interface ActionRun {
  exitCode: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  /**
   * Files the run left in its runner folder (HOME, TMPDIR and RUNNER_TEMP all lie in it), other than the
   * runner's own output and summary files and the unpacked ffmpeg the Action keeps for later steps.
   */
  strayFiles: string[];
}

/** Every file under `root`, relative, sorted. */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

async function runAction(workspace: string, service: FakeArtifactService, inputs: Record<string, string>): Promise<ActionRun> {
  const runnerDir = await mkdtemp(path.join(os.tmpdir(), 'nj-runner-'));
  const outputFile = path.join(runnerDir, 'output.txt');
  const summaryFile = path.join(runnerDir, 'summary.md');
  const emptyBin = path.join(runnerDir, 'bin');
  await mkdir(emptyBin);
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  await mkdir(path.join(runnerDir, 'tmp'));
  const env: Record<string, string> = {
    PATH: emptyBin, // no ffmpeg, no docker: the bundle must bring its own ffmpeg
    HOME: runnerDir,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo/videos',
    GITHUB_RUN_ID: '777',
    RUNNER_TEMP: path.join(runnerDir, 'temp'),
    TMPDIR: path.join(runnerDir, 'tmp'),
    ACTIONS_RESULTS_URL: service.url,
    ACTIONS_RUNTIME_TOKEN: service.runtimeToken,
    ACTIONS_ARTIFACT_UPLOAD_CONCURRENCY: '2',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = await execa(process.execPath, [bundle()], {
    env,
    extendEnv: false,
    reject: false,
    cwd: workspace,
    stdin: 'ignore',
    timeout: 400_000,
  });
  const run = {
    exitCode: result.exitCode ?? -1,
    stdout: `${result.stdout}\n${result.stderr}`,
    outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
    strayFiles: (await filesUnder(runnerDir)).filter(
      (file) => !['output.txt', 'summary.md'].includes(file) && !file.startsWith(path.join('temp', 'number-jam-ffmpeg') + path.sep),
    ),
  };
  await rm(runnerDir, { recursive: true, force: true });
  return run;
}

requirePrerequisite(hasBundle, 'dist/index.js and dist/bundle.json', 'run npm run package');

describe('dist/index.js as a GitHub Action', () => {
  let service: FakeArtifactService;
  let workspace: string;

  let original: Buffer;
  let clean: Buffer;

  beforeAll(async () => {
    actionDir = await mkdtemp(path.join(os.tmpdir(), 'nj-action-copy-'));
    expect(path.relative(repoRoot, actionDir).startsWith('..')).toBe(true);
    for (const entry of ['action.yml', 'dist', 'docker'])
      await cp(path.join(repoRoot, entry), path.join(actionDir, entry), { recursive: true });
    service = await startFakeArtifactService();
    workspace = await mkdtemp(path.join(os.tmpdir(), 'nj-workspace-'));
    await mkdir(path.join(workspace, 'videos'));
    await makeClip({ ...clipOptions, path: path.join(workspace, 'videos', 'street.mp4') });
    await makeClip({ ...clipOptions, plate: false, path: path.join(workspace, 'videos', 'clean.mp4') });
    original = await readFile(path.join(workspace, 'videos', 'street.mp4'));
    clean = await readFile(path.join(workspace, 'videos', 'clean.mp4'));
    // Not a video: this one must fail, be named, and never reach the artifact.
    await writeFile(path.join(workspace, 'videos', 'broken.mp4'), 'this is not an mp4 file');
  }, 120_000);

  afterAll(async () => {
    await service?.close();
    if (workspace) await rm(workspace, { recursive: true, force: true });
    if (actionDir) await rm(actionDir, { recursive: true, force: true });
  });

  it('mode check lists the plate without writing any video, and fail-on-plates fails the step', async () => {
    const run = await runAction(workspace, service, {
      videos: 'videos/street.mp4\nvideos/clean.mp4',
      engine: 'embedded',
      mode: 'check',
      'fail-on-plates': 'true',
      'upload-artifacts': 'false',
      'output-dir': 'check-out',
    });
    expect(run.exitCode, run.stdout).toBe(1);
    expect(run.stdout).toMatch(/::error::fail-on-plates: \d+ number plate\(s\) found in 1 video\(s\): videos\/street\.mp4/);
    expect(existsSync(path.join(workspace, 'check-out', 'videos', 'street.redacted.mp4'))).toBe(false);
    expect(existsSync(path.join(workspace, 'check-out', 'videos', 'street.plates.json'))).toBe(true);
    expect(run.summary).toContain('<h2>number-jam (check)</h2>');
    expect(run.summary).toMatch(/detection only, no encoding/);
    // Nothing outside the outputs: no ONNX Runtime telemetry log (mat-debug-<pid>.log) or session file in TMPDIR,
    // HOME or RUNNER_TEMP, no temporaries.
    expect(run.strayFiles).toEqual([]);
    await rm(path.join(workspace, 'check-out'), { recursive: true, force: true });
  }, 400_000);

  it('redacts the clip, replaces only the video with a plate, uploads only complete redactions, and fails naming the broken file', async () => {
    const run = await runAction(workspace, service, {
      videos: 'videos/*.mp4',
      engine: 'embedded',
      'retention-days': '3',
      'in-place': 'true',
    });

    expect(run.exitCode, run.stdout).toBe(1);
    expect(run.stdout).toMatch(/::error::Redaction failed for 1 of 3 video\(s\): videos\/broken\.mp4/);
    expect(run.stdout).not.toMatch(/Cannot find module|\n\s+at /);
    expect(run.outputs['video-count']).toBe('3');
    expect(run.outputs['failed-count']).toBe('1');
    expect(Number(run.outputs['plate-count'])).toBeGreaterThanOrEqual(1);

    // What the fake backend received: one finalized zip holding street's outputs and the report, nothing of broken's.
    const artifact = service.artifacts.get('number-jam-redacted');
    expect(artifact?.content, run.stdout).toBeDefined();
    expect(artifact!.createRequest).toMatchObject({
      workflow_run_backend_id: service.workflowRunBackendId,
      workflow_job_run_backend_id: service.workflowJobRunBackendId,
      name: 'number-jam-redacted',
    });
    expect(artifact!.createRequest.expires_at).toBeDefined();
    expect(artifact!.finalizeRequest?.size).toBe(String(artifact!.content!.length));
    const entries = readZip(artifact!.content!);
    expect([...entries.keys()].sort()).toEqual([
      'number-jam-report.json',
      'videos/clean.plates.json',
      'videos/clean.redacted.mp4',
      'videos/street.plates.json',
      'videos/street.redacted.mp4',
      'videos/street.review.png',
    ]);
    // The review sheet (review-sheet defaults to true) is a PNG beside the redacted video; the clean clip has none.
    const sheet = entries.get('videos/street.review.png')!;
    expect(sheet.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(sheet.equals(await readFile(path.join(workspace, 'number-jam-output', 'videos', 'street.review.png')))).toBe(true);

    // The uploaded video is the redacted file the action wrote, and it is a complete video.
    const outputDir = path.join(workspace, 'number-jam-output');
    const redacted = await readFile(path.join(outputDir, 'videos', 'street.redacted.mp4'));
    expect(entries.get('videos/street.redacted.mp4')!.equals(redacted)).toBe(true);
    expect(await countFrames(path.join(outputDir, 'videos', 'street.redacted.mp4'))).toBe(20);
    expect(existsSync(path.join(outputDir, 'videos', 'broken.redacted.mp4'))).toBe(false);
    // The plate is covered: its text's detail is gone from every frame of the redacted copy.
    const redactedDetail = await plateDetail(path.join(outputDir, 'videos', 'street.redacted.mp4'));
    const originalCopy = path.join(actionDir, 'street-original.mp4');
    await writeFile(originalCopy, original);
    const originalDetail = await plateDetail(originalCopy);
    const covered = redactedDetail.filter((detail, i) => detail < originalDetail[i]! / 2).length;
    expect(covered, JSON.stringify({ redactedDetail, originalDetail })).toBe(20);

    const document = JSON.parse(entries.get('videos/street.plates.json')!.toString('utf8')) as PlatesDocument;
    expect(document.output).toBe(path.join(outputDir, 'videos', 'street.redacted.mp4'));
    expect(document.engines).toEqual(['embedded']);
    expect(run.outputs['plate-count']).toBe(String(document.tracking.length));
    // plate-text defaults to masked: the plate's text is nowhere in what a public run shows.
    expect(
      document.summary.some((row) => row.plate.includes('•')),
      JSON.stringify(document.summary),
    ).toBe(true);
    for (const shown of [run.stdout, run.summary, JSON.stringify(document), entries.get('number-jam-report.json')!.toString('utf8')]) {
      expect(shown).not.toContain(PLATE_TEXT);
    }

    // in-place: the video with a plate was replaced by its redacted copy, the clean one left byte-identical.
    expect(run.outputs['changed-files']).toBe('videos/street.mp4');
    expect((await readFile(path.join(workspace, 'videos', 'street.mp4'))).equals(redacted)).toBe(true);
    expect((await readFile(path.join(workspace, 'videos', 'street.mp4'))).equals(original)).toBe(false);
    expect((await readFile(path.join(workspace, 'videos', 'clean.mp4'))).equals(clean)).toBe(true);

    // Outputs point at the artifact and the report.
    expect(run.outputs['artifact-id']).toBe(String(artifact!.id));
    expect(run.outputs['artifact-url']).toBe(`https://github.com/octo/videos/actions/runs/777/artifacts/${artifact!.id}`);
    expect(run.outputs.report).toBe(path.join(outputDir, 'number-jam-report.json'));
    const report = JSON.parse(await readFile(run.outputs.report!, 'utf8')) as { totals: { failed: number; redacted: number } };
    expect(report.totals).toMatchObject({ redacted: 2, failed: 1 });

    // Summary: every video, the plate table (masked), the failure, the replaced file and the artifact link.
    expect(run.summary).toContain('<code>videos/street.mp4</code>');
    expect(run.summary).toContain('<code>videos/clean.mp4</code>');
    expect(run.summary).toContain('<code>videos/broken.mp4</code>');
    expect(run.summary).toMatch(/<tr><th>Plate<\/th><th>Region<\/th>/);
    expect(run.summary).toMatch(/<tr><td><code>[^<]*•[^<]*<\/code><\/td>/);
    expect(run.summary).toContain('<tr><th>Replaced in place</th><td>1 video with plates: <code>videos/street.mp4</code></td></tr>');
    expect(run.summary).toContain(`/artifacts/${artifact!.id}`);
    // verify defaults to true: the output was checked, and the summary says so; the sheet is named in the row.
    expect(document.verify).toMatchObject({ findings: 0 });
    expect(run.summary).toMatch(/verified: \d+ frames, 0 findings/);
    expect(run.summary).toContain('review sheet: <code>number-jam-output/videos/street.review.png</code>');
  }, 400_000);

  it('on an unsupported runner: one ::error:: line naming it, before loading anything native', async () => {
    const preload = path.join(actionDir, 'fake-platform.mjs');
    await writeFile(
      preload,
      "Object.defineProperty(process, 'platform', { value: 'darwin' }); Object.defineProperty(process, 'arch', { value: 'arm64' });\n",
    );
    const result = await execa(process.execPath, ['--import', pathToFileURL(preload).href, bundle()], {
      env: { PATH: '' },
      extendEnv: false,
      reject: false,
      timeout: 60_000,
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^::error title=number-jam: unsupported runner::.*Linux x64.*darwin-arm64/),
    ]);
    expect(result.stderr).toBe('');
  });

  it('fails with a message naming the input when an input is invalid, before touching any video', async () => {
    const run = await runAction(workspace, service, { videos: 'videos/*.mp4', confidence: '140' });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("::error::Input 'confidence': '140' is not valid");
    expect(run.stdout).not.toContain('Redacting');
  });
});
