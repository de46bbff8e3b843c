// Pure helpers behind issue #13's fixes: truncation by declared duration, the encoder's result check,
// subtitle/stream plans, temporary names, ffmpeg input URLs and coverage warnings.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlatesDocument } from '../../src/output/document.js';
import { documentCoverageWarnings } from '../../src/output/validate.js';
import type { VideoInfo } from '../../src/types.js';
import { temporaryOwner, temporaryPathFor } from '../../src/video/atomic.js';
import { compareWithExpected, droppedStreams, subtitlePlan, writeFailureLine } from '../../src/video/encode.js';
import { fileUrl } from '../../src/video/ffmpeg.js';
import { declaredDurationMs, isShortOfDeclared } from '../../src/video/probe.js';

describe('truncation against the declared duration', () => {
  it("reads the stream duration, or Matroska's DURATION tag", () => {
    expect(declaredDurationMs({ duration: '2.000000' })).toBe(2000);
    expect(declaredDurationMs({ tags: { DURATION: '00:01:02.500000000' } })).toBe(62_500);
    expect(declaredDurationMs({ tags: { DURATION: 'soon' } })).toBeUndefined();
    expect(declaredDurationMs({})).toBeUndefined();
  });

  it('flags frames spanning clearly less than declared, not rounding or a last frame', () => {
    expect(isShortOfDeclared(440, 2000, 40)).toBe(true);
    expect(isShortOfDeclared(1960, 2000, 40)).toBe(false);
    expect(isShortOfDeclared(4967, 5000, 33.3)).toBe(false);
  });
});

describe("checking the encoder's result", () => {
  it('finds the write errors ffmpeg reports while exiting 0', () => {
    const stderr = '[aac @ 0x1] Too many bits\nError writing trailer of file:/o/.x.tmp.mp4: No space left on device\nError closing file';
    expect(writeFailureLine(stderr)).toBe('Error writing trailer of file:/o/.x.tmp.mp4: No space left on device');
    expect(writeFailureLine('[libx264 @ 0x2] some warning\n')).toBeUndefined();
  });

  it('requires every frame, with the last one at its time', () => {
    const times = [0, 40, 80, 120];
    expect(compareWithExpected(times, times, 4, 25)).toBeUndefined();
    expect(compareWithExpected(times.slice(0, 3), times, 4, 25)).toBe('3 of 4 frames');
    expect(compareWithExpected([0, 40, 80, 400], times, 4, 25)).toBe('last frame at 400 ms instead of 120 ms');
  });
});

describe('streams beside the video', () => {
  const subtitles = [
    { codec: 'subrip', language: 'eng' },
    { codec: 'hdmv_pgs_subtitle', language: '' },
    { codec: 'mov_text', language: 'deu' },
  ];

  it('MP4 carries text subtitles as mov_text, with their language, and names the picture subtitles it drops', () => {
    const plan = subtitlePlan(subtitles, 'mp4');
    expect(plan.args).toEqual([
      '-map',
      '1:s:0',
      '-c:s:0',
      'mov_text',
      '-metadata:s:s:0',
      'language=eng',
      '-map',
      '1:s:2',
      '-c:s:1',
      'mov_text',
      '-metadata:s:s:1',
      'language=deu',
    ]);
    expect(plan.dropped).toEqual([expect.stringMatching(/^subtitle stream 1 \(hdmv_pgs_subtitle\)/)]);
  });

  it('Matroska carries every subtitle (mov_text as SRT)', () => {
    const plan = subtitlePlan(subtitles, 'matroska');
    expect(plan.args.filter((a) => ['copy', 'srt', 'mov_text'].includes(a))).toEqual(['copy', 'copy', 'srt']);
    expect(plan.dropped).toEqual([]);
  });

  it('names data streams and cover pictures that are not copied', () => {
    const lines = droppedStreams(
      {
        subtitles: [],
        otherStreams: [
          { index: 2, kind: 'data', codec: 'gpmd' },
          { index: 3, kind: 'cover picture', codec: 'mjpeg' },
        ],
      },
      'out.mov',
    );
    expect(lines).toEqual([
      expect.stringMatching(/^data stream 2 \(gpmd\) is not copied/),
      expect.stringMatching(/^cover picture \(stream 3\)/),
    ]);
  });
});

describe('temporary names and ffmpeg URLs', () => {
  it("a temporary carries its owner's pid; other names are not ours", () => {
    const tmp = temporaryPathFor('/out/clip.redacted.mp4', 4242);
    expect(path.dirname(tmp)).toBe('/out');
    expect(temporaryOwner(path.basename(tmp))).toBe(4242);
    expect(temporaryOwner('.clip.0123456789ab.tmp.mp4')).toBeUndefined();
    expect(temporaryOwner('clip.nj12-0123456789ab.tmp.mp4')).toBeUndefined();
  });

  it('local paths go to ffmpeg as file: + absolute path', () => {
    expect(fileUrl('-weird.mp4')).toBe(`file:${path.resolve('-weird.mp4')}`);
    expect(fileUrl('pipe:0')).toBe(`file:${path.resolve('pipe:0')}`);
    expect(fileUrl('/a/b.mp4')).toBe('file:/a/b.mp4');
  });
});

describe('documentCoverageWarnings', () => {
  const info = { path: 'x.mp4', width: 160, height: 120, fps: 25, durationMs: 1000 } as VideoInfo;
  const documentWith = (history: { timestamp: number; polygon: [number, number][] }[]) =>
    ({ tracking: [{ id: 9, history: history.map((h) => ({ ...h, source: 'visual' })) }] }) as unknown as PlatesDocument;
  const plate: [number, number][] = [
    [10, 10],
    [60, 10],
    [60, 30],
    [10, 30],
  ];

  it('is quiet for a track that covers something', () => {
    expect(documentCoverageWarnings(documentWith([{ timestamp: 0, polygon: plate }]), info)).toEqual([]);
  });

  it('handles a history far longer than the call stack allows as arguments', () => {
    const history = Array.from({ length: 300_000 }, (_, i) => ({ timestamp: 2000 + i, polygon: plate }));
    expect(documentCoverageWarnings(documentWith(history), info)).toEqual([expect.stringMatching(/track 9 starts at 2000 ms/)]);
  });
});
