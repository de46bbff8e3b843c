import { describe, expect, it } from 'vitest';
import { fuseEngines, mergeCandidates, overlapOfSmaller } from '../../src/detection/fusion.js';
import { parseAlprLine } from '../../src/detection/openalpr/parse.js';
import { intersectionArea } from '../../src/geometry/clip.js';
import { polygonArea } from '../../src/geometry/polygon.js';
import type { DetectionEngine, Frame, PlateCandidate, Polygon } from '../../src/types.js';
import { recordedLines } from '../fixtures/openalpr/harness.js';
import { rect } from '../helpers/shapes.js';

const box = rect;

function covers(outer: Polygon, inner: Polygon): boolean {
  return Math.abs(intersectionArea(inner, outer) - polygonArea(inner)) < 1e-6 * Math.max(1, polygonArea(inner));
}

describe('overlapOfSmaller', () => {
  it('measures the overlap against the smaller polygon', () => {
    expect(overlapOfSmaller(box(0, 0, 100, 100), box(10, 10, 10, 10))).toBeCloseTo(1);
    expect(overlapOfSmaller(box(0, 0, 10, 10), box(5, 0, 20, 10))).toBeCloseTo(0.5);
    expect(overlapOfSmaller(box(0, 0, 10, 10), box(20, 0, 10, 10))).toBe(0);
  });
});

describe('mergeCandidates', () => {
  const cand = (engine: string, polygon: Polygon, text?: string, confidence?: number): PlateCandidate => ({
    engine,
    polygon,
    ...(text ? { text } : {}),
    ...(confidence !== undefined ? { confidence } : {}),
  });

  it('merges the same plate from two engines into the union with the best reading', () => {
    const a = cand('openalpr', box(100, 100, 60, 30), 'ABC123', 91);
    const b = cand('embedded', box(98, 104, 66, 28), 'A8C123', 70);
    const merged = mergeCandidates([a, b]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.text).toBe('ABC123');
    expect(merged[0]!.confidence).toBe(91);
    expect(merged[0]!.engine).toBe('openalpr+embedded');
    expect(covers(merged[0]!.polygon, a.polygon) && covers(merged[0]!.polygon, b.polygon)).toBe(true);
    expect(merged[0]!.candidates?.map((c) => c.text)).toEqual(['ABC123', 'A8C123']);
  });

  it('keeps separate plates and never merges two boxes of the same engine', () => {
    const a = cand('openalpr', box(0, 0, 50, 20), 'AAA');
    const b = cand('openalpr', box(10, 0, 50, 20), 'BBB');
    const c = cand('embedded', box(500, 300, 50, 20), 'CCC');
    expect(mergeCandidates([a, b, c])).toHaveLength(3);
  });

  it('joins a plate OpenALPR split in two (recorded) with the whole plate from another engine', () => {
    const split = parseAlprLine(recordedLines('us_two_plates.jsonl')[0]!).plates;
    const whole = cand('embedded', box(540, 1037, 326, 71), 'BB135BO', 80);
    const merged = mergeCandidates([...split, whole]);
    expect(merged).toHaveLength(1);
    for (const part of [...split, whole]) expect(covers(merged[0]!.polygon, part.polygon)).toBe(true);
    expect(merged[0]!.text).toBe('135B0'); // the most confident reading wins
  });

  it('prefers a candidate that has text over a more confident one without', () => {
    const merged = mergeCandidates([cand('embedded', box(0, 0, 40, 20), undefined, 99), cand('openalpr', box(0, 0, 40, 20), 'XYZ', 50)]);
    expect(merged[0]!.text).toBe('XYZ');
  });
});

describe('fuseEngines', () => {
  function engine(name: string, plates: (frame: Frame) => PlateCandidate[], log: string[], failInit = false): DetectionEngine {
    return {
      name,
      async init() {
        log.push(`${name}.init`);
        if (failInit) throw new Error(`${name} failed`);
      },
      async detect(frame) {
        log.push(`${name}.detect(${frame.index})`);
        return plates(frame);
      },
      async close() {
        log.push(`${name}.close`);
      },
    };
  }
  const frame: Frame = { index: 3, timestampMs: 100, width: 64, height: 64, data: Buffer.alloc(64 * 64 * 3) };

  it('runs every engine on the same frame and merges their candidates', async () => {
    const log: string[] = [];
    const fused = fuseEngines([
      engine('openalpr', () => [{ engine: 'openalpr', polygon: box(0, 0, 30, 10), text: 'AB1', confidence: 80 }], log),
      engine(
        'embedded',
        () => [
          { engine: 'embedded', polygon: box(1, 1, 30, 10), text: 'A81', confidence: 60 },
          { engine: 'embedded', polygon: box(40, 40, 20, 8) },
        ],
        log,
      ),
    ]);
    expect(fused.name).toBe('openalpr+embedded');
    await fused.init();
    const plates = await fused.detect(frame);
    await fused.close();
    expect(plates).toHaveLength(2);
    expect(plates.find((p) => p.text === 'AB1')?.engine).toBe('openalpr+embedded');
    expect(log).toEqual(['openalpr.init', 'embedded.init', 'openalpr.detect(3)', 'embedded.detect(3)', 'openalpr.close', 'embedded.close']);
  });

  it('closes every engine when one fails to start', async () => {
    const log: string[] = [];
    const fused = fuseEngines([engine('openalpr', () => [], log, true), engine('embedded', () => [], log)]);
    await expect(fused.init()).rejects.toThrow('openalpr failed');
    expect(log).toContain('openalpr.close');
    expect(log).toContain('embedded.close');
  });
});
