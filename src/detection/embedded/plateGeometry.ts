// Text line boxes -> plate polygons. Detected text hugs the characters; the plate's border is wider and
// taller (state names above US numbers, the blue EU strip on the left, the BR plate's top band).

import { intersectionArea } from '../../geometry/clip.js';
import { polygonArea } from '../../geometry/polygon.js';
import { boundingRectAtAngle, minAreaRect, type RotatedRect, rectCorners, toRectFrame } from '../../geometry/rect.js';
import type { Polygon } from '../../types.js';

/** How far to grow a text line's rect to reach the plate border, in units of the line's own size. */
export interface PlateExpansion {
  /** Added on each side along the line, as a fraction of the line width. */
  side: number;
  /** Added above the line, as a fraction of the line height. */
  top: number;
  /** Added below the line, as a fraction of the line height. */
  bottom: number;
}

/**
 * Measured on the stills and sampled clip frames (141 plates read whole from one text line, against their
 * truth quads): with the obscurer's default 10 px padding this covers >= 96% of every truth plate (the
 * BR plates' top band needs the large `top`; narrow-font US lines need `side` 0.1: 0.05 left a 2:1
 * plate 91% covered), while the area is 1.75x the truth on average instead of 1.89x with
 * { side: 0.1, top: 0.7, bottom: 0.35 }; the excess is painted on every frame and counts as
 * over-redaction beyond the plate's margin. Smaller values uncovered the BR top band (0.5/0.3: 91%).
 */
export const DEFAULT_PLATE_EXPANSION: PlateExpansion = { side: 0.1, top: 0.6, bottom: 0.25 };
/**
 * European plates (EN/UN layout, 520x110 mm): characters ~75-80 mm tall centred with ~15 mm margins and
 * nothing printed above them, so the default's large top allowance (BR band, US state names) is only
 * over-redaction there. Used when a country mark identifies the plate (see EUROPEAN_LAYOUT_REGIONS).
 */
export const EUROPEAN_PLATE_EXPANSION: PlateExpansion = { side: 0.1, top: 0.3, bottom: 0.25 };
/** Regions whose plates follow the European layout (a country mark in the strip or on an oval names them). */
export const EUROPEAN_LAYOUT_REGIONS: ReadonlySet<string> = new Set([
  'gb',
  'ie',
  'de',
  'fr',
  'nl',
  'be',
  'es',
  'it',
  'pt',
  'pl',
  'cz',
  'sk',
  'at',
  'ch',
  'se',
  'no',
  'dk',
  'fi',
  'hu',
  'ro',
  'ua',
]);
/**
 * Generous plate estimates used only to decide which lines belong to one plate (the rows of a two-line
 * plate, a state name above the number): grouping should not depend on how tightly plates are drawn.
 */
export const GROUPING_EXPANSION: PlateExpansion = { side: 0.1, top: 0.7, bottom: 0.35 };

/** Grow a text rect to the estimated plate rect; the growth is asymmetric (more above than below). */
export function expandToPlate(text: RotatedRect, e: PlateExpansion = DEFAULT_PLATE_EXPANSION): RotatedRect {
  const width = text.width * (1 + 2 * e.side);
  const height = text.height * (1 + e.top + e.bottom);
  // Shift the centre up (towards -v in the rect frame) by half the top/bottom imbalance.
  const shift = (text.height * (e.top - e.bottom)) / 2;
  const vx = -Math.sin(text.angle);
  const vy = Math.cos(text.angle);
  return { cx: text.cx - shift * vx, cy: text.cy - shift * vy, width, height, angle: text.angle };
}

function angleDifference(a: number, b: number): number {
  let d = Math.abs(a - b) % Math.PI;
  if (d > Math.PI / 2) d = Math.PI - d;
  return d;
}

export interface TextLine {
  rect: RotatedRect;
}

export interface PlateGroup<T extends TextLine> {
  /** Text lines in reading order (top to bottom, then left to right). */
  lines: T[];
  /** Estimated plate rectangle (union of the lines' plate estimates). */
  plate: RotatedRect;
}

/**
 * Group lines whose plate estimates overlap substantially and that run roughly parallel: the lines of a
 * two-line plate, a word split in two, a state name above the number. Union-find over pairs.
 */
export function groupPlateLines<T extends TextLine>(
  lines: readonly T[],
  expansion: PlateExpansion = DEFAULT_PLATE_EXPANSION,
  minOverlap = 0.25,
  grouping: PlateExpansion = GROUPING_EXPANSION,
): PlateGroup<T>[] {
  const reach = lines.map((l) => rectCorners(expandToPlate(l.rect, grouping)));
  const areas = reach.map((p) => polygonArea(p));
  const parent = lines.map((_, i) => i);
  const find = (i: number): number => {
    if (parent[i] !== i) parent[i] = find(parent[i]!);
    return parent[i]!;
  };
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const a = lines[i]!.rect;
      const b = lines[j]!.rect;
      if (angleDifference(a.angle, b.angle) > (12 * Math.PI) / 180) continue;
      // Lines of one plate have comparable heights (state names are smaller, but not tiny vs huge).
      const heightRatio = Math.min(a.height, b.height) / Math.max(a.height, b.height);
      if (heightRatio < 0.25) continue;
      const overlap = intersectionArea(reach[i]!, reach[j]!);
      if (overlap >= minOverlap * Math.min(areas[i]!, areas[j]!) || sameRowNeighbours(a, b)) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, number[]>();
  lines.forEach((_, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  });
  return [...groups.values()].map((members) => {
    const memberLines = members.map((i) => lines[i]!);
    return { lines: sortReadingOrder(memberLines), plate: plateRect(memberLines, expansion) };
  });
}

/** The union of the given lines' plate estimates, at the first line's angle. */
function unionOfEstimates(lines: readonly TextLine[], expansion: PlateExpansion): RotatedRect {
  if (lines.length === 1) return expandToPlate(lines[0]!.rect, expansion);
  return unionRect(
    lines.map((l) => rectCorners(expandToPlate(l.rect, expansion))),
    lines[0]!.rect.angle,
  );
}

/**
 * The plate rectangle of a group: the registration lines' estimate, grown by the smaller lines above or
 * below it (a state name, the second row of a plate). Smaller lines *beside* it (a country oval, a dealer
 * badge or sticker next to the plate) stay in the group for reading but do not widen the plate: on an EU
 * plate with an "SK" oval beside it, including the oval doubled the painted area.
 */
export function plateRect(lines: readonly TextLine[], expansion: PlateExpansion = DEFAULT_PLATE_EXPANSION): RotatedRect {
  const registration = registrationLines(lines);
  const core = unionOfEstimates(registration, expansion);
  const stacked = lines.filter((l) => {
    if (registration.includes(l)) return true;
    const [du] = toRectFrame(core, [l.rect.cx, l.rect.cy]);
    return Math.abs(du) <= core.width / 2;
  });
  return stacked.length === registration.length ? core : unionOfEstimates(stacked, expansion);
}

/** Two pieces of one line (a plate's groups split at a space or emblem): level, close, similar height. */
export function sameRowNeighbours(a: RotatedRect, b: RotatedRect): boolean {
  const [du, dv] = toRectFrame(a, [b.cx, b.cy]);
  const minH = Math.min(a.height, b.height);
  const maxH = Math.max(a.height, b.height);
  if (minH < 0.6 * maxH || Math.abs(dv) > 0.5 * minH) return false;
  const gap = Math.abs(du) - (a.width + b.width) / 2;
  return gap < 1.0 * maxH;
}

/** Smallest rect around several polygons; kept at the reference angle when that is nearly as small. */
function unionRect(polygons: Polygon[], referenceAngle: number): RotatedRect {
  const points = polygons.flat();
  const tight = minAreaRect(points);
  // Prefer the text direction: a min-area rect of a few overlapping rects can flip to an odd angle.
  const aligned = boundingRectAtAngle(points, referenceAngle);
  return aligned.width * aligned.height <= 1.15 * tight.width * tight.height ? aligned : tight;
}

function sortReadingOrder<T extends TextLine>(lines: T[]): T[] {
  return [...lines].sort((a, b) => {
    const sameRow = Math.abs(a.rect.cy - b.rect.cy) < 0.5 * Math.min(a.rect.height, b.rect.height);
    return sameRow ? a.rect.cx - b.rect.cx : a.rect.cy - b.rect.cy;
  });
}

/**
 * The lines that carry the registration: the tallest line plus lines at least `minRatio` as tall
 * (second row of a two-line plate, a split word); smaller print (state, slogan, dealer) is left out.
 */
export function registrationLines<T extends TextLine>(lines: readonly T[], minRatio = 0.7): T[] {
  const tallest = Math.max(...lines.map((l) => l.rect.height));
  return lines.filter((l) => l.rect.height >= minRatio * tallest);
}
