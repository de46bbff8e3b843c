import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedEngine, detectPlatesInRegion, type EmbeddedEngine } from '../../src/detection/embedded/index.js';
import { intersectionArea } from '../../src/geometry/clip.js';
import { polygonArea } from '../../src/geometry/polygon.js';
import type { Frame, PlateCandidate, Point } from '../../src/types.js';
import { rect } from '../helpers/shapes.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const stillsDir = path.resolve(repoRoot, '../shared/fixtures/stills');

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
const quad = (r: Rect): Point[] => rect(r.x, r.y, r.w, r.h);
const coverage = (c: PlateCandidate, r: Rect): number => intersectionArea(quad(r), c.polygon) / (r.w * r.h);
const touches = (cs: PlateCandidate[], r: Rect): PlateCandidate[] => cs.filter((c) => intersectionArea(quad(r), c.polygon) > 0);
const norm = (t: string | undefined): string => (t ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

// A generated street scene: two plates of different formats, a clock overlay and two signs.
const W = 1280;
const H = 720;
const plateUk: Rect = { x: 300, y: 420, w: 260, h: 60 };
const plateUs: Rect = { x: 820, y: 450, w: 150, h: 76 };
const clock: Rect = { x: 20, y: 16, w: 400, h: 36 };
const notice: Rect = { x: 820, y: 120, w: 260, h: 90 };
const exitOnly: Rect = { x: 120, y: 150, w: 380, h: 80 };
// A big door number and a small badge in mid-frame: text, but too short to be a plate.
const doorNumber: Rect = { x: 600, y: 250, w: 90, h: 110 };
const badge: Rect = { x: 1100, y: 300, w: 60, h: 36 };
// A plate cut by the right frame edge: only its first characters are in view.
const cutPlate: Rect = { x: 1160, y: 600, w: 240, h: 60 };

function sceneSvg(): string {
  const font = "font-family='DejaVu Sans' font-weight='bold'";
  return `<svg xmlns='http://www.w3.org/2000/svg' width='${W}' height='${H}'>
  <defs><linearGradient id='g' x1='0' y1='0' x2='0' y2='1'><stop offset='0' stop-color='#6a7b8c'/><stop offset='1' stop-color='#3b3f44'/></linearGradient></defs>
  <rect width='${W}' height='${H}' fill='url(#g)'/>
  <rect x='250' y='360' width='360' height='200' rx='20' fill='#8a1c1c'/>
  <rect x='${plateUk.x}' y='${plateUk.y}' width='${plateUk.w}' height='${plateUk.h}' rx='6' fill='#f4f4f0' stroke='#111' stroke-width='3'/>
  <text x='${plateUk.x + plateUk.w / 2}' y='${plateUk.y + 46}' ${font} font-size='44' text-anchor='middle' fill='#111'>AB12 CDE</text>
  <rect x='780' y='400' width='230' height='170' rx='20' fill='#1c3f8a'/>
  <rect x='${plateUs.x}' y='${plateUs.y}' width='${plateUs.w}' height='${plateUs.h}' rx='6' fill='#fafafa' stroke='#333' stroke-width='2'/>
  <text x='${plateUs.x + plateUs.w / 2}' y='${plateUs.y + 18}' ${font} font-size='13' text-anchor='middle' fill='#a01010'>California</text>
  <text x='${plateUs.x + plateUs.w / 2}' y='${plateUs.y + 58}' ${font} font-size='36' text-anchor='middle' fill='#102060'>7XYZ482</text>
  <rect x='${clock.x}' y='${clock.y}' width='${clock.w}' height='${clock.h}' fill='#000'/>
  <text x='${clock.x + 10}' y='${clock.y + 27}' font-family='DejaVu Sans Mono' font-size='26' fill='#fff'>2023-05-01 08:04:42</text>
  <rect x='${notice.x}' y='${notice.y}' width='${notice.w}' height='${notice.h}' fill='#fff' stroke='#c00' stroke-width='4'/>
  <text x='${notice.x + notice.w / 2}' y='${notice.y + 64}' ${font} font-size='52' text-anchor='middle' fill='#c00'>NOTICE</text>
  <rect x='${exitOnly.x}' y='${exitOnly.y}' width='${exitOnly.w}' height='${exitOnly.h}' fill='#0a5' />
  <text x='${exitOnly.x + exitOnly.w / 2}' y='${exitOnly.y + 56}' ${font} font-size='46' text-anchor='middle' fill='#fff'>EXIT ONLY</text>
  <text x='${doorNumber.x + doorNumber.w / 2}' y='${doorNumber.y + 95}' ${font} font-size='110' text-anchor='middle' fill='#eee'>3</text>
  <rect x='${badge.x}' y='${badge.y}' width='${badge.w}' height='${badge.h}' rx='8' fill='#ccc'/>
  <text x='${badge.x + badge.w / 2}' y='${badge.y + 28}' ${font} font-size='26' text-anchor='middle' fill='#222'>12</text>
  <rect x='${cutPlate.x}' y='${cutPlate.y}' width='${cutPlate.w}' height='${cutPlate.h}' rx='6' fill='#f4f4f0' stroke='#111' stroke-width='3'/>
  <text x='${cutPlate.x + 14}' y='${cutPlate.y + 46}' ${font} font-size='44' fill='#111'>KM47 PLX</text>
</svg>`;
}

async function renderScene(): Promise<Frame> {
  const { data, info } = await sharp(Buffer.from(sceneSvg())).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { index: 0, timestampMs: 0, width: info.width, height: info.height, data };
}

function bestFor(cs: PlateCandidate[], r: Rect): PlateCandidate | undefined {
  return [...cs].sort((a, b) => coverage(b, r) - coverage(a, r))[0];
}

describe('embedded engine on a generated scene', () => {
  let plates: EmbeddedEngine;
  let allText: EmbeddedEngine;
  let frame: Frame;
  let found: PlateCandidate[];
  let foundAll: PlateCandidate[];

  beforeAll(async () => {
    frame = await renderScene();
    plates = createEmbeddedEngine();
    allText = createEmbeddedEngine({ obscureAllText: true });
    await Promise.all([plates.init(), allText.init()]);
    found = await plates.detect(frame);
    foundAll = await allText.detect(frame);
  });
  afterAll(async () => {
    await plates?.close();
    await allText?.close();
  });

  it('is named embedded', () => {
    expect(plates.name).toBe('embedded');
  });

  it.each([
    ['UK-style plate', plateUk, 'AB12CDE'],
    ['US-style plate with a state name', plateUs, '7XYZ482'],
  ])('finds and reads the %s', (_label, rect, text) => {
    const best = bestFor(found, rect);
    expect(best, JSON.stringify(found)).toBeDefined();
    expect(coverage(best!, rect)).toBeGreaterThanOrEqual(0.8);
    // Not a huge over-cover: the polygon stays within a few plate areas.
    expect(polygonArea(best!.polygon)).toBeLessThan(3 * rect.w * rect.h);
    expect(editDistance(norm(best!.text), text)).toBeLessThanOrEqual(1);
    expect(best!.confidence).toBeGreaterThan(50);
    expect(best!.engine).toBe('embedded');
  });

  it('rejects the clock overlay and the signs by default', () => {
    expect(touches(found, clock)).toEqual([]);
    expect(touches(found, notice)).toEqual([]);
    expect(touches(found, exitOnly)).toEqual([]);
  });

  it('rejects short text in mid-frame (a door number, a badge) by default', () => {
    expect(touches(found, doorNumber)).toEqual([]);
    expect(touches(found, badge)).toEqual([]);
  });

  it('keeps the visible part of a plate cut by the frame edge', () => {
    const cut = { ...cutPlate, w: W - cutPlate.x };
    const best = bestFor(found, cut);
    expect(best, JSON.stringify(found)).toBeDefined();
    expect(coverage(best!, cut)).toBeGreaterThanOrEqual(0.8);
  });

  it('keeps the clock overlay and the signs with obscureAllText', () => {
    expect(touches(foundAll, clock).length).toBeGreaterThan(0);
    expect(touches(foundAll, notice).length).toBeGreaterThan(0);
    expect(touches(foundAll, exitOnly).length).toBeGreaterThan(0);
    expect(touches(foundAll, doorNumber).length + touches(foundAll, badge).length).toBeGreaterThan(0);
    expect(bestFor(foundAll, plateUk) && coverage(bestFor(foundAll, plateUk)!, plateUk)).toBeGreaterThanOrEqual(0.8);
  });

  it('refines a plate inside a region and reports frame coordinates', async () => {
    const region = { x: plateUs.x - 60, y: plateUs.y - 50, width: plateUs.w + 120, height: plateUs.h + 100 };
    const inRegion = await detectPlatesInRegion(plates, frame, region);
    const best = bestFor(inRegion, plateUs);
    expect(best).toBeDefined();
    expect(coverage(best!, plateUs)).toBeGreaterThanOrEqual(0.8);
    expect(editDistance(norm(best!.text), '7XYZ482')).toBeLessThanOrEqual(1);
  });

  it('finds nothing on a blank frame', async () => {
    const blank: Frame = { index: 1, timestampMs: 40, width: 640, height: 360, data: Buffer.alloc(640 * 360 * 3, 90) };
    expect(await plates.detect(blank)).toEqual([]);
  });
});

const still = path.join(stillsDir, 'us_wts-lg-000125.jpg');
describe.skipIf(!fs.existsSync(still))('embedded engine on a fixture still (skipped: ../shared/fixtures absent)', () => {
  it('finds and reads the plate of a real photo', async () => {
    const truth = JSON.parse(fs.readFileSync(still.replace(/\.jpg$/, '.truth.json'), 'utf8')) as {
      plates: { text: string; polygon: Point[] }[];
    };
    const { data, info } = await sharp(still).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const engine = createEmbeddedEngine();
    try {
      const found = await engine.detect({ index: 0, timestampMs: 0, width: info.width, height: info.height, data });
      const plate = truth.plates[0]!;
      const cover = (c: PlateCandidate): number => intersectionArea(plate.polygon, c.polygon) / polygonArea(plate.polygon);
      const best = [...found].sort((a, b) => cover(b) - cover(a))[0];
      expect(best).toBeDefined();
      expect(cover(best!)).toBeGreaterThanOrEqual(0.8);
      expect(editDistance(norm(best!.text), plate.text)).toBeLessThanOrEqual(1);
    } finally {
      await engine.close();
    }
  });
});
