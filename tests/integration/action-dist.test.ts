// Runs the committed bundle (dist/index.js) the way the runner does: a separate node process with INPUT_*
// variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, and the real @actions/artifact client uploading to
// a fake artifact backend on 127.0.0.1. PATH holds no ffmpeg, so the bundle's own ffmpeg is exercised.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatesDocument } from '../../src/output/document.js';
import { locateFfmpeg } from '../../src/video/ffmpeg.js';
import { readZip, startFakeArtifactService, type FakeArtifactService } from '../helpers/fake-artifact-service.js';
import { makeClip } from '../helpers/synth.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = path.join(repoRoot, 'dist', 'index.js');
const hasBundle = existsSync(bundle) && existsSync(path.join(repoRoot, 'dist', 'bundle.json'));

/** GITHUB_OUTPUT uses `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}

async function frameCount(file: string): Promise<number> {
  const { ffprobe } = await locateFfmpeg();
  const { stdout } = await execa(ffprobe, ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file]);
  return Number(stdout.trim());
}

interface ActionRun {
  exitCode: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

async function runAction(workspace: string, service: FakeArtifactService, inputs: Record<string, string>): Promise<ActionRun> {
  const runnerDir = await mkdtemp(path.join(os.tmpdir(), 'nj-runner-'));
  const outputFile = path.join(runnerDir, 'output.txt');
  const summaryFile = path.join(runnerDir, 'summary.md');
  const emptyBin = path.join(runnerDir, 'bin');
  await mkdir(emptyBin);
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
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
    ACTIONS_RESULTS_URL: service.url,
    ACTIONS_RUNTIME_TOKEN: service.runtimeToken,
    ACTIONS_ARTIFACT_UPLOAD_CONCURRENCY: '2',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = await execa(process.execPath, [bundle], { env, extendEnv: false, reject: false, cwd: workspace, stdin: 'ignore', timeout: 240_000 });
  const run = {
    exitCode: result.exitCode ?? -1,
    stdout: `${result.stdout}\n${result.stderr}`,
    outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
  };
  await rm(runnerDir, { recursive: true, force: true });
  return run;
}

describe.skipIf(!hasBundle)('dist/index.js as a GitHub Action (skipped without a built dist/: run npm run package)', () => {
  let service: FakeArtifactService;
  let workspace: string;

  beforeAll(async () => {
    service = await startFakeArtifactService();
    workspace = await mkdtemp(path.join(os.tmpdir(), 'nj-workspace-'));
    await mkdir(path.join(workspace, 'videos'));
    await makeClip({ width: 320, height: 240, fps: 10, frames: 20, plate: true, path: path.join(workspace, 'videos', 'street.mp4') });
    // Not a video: this one must fail, be named, and never reach the artifact.
    await writeFile(path.join(workspace, 'videos', 'broken.mp4'), 'this is not an mp4 file');
  });

  afterAll(async () => {
    await service?.close();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  it('redacts the clip, uploads only complete redactions, and fails naming the broken file', async () => {
    const run = await runAction(workspace, service, { videos: 'videos/*.mp4', engine: 'embedded', 'retention-days': '3' });

    expect(run.exitCode, run.stdout).toBe(1);
    expect(run.stdout).toMatch(/::error::Redaction failed for 1 of 2 video\(s\): videos\/broken\.mp4/);
    expect(run.outputs['video-count']).toBe('2');
    expect(run.outputs['failed-count']).toBe('1');

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
    expect([...entries.keys()].sort()).toEqual(['number-jam-report.json', 'videos/street.plates.json', 'videos/street.redacted.mp4']);

    // The uploaded video is the redacted file the action wrote, and it is a complete video.
    const outputDir = path.join(workspace, 'number-jam-output');
    const redacted = await readFile(path.join(outputDir, 'videos', 'street.redacted.mp4'));
    expect(entries.get('videos/street.redacted.mp4')!.equals(redacted)).toBe(true);
    expect(await frameCount(path.join(outputDir, 'videos', 'street.redacted.mp4'))).toBe(20);
    expect(existsSync(path.join(outputDir, 'videos', 'broken.redacted.mp4'))).toBe(false);

    const document = JSON.parse(entries.get('videos/street.plates.json')!.toString('utf8')) as PlatesDocument;
    expect(document.output).toBe(path.join(outputDir, 'videos', 'street.redacted.mp4'));
    expect(document.engines).toEqual(['embedded']);
    expect(run.outputs['plate-count']).toBe(String(document.tracking.length));

    // Outputs point at the artifact and the report.
    expect(run.outputs['artifact-id']).toBe(String(artifact!.id));
    expect(run.outputs['artifact-url']).toBe(`https://github.com/octo/videos/actions/runs/777/artifacts/${artifact!.id}`);
    expect(run.outputs.report).toBe(path.join(outputDir, 'number-jam-report.json'));
    const report = JSON.parse(await readFile(run.outputs.report!, 'utf8')) as { totals: { failed: number; redacted: number } };
    expect(report.totals).toMatchObject({ redacted: 1, failed: 1 });

    // Summary: both videos, the failure, and the artifact link.
    expect(run.summary).toContain('<code>videos/street.mp4</code>');
    expect(run.summary).toContain('<code>videos/broken.mp4</code>');
    expect(run.summary).toContain(`/artifacts/${artifact!.id}`);
    // The original was left alone (in-place was not asked for).
    expect(await frameCount(path.join(workspace, 'videos', 'street.mp4'))).toBe(20);
  });

  it('fails with a message naming the input when an input is invalid, before touching any video', async () => {
    const run = await runAction(workspace, service, { videos: 'videos/*.mp4', confidence: '140' });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("::error::Input 'confidence': '140' is not valid");
    expect(run.stdout).not.toContain('Redacting');
  });
});
