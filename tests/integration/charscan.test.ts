// Renders plates with sharp (SVG text in DejaVu Sans Mono, a required test prerequisite), hands the character
// scan a polygon that clips outer characters, and checks the widened polygon covers their rendered pixels.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CharacterScanner, createCharacterScanner, plateGeometryOf } from '../../src/detection/charscan/index.js';
import { pointInOrOnPolygon } from '../../src/geometry/polygon.js';
import type { Frame, Point, Polygon } from '../../src/types.js';
import { fontAvailable, requirePrerequisite } from '../helpers/prerequisites.js';

const WIDTH = 800;
const HEIGHT = 400;
const PLATE = { x: 220, y: 150, width: 360, height: 84 };
const FONT_SIZE = 60;

const FONT = 'DejaVu Sans Mono';

interface Scene {
  text: string;
  /** Degrees, clockwise, about the plate centre. */
  rotation: number;
  /** Extra SVG drawn around the plate (unrelated text). */
  extra?: string;
}

function svgOf(scene: Scene, { plateOnly }: { plateOnly: boolean }): string {
  const cx = PLATE.x + PLATE.width / 2;
  const cy = PLATE.y + PLATE.height / 2;
  const background = plateOnly ? 'white' : '#6b7078';
  const plate = plateOnly
    ? ''
    : `<rect x="${PLATE.x}" y="${PLATE.y}" width="${PLATE.width}" height="${PLATE.height}" rx="6" fill="#f4f4f0" stroke="#222" stroke-width="3"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
  <rect width="${WIDTH}" height="${HEIGHT}" fill="${background}"/>
  <g transform="rotate(${plateOnly ? 0 : scene.rotation} ${cx} ${cy})">
    ${plate}
    <text x="${cx}" y="${cy + FONT_SIZE * 0.36}" font-family="${FONT}" font-weight="bold" font-size="${FONT_SIZE}"
      text-anchor="middle" fill="#151515">${scene.text}</text>
    ${plateOnly ? '' : (scene.extra ?? '')}
  </g></svg>`;
}

async function render(svg: string): Promise<Frame> {
  const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { index: 0, timestampMs: 0, width: info.width, height: info.height, data };
}

/**
 * Boxes of the rendered characters of an unrotated plate: runs of columns holding dark pixels
 * (monospace bold glyphs never touch), each with the rows its dark pixels span.
 */
function characterBoxes(frame: Frame): { x0: number; x1: number; y0: number; y1: number }[] {
  const dark = (x: number, y: number): boolean => frame.data[(y * frame.width + x) * 3]! < 160;
  const boxes: { x0: number; x1: number; y0: number; y1: number }[] = [];
  let current: { x0: number; x1: number; y0: number; y1: number } | null = null;
  for (let x = 0; x < frame.width; x++) {
    let y0 = Infinity;
    let y1 = -Infinity;
    for (let y = 0; y < frame.height; y++) {
      if (dark(x, y)) {
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y + 1);
      }
    }
    if (y1 > y0) {
      if (!current) current = { x0: x, x1: x + 1, y0, y1 };
      current.x1 = x + 1;
      current.y0 = Math.min(current.y0, y0);
      current.y1 = Math.max(current.y1, y1);
    } else if (current) {
      boxes.push(current);
      current = null;
    }
  }
  return boxes;
}

function rotateAboutPlate(p: Point, degrees: number): Point {
  const cx = PLATE.x + PLATE.width / 2;
  const cy = PLATE.y + PLATE.height / 2;
  const a = (degrees * Math.PI) / 180;
  const dx = p[0] - cx;
  const dy = p[1] - cy;
  return [cx + dx * Math.cos(a) - dy * Math.sin(a), cy + dx * Math.sin(a) + dy * Math.cos(a)];
}

function corners(b: { x0: number; x1: number; y0: number; y1: number }, degrees: number): Point[] {
  return (
    [
      [b.x0, b.y0],
      [b.x1, b.y0],
      [b.x1, b.y1],
      [b.x0, b.y1],
    ] as Point[]
  ).map((p) => rotateAboutPlate(p, degrees));
}

const covers = (polygon: Polygon, points: Point[]): boolean => points.every((p) => pointInOrOnPolygon(p[0], p[1], polygon, 0.5));

interface Prepared {
  frame: Frame;
  /** Corner points of every rendered character, in frame coordinates. */
  characters: Point[][];
  /** A detection polygon spanning characters [first, last] only, cutting through `first`/`last` by `cut`. */
  clippedPolygon(first: number, last: number, cut?: number): Polygon;
}

async function prepare(scene: Scene): Promise<Prepared> {
  const boxes = characterBoxes(await render(svgOf(scene, { plateOnly: true })));
  expect(boxes.length).toBe(scene.text.length);
  const top = Math.min(...boxes.map((b) => b.y0)) - 6;
  const bottom = Math.max(...boxes.map((b) => b.y1)) + 6;
  return {
    frame: await render(svgOf(scene, { plateOnly: false })),
    characters: boxes.map((b) => corners(b, scene.rotation)),
    clippedPolygon(first, last, cut = 0.5) {
      // Cut `cut` of the way into the outermost kept characters: the detector clipped them.
      const left = boxes[first]!.x0 + (boxes[first]!.x1 - boxes[first]!.x0) * (first > 0 ? cut : 0) - (first > 0 ? 0 : 4);
      const right =
        boxes[last]!.x1 - (boxes[last]!.x1 - boxes[last]!.x0) * (last < boxes.length - 1 ? cut : 0) + (last < boxes.length - 1 ? 0 : 4);
      return (
        [
          [left, top],
          [right, top],
          [right, bottom],
          [left, bottom],
        ] as Point[]
      ).map((p) => rotateAboutPlate(p, scene.rotation));
    },
  };
}

requirePrerequisite(fontAvailable(FONT), `the ${FONT} font (SVG text of the rendered plates)`, 'install fonts-dejavu-core');

describe('character scan on rendered plates', () => {
  let scanner: CharacterScanner;
  const log: string[] = [];

  beforeAll(async () => {
    scanner = await createCharacterScanner({ log: (line) => log.push(line) });
  });
  afterAll(async () => {
    await scanner?.close();
    console.log(log.join('\n'));
  });

  it('widens a polygon that clipped one character on each side', async () => {
    const scene = await prepare({ text: 'AB12CDE', rotation: 0 });
    // The polygon keeps B..D and cuts half into B and D: A and E are (almost) entirely outside.
    const polygon = scene.clippedPolygon(1, 5, 0.5);
    const outer = [scene.characters[0]!, scene.characters[6]!];
    expect(outer.some((c) => covers(polygon, c))).toBe(false);
    const widened = await scanner.widen(scene.frame, polygon);
    for (const c of scene.characters) expect(covers(widened, c)).toBe(true);
  });

  it('widens a slightly rotated polygon that clipped two characters on the right', async () => {
    const scene = await prepare({ text: 'KP58XRT', rotation: -6 });
    const polygon = scene.clippedPolygon(0, 4, 0.3);
    expect(covers(polygon, scene.characters[5]!)).toBe(false);
    expect(covers(polygon, scene.characters[6]!)).toBe(false);
    const widened = await scanner.widen(scene.frame, polygon);
    for (const c of scene.characters) expect(covers(widened, c)).toBe(true);
  });

  it('does not widen over text above or below the plate', async () => {
    // Dealer name under the plate and a sticker above it, both reaching beyond its sides.
    const extra = `
      <text x="${PLATE.x + PLATE.width + 40}" y="${PLATE.y - 18}" font-family="${FONT}" font-weight="bold" font-size="34" fill="#151515">SALE</text>
      <text x="${PLATE.x - 120}" y="${PLATE.y + PLATE.height + 44}" font-family="${FONT}" font-weight="bold" font-size="34" fill="#151515">MOTORS 24</text>`;
    const scene = await prepare({ text: 'GH34JKL', rotation: 0, extra });
    const polygon = scene.clippedPolygon(0, 6);
    const widened = await scanner.widen(scene.frame, polygon);
    const before = plateGeometryOf(polygon);
    const after = plateGeometryOf(widened);
    // At most the plate's own border may be picked up beside the characters (a few pixels).
    expect(after.uMax - after.uMin - (before.uMax - before.uMin)).toBeLessThan(0.1 * PLATE.width);
  });
});

describe('character scan reuse and start', () => {
  it('reads a polygon over unchanged pixels once, and again once the pixels change', async () => {
    const log: string[] = [];
    const scanner = await createCharacterScanner({ log: (line) => log.push(line) });
    const ocrReads = (): number => log.filter((line) => /\) in \d+ ms$/.test(line)).length;
    try {
      const scene = await prepare({ text: 'AB12CDE', rotation: 0 });
      const polygon = scene.clippedPolygon(1, 5, 0.5);
      const first = await scanner.widen(scene.frame, polygon);
      const again = await scanner.widen({ ...scene.frame, index: 1, data: Buffer.from(scene.frame.data) }, polygon);
      expect(again).toEqual(first);
      expect(ocrReads()).toBe(1);
      expect(log.some((line) => line.includes('frame 1: the pixels scanned on frame 0, not read again'))).toBe(true);
      // The same polygon one pixel to the right is another OCR input; so is one changed pixel in the region.
      await scanner.widen(
        scene.frame,
        polygon.map((p): Point => [p[0] + 1, p[1]]),
      );
      expect(ocrReads()).toBe(2);
      const touched = Buffer.from(scene.frame.data);
      const [x, y] = polygon[0]!.map(Math.round) as Point;
      for (let row = y + 4; row < y + 8; row++)
        touched.fill(90, (row * scene.frame.width + x + 4) * 3, (row * scene.frame.width + x + 8) * 3);
      await scanner.widen({ ...scene.frame, index: 2, data: touched }, polygon);
      expect(ocrReads()).toBe(3);
    } finally {
      await scanner.close();
    }
  });

  it('hands out the scanner before its OCR worker is ready, and the first scan waits for it', async () => {
    const log: string[] = [];
    const scanner = await createCharacterScanner({ log: (line) => log.push(line) });
    try {
      // The worker loads its WASM core and traineddata in the background (hundreds of milliseconds).
      expect(log.some((line) => line.includes('tesseract ready'))).toBe(false);
      const scene = await prepare({ text: 'KP58XRT', rotation: 0 });
      const widened = await scanner.widen(scene.frame, scene.clippedPolygon(0, 4, 0.3));
      expect(log.some((line) => line.includes('tesseract ready'))).toBe(true);
      for (const c of scene.characters) expect(covers(widened, c)).toBe(true);
    } finally {
      await scanner.close();
    }
  });
});

describe('character scan input guards', () => {
  it('returns degenerate or tiny polygons unchanged without running OCR', async () => {
    const scanner = await createCharacterScanner();
    try {
      const frame: Frame = { index: 0, timestampMs: 0, width: 64, height: 64, data: Buffer.alloc(64 * 64 * 3, 255) };
      const line: Polygon = [
        [1, 1],
        [20, 1],
      ];
      const tiny: Polygon = [
        [10, 10],
        [30, 10],
        [30, 13],
        [10, 13],
      ];
      expect(await scanner.widen(frame, line)).toEqual(line);
      expect(await scanner.widen(frame, tiny)).toEqual(tiny);
    } finally {
      await scanner.close();
    }
    await expect(
      scanner.widen({ index: 0, timestampMs: 0, width: 1, height: 1, data: Buffer.alloc(3) }, [
        [0, 0],
        [40, 0],
        [40, 20],
        [0, 20],
      ]),
    ).rejects.toThrow(/closed/);
  });
});
