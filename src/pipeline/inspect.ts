// One look at a finished output: the frames the verify check needs and the review sheet's tiles, decoded in
// one ffmpeg run that converts only those frames (src/video decodeFramesAt).
import { polygonArea } from '../geometry/polygon.js';
import { CoverTimeline, type FillStyle, paddedShape } from '../obscuring/index.js';
import { type DocumentHistory, historyView, type PlatesDocument, type VerifyFinding } from '../output/index.js';
import { type SheetTrack, tileCrop } from '../review/index.js';
import type { Frame, Polygon } from '../types.js';
import { UserError } from '../util/errors.js';
import { framesToCheck, nearestFrame, type SecondOpinion, type SeenPlate, uncoveredPlates } from '../verify/index.js';
import { decodeFramesAt, probeVideoDetails, type VideoDetails } from '../video/index.js';

/** A cover at or above this opacity hides a plate (a fade's faint end does not). */
const COVERING_OPACITY = 0.5;

export interface InspectRequest {
  document: PlatesDocument<DocumentHistory>;
  /** The encoded output (its temporary path while it is being verified). */
  output: string;
  /** The input, probed: the output must have its frames. */
  input: VideoDetails;
  style: FillStyle;
  fadeDurationMs: number;
  /** Check with this second opinion (none: no check). */
  opinion?: SecondOpinion;
  /** Cut the review sheet's tiles. */
  tiles: boolean;
  signal?: AbortSignal;
}

/** A plate found outside every cover, with what was read (for the repair's track text; never printed). */
export interface Finding extends VerifyFinding {
  text: string;
}

export interface Inspection {
  /** Times of the frames the second opinion looked at. */
  checked: number[];
  findings: Finding[];
  /** Tile per track index (tracks with a frame in view). */
  tiles: Map<number, NonNullable<SheetTrack['tile']>>;
}

/**
 * Every track's span and the frame its tile shows: where its cover is largest (of the frames within 10% of
 * the largest area, the one nearest the middle of its span, so a plate not grown or cut at an edge is shown
 * whole rather than the first frame that happens to be a pixel larger).
 */
function trackFacts(document: PlatesDocument<DocumentHistory>): { firstMs: number; lastMs: number; largestMs: number; largest: Polygon }[] {
  return document.tracking.map((track) => {
    const view = historyView(track.history);
    if (view.length === 0) return { firstMs: 0, lastMs: 0, largestMs: -1, largest: [] };
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    let maxArea = 0;
    const areas: number[] = [];
    for (let i = 0; i < view.length; i++) {
      const t = view.timestamp(i);
      first = Math.min(first, t);
      last = Math.max(last, t);
      areas.push(polygonArea(view.polygon(i)));
      maxArea = Math.max(maxArea, areas[i]!);
    }
    const middle = (first + last) / 2;
    let best = -1;
    for (let i = 0; i < view.length; i++) {
      if (areas[i]! < 0.9 * maxArea) continue;
      if (best < 0 || Math.abs(view.timestamp(i) - middle) < Math.abs(view.timestamp(best) - middle)) best = i;
    }
    return { firstMs: first, lastMs: last, largestMs: view.timestamp(best), largest: view.polygon(best) };
  });
}

export async function inspectOutput(request: InspectRequest): Promise<Inspection> {
  const { document, style, opinion } = request;
  const output = await probeVideoDetails(request.output);
  const times = output.timestampsMs;
  if (times.length !== request.input.timestampsMs.length) {
    throw new UserError(`verify: the output has ${times.length} frames, the input ${request.input.timestampsMs.length}`);
  }
  const facts = trackFacts(document);
  const check = new Set(
    opinion
      ? framesToCheck(
          times,
          facts.filter((f) => f.largestMs >= 0).map((f) => ({ firstMs: f.firstMs, lastMs: f.lastMs })),
        )
      : [],
  );
  const tilesAt = new Map<number, number[]>();
  if (request.tiles) {
    facts.forEach((fact, track) => {
      if (fact.largestMs < 0) return;
      const index = nearestFrame(times, fact.largestMs);
      tilesAt.set(index, [...(tilesAt.get(index) ?? []), track]);
    });
  }
  const timeline = new CoverTimeline(document.tracking, request.fadeDurationMs, 1000 / output.info.fps);
  const inspection: Inspection = { checked: [], findings: [], tiles: new Map() };
  for await (const frame of decodeFramesAt(output, [...check, ...tilesAt.keys()], { signal: request.signal })) {
    if (opinion && check.has(frame.index)) {
      const covers = timeline
        .shapesAt(frame.timestampMs)
        .filter((shape) => shape.opacity >= COVERING_OPACITY)
        .map((shape) => paddedShape(shape.polygon, style));
      const seen: SeenPlate[] = await opinion.look(frame);
      inspection.checked.push(frame.timestampMs);
      for (const plate of uncoveredPlates(seen, covers)) {
        inspection.findings.push({
          timestamp: Math.round(frame.timestampMs * 1000) / 1000,
          polygon: plate.polygon.map(([x, y]) => [Math.round(x * 10) / 10, Math.round(y * 10) / 10] as [number, number]),
          text: plate.text,
        });
      }
    }
    for (const track of tilesAt.get(frame.index) ?? []) {
      inspection.tiles.set(track, cutTile(frame, paddedShape(facts[track]!.largest, style)));
    }
  }
  return inspection;
}

/** The tile around `cover` on `frame`: its crop (copied out of the frame) and the cover in the crop's pixels. */
function cutTile(frame: Frame, cover: Polygon): NonNullable<SheetTrack['tile']> {
  const crop = tileCrop(cover, frame.width, frame.height);
  const data = Buffer.allocUnsafe(crop.width * crop.height * 3);
  for (let y = 0; y < crop.height; y++) {
    const from = ((crop.y + y) * frame.width + crop.x) * 3;
    frame.data.copy(data, y * crop.width * 3, from, from + crop.width * 3);
  }
  return {
    width: crop.width,
    height: crop.height,
    data,
    cover: cover.map(([x, y]) => [x - crop.x, y - crop.y] as [number, number]),
    atMs: frame.timestampMs,
  };
}
