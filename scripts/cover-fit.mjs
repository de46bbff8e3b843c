// Cover fit, from a clip's truth file and the tracking document `redact`/`detect` wrote for it (bench helper):
//   - area: tracked polygon area / true plate area on every frame where a plate is fully in view, matched
//     to the tracked polygon that overlaps it most (the median over plate-frames is the bench figure);
//   - width jumps: the largest change of a cover's width between consecutive frames while its plate's
//     true width changed by less than 2 % (a steady plate should get a steady cover).
import { intersectionArea } from '../lib/geometry/clip.js';
import { polygonArea, polygonExtent } from '../lib/geometry/polygon.js';

/** Entries of every track by timestamp (ms, rounded to 0.1). */
function entriesByTime(document) {
  const byTime = new Map();
  for (const track of document.tracking ?? []) {
    for (const entry of track.history ?? []) {
      const key = Math.round(entry.timestamp * 10);
      if (!byTime.has(key)) byTime.set(key, []);
      byTime.get(key).push({ track: track.id, polygon: entry.polygon });
    }
  }
  return byTime;
}

/** Nearest key within half a frame. */
function lookup(byTime, timestampMs, halfFrameMs) {
  const key = Math.round(timestampMs * 10);
  for (let d = 0; d <= halfFrameMs * 10; d++) {
    if (byTime.has(key - d)) return byTime.get(key - d);
    if (byTime.has(key + d)) return byTime.get(key + d);
  }
  return [];
}

export function coverFit(truth, document) {
  const byTime = entriesByTime(document);
  const halfFrameMs = 500 / (truth.fps || 30);
  const ratios = [];
  const jumps = [];
  let previous = new Map(); // plate text -> { coverWidth, trueWidth, track }
  for (const frame of truth.frames ?? []) {
    const covers = lookup(byTime, frame.timestamp_ms, halfFrameMs);
    const current = new Map();
    for (const plate of frame.plates ?? []) {
      if ((plate.visible_fraction ?? 1) < 0.999) continue;
      const trueArea = polygonArea(plate.polygon);
      if (trueArea <= 1) continue;
      let best = null;
      let bestOverlap = 0;
      for (const c of covers) {
        const overlap = intersectionArea(c.polygon, plate.polygon);
        if (overlap > bestOverlap) {
          bestOverlap = overlap;
          best = c;
        }
      }
      if (!best) continue;
      ratios.push(polygonArea(best.polygon) / trueArea);
      const coverWidth = polygonExtent(best.polygon)[0];
      const trueWidth = polygonExtent(plate.polygon)[0];
      const before = previous.get(plate.text);
      if (before && before.track === best.track && Math.abs(trueWidth - before.trueWidth) / before.trueWidth < 0.02) {
        jumps.push(Math.abs(coverWidth - before.coverWidth) / before.coverWidth);
      }
      current.set(plate.text, { coverWidth, trueWidth, track: best.track });
    }
    previous = current;
  }
  return { areaRatios: ratios, widthJumps: jumps };
}

export function median(values) {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
