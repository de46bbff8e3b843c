// Country marks printed on or next to plates: the international distinguishing sign in the EU strip or an
// oval sticker ("SK", "D", "PL"), and the words in a plate's band ("BRASIL", "MERCOSUR" countries' names).
// A mark read next to a registration tells which region's format to hold the reading to.
import { isKnownRegion } from './registry.js';
import { normalisePlateText } from './text.js';

/** Normalised mark -> ISO 3166-1 alpha-2 (lower case); only regions the format database knows. */
const MARKS: Record<string, string> = {
  GB: 'gb',
  UK: 'gb',
  IRL: 'ie',
  D: 'de',
  F: 'fr',
  NL: 'nl',
  B: 'be',
  E: 'es',
  I: 'it',
  P: 'pt',
  PL: 'pl',
  CZ: 'cz',
  SK: 'sk',
  A: 'at',
  CH: 'ch',
  S: 'se',
  N: 'no',
  DK: 'dk',
  FIN: 'fi',
  H: 'hu',
  RO: 'ro',
  USA: 'us',
  CDN: 'ca',
  MEX: 'mx',
  BR: 'br',
  BRASIL: 'br',
  BRAZIL: 'br',
  RA: 'ar',
  ARGENTINA: 'ar',
  AUS: 'au',
  NZ: 'nz',
  IND: 'in',
  VN: 'vn',
  SGP: 'sg',
  MAL: 'my',
  ZA: 'za',
  UAE: 'ae',
  TR: 'tr',
  RUS: 'ru',
  UA: 'ua',
  IL: 'il',
};

/**
 * The region a country mark names, or '' when `text` is not one. Single-letter marks (D, F, I…) are only
 * trusted when the caller says the text sits where an EU strip or oval does (`singleLetterPlace`): a lone
 * letter elsewhere is too often a fragment of something else.
 */
export function regionFromCountryMark(text: string, singleLetterPlace = false): string {
  const mark = normalisePlateText(text);
  if (mark.length === 0 || (mark.length === 1 && !singleLetterPlace)) return '';
  const region = MARKS[mark] ?? '';
  return region !== '' && isKnownRegion(region) ? region : '';
}
