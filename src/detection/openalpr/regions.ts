// ISO 3166-1 region codes → OpenALPR country configs (`alpr -c <config>`).
//
// OpenALPR 2.3 ships one detector + OCR per plate *format*, not per country: `us` (North American 2:1
// plates), `eu` (long European plates), `br`, `au`, `kr`, `mx`, `sg`, ... One alpr process runs one
// config, so when the requested regions need several configs we run the one that covers most of them
// (ties: the first requested) and say which regions are not covered by a dedicated config. The
// embedded engine (run alongside in `auto`/`both`) is format-agnostic and covers the rest.
//
// No regions (= "all") → `us`: it is alpr's own default and its detector, trained on the squarer North
// American plates, still finds many other formats (it reads a long EU plate as two parts, which is
// enough to cover it). Unknown codes fall back to the same default.

/** The config used when no region (or no known region) is requested. */
export const DEFAULT_OPENALPR_COUNTRY = 'us';

const EUROPE = [
  'ad',
  'al',
  'at',
  'ba',
  'be',
  'bg',
  'by',
  'ch',
  'cy',
  'cz',
  'de',
  'dk',
  'ee',
  'es',
  'fi',
  'fo',
  'fr',
  'gb',
  'gg',
  'gi',
  'gr',
  'hr',
  'hu',
  'ie',
  'im',
  'is',
  'it',
  'je',
  'li',
  'lt',
  'lu',
  'lv',
  'mc',
  'md',
  'me',
  'mk',
  'mt',
  'nl',
  'no',
  'pl',
  'pt',
  'ro',
  'rs',
  'ru',
  'se',
  'si',
  'sk',
  'sm',
  'tr',
  'ua',
  'va',
  'xk',
  // Common non-ISO spellings users type.
  'uk',
  'el',
];

const COUNTRY_BY_REGION: ReadonlyMap<string, string> = new Map<string, string>([
  ...EUROPE.map((code): [string, string] => [code, 'eu']),
  ['us', 'us'],
  ['ca', 'us'],
  ['pr', 'us'],
  ['gu', 'us'],
  ['vi', 'us'],
  ['as', 'us'],
  ['mp', 'us'],
  ['br', 'br'],
  ['au', 'au'],
  ['nz', 'au'],
  ['kr', 'kr'],
  ['mx', 'mx'],
  ['sg', 'sg'],
]);

export interface OpenAlprCountryChoice {
  /** The OpenALPR config to run (`-c`). */
  country: string;
  /** Requested regions this config is meant for. */
  covered: string[];
  /** Requested regions with another config, or none at all (OpenALPR runs `country` on them anyway). */
  uncovered: string[];
  /** A line for stderr when the choice is a compromise; undefined when every region is covered. */
  note?: string;
}

/** The OpenALPR config for one ISO region code, or undefined when OpenALPR has none for it. */
export function openAlprCountryFor(region: string): string | undefined {
  return COUNTRY_BY_REGION.get(region.trim().toLowerCase());
}

/** Picks the one OpenALPR config to run for the requested regions and explains compromises. */
export function chooseOpenAlprCountry(regions: string[]): OpenAlprCountryChoice {
  const requested = [...new Set(regions.map((r) => r.trim().toLowerCase()).filter((r) => r.length > 0))];
  if (requested.length === 0) return { country: DEFAULT_OPENALPR_COUNTRY, covered: [], uncovered: [] };

  // Count regions per config, remembering first-seen order for ties.
  const votes = new Map<string, number>();
  for (const region of requested) {
    const country = openAlprCountryFor(region);
    if (country) votes.set(country, (votes.get(country) ?? 0) + 1);
  }
  let country = DEFAULT_OPENALPR_COUNTRY;
  let best = 0;
  for (const [candidate, count] of votes) {
    if (count > best) {
      country = candidate;
      best = count;
    }
  }
  const covered = requested.filter((r) => openAlprCountryFor(r) === country);
  const uncovered = requested.filter((r) => openAlprCountryFor(r) !== country);
  if (uncovered.length === 0) return { country, covered, uncovered };
  const unknown = uncovered.filter((r) => openAlprCountryFor(r) === undefined);
  const other = uncovered.filter((r) => openAlprCountryFor(r) !== undefined);
  const parts: string[] = [];
  if (other.length > 0) parts.push(`${other.join(', ')} need${other.length === 1 ? 's' : ''} another config`);
  if (unknown.length > 0) parts.push(`OpenALPR has no config for ${unknown.join(', ')}`);
  const note =
    `OpenALPR runs one country config per video: using '${country}'` +
    (covered.length > 0 ? ` (for ${covered.join(', ')})` : ' (its default)') +
    `; ${parts.join('; ')}`;
  return { country, covered, uncovered, note };
}

/** The OpenALPR country config (`alpr -c`) for the requested ISO regions; see chooseOpenAlprCountry. */
export function openAlprCountry(regions: string[]): string {
  return chooseOpenAlprCountry(regions).country;
}
