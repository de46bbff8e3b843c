// Real encodes through openEncoder: each extension that keeps its name gets the container it claims,
// as ffprobe reads it back, with H.264 video and the audio kept.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames, locateFfmpeg, openEncoder, probeVideo } from '../../src/video/index.js';
import { makeClip } from '../helpers/synth.js';

let dir: string;
let clip: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nj-container-'));
  clip = await makeClip({ width: 96, height: 64, fps: 10, frames: 6, audio: true, path: path.join(dir, 'in.mp4') });
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function reencode(output: string): Promise<void> {
  const info = await probeVideo(clip);
  const encoder = await openEncoder(info, output, { crf: 30, preset: 'ultrafast' });
  for await (const frame of decodeFrames(info)) await encoder.write(frame.data);
  await encoder.finish();
}

async function probe(file: string): Promise<{ format: string; codecs: string[] }> {
  const { ffprobe } = await locateFfmpeg();
  const { stdout } = await execa(ffprobe, ['-v', 'error', '-show_entries', 'format=format_name:stream=codec_name', '-of', 'json', file]);
  const parsed = JSON.parse(stdout) as { format: { format_name: string }; streams: { codec_name: string }[] };
  return { format: parsed.format.format_name, codecs: parsed.streams.map((stream) => stream.codec_name) };
}

describe('redacted output container matches its extension', () => {
  it.each([
    ['mov', /mov/],
    ['mkv', /matroska/],
    ['ts', /mpegts/],
    ['mts', /mpegts/],
    ['flv', /flv/],
    ['avi', /avi/],
    ['3gp', /3gp|mp4|mov/],
  ])('.%s', async (extension, format) => {
    const output = path.join(dir, `out.${extension}`);
    await reencode(output);
    const probed = await probe(output);
    expect(probed.format).toMatch(format);
    expect(probed.codecs[0]).toBe('h264');
    expect(probed.codecs).toHaveLength(2);
  });

  it('refuses .webm before starting ffmpeg', async () => {
    await expect(reencode(path.join(dir, 'out.webm'))).rejects.toThrow(/H\.264/);
  });
});
