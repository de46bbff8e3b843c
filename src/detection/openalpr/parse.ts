// Parses one line of `alpr -j` output (OpenALPR 2.3, JSON "version": 2) into plate candidates.
import type { PlateCandidate, Polygon } from '../../types.js';

/** One image's result line, reduced to what number-jam uses. */
export interface AlprImageResult {
  width: number;
  height: number;
  processingTimeMs: number;
  plates: PlateCandidate[];
}

interface RawPoint {
  x: number;
  y: number;
}
interface RawCandidate {
  plate: string;
  confidence: number;
}
interface RawResult {
  plate?: string;
  confidence?: number;
  region?: string;
  coordinates: RawPoint[];
  candidates?: RawCandidate[];
}

/**
 * OpenALPR reports corners in OpenCV's pixel convention (integer = pixel centre); number-jam's origin is
 * the top-left corner of the top-left pixel, so every corner moves by half a pixel.
 */
export const OPENCV_TO_FRAME_OFFSET = 0.5;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** True when `line` looks like an `alpr -j` result line (so other stdout chatter can be skipped). */
export function isAlprResultLine(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.startsWith('{') && trimmed.includes('"alpr_results"');
}

/**
 * Parses one result line. Throws on malformed JSON or a missing field: a line we cannot read must not be
 * mistaken for "no plate in this frame".
 * @param regionHint ISO region to attach to every plate (OpenALPR's own `region` field holds state codes
 *   such as "ca" for California, which would read as Canada, so it is not used).
 */
export function parseAlprLine(line: string, engine = 'openalpr', regionHint?: string): AlprImageResult {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new Error(`OpenALPR printed a line that is not JSON: ${line.slice(0, 120)}`);
  }
  if (!isObject(json) || json.data_type !== 'alpr_results') {
    throw new Error(`OpenALPR printed JSON that is not an alpr_results line: ${line.slice(0, 120)}`);
  }
  const width = json.img_width;
  const height = json.img_height;
  if (!isFiniteNumber(width) || !isFiniteNumber(height)) throw new Error('OpenALPR result without img_width/img_height');
  const results = json.results;
  if (!Array.isArray(results)) throw new Error('OpenALPR result without a results array');
  const plates = results.map((raw: unknown) => toCandidate(raw, engine, regionHint));
  const processingTimeMs = isFiniteNumber(json.processing_time_ms) ? json.processing_time_ms : 0;
  return { width, height, processingTimeMs, plates };
}

function toCandidate(raw: unknown, engine: string, regionHint: string | undefined): PlateCandidate {
  if (!isObject(raw) || !Array.isArray(raw.coordinates)) throw new Error('OpenALPR plate result without coordinates');
  const result = raw as unknown as RawResult;
  const polygon: Polygon = result.coordinates.map((point) => {
    if (!isObject(point) || !isFiniteNumber(point.x) || !isFiniteNumber(point.y)) {
      throw new Error('OpenALPR plate result with a malformed coordinate');
    }
    return [point.x + OPENCV_TO_FRAME_OFFSET, point.y + OPENCV_TO_FRAME_OFFSET];
  });
  if (polygon.length < 3) throw new Error(`OpenALPR plate result with ${polygon.length} coordinates`);

  const candidates = (Array.isArray(result.candidates) ? result.candidates : [])
    .filter((c): c is RawCandidate => isObject(c) && typeof c.plate === 'string' && isFiniteNumber(c.confidence))
    .map((c) => ({ text: c.plate, confidence: clampConfidence(c.confidence) }))
    .sort((a, b) => b.confidence - a.confidence);
  const text = typeof result.plate === 'string' ? result.plate : candidates[0]?.text;
  const confidence = isFiniteNumber(result.confidence) ? clampConfidence(result.confidence) : candidates[0]?.confidence;

  const candidate: PlateCandidate = { polygon, engine };
  if (text !== undefined && text.length > 0) candidate.text = text;
  if (confidence !== undefined) candidate.confidence = confidence;
  if (candidates.length > 0) candidate.candidates = candidates;
  if (regionHint) candidate.region = regionHint;
  return candidate;
}

function clampConfidence(value: number): number {
  return Math.min(100, Math.max(0, value));
}
