// The review sheet of one output, from the tracks of its document and the tiles cut from the output itself.
import path from 'node:path';
import type { PlateTextMode } from '../options/index.js';
import { type DocumentHistory, historyView, type PlatesDocument, plateTextFor } from '../output/index.js';
import { renderReviewSheet, type SheetTrack } from '../review/index.js';
import type { Inspection } from './inspect.js';

/** The sheet's PNG bytes; undefined when the document has no plates (no sheet is written then). */
export async function reviewSheetFor(
  document: PlatesDocument<DocumentHistory>,
  inspection: Pick<Inspection, 'tiles'>,
  plateText: PlateTextMode,
  input: string,
): Promise<Buffer | undefined> {
  const tracks = sheetTracks(document, inspection, plateText);
  if (tracks.length === 0) return undefined;
  return renderReviewSheet({
    title: path.basename(input),
    width: document.video.width,
    height: document.video.height,
    durationMs: document.videoDuration,
    fps: document.video.fps,
    plateText,
    tracks,
  });
}

/** The document's tracks as the sheet shows them (plate text per `plateText`), in order of appearance. */
export function sheetTracks(
  document: PlatesDocument<DocumentHistory>,
  inspection: Pick<Inspection, 'tiles'>,
  plateText: PlateTextMode,
): SheetTrack[] {
  const tracks: SheetTrack[] = [];
  document.tracking.forEach((track, index) => {
    const view = historyView(track.history);
    if (view.length === 0) return;
    const times = Array.from({ length: view.length }, (_, i) => view.timestamp(i)).sort((a, b) => a - b);
    tracks.push({
      id: track.id,
      plate: plateTextFor(track.plate, plateText),
      firstMs: times[0]!,
      lastMs: times.at(-1)!,
      timestampsMs: times,
      tile: inspection.tiles.get(index),
    });
  });
  return tracks.sort((a, b) => a.firstMs - b.firstMs || a.id - b.id);
}
