// The openalpr engine against the REAL OpenALPR: the Docker image built from docker/ (or a native alpr
// via ALPR_PATH / PATH), on real plate clips. Runs in .github/workflows/openalpr.yml; skipped where
// neither a Docker daemon nor an alpr binary exists (then the fake-alpr tests cover the protocol).
//
// Clips: the dev fixtures (../shared/fixtures) when present; otherwise, when
// NUMBER_JAM_OPENALPR_BENCHMARKS points at an openalpr/benchmarks `endtoend/us` checkout (the workflow
// provides one), short clips made with ffmpeg from a few of its annotated photos.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { overlapOfSmaller } from '../../src/detection/fusion.js';
import { dockerRunArgs, findDockerDir, imageTag, nativeAlprArgs, uniqueContainerName } from '../../src/detection/openalpr/docker.js';
import { createOpenAlprEngine, probeOpenAlpr } from '../../src/detection/openalpr/index.js';
import { parseAlprLine } from '../../src/detection/openalpr/parse.js';
import { resolveNativeAlpr } from '../../src/detection/openalpr/probe.js';
import { AlprSession } from '../../src/detection/openalpr/session.js';
import type { Frame, PlateCandidate, Polygon } from '../../src/types.js';
import { UserError } from '../../src/util/errors.js';
import { removeDir, SHARED_FIXTURES, tempDir } from '../fixtures/openalpr/harness.js';

const probe = await probeOpenAlpr();
const SKIP_REASON = `no OpenALPR here (${probe.reason}); runs in the openalpr workflow`;
const BENCHMARKS = process.env.NUMBER_JAM_OPENALPR_BENCHMARKS;
const hasDevClips = existsSync(path.join(SHARED_FIXTURES, 'd01_static.mp4'));
const hasBenchmarks = BENCHMARKS !== undefined && existsSync(BENCHMARKS);
const work = tempDir('nj-openalpr-e2e-');
afterAll(() => removeDir(work));

interface TruthClip {
  file: string;
  text: string;
  /** Truth polygon per decoded frame index. */
  polygonAt: (index: number) => Polygon | undefined;
}

async function videoSize(file: string): Promise<{ width: number; height: number }> {
  const { stdout } = await execa('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height',
    '-of',
    'json',
    file,
  ]);
  const stream = (JSON.parse(stdout) as { streams: { width: number; height: number }[] }).streams[0]!;
  return { width: stream.width, height: stream.height };
}

/** `count` frames from `startS`, every `step`-th one, as RGB24 frames (index = decode index in the clip). */
async function decodeFrames(file: string, fps: number, startS: number, count: number, step: number): Promise<Frame[]> {
  const { width, height } = await videoSize(file);
  const { stdout } = await execa(
    'ffmpeg',
    [
      '-v',
      'error',
      '-ss',
      String(startS),
      '-i',
      file,
      '-vf',
      `select=not(mod(n\\,${step}))`,
      '-fps_mode',
      'passthrough',
      '-frames:v',
      String(count),
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    { encoding: 'buffer', maxBuffer: 1 << 30 },
  );
  const size = width * height * 3;
  const frames: Frame[] = [];
  for (let i = 0; i * size < stdout.length; i++) {
    const index = Math.round(startS * fps) + i * step;
    frames.push({ index, timestampMs: (index * 1000) / fps, width, height, data: Buffer.from(stdout.subarray(i * size, (i + 1) * size)) });
  }
  return frames;
}

function devClip(name: string): TruthClip & { fps: number } {
  const truth = JSON.parse(readFileSync(path.join(SHARED_FIXTURES, `${name}.truth.json`), 'utf8')) as {
    fps: number;
    frames: { index: number; plates: { text: string; polygon: Polygon }[] }[];
  };
  const text = truth.frames.find((f) => f.plates.length > 0)!.plates[0]!.text;
  return { file: path.join(SHARED_FIXTURES, `${name}.mp4`), text, fps: truth.fps, polygonAt: (i) => truth.frames[i]?.plates[0]?.polygon };
}

/** A 2 s, 10 fps clip of one annotated benchmark photo (`file x y w h TEXT`). */
async function benchmarkClip(photo: string): Promise<TruthClip & { fps: number }> {
  const [, x, y, w, h, text] = readFileSync(photo.replace(/\.jpg$/, '.txt'), 'utf8')
    .trim()
    .split(/\s+/);
  const clip = path.join(work, `${path.basename(photo, '.jpg')}.mp4`);
  // Padding (not scaling) to even sizes keeps the annotation's coordinates exact.
  await execa('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-loop',
    '1',
    '-i',
    photo,
    '-t',
    '2',
    '-r',
    '10',
    '-vf',
    'pad=ceil(iw/2)*2:ceil(ih/2)*2',
    '-c:v',
    'libx264',
    '-crf',
    '18',
    '-pix_fmt',
    'yuv420p',
    clip,
  ]);
  const [bx, by, bw, bh] = [x, y, w, h].map(Number) as [number, number, number, number];
  const polygon: Polygon = [
    [bx, by],
    [bx + bw, by],
    [bx + bw, by + bh],
    [bx, by + bh],
  ];
  return { file: clip, text: text!, fps: 10, polygonAt: () => polygon };
}

interface ClipOutcome {
  frames: number;
  located: number;
  read: boolean;
}

async function runClip(clip: TruthClip & { fps: number }, frames: Frame[], regions: string[]): Promise<ClipOutcome> {
  const engine = createOpenAlprEngine({ regions, log: (line) => console.log(line) });
  let located = 0;
  let read = false;
  try {
    await engine.init();
    for (const frame of frames) {
      const plates: PlateCandidate[] = await engine.detect(frame);
      const truth = clip.polygonAt(frame.index);
      if (!truth) continue;
      const hit = plates.find((p) => overlapOfSmaller(p.polygon, truth) >= 0.5);
      if (hit) located++;
      if (plates.some((p) => p.text === clip.text || p.candidates?.some((c) => c.text === clip.text))) read = true;
    }
  } finally {
    await engine.close();
  }
  return { frames: frames.length, located, read };
}

describe.skipIf(!probe.available)(`real OpenALPR (${probe.mode})`, () => {
  it.skipIf(!hasDevClips)('locates and reads the plate of a dev clip, frame after frame, from one process', async () => {
    const clip = devClip('d01_static');
    const frames = await decodeFrames(clip.file, clip.fps, 0.5, 8, 5);
    const outcome = await runClip(clip, frames, ['us']);
    console.log(`d01_static: ${outcome.located}/${outcome.frames} frames located, read=${outcome.read}`);
    expect(outcome.frames).toBe(8);
    expect(outcome.located).toBeGreaterThanOrEqual(Math.ceil(outcome.frames / 2));
    expect(outcome.read).toBe(true);
  });

  it.skipIf(!hasBenchmarks)('locates and reads plates on clips made from benchmark photos', async () => {
    const names = (process.env.NUMBER_JAM_OPENALPR_BENCHMARK_PHOTOS ?? 'car1.jpg,car11.jpg,car12.jpg').split(',');
    const outcomes: ClipOutcome[] = [];
    for (const name of names) {
      const clip = await benchmarkClip(path.join(BENCHMARKS!, name));
      const frames = await decodeFrames(clip.file, clip.fps, 0, 5, 4);
      const outcome = await runClip(clip, frames, ['us']);
      console.log(`${name} (${clip.text}): ${outcome.located}/${outcome.frames} frames located, read=${outcome.read}`);
      outcomes.push(outcome);
    }
    // OpenALPR is not perfect; the plumbing (coordinates, colours, pairing) must be for most photos.
    const locatedClips = outcomes.filter((o) => o.located >= Math.ceil(o.frames / 2)).length;
    expect(locatedClips).toBeGreaterThanOrEqual(names.length - 1);
    expect(outcomes.some((o) => o.read)).toBe(true);
  });

  it('follows the recorded protocol: a missing path gives no JSON line, the next image still gets its own', async () => {
    const engine = createOpenAlprEngine({ regions: ['us'] }); // builds the image when needed
    await engine.init();
    await engine.close();
    const native = resolveNativeAlpr(process.env);
    const name = uniqueContainerName();
    const dir = tempDir('nj-openalpr-proto-');
    const toAlpr = (file: string) => (native ? file : `/frames/${path.basename(file)}`);
    const session = await AlprSession.start(
      native
        ? { command: native, args: nativeAlprArgs('us', 3), label: 'alpr', readinessPath: path.join(dir, 'nope.jpg') }
        : {
            command: 'docker',
            args: dockerRunArgs({ image: imageTag(findDockerDir()), name, framesDir: dir, country: 'us', topN: 3 }),
            label: 'container',
            readinessPath: '/frames/nope.jpg',
          },
    );
    try {
      await expect(session.recognize(toAlpr(path.join(dir, 'missing.jpg')))).rejects.toThrow(UserError);
      const image = path.join(dir, 'gray.jpg');
      await execa('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=gray:s=320x240', '-frames:v', '1', image]);
      const result = parseAlprLine(await session.recognize(toAlpr(image)));
      expect([result.width, result.height]).toEqual([320, 240]);
      expect(result.plates).toEqual([]);
    } finally {
      await session.close();
      if (!native) await execa('docker', ['rm', '--force', name], { reject: false });
      removeDir(dir);
    }
  });

  it.skipIf(probe.mode !== 'docker')('leaves no container behind', async () => {
    const engine = createOpenAlprEngine({ regions: ['de'] });
    await engine.init();
    const name = (engine as unknown as { container: string }).container;
    const running = await execa('docker', ['ps', '--quiet', '--filter', `name=^/${name}$`]);
    expect(running.stdout.trim()).not.toBe('');
    await engine.close();
    const after = await execa('docker', ['ps', '--all', '--quiet', '--filter', `name=^/${name}$`]);
    expect(after.stdout.trim()).toBe('');
  });
});

describe.skipIf(probe.available)('real OpenALPR', () => {
  it.skip(SKIP_REASON, () => undefined);
});
