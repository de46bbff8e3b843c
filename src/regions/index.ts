// Plate-format database, region lookups, plate-text plausibility and per-track text voting.
export { type PlateFormat, REGIONS, type RegionInfo, UNSUPPORTED_REGIONS } from './formats.js';
export { looksLikeDateOrTime, plateTextScore } from './plausibility.js';
export {
  describeRegions,
  type FormatMatch,
  hasFormatMatch,
  isKnownRegion,
  listRegionCodes,
  type MatchOptions,
  matchFormats,
  matchRegions,
  parseRegionList,
  unsupportedRegionReason,
} from './registry.js';
export { regionFromCountryMark } from './signs.js';
export { filterSummary, type SummaryEntry, type SummaryFilter } from './summary.js';
export { LETTER_DIGIT_COUNTERPARTS, levenshtein, normalisePlateText } from './text.js';
export { fixConfusions, inferRegion, type VoteOptions, type VoteResult, voteTrackText } from './vote.js';
