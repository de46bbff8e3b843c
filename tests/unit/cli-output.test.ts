// Writing the document to stdout: the chunked writer prints exactly JSON.stringify(document, null, 2), and a
// failed write is one UserError instead of an unhandled 'error' event.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { documentChunks, writeDocument } from '../../src/cli/main.js';
import type { PlatesDocument } from '../../src/output/document.js';
import { UserError } from '../../src/util/errors.js';
import { testDocument } from '../helpers/document.js';

function documentWith(tracks: number[][]): PlatesDocument {
  return testDocument({
    request: { input: 'x.mp4', regions: ['gb'] },
    video: { width: 64, height: 48, frameCount: 3 },
    tracking: tracks.map((times, id) => ({
      id,
      plate: `P${id}`,
      region: '',
      confidence: 50,
      history: times.map((timestamp) => ({
        timestamp,
        polygon: [
          [1, 2],
          [3.5, 2],
          [3.5, 4],
          [1, 4],
        ],
        source: 'detection' as const,
      })),
    })),
    videoDuration: 120,
    processingDuration: 5,
    durations: { decode: 1 },
  });
}

describe('documentChunks', () => {
  it.each([
    ['no tracks', []],
    ['a track without history', [[]]],
    ['several tracks', [[0, 40], [], [80]]],
    ['a long history (several chunks)', [Array.from({ length: 3000 }, (_, i) => i * 40)]],
  ])('joins to JSON.stringify(document, null, 2) for %s', (_, tracks) => {
    const document = documentWith(tracks);
    const chunks = [...documentChunks(document)];
    expect(chunks.join('')).toBe(`${JSON.stringify(document, null, 2)}\n`);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70 * 1024);
  });

  it('keeps the key order when tracking is the last field', () => {
    const { output, ...rest } = documentWith([[0]]);
    const document = { output, ...rest };
    expect([...documentChunks(document)].join('')).toBe(`${JSON.stringify(document, null, 2)}\n`);
  });
});

describe('writeDocument', () => {
  it('rejects with one UserError line when the stream fails, and later errors are not unhandled', async () => {
    const failing = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('no space'), { code: 'ENOSPC' }));
      },
    });
    const error = await writeDocument(failing, documentWith([[0]])).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe('cannot write the plates document to stdout: ENOSPC');
    failing.emit('error', new Error('again'));
  });
});
