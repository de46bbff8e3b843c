// Character scan: text detectors sometimes return a plate polygon that clips the outer characters.
// OCR the band around each plate and widen the polygon over characters of the plate's own text line.
import type { Frame, Polygon } from '../../types.js';
import { sauvolaBinarise, stretchContrast } from './binarise.js';
import {
  type FoundCharacter,
  plateGeometryOf,
  type ScanRegionOptions,
  scanRegionFor,
  type WidenOptions,
  widenPolygon,
} from './geometry.js';
import { createLineOcr, type OcrSymbol, type SegmentationMode } from './tesseract.js';
import { chooseScale, type RegionImage, regionImageToFrame, warpRegion } from './warp.js';

export { type GreyImage, sauvolaBinarise, stretchContrast } from './binarise.js';
export * from './geometry.js';
export { locateTraineddata, type OcrSymbol, type SegmentationMode, symbolsOf } from './tesseract.js';
export { chooseScale, type RegionImage, regionImageToFrame, warpRegion } from './warp.js';

export interface CharacterScanner {
  widen(frame: Frame, polygon: Polygon): Promise<Polygon>;
  close(): Promise<void>;
}

/** Knobs of the scan; the defaults are what the benchmark on real stills supported. */
export interface ScanSettings {
  segmentation: SegmentationMode;
  /** How the region is prepared for OCR; 'both' runs OCR twice and pools the characters. */
  preprocess: 'stretch' | 'sauvola' | 'both';
  /** Expected character height as a fraction of the polygon height (sets the OCR scale). */
  charHeightFraction: number;
  /** Character height in OCR image pixels. */
  targetCharHeight: number;
  region: ScanRegionOptions;
  widen: WidenOptions;
}

export const DEFAULT_SCAN_SETTINGS: ScanSettings = {
  // Single-block segmentation on both a contrast-stretched and a locally binarised copy read the most
  // clipped characters on the real stills (54 plates, polygons cut by 25% per side), with few false
  // widenings once implausibly wide boxes are rejected; one pass of either alone found ~20% fewer.
  segmentation: '6',
  preprocess: 'both',
  charHeightFraction: 0.6,
  targetCharHeight: 48,
  // Only the plate's own text line can widen it, so the band need not reach far above or below;
  // a tall band lets bumper and dealer text disturb Tesseract's layout analysis.
  region: { sideFactor: 1.0, verticalFactor: 0.25 },
  widen: {},
};

/** Below this polygon height (frame pixels) characters are too small to read; the scan is skipped. */
const MIN_PLATE_HEIGHT = 6;

/** Binary PGM: Leptonica inside Tesseract reads it directly, so no PNG encode is needed. */
export function encodePgm(data: Buffer, width: number, height: number): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, 'ascii'), data.subarray(0, width * height)]);
}

/** Maps OCR symbol boxes in the region image back to frame-coordinate quads. */
export function symbolsToFrame(image: RegionImage, symbols: readonly OcrSymbol[]): FoundCharacter[] {
  return symbols.map((s) => ({
    text: s.text,
    confidence: s.confidence,
    polygon: [
      regionImageToFrame(image, s.x0, s.y0),
      regionImageToFrame(image, s.x1, s.y0),
      regionImageToFrame(image, s.x1, s.y1),
      regionImageToFrame(image, s.x0, s.y1),
    ],
  }));
}

/** Drops characters whose centre lies outside the frame (read from edge-repeated fill, not real pixels). */
function insideFrame(frame: Frame, c: FoundCharacter): boolean {
  const x = c.polygon.reduce((s, p) => s + p[0], 0) / c.polygon.length;
  const y = c.polygon.reduce((s, p) => s + p[1], 0) / c.polygon.length;
  return x >= 0 && y >= 0 && x <= frame.width && y <= frame.height;
}

function isUsablePolygon(polygon: Polygon): boolean {
  return polygon.length >= 3 && polygon.every((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
}

/** Scans remembered for exact reuse (a few plates in view at once; each entry holds one small grey image). */
const REMEMBERED_SCANS = 16;

/** One finished scan: what went in (the polygon, the frame size, the resampled pixels) and what came out. */
interface RememberedScan {
  polygon: Polygon;
  frameWidth: number;
  frameHeight: number;
  pixels: Buffer;
  frameIndex: number;
  widened: Polygon;
}

function samePolygon(a: Polygon, b: Polygon): boolean {
  return a.length === b.length && a.every((p, i) => p[0] === b[i]![0] && p[1] === b[i]![1]);
}

/**
 * Starts the OCR worker that every `widen` call then reuses. It starts in the background (its worker thread
 * loads for about 0.3-1 s of CPU while the caller loads its models and decodes), and the first `widen` waits
 * for it: a failed start is reported by that call (a video that needs no scan never waits for the worker).
 */
export async function createCharacterScanner(options: { log?: (line: string) => void } = {}): Promise<CharacterScanner> {
  return createCharacterScannerWith(DEFAULT_SCAN_SETTINGS, options.log);
}

/** `createCharacterScanner` with explicit settings (benchmarks compare them). */
export async function createCharacterScannerWith(
  settings: ScanSettings,
  log: (line: string) => void = () => {},
): Promise<CharacterScanner> {
  const started = performance.now();
  const starting = createLineOcr(settings.segmentation).then((ocr) => {
    log(`charscan: tesseract ready in ${Math.round(performance.now() - started)} ms`);
    return ocr;
  });
  // Nobody may ask for a scan before a start failure surfaces: that is not an unhandled rejection.
  starting.catch(() => undefined);
  // Tesseract reads identical input identically, so a scan of the same polygon over the same pixels (a static
  // plate in a static or small video, where most detection runs see the plate unchanged) is answered from here.
  const remembered: RememberedScan[] = [];
  return {
    async widen(frame: Frame, polygon: Polygon): Promise<Polygon> {
      const copy = polygon.map((p): [number, number] => [p[0], p[1]]);
      if (!isUsablePolygon(polygon)) return copy;
      const plate = plateGeometryOf(polygon);
      const plateHeight = plate.vMax - plate.vMin;
      if (!(plateHeight >= MIN_PLATE_HEIGHT) || !(plate.uMax - plate.uMin > 0)) return copy;
      const t0 = performance.now();
      const region = scanRegionFor(polygon, settings.region);
      const scale = chooseScale(region, settings.charHeightFraction * plateHeight, {
        targetCharHeight: settings.targetCharHeight,
      });
      const image = warpRegion(frame, region, scale);
      // The region, scale and resampling follow from the polygon alone: the same polygon over the same
      // resampled pixels in a frame of the same size is the same OCR input, hence the same widening.
      const same = remembered.find(
        (r) =>
          r.frameWidth === frame.width && r.frameHeight === frame.height && samePolygon(r.polygon, polygon) && r.pixels.equals(image.data),
      );
      if (same) {
        log(`charscan: frame ${frame.index}: the pixels scanned on frame ${same.frameIndex}, not read again`);
        return same.widened.map((p): [number, number] => [p[0], p[1]]);
      }
      const ocr = await starting;
      const inputs: Buffer[] = [];
      if (settings.preprocess !== 'sauvola') inputs.push(stretchContrast(image));
      if (settings.preprocess !== 'stretch') inputs.push(sauvolaBinarise(image, settings.targetCharHeight * 1.5));
      const symbols: OcrSymbol[] = [];
      for (const input of inputs) symbols.push(...(await ocr.recognize(encodePgm(input, image.width, image.height))));
      const characters = symbolsToFrame(image, symbols).filter((c) => insideFrame(frame, c));
      const widened = widenPolygon(polygon, region, characters, settings.widen);
      remembered.push({
        polygon: copy,
        frameWidth: frame.width,
        frameHeight: frame.height,
        pixels: Buffer.from(image.data),
        frameIndex: frame.index,
        widened,
      });
      if (remembered.length > REMEMBERED_SCANS) remembered.shift();
      log(
        `charscan: frame ${frame.index}: ${symbols.map((s) => s.text).join('') || '-'} ` +
          `(${image.width}x${image.height}) in ${Math.round(performance.now() - t0)} ms`,
      );
      return widened.map((p): [number, number] => [p[0], p[1]]);
    },
    close: async () => {
      const ocr = await starting.catch(() => undefined);
      await ocr?.close();
    },
  };
}
