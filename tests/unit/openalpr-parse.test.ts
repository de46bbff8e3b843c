import { describe, expect, it } from 'vitest';
import { isAlprResultLine, OPENCV_TO_FRAME_OFFSET, parseAlprLine } from '../../src/detection/openalpr/parse.js';
import { recordedLines } from '../fixtures/openalpr/harness.js';

describe('parseAlprLine on recorded OpenALPR 2.3 output', () => {
  it('turns one result into a plate polygon with text, confidence and candidates', () => {
    const [line] = recordedLines('us_stdin.jsonl');
    const result = parseAlprLine(line!);
    expect(result.width).toBe(1280);
    expect(result.height).toBe(720);
    expect(result.processingTimeMs).toBeCloseTo(344.57, 1);
    expect(result.plates).toHaveLength(1);
    const plate = result.plates[0]!;
    expect(plate.engine).toBe('openalpr');
    expect(plate.text).toBe('HK0E7C');
    expect(plate.confidence).toBeCloseTo(90.069405, 5);
    // Corners from OpenCV pixel centres to number-jam's pixel-corner origin.
    const o = OPENCV_TO_FRAME_OFFSET;
    expect(plate.polygon).toEqual([
      [322 + o, 125 + o],
      [379 + o, 120 + o],
      [384 + o, 154 + o],
      [328 + o, 160 + o],
    ]);
    expect(plate.candidates?.map((c) => c.text)).toEqual(['HK0E7C', 'HKOE7C', 'HKQE7C', 'HKDE7C', 'MK0E7C']);
    const confidences = plate.candidates!.map((c) => c.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    expect(plate.region).toBeUndefined();
  });

  it('reads a frame without plates as an empty list', () => {
    const [, empty] = recordedLines('us_stdin.jsonl');
    expect(parseAlprLine(empty!).plates).toEqual([]);
  });

  it('keeps every result of a line with several plates', () => {
    const [line] = recordedLines('us_two_plates.jsonl');
    const result = parseAlprLine(line!, 'openalpr', 'gb');
    expect(result.height).toBe(1440);
    expect(result.plates.map((p) => p.text)).toEqual(['1BB1', '135B0']);
    expect(result.plates.every((p) => p.candidates?.length === 3 && p.region === 'gb')).toBe(true);
    expect(result.plates[1]!.polygon[2]).toEqual([874.5, 1130.5]);
  });

  it.each(['eu_stdin.jsonl', 'br_stdin.jsonl', 'au_stdin.jsonl', 'stdin_missing.stdout.jsonl'])('parses %s', (name) => {
    for (const line of recordedLines(name)) {
      const result = parseAlprLine(line);
      expect(result.plates.length).toBeGreaterThan(0);
      for (const plate of result.plates) {
        expect(plate.polygon).toHaveLength(4);
        expect(plate.text).toMatch(/^[A-Z0-9]+$/);
        expect(plate.confidence).toBeGreaterThan(0);
        expect(plate.confidence).toBeLessThanOrEqual(100);
      }
    }
  });

  it('rejects lines it cannot read instead of reporting "no plate"', () => {
    expect(() => parseAlprLine('Image file not found: x.jpg')).toThrow(/not JSON/);
    expect(() => parseAlprLine('{"data_type":"heartbeat"}')).toThrow(/not an alpr_results/);
    expect(() => parseAlprLine('{"data_type":"alpr_results","img_width":10,"img_height":10}')).toThrow(/results/);
    expect(() =>
      parseAlprLine('{"data_type":"alpr_results","img_width":10,"img_height":10,"results":[{"coordinates":[{"x":1,"y":2}]}]}'),
    ).toThrow(/1 coordinates/);
  });

  it('recognises result lines among other output', () => {
    expect(isAlprResultLine(recordedLines('us_stdin.jsonl')[0]!)).toBe(true);
    expect(isAlprResultLine('Frame: 12')).toBe(false);
    expect(isAlprResultLine('')).toBe(false);
  });
});
