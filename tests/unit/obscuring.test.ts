import { describe, expect, it } from 'vitest';
import { distanceToOutline, pointInPolygon } from '../../src/geometry/polygon.js';
import { CompactHistory, HistoryStore } from '../../src/history.js';
import { paddingPixels } from '../../src/obscuring/padding.js';
import { type FillStyle, featherWidth, fillFeathered, paddedShape, sampleFillColour } from '../../src/obscuring/paint.js';
import { obscureFrame } from '../../src/obscuring/render.js';
import { MAX_STEP, SteadyColours } from '../../src/obscuring/steadyColour.js';
import { CoverTimeline, fadeOpacity, polygonsBetween } from '../../src/obscuring/timeline.js';
import { AUTO_PADDING_HEIGHT, AUTO_PADDING_WIDTH, OPTIONS } from '../../src/options/index.js';
import { parsePadding } from '../../src/options/padding.js';
import type { HistoryEntry, Polygon } from '../../src/types.js';
import { UserError } from '../../src/util/errors.js';

const box = (x: number, y: number, w: number, h: number): Polygon => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
];
const entry = (timestamp: number, polygon: Polygon): HistoryEntry => ({ timestamp, polygon, source: 'detection' });

describe('shapes that cannot be drawn', () => {
  const image = () => ({ width: 40, height: 30, data: Buffer.alloc(40 * 30 * 3, 50) });
  const pixels = { paddingWidth: { value: 2, unit: 'px' as const }, paddingHeight: { value: 2, unit: 'px' as const } };

  it.each([
    ['an Infinity coordinate', box(5, 5, Infinity, 8), pixels],
    [
      'coordinates that overflow when subtracted',
      [
        [-9e307, 5],
        [9e307, 5],
        [9e307, 20],
        [-9e307, 20],
      ] as Polygon,
      pixels,
    ],
    ['an Infinity padding', box(5, 5, 10, 8), { ...pixels, paddingWidth: { value: Infinity, unit: 'px' as const } }],
    ['a padding of 1e300 px', box(5, 5, 10, 8), { ...pixels, paddingHeight: { value: 1e300, unit: 'px' as const } }],
  ])('%s is an error naming the track and time, never a frame painted with nothing', (_, polygon, style) => {
    const frame = image();
    expect(() => obscureFrame(frame, [{ track: 3, polygon, opacity: 1 }], style, { timestampMs: 1240 })).toThrow(
      /^cannot draw the cover of track 3 at 1240 ms: /,
    );
  });

  it('a huge but drawable shape covers the whole frame', () => {
    const frame = image();
    frame.data[0] = 200;
    obscureFrame(frame, [{ track: 0, polygon: box(-5e6, -5e6, 1e7, 1e7), opacity: 1 }], pixels, { timestampMs: 0 });
    const first = [...frame.data.subarray(0, 3)];
    for (let i = 0; i < frame.data.length; i += 3) expect([...frame.data.subarray(i, i + 3)]).toEqual(first);
    expect(first).toEqual([50, 50, 50]);
  });

  it('an overflowing padding number is refused where it is parsed', () => {
    expect(() => parsePadding('9'.repeat(400), '--padding-width', 'width')).toThrow(
      /--padding-width: '9{21}\.\.\.' is not a finite number/,
    );
  });
});

describe('padding syntax', () => {
  it('parses pixels and percentages', () => {
    expect(parsePadding('10', 'padding', 'width')).toEqual({ value: 10, unit: 'px' });
    expect(parsePadding('12px', 'padding', 'width')).toEqual({ value: 12, unit: 'px' });
    expect(parsePadding('5%', 'padding', 'width')).toEqual({ value: 5, unit: '%' });
    expect(paddingPixels(parsePadding('5%', 'padding', 'width'), 200)).toBe(10);
  });

  it.each(['', 'ten', '-3', '5 %%', '10pt', '1e3'])('rejects %j with one line naming the flag', (text) => {
    expect(() => parsePadding(text, '--padding-width', 'width')).toThrow(UserError);
    try {
      parsePadding(text, '--padding-width', 'width');
    } catch (error) {
      expect((error as Error).message).toMatch(/^--padding-width: /);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

describe('auto padding', () => {
  it('is 10 px for large plates and shrinks with small ones (5 % of the width, 10 % of the height)', () => {
    const width = parsePadding('auto', '--padding-width', 'width');
    const height = parsePadding('AUTO', '--padding-height', 'height');
    expect(paddingPixels(width, 300)).toBe(10);
    expect(paddingPixels(height, 120)).toBe(10);
    expect(paddingPixels(width, 60)).toBeCloseTo(3);
    expect(paddingPixels(height, 30)).toBeCloseTo(3);
    expect(OPTIONS.paddingHeight.parse("Input 'padding-height'", 'auto')).toEqual(height);
  });

  it('grows a small plate by a tenth of its height, not by 10 px', () => {
    const style = {
      paddingWidth: parsePadding('auto', '--padding-width', 'width'),
      paddingHeight: parsePadding('auto', '--padding-height', 'height'),
    };
    const [tl, , br] = paddedShape(box(100, 100, 60, 20), style);
    expect(br![0] - tl![0]).toBeCloseTo(66);
    expect(br![1] - tl![1]).toBeCloseTo(24);
    const [bigTl, , bigBr] = paddedShape(box(100, 100, 400, 130), style);
    expect(bigBr![0] - bigTl![0]).toBeCloseTo(420);
    expect(bigBr![1] - bigTl![1]).toBeCloseTo(150);
  });
});

describe('cover timeline', () => {
  const history = [entry(1000, box(0, 0, 10, 10)), entry(1100, box(20, 0, 10, 10))];

  it('interpolates between history entries at full opacity', () => {
    const timeline = new CoverTimeline([{ history }], 500, 100);
    const [shape] = timeline.shapesAt(1050);
    expect(shape!.opacity).toBe(1);
    expect(shape!.polygon[0]).toEqual([10, 0]);
  });

  it('is at full opacity within half a frame of the first and last entries', () => {
    const timeline = new CoverTimeline([{ history }], 500, 100);
    expect(timeline.shapesAt(951)[0]!.opacity).toBe(1);
    expect(timeline.shapesAt(1149)[0]!.opacity).toBe(1);
  });

  it('fades only outside the tracked span and reaches zero after the fade duration', () => {
    const timeline = new CoverTimeline([{ history }], 500, 100);
    const before = timeline.shapesAt(700)[0]!;
    expect(before.opacity).toBeGreaterThan(0);
    expect(before.opacity).toBeLessThan(1);
    expect(before.polygon).toEqual(history[0]!.polygon);
    expect(timeline.shapesAt(1100 + 50 + 500 + 1)).toHaveLength(0);
    expect(timeline.shapesAt(1000 - 50 - 500 - 1)).toHaveLength(0);
  });

  it('with no fade, shows nothing outside the span', () => {
    const timeline = new CoverTimeline([{ history }], 0, 100);
    expect(timeline.shapesAt(800)).toHaveLength(0);
    expect(fadeOpacity(10, 0)).toBe(0);
    expect(fadeOpacity(0, 0)).toBe(1);
  });

  it('reads a compact history out of time order as the same entries sorted (equal times keep their order)', () => {
    const entries = [
      entry(1200, box(40, 0, 10, 10)),
      entry(1000, box(0, 0, 10, 10)),
      entry(1100, box(20, 0, 10, 10)),
      entry(1100, box(30, 0, 10, 10)),
    ];
    const store = new HistoryStore();
    store.push(entry(0, box(99, 99, 1, 1))); // another track's entry before this one's in the shared store
    const compact = new CompactHistory(store, 1);
    for (const e of entries) compact.push(e);
    const sorted = [entries[1]!, entries[2]!, entries[3]!, entries[0]!];
    const fromCompact = new CoverTimeline([{ history: compact }], 500, 100);
    const fromSorted = new CoverTimeline([{ history: sorted }], 500, 100);
    for (const t of [400, 990, 1000, 1050, 1100, 1150, 1200, 1260, 1600]) expect(fromCompact.shapesAt(t)).toEqual(fromSorted.shapesAt(t));
    expect(fromCompact.shapesAt(1100)[0]!.polygon).toEqual(box(30, 0, 10, 10));
    expect(fromCompact.shapesAt(1150)[0]!.polygon[0]).toEqual([35, 0]);
  });

  it('paints both neighbours when their vertex counts differ (edge-clipped plate)', () => {
    const triangle: Polygon = [
      [0, 0],
      [5, 0],
      [0, 5],
    ];
    const polygons = polygonsBetween([entry(0, triangle), entry(100, box(0, 0, 10, 10))], 50);
    expect(polygons).toHaveLength(2);
  });
});

function image(width: number, height: number, fill: (x: number, y: number) => number) {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const v = fill(x, y);
      data.fill(v, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  return { width, height, data };
}

describe('feathered fill', () => {
  it('samples the plate background, not its characters', () => {
    // white plate with a few dark character columns
    const img = image(40, 20, (x) => (x % 5 === 0 ? 20 : 240));
    expect(sampleFillColour(img, box(0, 0, 40, 20))).toEqual([240, 240, 240]);
  });

  it('covers the padded polygon fully and leaves pixels beyond the feather untouched', () => {
    const img = image(100, 60, (x, y) => ((x * 7 + y * 13) % 200) + 20);
    const original = Buffer.from(img.data);
    const plate = box(30, 20, 40, 15);
    const style = { paddingWidth: parsePadding('4', 'padding', 'width'), paddingHeight: parsePadding('2', 'padding', 'width') };
    obscureFrame(img, [{ track: 0, polygon: plate, opacity: 1 }], style);
    const shape = paddedShape(plate, style);
    const feather = featherWidth(15);
    const colour = img.data[(27 * 100 + 50) * 3]!;
    for (let y = 0; y < 60; y++)
      for (let x = 0; x < 100; x++) {
        const offset = (y * 100 + x) * 3;
        const insidePadded = x >= 26 && x < 74 && y >= 18 && y < 37;
        const farOutside = x < 26 - feather - 1 || x >= 74 + feather + 1 || y < 18 - feather - 1 || y >= 37 + feather + 1;
        if (insidePadded) expect(img.data[offset]).toBe(colour);
        if (farOutside) expect(img.data[offset]).toBe(original[offset]);
      }
    expect(shape).toHaveLength(4);
  });

  it('blends partially at reduced opacity', () => {
    const img = image(20, 20, () => 0);
    fillFeathered(img, box(5, 5, 10, 10), [200, 200, 200], 2, 0.5);
    expect(img.data[(10 * 20 + 10) * 3]).toBe(100);
  });
});

describe('cover colour per track', () => {
  const plate = box(30, 20, 40, 15);
  const style = { paddingWidth: parsePadding('2', 'padding', 'width'), paddingHeight: parsePadding('2', 'padding', 'width') };
  /** Paint `levels.length` consecutive 30 fps frames whose plate background is levels[i]; returns the cover's colour per frame. */
  function paintedColours(levels: number[]): number[] {
    const colours = new SteadyColours();
    return levels.map((level, i) => {
      const img = image(100, 60, (x) => (x % 6 === 0 ? 10 : level));
      obscureFrame(img, [{ track: 0, polygon: plate, opacity: 1 }], style, { colours, timestampMs: (i * 1000) / 30 });
      return img.data[(27 * 100 + 50) * 3]!;
    });
  }
  const steps = (values: number[]) => values.slice(1).map((v, i) => Math.abs(v - values[i]!));

  it('starts at the plate background and does not follow a background that alternates light and dark', () => {
    const painted = paintedColours(Array.from({ length: 30 }, (_, i) => (i % 2 ? 60 : 200)));
    expect(painted[0]).toBe(200);
    expect(Math.max(...steps(painted))).toBeLessThanOrEqual(MAX_STEP);
  });

  it('follows a lighting change smoothly', () => {
    // 100 -> 160 over 20 frames, then steady: the cover reaches the new level within a second, never in jumps.
    const levels = Array.from({ length: 60 }, (_, i) => 100 + 3 * Math.min(20, i));
    const painted = paintedColours(levels);
    expect(Math.max(...steps(painted))).toBeLessThanOrEqual(MAX_STEP);
    expect(Math.abs(painted.at(-1)! - 160)).toBeLessThanOrEqual(2);
  });

  it('keeps one colour per track, and the same colour for two polygons of a track on one frame', () => {
    const colours = new SteadyColours();
    expect(colours.colourFor(0, 0, [200, 200, 200])).toEqual([200, 200, 200]);
    expect(colours.colourFor(1, 0, [50, 60, 70])).toEqual([50, 60, 70]);
    const a = colours.colourFor(0, 33, [0, 0, 0]);
    expect(colours.colourFor(0, 33, [0, 0, 0])).toEqual(a);
    expect(a[0]).toBeGreaterThanOrEqual(200 - MAX_STEP);
    expect(colours.colourFor(1, 33, [50, 60, 70])).toEqual([50, 60, 70]);
  });
});

describe('scanline fill matches the per-pixel definition', () => {
  // Reference: the plain per-pixel rule (inside or crossed by the outline: full; else fade over the feather).
  function reference(width: number, height: number, shape: Polygon, feather: number, opacity: number) {
    const img = image(width, height, (x, y) => (x * 5 + y * 3) % 250);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const cx = x + 0.5;
        const cy = y + 0.5;
        let alpha = 0;
        if (pointInPolygon(cx, cy, shape)) alpha = 1;
        else {
          const d = distanceToOutline(cx, cy, shape) - Math.SQRT1_2;
          alpha = d <= 0 ? 1 : d >= feather ? 0 : 1 - d / feather;
        }
        alpha *= opacity;
        if (alpha <= 0) continue;
        const o = (y * width + x) * 3;
        for (let c = 0; c < 3; c++) img.data[o + c] = Math.round(img.data[o + c]! + (200 - img.data[o + c]!) * alpha);
      }
    return img;
  }

  it.each([
    ['axis-aligned', box(10.3, 12.7, 30.2, 9.6)],
    [
      'rotated',
      [
        [12, 20],
        [44, 8],
        [50, 22],
        [18, 35],
      ] as Polygon,
    ],
    [
      'clipped at the frame edge',
      [
        [50, 5],
        [64, 5],
        [64, 20],
        [55, 25],
      ] as Polygon,
    ],
  ])('%s', (_name, shape) => {
    for (const [feather, opacity] of [
      [3, 1],
      [5.5, 0.6],
    ] as const) {
      const expected = reference(64, 40, shape, feather, opacity);
      const actual = image(64, 40, (x, y) => (x * 5 + y * 3) % 250);
      fillFeathered(actual, shape, [200, 200, 200], feather, opacity);
      expect(actual.data.equals(expected.data)).toBe(true);
    }
  });
});

describe('polygons without area (a point, a line)', () => {
  const image = () => ({ width: 60, height: 40, data: Buffer.alloc(60 * 40 * 3, 50) });
  const px = (w: number, h: number) => ({
    paddingWidth: { value: w, unit: 'px' as const },
    paddingHeight: { value: h, unit: 'px' as const },
  });
  const point: Polygon = [
    [30, 20],
    [30, 20],
    [30, 20],
    [30, 20],
  ];
  const line: Polygon = [
    [10, 20],
    [50, 20],
    [50, 20],
    [10, 20],
  ];
  /** The image with a plate-like bright pixel block, so a cover is visible as a change. */
  const painted = (polygon: Polygon, style: FillStyle): number => {
    const frame = image();
    for (let y = 15; y < 25; y++) for (let x = 8; x < 52; x++) frame.data.fill(230, (y * 60 + x) * 3, (y * 60 + x) * 3 + 3);
    const before = Buffer.from(frame.data);
    obscureFrame(frame, [{ track: 4, polygon, opacity: 1 }], style, { timestampMs: 80 });
    let changed = 0;
    for (let i = 0; i < before.length; i += 3) if (before[i] !== frame.data[i]) changed++;
    return changed;
  };

  it('a point is grown by the padding into a box and painted', () => {
    expect(painted(point, px(6, 4))).toBeGreaterThanOrEqual(12 * 8);
    // auto: 10 px in full (a percentage of a zero extent would be nothing)
    expect(painted(point, { paddingWidth: AUTO_PADDING_WIDTH, paddingHeight: AUTO_PADDING_HEIGHT })).toBeGreaterThanOrEqual(20 * 20);
  });

  it('a line is grown across and painted', () => {
    expect(painted(line, px(0, 3))).toBeGreaterThanOrEqual(40 * 6);
  });

  it('with no padding that grows it, it is an error naming the track and time, never nothing painted', () => {
    expect(() => painted(point, px(0, 0))).toThrow(/^cannot draw the cover of track 4 at 80 ms: its polygon has no area/);
    const percent = { paddingWidth: { value: 5, unit: '%' as const }, paddingHeight: { value: 5, unit: '%' as const } };
    expect(() => painted(point, percent)).toThrow(/track 4 at 80 ms/);
  });
});
