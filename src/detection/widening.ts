import { polygonCentroid, polygonExtent } from '../geometry/polygon.js';
import type { Frame, PlateCandidate, Polygon } from '../types.js';
import type { CharacterScanner } from './charscan/index.js';
import { extendAlongLongAxis, plateGeometryOf, toPlate } from './charscan/index.js';

/** How far a scan widened a plate, per side, in units of the plate's width, and where it was. */
interface WideningRecord {
  timestampMs: number;
  centre: [number, number];
  width: number;
  left: number;
  right: number;
}

/** Growth of `widened` beyond `original` along the original's long axis, in units of its width. */
export function wideningRatios(original: Polygon, widened: Polygon): { left: number; right: number } {
  const plate = plateGeometryOf(original);
  const us = widened.map((p) => toPlate(plate.axes, p)[0]);
  const width = Math.max(1e-6, plate.uMax - plate.uMin);
  return {
    left: Math.max(0, (plate.uMin - Math.min(...us)) / width),
    right: Math.max(0, (Math.max(...us) - plate.uMax) / width),
  };
}

/**
 * Widens plate candidates whose polygon clipped outer characters, using the character scanner.
 * OCR costs tens of milliseconds per plate, so a plate is scanned at most once per `rescanMs` of video;
 * in between, a candidate at the same place and scale reuses the last scan's widening (a plate's
 * characters do not change from frame to frame, only its position).
 */
export class ClippedCharacterWidener {
  private records: WideningRecord[] = [];

  constructor(
    private readonly scanner: CharacterScanner,
    private readonly rescanMs = 1000,
  ) {}

  async widen(frame: Frame, candidates: PlateCandidate[]): Promise<PlateCandidate[]> {
    this.records = this.records.filter((r) => frame.timestampMs - r.timestampMs < this.rescanMs);
    const out: PlateCandidate[] = [];
    for (const candidate of candidates) {
      const centre = polygonCentroid(candidate.polygon);
      const [width] = polygonExtent(candidate.polygon);
      let record = this.records.find(
        (r) => Math.hypot(r.centre[0] - centre[0], r.centre[1] - centre[1]) < width && r.width / width > 0.7 && r.width / width < 1.4,
      );
      if (!record) {
        const widened = await this.scanner.widen(frame, candidate.polygon);
        record = { timestampMs: frame.timestampMs, centre, width, ...wideningRatios(candidate.polygon, widened) };
        this.records.push(record);
      } else {
        // follow the plate so the next frame finds this record again
        record.centre = centre;
        record.width = width;
      }
      const polygon =
        record.left > 0 || record.right > 0
          ? extendAlongLongAxis(candidate.polygon, record.left * width, record.right * width)
          : candidate.polygon;
      out.push({ ...candidate, polygon });
    }
    return out;
  }
}
