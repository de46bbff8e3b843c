import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PlatesDocument } from '../../src/output/document.js';
import { PLATES_DOCUMENT_SCHEMA } from '../../src/output/schema.js';
import { assertDocumentMatchesVideo, parsePlatesDocument } from '../../src/output/validate.js';
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
