// The tracking document: build it from tracks, read and check one from a file or stdin, mask plate numbers.
export { CompactHistory, type DocumentEntry, type DocumentHistory, HistoryStore, type HistoryView, historyView } from '../history.js';
export { buildDocument, type DocumentParts } from './build.js';
export type {
  DocumentRequest,
  DocumentTrack,
  DocumentVideo,
  PlateSummary,
  PlatesDocument,
  VerifyFinding,
  VerifyRecord,
} from './document.js';
export { applyPlateText, logLineFor, MASK, maskPlate, plateTextFor } from './plateText.js';
export { PLATES_DOCUMENT_SCHEMA } from './schema.js';
export {
  assertDocumentMatchesVideo,
  checkDocumentSource,
  documentCoverageWarnings,
  PlatesDocumentReader,
  parsePlatesDocument,
  readPlatesDocument,
} from './validate.js';
