// Pure geometry of the character scan: a plate's own coordinate frame, the region scanned around it,
// and the decision which found characters belong to the plate's text line and how far they widen it.
import { polygonCentroid } from '../../geometry/polygon.js';
import type { Point, Polygon } from '../../types.js';

/**
 * A plate's own coordinate frame: `u` runs along the plate's long axis (left to right), `v` across it
 * (top to bottom), both unit vectors in frame pixels. Coordinates (u, v) are measured from `origin`.
 */
export interface PlateAxes {
  origin: Point;
  u: Point;
  v: Point;
}

/** An axis-aligned rectangle in plate coordinates. */
export interface PlateRect {
  uMin: number;
  uMax: number;
  vMin: number;
  vMax: number;
}

/** The plate polygon expressed in its own frame. */
export interface PlateGeometry extends PlateRect {
  axes: PlateAxes;
}

/** The region scanned for clipped characters: a rectangle in the plate's frame. */
export interface ScanRegion extends PlateRect {
  axes: PlateAxes;
}

/** One character found by OCR, in frame coordinates. */
export interface FoundCharacter {
  /** Its box corners in frame pixels (an axis-aligned box in the OCR image becomes a rotated quad). */
  polygon: Polygon;
  /** 0-100. */
  confidence: number;
  text?: string;
}

export interface ScanRegionOptions {
  /** Region extends this many plate widths beyond each short side. */
  sideFactor?: number;
  /** Region extends this many plate heights above and below. */
  verticalFactor?: number;
}

export interface WidenOptions {
  /** Characters below this OCR confidence (0-100) are ignored. */
  minConfidence?: number;
  /** Widening per side is capped at this fraction of the plate width. */
  maxWidenFraction?: number;
  /** Largest gap between neighbouring characters of one line, in character heights. */
  maxGapHeights?: number;
  /** Allowed distance of a character's vertical centre from the line centre, in character heights. */
  centreToleranceHeights?: number;
  /** Allowed ratio between a character's height and the line's character height (and its inverse). */
  maxHeightRatio?: number;
  /** Margin added beyond the outermost character, in character heights, so its pixels are covered. */
  marginHeights?: number;
  /** Boxes wider than this many times their height are not characters (OCR merges clutter into them). */
  maxAspect?: number;
}

const DEFAULT_WIDEN: Required<WidenOptions> = {
  minConfidence: 35,
  maxWidenFraction: 0.6,
  maxGapHeights: 1.0,
  centreToleranceHeights: 0.3,
  maxHeightRatio: 1.4,
  marginHeights: 0.1,
  maxAspect: 1.25,
};

const add = (a: Point, b: Point): Point => [a[0] + b[0], a[1] + b[1]];
const sub = (a: Point, b: Point): Point => [a[0] - b[0], a[1] - b[1]];
const scale = (a: Point, k: number): Point => [a[0] * k, a[1] * k];
const dot = (a: Point, b: Point): number => a[0] * b[0] + a[1] * b[1];
const length = (a: Point): number => Math.hypot(a[0], a[1]);

/** (u, v) of a frame point. */
export function toPlate(axes: PlateAxes, p: Point): Point {
  const d = sub(p, axes.origin);
  return [dot(d, axes.u), dot(d, axes.v)];
}

/** Frame point of plate coordinates (u, v). */
export function fromPlate(axes: PlateAxes, u: number, v: number): Point {
  return add(add(axes.origin, scale(axes.u, u)), scale(axes.v, v));
}

/** Bounding rectangle of frame points in plate coordinates. */
export function plateRectOf(axes: PlateAxes, points: readonly Point[]): PlateRect {
  let uMin = Infinity;
  let uMax = -Infinity;
  let vMin = Infinity;
  let vMax = -Infinity;
  for (const p of points) {
    const [u, v] = toPlate(axes, p);
    uMin = Math.min(uMin, u);
    uMax = Math.max(uMax, u);
    vMin = Math.min(vMin, v);
    vMax = Math.max(vMax, v);
  }
  return { uMin, uMax, vMin, vMax };
}

/**
 * Direction of the plate's long axis. For a quad, the sum of two opposite edges (so perspective and a
 * sloppy corner average out); the longer of the two pairs is the text direction. Other polygons fall
 * back to the longest edge.
 */
function longAxisOf(polygon: Polygon): Point {
  let axis: Point;
  if (polygon.length === 4) {
    const [a, b, c, d] = polygon as [Point, Point, Point, Point];
    const alongAB = add(sub(b, a), sub(c, d));
    const alongAD = add(sub(d, a), sub(c, b));
    axis = length(alongAB) >= length(alongAD) ? alongAB : alongAD;
  } else {
    axis = [1, 0];
    let best = -1;
    for (let i = 0; i < polygon.length; i++) {
      const edge = sub(polygon[(i + 1) % polygon.length]!, polygon[i]!);
      if (length(edge) > best) {
        best = length(edge);
        axis = edge;
      }
    }
  }
  const len = length(axis);
  if (!(len > 0)) return [1, 0];
  let u = scale(axis, 1 / len);
  // Text reads left to right in the frame; keep u pointing rightwards so "left side" means what it says.
  if (u[0] < 0 || (u[0] === 0 && u[1] < 0)) u = scale(u, -1);
  return u;
}

/** The plate's own frame (origin at its centroid) and its extent in it. */
export function plateGeometryOf(polygon: Polygon): PlateGeometry {
  const u = longAxisOf(polygon);
  // Rotate u by +90° in image coordinates (y down): (1,0) -> (0,1), i.e. v points down the plate.
  const axes: PlateAxes = { origin: polygonCentroid(polygon), u, v: [-u[1], u[0]] };
  return { axes, ...plateRectOf(axes, polygon) };
}

/** The region around a plate that is scanned for clipped characters. */
export function scanRegionFor(polygon: Polygon, options: ScanRegionOptions = {}): ScanRegion {
  const sideFactor = options.sideFactor ?? 1.0;
  const verticalFactor = options.verticalFactor ?? 0.5;
  const plate = plateGeometryOf(polygon);
  const width = plate.uMax - plate.uMin;
  const height = plate.vMax - plate.vMin;
  return {
    axes: plate.axes,
    uMin: plate.uMin - sideFactor * width,
    uMax: plate.uMax + sideFactor * width,
    vMin: plate.vMin - verticalFactor * height,
    vMax: plate.vMax + verticalFactor * height,
  };
}

/** Corners (TL, TR, BR, BL) in frame coordinates of a rectangle given in plate coordinates. */
export function plateRectCorners(axes: PlateAxes, rect: PlateRect): Polygon {
  return [
    fromPlate(axes, rect.uMin, rect.vMin),
    fromPlate(axes, rect.uMax, rect.vMin),
    fromPlate(axes, rect.uMax, rect.vMax),
    fromPlate(axes, rect.uMin, rect.vMax),
  ];
}

interface ProjectedCharacter extends PlateRect {
  uCentre: number;
  vCentre: number;
  height: number;
  width: number;
}

function project(axes: PlateAxes, character: FoundCharacter): ProjectedCharacter {
  const rect = plateRectOf(axes, character.polygon);
  return {
    ...rect,
    uCentre: (rect.uMin + rect.uMax) / 2,
    vCentre: (rect.vMin + rect.vMax) / 2,
    height: rect.vMax - rect.vMin,
    width: rect.uMax - rect.uMin,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Centre and character height of the plate's text line, in plate coordinates. */
export interface TextLine {
  vCentre: number;
  height: number;
  /** True when measured from characters inside the polygon, false when guessed from the polygon. */
  measured: boolean;
}

/**
 * The plate's text line: measured from the characters OCR found inside the polygon (their median
 * centre and height), or, when none were found there, assumed to be centred on the polygon with the
 * polygon's height (a detector's text box is usually about as tall as the characters).
 */
export function textLineOf(plate: PlateRect, characters: readonly ProjectedCharacter[]): TextLine {
  const plateHeight = plate.vMax - plate.vMin;
  // Small print inside the plate (dealer names, region stickers) must not set the line height.
  const inside = characters.filter(
    (c) =>
      c.uCentre >= plate.uMin &&
      c.uCentre <= plate.uMax &&
      c.vCentre >= plate.vMin &&
      c.vCentre <= plate.vMax &&
      c.height >= 0.35 * plateHeight &&
      c.height <= 1.5 * plateHeight,
  );
  if (inside.length > 0) {
    return { vCentre: median(inside.map((c) => c.vCentre)), height: median(inside.map((c) => c.height)), measured: true };
  }
  return { vCentre: (plate.vMin + plate.vMax) / 2, height: plateHeight, measured: false };
}

function isOnLine(c: ProjectedCharacter, line: TextLine, options: Required<WidenOptions>): boolean {
  if (Math.abs(c.vCentre - line.vCentre) > options.centreToleranceHeights * line.height) return false;
  // Guessed lines (from a border-sized polygon) allow smaller characters: plate glyphs fill ~50-100% of it.
  const minRatio = line.measured ? 1 / options.maxHeightRatio : 0.4;
  const ratio = c.height / line.height;
  return ratio >= minRatio && ratio <= options.maxHeightRatio;
}

/**
 * How far characters chained outward from the plate edge at `edge` reach. `outward` is +1 (right) or -1
 * (left). A character joins the chain when it extends beyond the current reach and starts no further
 * than `maxGap` beyond it, so a run of adjacent characters is followed but isolated text is not.
 */
function chainReach(characters: readonly ProjectedCharacter[], edge: number, outward: 1 | -1, maxGap: number): number {
  // Work in "outward" coordinates so both sides use the same loop: near = side facing the plate.
  const spans = characters
    .map((c) => (outward === 1 ? { near: c.uMin, far: c.uMax } : { near: -c.uMax, far: -c.uMin }))
    .filter((s) => s.far > outward * edge)
    .sort((a, b) => a.near - b.near);
  let reach = outward * edge;
  for (const span of spans) {
    if (span.near > reach + maxGap) break;
    reach = Math.max(reach, span.far);
  }
  return outward * reach;
}

/**
 * Moves the left-most and right-most vertices of the polygon `left`/`right` pixels outward along the
 * plate's long axis. A quad keeps its shape: each short side slides along the lines of the two long
 * edges, so a perspective-distorted plate stays distorted the same way.
 */
export function extendAlongLongAxis(polygon: Polygon, left: number, right: number): Polygon {
  if (left <= 0 && right <= 0) return polygon.map((p): Point => [p[0], p[1]]);
  const plate = plateGeometryOf(polygon);
  if (polygon.length !== 4) {
    return plateRectCorners(plate.axes, { ...plate, uMin: plate.uMin - left, uMax: plate.uMax + right });
  }
  const us = polygon.map((p) => toPlate(plate.axes, p)[0]);
  // The two long edges join each left vertex to a right vertex; they are the pair of opposite edges
  // whose direction is closest to u.
  const pairs: [number, number][][] = [
    [
      [0, 1],
      [3, 2],
    ],
    [
      [0, 3],
      [1, 2],
    ],
  ];
  const alignment = (pair: [number, number][]): number =>
    pair.reduce((sum, [i, j]) => {
      const edge = sub(polygon[j]!, polygon[i]!);
      const len = length(edge);
      return sum + (len > 0 ? Math.abs(dot(edge, plate.axes.u)) / len : 0);
    }, 0);
  const longEdges = alignment(pairs[0]!) >= alignment(pairs[1]!) ? pairs[0]! : pairs[1]!;
  const result = polygon.map((p): Point => [p[0], p[1]]);
  for (const [i, j] of longEdges) {
    const [li, ri] = us[i]! <= us[j]! ? [i, j] : [j, i];
    const l = polygon[li]!;
    const r = polygon[ri]!;
    const du = us[ri]! - us[li]!;
    if (!(du > 1e-6)) {
      // Degenerate edge: fall back to moving straight along u.
      result[li] = add(l, scale(plate.axes.u, -left));
      result[ri] = add(r, scale(plate.axes.u, right));
      continue;
    }
    const perU = scale(sub(r, l), 1 / du); // moving one unit of u along this edge
    result[li] = sub(l, scale(perU, left));
    result[ri] = add(r, scale(perU, right));
  }
  return result;
}

/** How many pixels to add on each side of the plate along its long axis (0 when nothing was clipped). */
export interface Widening {
  left: number;
  right: number;
}

/**
 * Decides how far the characters found around the plate widen it. Only characters on the plate's own
 * text line count (similar height, vertical centre near the line's), chained outward from the polygon's
 * short sides without large gaps; text above or below the plate, or far from it, is ignored. Each side
 * is capped at `maxWidenFraction` of the plate width.
 */
export function wideningFor(
  polygon: Polygon,
  region: ScanRegion,
  characters: readonly FoundCharacter[],
  options: WidenOptions = {},
): Widening {
  const opts = { ...DEFAULT_WIDEN, ...options };
  const plate = plateRectOf(region.axes, polygon);
  const width = plate.uMax - plate.uMin;
  if (!(width > 0) || !(plate.vMax - plate.vMin > 0)) return { left: 0, right: 0 };
  const projected = characters
    .filter((c) => c.confidence >= opts.minConfidence && c.polygon.length >= 3)
    .map((c) => project(region.axes, c))
    .filter(
      (c) =>
        c.height > 0 &&
        c.width <= opts.maxAspect * c.height &&
        c.uCentre >= region.uMin &&
        c.uCentre <= region.uMax &&
        c.vCentre >= region.vMin &&
        c.vCentre <= region.vMax,
    );
  const line = textLineOf(plate, projected);
  const onLine = projected.filter((c) => isOnLine(c, line, opts));
  const maxGap = opts.maxGapHeights * line.height;
  const margin = opts.marginHeights * line.height;
  const cap = opts.maxWidenFraction * width;
  const rightReach = chainReach(onLine, plate.uMax, 1, maxGap);
  const leftReach = chainReach(onLine, plate.uMin, -1, maxGap);
  const right = rightReach > plate.uMax ? Math.min(cap, rightReach - plate.uMax + margin) : 0;
  const left = leftReach < plate.uMin ? Math.min(cap, plate.uMin - leftReach + margin) : 0;
  return { left, right };
}

/** The plate polygon widened along its long axis to cover characters it clipped (unchanged if none). */
export function widenPolygon(
  polygon: Polygon,
  region: ScanRegion,
  characters: readonly FoundCharacter[],
  options: WidenOptions = {},
): Polygon {
  const { left, right } = wideningFor(polygon, region, characters, options);
  return extendAlongLongAxis(polygon, left, right);
}
