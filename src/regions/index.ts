// Plate-format database, region lookups, plate-text plausibility and per-track text voting.
export { REGIONS, UNSUPPORTED_REGIONS, type PlateFormat, type RegionInfo } from './formats.js';
export {
  describeRegions,
  hasFormatMatch,
  isKnownRegion,
  listRegionCodes,
  matchFormats,
  matchRegions,
  parseRegionList,
  unsupportedRegionReason,
  type FormatMatch,
  type MatchOptions,
} from './registry.js';
export { levenshtein, normalisePlateText } from './text.js';
export { looksLikeDateOrTime, plateTextScore } from './plausibility.js';
export { fixConfusions, inferRegion, voteTrackText, type VoteOptions, type VoteResult } from './vote.js';
export { regionFromCountryMark } from './signs.js';
export { filterSummary, type SummaryEntry, type SummaryFilter } from './summary.js';
