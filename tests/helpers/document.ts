// One minimal, valid number-jam document for unit tests; each test overrides only what it is about.
import type { PlatesDocument } from '../../src/output/document.js';

type DocumentParts = Omit<Partial<PlatesDocument>, 'request' | 'video'> & {
  request?: Partial<PlatesDocument['request']>;
  video?: Partial<PlatesDocument['video']>;
};

export function testDocument(parts: DocumentParts = {}): PlatesDocument {
  const { request, video, ...rest } = parts;
  return {
    version: '0.1.0',
    request: {
      input: 'x.mp4',
      regions: [],
      confidence: 0,
      extendDetection: 2000,
      minFraction: 0.01,
      engine: 'embedded',
      obscureAllText: false,
      quality: 'balanced',
      ...request,
    },
    engines: ['embedded'],
    video: { width: 640, height: 360, fps: 25, frameRate: '25/1', frameCount: 50, rotation: 0, hasAudio: false, ...video },
    summary: [],
    tracking: [],
    videoDuration: 2000,
    processingDuration: 1000,
    durations: {},
    output: null,
    ...rest,
  };
}
