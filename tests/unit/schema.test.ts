import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CompactHistory } from '../../src/history.js';
import type { PlatesDocument } from '../../src/output/document.js';
import { PLATES_DOCUMENT_SCHEMA } from '../../src/output/schema.js';
import {
  assertDocumentMatchesVideo,
  MAX_CHARS_OUTSIDE_HISTORY,
  PlatesDocumentReader,
  parsePlatesDocument,
} from '../../src/output/validate.js';
import type { VideoInfo } from '../../src/types.js';
import { UserError } from '../../src/util/errors.js';
import { testDocument } from '../helpers/document.js';

function sampleDocument(): PlatesDocument {
  return testDocument({
    request: { input: 'clip.mp4' },
    summary: [{ plate: 'AB12CDE', region: 'gb', confidence: 91, trackedFrom: 0, trackedUntil: 1960, track: 0, frames: 50 }],
    tracking: [
      {
        id: 0,
        plate: 'AB12CDE',
        region: 'gb',
        confidence: 91,
        history: [
          {
            timestamp: 0,
            polygon: [
              [1, 2],
              [30, 2],
              [30, 12],
              [1, 12],
            ],
            source: 'detection',
          },
        ],
      },
    ],
    videoDuration: 2000,
    processingDuration: 1234,
    durations: { detect: 1000 },
  });
}

const info: VideoInfo = {
  path: 'clip.mp4',
  width: 640,
  height: 360,
  frameRate: '25/1',
  fps: 25,
  frameCount: 50,
  durationMs: 2000,
  rotation: 0,
  hasAudio: false,
  pixelFormat: 'yuv420p',
  variableFrameRate: false,
};

function rejection(text: string): string {
  try {
    parsePlatesDocument(text, 'plates.json');
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('document was accepted');
}

describe('plates document schema', () => {
  it('accepts a well-formed document', () => {
    expect(parsePlatesDocument(JSON.stringify(sampleDocument()), 'plates.json').summary[0]!.plate).toBe('AB12CDE');
  });

  it('rejects malformed JSON with one line', () => {
    const message = rejection('{"version": ');
    expect(message).toMatch(/^plates\.json: not valid JSON/);
    expect(message).not.toContain('\n');
  });

  it('names the missing field', () => {
    const doc = sampleDocument() as Partial<PlatesDocument>;
    delete doc.tracking;
    expect(rejection(JSON.stringify(doc))).toMatch(/tracking is missing/);
  });

  it('names a nested field of the wrong type', () => {
    const doc = sampleDocument();
    (doc.tracking[0]!.history[0] as { timestamp: unknown }).timestamp = 'soon';
    expect(rejection(JSON.stringify(doc))).toMatch(/tracking\.0\.history\.0\.timestamp/);
  });

  it('rejects a polygon with too few points', () => {
    const doc = sampleDocument();
    doc.tracking[0]!.history[0]!.polygon = [
      [1, 2],
      [3, 4],
    ];
    expect(rejection(JSON.stringify(doc))).toMatch(/polygon/);
  });

  it.each([
    ['1e400', '1e400', /track 7 at 40 ms: tracking\.0\.history\.1\.polygon\.2\.0 must be <= 10000000/],
    ['-9e307', '-9e307', /track 7 at 40 ms: .*polygon\.2\.0 must be >= -10000000/],
  ])('rejects a polygon coordinate of %s (Infinity or overflowing), naming the track and time', (_, literal, pattern) => {
    const doc = sampleDocument();
    doc.tracking[0]!.id = 7;
    doc.tracking[0]!.history.push({
      timestamp: 40,
      polygon: [
        [1, 2],
        [30, 2],
        [12345, 12],
        [1, 12],
      ],
      source: 'visual',
    });
    // JSON.parse turns 1e400 into Infinity, which JSON.stringify cannot write: splice the literal into the text.
    const message = rejection(JSON.stringify(doc).replace('12345', literal));
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  });

  it('rejects a timestamp that overflows to Infinity', () => {
    const doc = sampleDocument();
    doc.tracking[0]!.history[0]!.timestamp = 12345;
    expect(rejection(JSON.stringify(doc).replace('12345', '1e400'))).toMatch(
      /track 0 at entry 0: tracking\.0\.history\.0\.timestamp must be <=/,
    );
  });

  it('rejects a document made for another video', () => {
    const doc = sampleDocument();
    expect(() => assertDocumentMatchesVideo(doc, info, 'plates.json')).not.toThrow();
    expect(() => assertDocumentMatchesVideo(doc, { ...info, width: 1280, height: 720 }, 'plates.json')).toThrow(/640x360/);
    expect(() => assertDocumentMatchesVideo(doc, { ...info, frameCount: 100, durationMs: 4000 }, 'plates.json')).toThrow(/50 frames/);
  });

  it('is the schema shipped in schema/', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../schema/plates-document.schema.json', import.meta.url), 'utf8'));
    expect(shipped).toEqual(PLATES_DOCUMENT_SCHEMA);
  });
});

describe('reading a document in pieces (bounded memory)', () => {
  function documentWithHistories(): PlatesDocument {
    const doc = sampleDocument();
    doc.tracking[0]!.plate = 'ÄB12 ÇDÉ 🚗';
    doc.tracking.push({
      id: 3,
      plate: '',
      region: '',
      confidence: 0,
      history: [80, 40, 120].map((timestamp, i) => ({
        timestamp,
        polygon: [
          [1.25 + i, 2],
          [30.5, 2.75],
          [30, -12],
          [1, 12],
          [0.01, 9999999],
        ],
        source: i === 1 ? 'interpolated' : 'visual',
      })),
    });
    return doc;
  }

  function readInPieces(text: string, size: number, limits?: ConstructorParameters<typeof PlatesDocumentReader>[1]) {
    const bytes = Buffer.from(text, 'utf8');
    const reader = new PlatesDocumentReader('plates.json', limits);
    for (let i = 0; i < bytes.length; i += size) reader.write(bytes.subarray(i, i + size));
    return reader.end();
  }

  it('reads what JSON.parse reads, cut anywhere (inside multi-byte characters too), histories stored compactly', () => {
    const text = JSON.stringify(documentWithHistories(), null, 2);
    for (const size of [1, 3, 64, text.length]) {
      const doc = readInPieces(text, size);
      expect(doc.tracking[1]!.history).toBeInstanceOf(CompactHistory);
      expect(doc.tracking[1]!.history.length).toBe(3);
      expect(doc.tracking[1]!.history.polygon(2)[4]).toEqual([0.01, 9999999]);
      expect(JSON.stringify(doc, null, 2)).toBe(text);
    }
  });

  it('keeps an entry without a source without one', () => {
    const doc = sampleDocument() as unknown as { tracking: { history: { source?: string }[] }[] };
    delete doc.tracking[0]!.history[0]!.source;
    const text = JSON.stringify(doc);
    expect(JSON.stringify(parsePlatesDocument(text, 'plates.json'))).toBe(text);
  });

  it('names the track by position when its id comes after its history', () => {
    const text = JSON.stringify(sampleDocument())
      .replace('"id":0,', '')
      .replace('"history":[', '"history":[{"timestamp":"soon","polygon":[[0,0],[1,0],[1,1]]},');
    expect(rejection(text.replace(/\]\}\]/, '],"id":5}]'))).toMatch(
      /track 0 at entry 0: tracking\.0\.history\.0\.timestamp must be number/,
    );
  });

  it.each([
    [
      'history entries',
      { historyEntries: 3, polygonPoints: 1e6, charsOutsideHistory: 1e6 },
      /too large: more than 3 history entries \(at track 3 at 120 ms\)/,
    ],
    [
      'polygon points',
      { historyEntries: 1e6, polygonPoints: 13, charsOutsideHistory: 1e6 },
      /too large: more than 13 polygon points \(at track 3 at 40 ms\)/,
    ],
    [
      'characters outside the histories',
      { historyEntries: 1e6, polygonPoints: 1e6, charsOutsideHistory: 500 },
      /too large: more than 500 characters of JSON outside the track histories/,
    ],
  ])('refuses a document past its limit of %s, with one line', (_, limits, pattern) => {
    const text = JSON.stringify(documentWithHistories(), null, 2);
    let message = '';
    try {
      readInPieces(text, 100, limits);
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      message = (error as Error).message;
    }
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  });

  it('refuses an unending string outside the histories once it passes the limit, before the input ends', () => {
    const reader = new PlatesDocumentReader('stdin');
    reader.write('{"version":"');
    const piece = Buffer.alloc(1024 * 1024, 'a');
    let read = 0;
    expect(() => {
      for (; read < 2 * MAX_CHARS_OUTSIDE_HISTORY; read += piece.length) reader.write(piece);
    }).toThrow(/^stdin: too large: more than \d+ characters of JSON outside the track histories$/);
    expect(read).toBeLessThanOrEqual(MAX_CHARS_OUTSIDE_HISTORY);
  });
});
