// Which tracks make it into the detect summary. Filtering never affects obscuring: every plate is still
// covered in the video; this only decides which readings are *listed*.

/**
 * The fields filterSummary needs; any other fields of the pipeline's rows pass through untouched.
 * (Deliberately no index signature, so interfaces such as the document's PlateSummary satisfy it.)
 */
export interface SummaryEntry {
  plate: string;
  region: string;
  confidence: number;
}

export interface SummaryFilter {
  /** Requested regions (lower case); empty = all regions. */
  regions: readonly string[];
  /** 0-100: entries with lower confidence are left out. */
  confidence: number;
}

/**
 * Keep entries with confidence >= `confidence` and, when regions are requested, whose region is one of
 * them or unknown ('').
 *
 * Unknown-region entries are kept on purpose: a reading whose text fits no format of any region (a
 * partly read plate, a vanity plate, a format missing from the database) may well be a plate of the
 * requested region, and silently hiding a plate is worse for a privacy tool than listing one extra row.
 * The confidence threshold still removes weak ones. Entries positively identified as another region
 * (their text fits that region's format but none of the requested ones) are dropped.
 */
export function filterSummary<T extends SummaryEntry>(entries: readonly T[], filter: SummaryFilter): T[] {
  const wanted = new Set(filter.regions.map((r) => r.toLowerCase()));
  return entries.filter(
    (entry) =>
      entry.confidence >= filter.confidence && (wanted.size === 0 || entry.region === '' || wanted.has(entry.region.toLowerCase())),
  );
}
