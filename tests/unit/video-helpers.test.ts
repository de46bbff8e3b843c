import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { temporaryPathFor } from '../../src/video/atomic.js';
import { isFullRange, matrixFor, outputColourTags } from '../../src/video/colour.js';
import { readAhead, readFixedChunks } from '../../src/video/decode.js';
import {
  containerFormatFor,
  copyPlan,
  encodePlan,
  fitsConstantRate,
  lastFrameDurationMs,
  outputPixelFormat,
  streamCopyRefusal,
} from '../../src/video/encode.js';
import { encodeVint, mkvFrameHeader, mkvHeader } from '../../src/video/mkv.js';
import type { VideoDetails } from '../../src/video/probe.js';
import {
  firstLine,
  isVariableFrameRate,
  parsePacketLines,
  parseRational,
  reduceRational,
  rotationOf,
  ticksToRelativeMs,
} from '../../src/video/probe.js';

describe('probe helpers', () => {
  it('sorts packet pts into display order and drops discarded packets', () => {
    const parsed = parsePacketLines('0,-1024,512,K__\n1536,-512,512,___\n512,0,512,___\n1024,512,512,_D_\n');
    expect(parsed.pts).toEqual([0, 512, 1536]);
    expect(parsed.numbered).toBe(false);
  });

  it('keeps only the chosen stream when lines carry a stream index (one listing of every video stream)', () => {
    // A cover picture (stream 0, one packet) before the video (stream 2): only stream 2's frames count.
    const listing = '0,0,0,1,K__\n2,1024,0,512,K__\n2,0,-512,512,___\n2,512,512,512,_D_\n';
    expect(parsePacketLines(listing, 2)).toEqual({ pts: [0, 1024], lastDuration: 512, numbered: false });
    expect(parsePacketLines(listing, 0).pts).toEqual([0]);
  });

  it('falls back to dts, then to numbering, when pts are missing', () => {
    expect(parsePacketLines('N/A,0,1,K_\nN/A,3,1,__\n').pts).toEqual([0, 3]);
    expect(parsePacketLines('N/A,N/A,N/A,K_\nN/A,N/A,N/A,__\n')).toMatchObject({ pts: [0, 1], numbered: true });
  });

  it('tells constant from variable spacing, tolerating time-base rounding', () => {
    expect(isVariableFrameRate([0, 512, 1024, 1536])).toBe(false);
    expect(isVariableFrameRate([0, 33, 67, 100, 133, 167])).toBe(false); // 29.97 fps in 1/1000
    expect(isVariableFrameRate([0, 1800, 6000, 7800, 12000])).toBe(true);
  });

  it('converts ticks to ms from the first frame', () => {
    expect(ticksToRelativeMs([1024, 1536, 2048], [1, 15360])).toEqual([0, 1000 / 30, 2000 / 30]);
  });

  it('normalises rotation from the display matrix (counter-clockwise) or the rotate tag (clockwise)', () => {
    expect(rotationOf({ side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] })).toBe(90);
    expect(rotationOf({ side_data_list: [{ rotation: 90 }] })).toBe(270);
    expect(rotationOf({ side_data_list: [{ rotation: 180 }] })).toBe(180);
    expect(rotationOf({ tags: { rotate: '90' } })).toBe(90);
    expect(rotationOf({ tags: { rotate: '-90' } })).toBe(270);
    expect(rotationOf({})).toBe(0);
  });

  it('parses and reduces rationals', () => {
    expect(parseRational('30000/1001')).toEqual([30000, 1001]);
    expect(parseRational('0/0')).toBeUndefined();
    expect(reduceRational(15360, 512)).toBe('30/1');
  });

  it('keeps the first meaningful stderr line without the component prefix', () => {
    expect(firstLine('\n[mov,mp4 @ 0x55] moov atom not found\nmore')).toBe('moov atom not found');
  });
});

describe('readFixedChunks', () => {
  it('reassembles frames across arbitrary chunk boundaries and drops a partial tail', async () => {
    const bytes = Buffer.from(Array.from({ length: 26 }, (_, i) => i));
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3, 13), bytes.subarray(13, 16), bytes.subarray(16, 26)];
    const frames: Buffer[] = [];
    for await (const frame of readFixedChunks(Readable.from(chunks), 8)) frames.push(Buffer.from(frame));
    expect(frames.map((f) => [...f])).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7],
      [8, 9, 10, 11, 12, 13, 14, 15],
      [16, 17, 18, 19, 20, 21, 22, 23],
    ]);
  });

  it('hands on an exactly aligned chunk without copying', async () => {
    const chunk = Buffer.alloc(6, 1);
    const out: Buffer[] = [];
    for await (const frame of readFixedChunks(Readable.from([chunk]), 6)) out.push(frame);
    expect(out[0]).toBe(chunk);
  });

  it('recycles a pool of buffers when asked, with each frame correct while it is current', async () => {
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
    const chunks = [bytes.subarray(0, 5), bytes.subarray(5, 19), bytes.subarray(19, 32)];
    const seen: number[][] = [];
    const identities: Buffer[] = [];
    for await (const frame of readFixedChunks(Readable.from(chunks), 8, 2)) {
      seen.push([...frame]);
      identities.push(frame);
    }
    expect(seen).toEqual([0, 8, 16, 24].map((start) => Array.from({ length: 8 }, (_, i) => start + i)));
    expect(new Set(identities).size).toBe(2);
    expect(identities[2]).toBe(identities[0]);
  });
});

describe('readAhead', () => {
  /** A source that records how many items were pulled from it, and can fail after `failAfter` items. */
  function counted(n: number, failAfter = Infinity) {
    const state = { pulled: 0, closed: false };
    async function* source() {
      try {
        for (let i = 0; i < n; i++) {
          await new Promise((resolve) => setImmediate(resolve));
          if (i >= failAfter) throw new Error('source broke');
          state.pulled++;
          yield i;
        }
      } finally {
        state.closed = true;
      }
    }
    return { state, source: source() };
  }
  const idle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('yields every item in order', async () => {
    const { source } = counted(20);
    const seen: number[] = [];
    for await (const v of readAhead(source, 3)) seen.push(v);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('pulls ahead while the consumer waits, but never more than `depth` items', async () => {
    const { state, source } = counted(50);
    const it = readAhead(source, 4)[Symbol.asyncIterator]();
    expect((await it.next()).value).toBe(0);
    await idle(30); // the consumer is busy elsewhere: the source keeps being read, up to the bound
    expect(state.pulled).toBe(1 + 4); // the held item and a full queue; no read starts until there is room
    for (let k = 1; k <= 10; k++) expect((await it.next()).value).toBe(k);
    await idle(30);
    expect(state.pulled).toBe(11 + 4);
    await it.return(undefined);
    await idle(30);
    expect(state.closed).toBe(true);
  });

  it("throws the source's error after the items that came before it", async () => {
    const { source } = counted(10, 5);
    const seen: number[] = [];
    await expect(async () => {
      for await (const v of readAhead(source, 3)) seen.push(v);
    }).rejects.toThrow('source broke');
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('mkv writer', () => {
  it('encodes EBML sizes in the shortest form', () => {
    expect([...encodeVint(0)]).toEqual([0x80]);
    expect([...encodeVint(126)]).toEqual([0xfe]);
    expect([...encodeVint(127)]).toEqual([0x40, 0x7f]);
    expect([...encodeVint(300)]).toEqual([0x41, 0x2c]);
  });

  it('writes a cluster header whose sizes cover the pixels that follow', () => {
    const header = mkvFrameHeader(20_000, 1000, 40_000);
    expect([...header.subarray(0, 4)]).toEqual([0x1f, 0x43, 0xb6, 0x75]);
    // Cluster size vint (2 bytes for < 16382) = everything after it, including the 1000 pixel bytes.
    const clusterSize = ((header[4]! & 0x3f) << 8) | header[5]!;
    expect(clusterSize).toBe(header.length - 6 + 1000);
    expect(mkvHeader(161, 121, 40e6).includes(Buffer.from('V_UNCOMPRESSED'))).toBe(true);
  });

  it('gives each frame its duration and the track its nominal frame period', () => {
    // BlockDuration (0x9B, 1 byte of size) holding 40 000 µs, before the Block (0xA1) whose pixels follow.
    const header = mkvFrameHeader(20_000, 1000, 40_000);
    const duration = header.indexOf(Buffer.from([0x9b, 0x82, 0x9c, 0x40]));
    expect(duration).toBeGreaterThan(0);
    expect(header.indexOf(Buffer.from([0xa1]), duration)).toBeGreaterThan(duration);
    // DefaultDuration (0x23E383) of 40 ms in ns: ffmpeg takes the stream's rate from it instead of probing frames.
    expect(mkvHeader(1280, 720, 40e6).includes(Buffer.from([0x23, 0xe3, 0x83, 0x84, 0x02, 0x62, 0x5a, 0x00]))).toBe(true);
  });

  it('shows the last frame until the input ends, else for one frame period', () => {
    expect(lastFrameDurationMs([0, 40, 80, 200], 240, 25)).toBe(40);
    expect(lastFrameDurationMs([0, 40, 80, 200], 280, 25)).toBe(80);
    expect(lastFrameDurationMs([0, 40, 80, 200], 200, 25)).toBe(40);
    expect(lastFrameDurationMs([], 0, 0)).toBe(40);
  });
});

describe('encoder helpers', () => {
  it('uses the rawvideo pipe only for timestamps on the nominal grid', () => {
    expect(fitsConstantRate([0, 33.333, 66.667, 100], 30)).toBe(true);
    expect(fitsConstantRate([0, 20, 66.667, 86.667], 30)).toBe(false);
  });

  it('encodes odd sizes 4:4:4, which H.264 can crop to any size', () => {
    expect([outputPixelFormat(161, 121), outputPixelFormat(161, 120), outputPixelFormat(160, 121)]).toEqual([
      'yuv444p',
      'yuv444p',
      'yuv444p',
    ]);
    expect(outputPixelFormat(320, 240)).toBe('yuv420p');
  });

  it('picks the muxer from the extension', () => {
    expect(containerFormatFor('/a/.x.1f.tmp.mp4')).toBe('mp4');
    expect(containerFormatFor('/a/out.MOV')).toBe('mov');
    expect(containerFormatFor('/a/out.mkv')).toBe('matroska');
  });
});

describe('stream copy of a video with nothing to cover', () => {
  const details = (over: Partial<VideoDetails> = {}, info: Partial<VideoDetails['info']> = {}): VideoDetails => ({
    info: {
      path: '/in/-clip.mp4',
      width: 320,
      height: 240,
      frameRate: '25/1',
      fps: 25,
      frameCount: 3,
      durationMs: 120,
      rotation: 0,
      hasAudio: true,
      pixelFormat: 'yuv420p',
      variableFrameRate: false,
      ...info,
    },
    streamIndex: 0,
    videoCodec: 'h264',
    timestampsMs: [0, 40, 80],
    timeBase: [1, 12800],
    codedWidth: 320,
    codedHeight: 240,
    audioCodecs: ['pcm_s16le'],
    audioLanguages: ['fra'],
    subtitles: [
      { codec: 'subrip', language: 'eng' },
      { codec: 'hdmv_pgs_subtitle', language: '' },
    ],
    otherStreams: [],
    hiddenFrames: 0,
    sampleAspectRatio: '1:1',
    bitDepth: 8,
    fingerprint: 'sha256:0',
    ...over,
  });

  it('is allowed only for upright H.264 in the pixel format the encode would write', () => {
    expect(streamCopyRefusal(details(), '/out/a.mp4')).toBeUndefined();
    expect(streamCopyRefusal(details({ videoCodec: 'hevc' }), '/out/a.mp4')).toBe('its video is hevc, not H.264');
    expect(streamCopyRefusal(details({}, { rotation: 270 }), '/out/a.mkv')).toBe('its video is stored turned by 270 degrees');
    expect(streamCopyRefusal(details({}, { pixelFormat: 'yuv420p10le' }), '/out/a.mp4')).toBe(
      'its pixel format is yuv420p10le, not yuv420p',
    );
    expect(streamCopyRefusal(details({}, { width: 161, pixelFormat: 'yuv444p' }), '/out/a.mp4')).toBeUndefined();
    expect(() => streamCopyRefusal(details(), '/out/a.webm')).toThrow(/cannot hold/);
  });

  it('copies the video and carries the streams the encode carries, from the one input', () => {
    const args = copyPlan(details(), '/out/a.mp4');
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(args.join(' ')).toContain('-i file:/in/-clip.mp4 -map 0:v:0 -c:v copy');
    // PCM cannot be copied into MP4: re-encoded as the encode does; the text subtitle as mov_text, PGS left out.
    expect(args.join(' ')).toContain('-map 0:a? -c:a aac -metadata:s:a:0 language=fra -map 0:s:0 -c:s:0 mov_text');
    expect(args).not.toContain('0:s:1');
    expect(args.join(' ')).toContain('-map_metadata -1');
    expect(args.slice(-5)).toEqual(['-movflags', '+faststart', '-f', 'mp4', 'file:/out/a.mp4']);
    expect(copyPlan(details(), '/out/a.mkv').join(' ')).toContain('-c:a copy');
  });

  it('encodes timed input without B-frames or an MP4 edit list on an ffmpeg older than 5.1 only', () => {
    const timed = details({ timestampsMs: [0, 40, 80, 200] }, { variableFrameRate: true });
    const sync = ['-vsync', 'passthrough'];
    const options = { preset: 'veryfast', crf: 20 };
    const oldMp4 = encodePlan(timed, '/out/a.mp4', options, sync, true);
    expect(oldMp4.timestampsMs).toEqual([0, 40, 80, 200]);
    expect(oldMp4.args.join(' ')).toContain('-bf 0 -use_editlist 0 -f mp4');
    expect(encodePlan(timed, '/out/a.mkv', options, sync, true).args.join(' ')).toContain('-bf 0 -f matroska');
    expect(encodePlan(timed, '/out/a.mp4', options, sync, false).args).not.toContain('-bf');
    // Evenly timed input goes through the rawvideo pipe at its rate, where every ffmpeg keeps the last frame.
    expect(encodePlan(details(), '/out/a.mp4', options, sync, true).args).not.toContain('-bf');
  });
});

describe('colour rules', () => {
  it('uses the tagged matrix, else BT.709 for HD and BT.601 for SD', () => {
    expect(matrixFor({ codedWidth: 640, codedHeight: 480, colorSpace: 'bt709' })).toBe('bt709');
    expect(matrixFor({ codedWidth: 1920, codedHeight: 1080 })).toBe('bt709');
    expect(matrixFor({ codedWidth: 640, codedHeight: 480 })).toBe('bt601');
    expect(outputColourTags('bt709').space).toBe('bt709');
  });

  it('treats yuvj formats and pc range as full range', () => {
    expect(isFullRange({ codedWidth: 1, codedHeight: 1, pixelFormat: 'yuvj420p' })).toBe(true);
    expect(isFullRange({ codedWidth: 1, codedHeight: 1, colorRange: 'pc' })).toBe(true);
    expect(isFullRange({ codedWidth: 1, codedHeight: 1, pixelFormat: 'yuv420p' })).toBe(false);
  });
});

describe('temporaryPathFor', () => {
  it('is hidden, beside the target, and keeps the extension', () => {
    expect(temporaryPathFor('/out/clip.mp4')).toMatch(new RegExp(`^/out/\\.clip\\.nj${process.pid}-[0-9a-f]{12}\\.tmp\\.mp4$`));
  });
});
