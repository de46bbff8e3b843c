// Review: the sheet that shows a reviewer at a glance what a redaction covered (a stage after output).
export {
  columnsFor,
  coverSpans,
  formatSpanTime,
  MAX_SHEET_WIDTH,
  MAX_TILES,
  TILE_HEIGHT,
  TILE_WIDTH,
  tickStepSeconds,
  tileCrop,
} from './layout.js';
export { layoutReviewSheet, renderReviewSheet, type SheetInput, type SheetTrack, type TilePlacement } from './sheet.js';
