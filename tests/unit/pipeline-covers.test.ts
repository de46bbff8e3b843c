import { describe, expect, it } from 'vitest';
import { buildDocument } from '../../src/output/build.js';
import { platesToCover } from '../../src/pipeline/covers.js';
import { DEFAULT_DETECT_OPTIONS } from '../../src/pipeline/options.js';
import type { TrackedPlate, VideoInfo } from '../../src/types.js';
import { rect } from '../helpers/shapes.js';

function track(id: number, texts: string[], frames = texts.length, polygon = rect(10 + 60 * id, 10, 40, 12)): TrackedPlate {
  return {
    id,
    history: Array.from({ length: frames }, (_, i) => ({ timestamp: i * 40, polygon, source: 'detection' as const })),
    readings: texts.map((text, i) => ({ timestamp: i * 40, text, confidence: 80 })),
  };
}

const plate = track(0, ['FB5X8T']);
const sign = track(1, ['EXIT']);
const empty = track(2, ['KA01AB1234'], 0);

describe('the cover decision', () => {
  it('covers tracks that read as plates and drops signs and tracks with nothing in view', () => {
    expect(platesToCover([plate, sign, empty], { obscureAllText: false }).map((p) => p.id)).toEqual([0]);
  });

  it('covers every track in view when asked to obscure all text', () => {
    expect(platesToCover([plate, sign, empty], { obscureAllText: true }).map((p) => p.id)).toEqual([0, 1]);
  });

  it('paints one cover where a plausible track lies inside another on the same frames', () => {
    const outer = track(0, ['FB5X8T', 'FB5X8T'], 2, rect(0, 0, 100, 40));
    const inner = track(1, ['FB5X8T', 'FB5X8T'], 2, rect(10, 10, 40, 12));
    const covers = platesToCover([outer, inner], { obscureAllText: false });
    expect(covers.map((p) => p.id)).toEqual([0]);
    expect(covers[0]!.history.map((e) => e.polygon)).toEqual([rect(0, 0, 100, 40), rect(0, 0, 100, 40)]);
  });

  it('is not made again by the document builder, which lists every plate it is given', () => {
    const info: VideoInfo = {
      path: 'clip.mp4',
      width: 320,
      height: 240,
      frameRate: '25/1',
      fps: 25,
      frameCount: 10,
      durationMs: 400,
      rotation: 0,
      hasAudio: false,
      pixelFormat: 'yuv420p',
      variableFrameRate: false,
    };
    const document = buildDocument({
      info,
      options: { ...DEFAULT_DETECT_OPTIONS, input: 'clip.mp4' },
      engines: ['embedded'],
      plates: [plate, sign],
      durations: {},
      processingDuration: 1,
      detectedFrames: 1,
    });
    expect(document.tracking.map((t) => t.plate)).toEqual(['FB5X8T', 'EXIT']);
  });
});
