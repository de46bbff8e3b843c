// Hand-curated licence-plate formats per region (ISO 3166-1 alpha-2, lower case).
//
// Patterns apply to *normalised* text (see normalisePlateText: upper case, A-Z0-9 only, Cyrillic
// look-alikes mapped to Latin). They are regex sources without anchors; the registry anchors them.
// Every format carries examples that the unit tests check, so the database cannot silently rot.
//
// Sources: national registration rules as commonly documented (e.g. the Wikipedia "Vehicle registration
// plates of <country>" articles). Letters a country never issues (I, O, Q, U…) are excluded where the rule
// is well known, because that is what makes a format specific enough to tell regions apart and to
// direct OCR-confusion fixes (a position that can only hold a digit turns an 'O' into a '0').
//
// `generic: true` marks catch-all formats (e.g. US vanity/state mix) that accept almost any short
// alphanumeric string. They still make text "plausible", but they never decide a region on their own
// and never direct confusion fixes; a generic match names its region only when the user asked for it.

export interface PlateFormat {
  /** Short human description, e.g. "current (2001+)". */
  description: string;
  /** Regex source over normalised text, without ^/$ anchors. */
  pattern: string;
  /** How the plate is printed, e.g. "AB12 CDE" (letters A-Z = any letter, 9 = any digit). */
  display: string;
  /** Normalised examples that must match this pattern. */
  valid: string[];
  /** Normalised examples that must NOT match this pattern. */
  invalid: string[];
  /** Catch-all format: accepted for plausibility, never decides a region by itself. */
  generic?: boolean;
}

export interface RegionInfo {
  /** ISO 3166-1 alpha-2, lower case. */
  code: string;
  name: string;
  /**
   * Rough number of registered road vehicles (millions). A prior for telling regions apart when the
   * same text fits several formats: more vehicles, more plates of that shape on the road.
   */
  vehiclesMillions: number;
  /** Caveat about coverage, if any. */
  note?: string;
  formats: PlateFormat[];
}

/** Regions deliberately left out, with the reason (shown when a user asks for them). */
export const UNSUPPORTED_REGIONS: Record<string, string> = {
  jp: 'Japanese plates carry kana/kanji; only the digits are Latin',
  kr: 'Korean plates carry Hangul',
  th: 'Thai plates carry Thai script',
  cn: 'Chinese plates start with a Chinese character',
};

// Letter sets used by several countries.
const NO_IOU = '[A-HJ-NP-TV-Z]';
const NO_IOQU = '[A-HJ-NPR-TV-Z]';
/** Cyrillic letters that look Latin (Russia): А В Е К М Н О Р С Т У Х. */
const RU_LETTER = '[ABEKMHOPCTYX]';
/** Ukrainian plate letters with Latin look-alikes: А В С Е Н І К М О Р Т Х. */
const UA_LETTER = '[ABCEHIKMOPTX]';

export const REGIONS: RegionInfo[] = [
  {
    code: 'gb',
    name: 'United Kingdom',
    vehiclesMillions: 41,
    formats: [
      {
        description: 'current (2001+): area, age, random',
        pattern: '[A-HJ-PR-Y][A-HJ-PR-Y][0-9]{2}[A-HJ-PR-Z]{3}',
        display: 'AB12 CDE',
        valid: ['AB12CDE', 'LR69XYZ', 'YX21ABC'],
        invalid: ['AB1CDE', 'QB12CDE', 'AB12CDI', 'A812CDE'],
      },
      {
        description: 'prefix (1983-2001)',
        pattern: '[A-HJ-NPR-Y][1-9][0-9]{0,2}[A-HJ-PR-Z]{3}',
        display: 'A123 BCD',
        valid: ['A123BCD', 'P7ABC', 'R45XYZ'],
        invalid: ['I123BCD', 'A1234BCD', 'AB123BCD'],
      },
      {
        description: 'suffix (1963-1983)',
        pattern: '[A-HJ-PR-Z]{3}[1-9][0-9]{0,2}[A-HJ-NPR-Y]',
        display: 'ABC 123D',
        valid: ['ABC123D', 'XYZ9T'],
        invalid: ['ABC123', 'ABC1234D', 'ABC123I'],
      },
      {
        description: 'dateless and Northern Ireland',
        pattern: '[A-Z]{1,3}[1-9][0-9]{0,3}|[1-9][0-9]{0,3}[A-Z]{1,3}',
        display: 'ABZ 1234',
        valid: ['ABZ1234', 'A1', '1234XY'],
        invalid: ['ABCD1234', 'ABZ12345', 'A0'],
      },
    ],
  },
  {
    code: 'ie',
    name: 'Ireland',
    vehiclesMillions: 2.9,
    formats: [
      {
        description: 'year, county, sequence (1987+)',
        pattern: '[0-9]{2}[12]?(?:CE|CN|CW|DL|KE|KK|KY|LD|LH|LK|LM|LS|MH|MN|MO|OY|RN|SO|TN|TS|WD|WH|WW|WX|C|D|G|L|T|W)[0-9]{1,6}',
        display: '191-D-12345',
        valid: ['191D12345', '08KY1', '132WX5678', '12C123456'],
        invalid: ['191Q12345', '1D12345', '191D1234567'],
      },
    ],
  },
  {
    code: 'de',
    name: 'Germany',
    vehiclesMillions: 60,
    formats: [
      {
        description: 'district, letters, number (optional E/H suffix)',
        // 1-3 district letters + 1-2 letters = 2-5 letters, 1-4 digits without a leading zero,
        // at most 8 characters before the electric/historic suffix.
        pattern: '(?=[A-Z0-9]{3,8}[EH]?$)[A-Z]{2,5}[1-9][0-9]{0,3}[EH]?',
        display: 'M AB 1234',
        valid: ['MAB1234', 'BXY12', 'HHAB123', 'SEE42E', 'KBA123H'],
        invalid: ['M1234', 'MAB0123', 'ABCDEF12', 'MAB12345'],
      },
    ],
  },
  {
    code: 'fr',
    name: 'France',
    vehiclesMillions: 45,
    formats: [
      {
        description: 'SIV (2009+)',
        pattern: `${NO_IOU}{2}(?!000)[0-9]{3}${NO_IOU}{2}`,
        display: 'AB-123-CD',
        valid: ['AB123CD', 'GZ789XY'],
        invalid: ['AB000CD', 'AI123CD', 'AB123UD', 'AB1234CD'],
      },
      {
        description: 'FNI (1950-2009), with department',
        pattern: '[1-9][0-9]{0,3}[A-Z]{1,3}(?:0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])',
        display: '123 ABC 75',
        valid: ['123ABC75', '4567XY2A', '12A971'],
        invalid: ['123ABC99', '0123ABC75', '123ABCD75'],
      },
    ],
  },
  {
    code: 'nl',
    name: 'Netherlands',
    vehiclesMillions: 10,
    formats: [
      {
        description: 'sidecodes 1-6 (pairs)',
        pattern:
          '[A-Z]{2}[0-9]{2}[0-9]{2}|[0-9]{2}[0-9]{2}[A-Z]{2}|[0-9]{2}[A-Z]{2}[0-9]{2}|[A-Z]{2}[0-9]{2}[A-Z]{2}|[A-Z]{2}[A-Z]{2}[0-9]{2}|[0-9]{2}[A-Z]{2}[A-Z]{2}',
        display: 'AB-12-CD',
        valid: ['AB1234', '1234AB', '12AB34', 'AB12CD', 'ABCD12', '12ABCD'],
        invalid: ['A12345', '123456', 'ABCDEF', 'AB123C'],
      },
      {
        description: 'sidecodes 7-14',
        pattern:
          '[0-9]{2}[A-Z]{3}[0-9]|[0-9][A-Z]{3}[0-9]{2}|[A-Z]{2}[0-9]{3}[A-Z]|[A-Z][0-9]{3}[A-Z]{2}|[A-Z]{3}[0-9]{2}[A-Z]|[A-Z][0-9]{2}[A-Z]{3}|[0-9][A-Z]{2}[0-9]{3}|[0-9]{3}[A-Z]{2}[0-9]',
        display: '12-ABC-3',
        valid: ['12ABC3', '1ABC23', 'AB123C', 'A123BC', 'ABC12D', 'A12BCD', '1AB234', '123AB4'],
        invalid: ['ABC123', '123ABC', '1ABC234'],
      },
    ],
  },
  {
    code: 'be',
    name: 'Belgium',
    vehiclesMillions: 7,
    formats: [
      {
        description: 'current (2010+)',
        pattern: '[1-9][A-Z]{3}[0-9]{3}',
        display: '1-ABC-123',
        valid: ['1ABC123', '2XYZ999'],
        invalid: ['0ABC123', '1AB123', '1ABC1234'],
      },
      {
        description: '1973-2010',
        pattern: '[A-Z]{3}[0-9]{3}|[0-9]{3}[A-Z]{3}',
        display: 'ABC-123',
        valid: ['ABC123', '123ABC'],
        invalid: ['AB1234', 'ABC12'],
      },
    ],
  },
  {
    code: 'es',
    name: 'Spain',
    vehiclesMillions: 35,
    formats: [
      {
        description: 'national (2000+)',
        pattern: '[0-9]{4}[B-DF-HJ-NPR-TV-Z]{3}',
        display: '1234 BCD',
        valid: ['1234BCD', '0000XYZ', '9876LMN'],
        invalid: ['1234ABC', '1234BCE', '123BCD', '1234QBC'],
      },
      {
        description: 'provincial (1971-2000)',
        pattern: '[A-Z]{1,2}[0-9]{4}[A-Z]{1,2}',
        display: 'M-1234-AB',
        valid: ['M1234AB', 'GC1234Z', 'B9999BC'],
        invalid: ['M123AB', 'ABC1234AB', 'M1234ABC'],
      },
    ],
  },
  {
    code: 'it',
    name: 'Italy',
    vehiclesMillions: 52,
    formats: [
      {
        description: 'current (1994+)',
        pattern: `${NO_IOQU}{2}[0-9]{3}${NO_IOQU}{2}`,
        display: 'AB 123 CD',
        valid: ['AB123CD', 'FZ987XW'],
        invalid: ['AB123CQ', 'AO123CD', 'AB12CD', 'AB123UD'],
      },
    ],
  },
  {
    code: 'pt',
    name: 'Portugal',
    vehiclesMillions: 7,
    formats: [
      {
        description: 'AA-00-AA (2020+)',
        pattern: '[A-Z]{2}[0-9]{2}[A-Z]{2}',
        display: 'AA-00-AA',
        valid: ['AB12CD'],
        invalid: ['AB123CD', '12AB34'],
      },
      {
        description: '00-AA-00 (2005-2020)',
        pattern: '[0-9]{2}[A-Z]{2}[0-9]{2}',
        display: '00-AA-00',
        valid: ['12AB34'],
        invalid: ['AB12CD', '12ABC4'],
      },
      {
        description: '00-00-AA and AA-00-00 (1937-2005)',
        pattern: '[0-9]{4}[A-Z]{2}|[A-Z]{2}[0-9]{4}',
        display: '00-00-AA',
        valid: ['1234AB', 'AB1234'],
        invalid: ['123ABC', 'A12345'],
      },
    ],
  },
  {
    code: 'pl',
    name: 'Poland',
    vehiclesMillions: 33,
    formats: [
      {
        description: 'two-letter district + 5',
        pattern: '[A-Z]{2}(?:[0-9]{5}|[0-9]{4}[A-Z]|[0-9]{3}[A-Z]{2}|[1-9][A-Z][0-9]{3}|[1-9][A-Z]{2}[0-9]{2})',
        display: 'WA 12345',
        valid: ['WA12345', 'KR1234A', 'PO123AB', 'WX1A234', 'GD1AB23'],
        invalid: ['WA1234', 'W123456', 'WA12A34B'],
      },
      {
        description: 'three-letter district + 4 or 5',
        pattern:
          '[A-Z]{3}(?:[A-Z][0-9]{3}|[0-9]{2}[A-Z]{2}|[1-9][A-Z][0-9]{2}|[0-9]{2}[A-Z][0-9]|[1-9][A-Z]{2}[0-9]|[A-Z]{2}[0-9]{2}|[0-9]{3}[A-Z]|[0-9]{5}|[0-9]{4}[A-Z]|[0-9]{3}[A-Z]{2})',
        display: 'WPI 1234A',
        valid: ['WPIA123', 'KRA12AB', 'SBE1A23', 'WPI12345', 'DWR1234A'],
        invalid: ['WPI123', 'WPIABCD', 'WPI123456'],
      },
    ],
  },
  {
    code: 'cz',
    name: 'Czechia',
    vehiclesMillions: 8,
    formats: [
      {
        description: 'current (2001+)',
        pattern: '[1-9][ABCEHJKLMPSTUZ][0-9A-Z][0-9]{4}',
        display: '1A2 3456',
        valid: ['1A23456', '5T81234', '2AB1234'],
        invalid: ['0A23456', '1D23456', '1A2345'],
      },
    ],
  },
  {
    code: 'sk',
    name: 'Slovakia',
    vehiclesMillions: 3,
    formats: [
      {
        description: 'district or random prefix, 3 digits, 2 letters (1997+)',
        pattern: '[A-Z]{2}[0-9]{3}[A-Z]{2}',
        display: 'BA-123AB',
        valid: ['BA123AB', 'KE987ZX'],
        invalid: ['BA12AB', 'BA1234AB', 'B1123AB'],
      },
    ],
  },
  {
    code: 'at',
    name: 'Austria',
    vehiclesMillions: 7,
    formats: [
      {
        description: 'district, number, letters',
        pattern: '(?=[A-Z0-9]{4,8}$)[A-Z]{1,2}[1-9][0-9]{0,4}[A-Z]{1,3}',
        display: 'W 12345 A',
        valid: ['W12345A', 'G123AB', 'KO1ABC'],
        invalid: ['W12345', 'WIEN12A', 'W0123A', 'WU123456A'],
      },
    ],
  },
  {
    code: 'ch',
    name: 'Switzerland',
    vehiclesMillions: 6.5,
    formats: [
      {
        description: 'canton + number',
        pattern: '(?:AG|AI|AR|BE|BL|BS|FR|GE|GL|GR|JU|LU|NE|NW|OW|SG|SH|SO|SZ|TG|TI|UR|VD|VS|ZG|ZH)[1-9][0-9]{0,5}',
        display: 'ZH 123456',
        valid: ['ZH123456', 'BE1', 'VD45678'],
        invalid: ['XX12345', 'ZH0123', 'ZH1234567'],
      },
    ],
  },
  {
    code: 'se',
    name: 'Sweden',
    vehiclesMillions: 6,
    formats: [
      {
        description: 'ABC 123 / ABC 12A (2019+)',
        pattern: '[A-HJ-PR-UW-Z]{3}[0-9]{2}[0-9A-HJ-NPR-UW-Z]',
        display: 'ABC 12A',
        valid: ['ABC123', 'XYZ12A'],
        invalid: ['ABI123', 'ABC12O', 'AB1234', 'ABCD12'],
      },
    ],
  },
  {
    code: 'no',
    name: 'Norway',
    vehiclesMillions: 3.5,
    formats: [
      {
        description: 'two letters + 5 digits',
        pattern: '[A-HJ-NP-Z]{2}[1-9][0-9]{4}',
        display: 'AB 12345',
        valid: ['AB12345', 'EL98765'],
        invalid: ['AB01234', 'AI12345', 'AB1234'],
      },
    ],
  },
  {
    code: 'dk',
    name: 'Denmark',
    vehiclesMillions: 3.3,
    formats: [
      {
        description: 'two letters + 5 digits',
        pattern: '[A-Z]{2}[0-9]{5}',
        display: 'AB 12 345',
        valid: ['AB12345', 'XY00123'],
        invalid: ['AB1234', 'A123456', 'ABC12345'],
      },
    ],
  },
  {
    code: 'fi',
    name: 'Finland',
    vehiclesMillions: 5,
    formats: [
      {
        description: 'letters + number',
        pattern: '[A-Z]{2,3}[1-9][0-9]{0,2}',
        display: 'ABC-123',
        valid: ['ABC123', 'XY1', 'KLM45'],
        invalid: ['ABC012', 'ABC1234', 'ABCD123'],
      },
    ],
  },
  {
    code: 'hu',
    name: 'Hungary',
    vehiclesMillions: 4.5,
    formats: [
      {
        description: 'ABC-123 (1990-2022)',
        pattern: '[A-Z]{3}[0-9]{3}',
        display: 'ABC-123',
        valid: ['ABC123'],
        invalid: ['AB1234', 'ABC12'],
      },
      {
        description: 'AA AA-123 (2022+)',
        pattern: '[A-Z]{4}[0-9]{3}',
        display: 'AA AA-123',
        valid: ['AABC123'],
        invalid: ['AAB1234', 'AABC12'],
      },
    ],
  },
  {
    code: 'ro',
    name: 'Romania',
    vehiclesMillions: 9,
    formats: [
      {
        description: 'county, number, letters',
        pattern:
          '(?:B[0-9]{2,3}|(?:AB|AG|AR|BC|BH|BN|BR|BT|BV|BZ|CJ|CL|CS|CT|CV|DB|DJ|GJ|GL|GR|HD|HR|IF|IL|IS|MH|MM|MS|NT|OT|PH|SB|SJ|SM|SV|TL|TM|TR|VL|VN|VS)[0-9]{2})[A-Z]{3}',
        display: 'CJ 12 ABC',
        valid: ['B123ABC', 'B12XYZ', 'CJ12ABC'],
        invalid: ['XX12ABC', 'CJ123ABC', 'B1234ABC'],
      },
    ],
  },
  {
    code: 'us',
    name: 'United States',
    vehiclesMillions: 290,
    note: 'generic state formats; no per-state rules',
    formats: [
      {
        description: 'digit, 3 letters, 3 digits (e.g. California)',
        pattern: '[1-9][A-Z]{3}[0-9]{3}',
        display: '1ABC234',
        valid: ['7ABC123', '8XYZ999'],
        invalid: ['0ABC123', 'ABC1234', '7AB1234'],
      },
      {
        description: '3 letters, 4 digits (e.g. New York, Texas, Pennsylvania)',
        pattern: '[A-Z]{3}[0-9]{4}',
        display: 'ABC-1234',
        valid: ['ABC1234'],
        invalid: ['AB12345', 'ABC123'],
      },
      {
        description: 'any 2-7 letters and digits with at least one digit (state and vanity mix)',
        pattern: '(?=[A-Z]*[0-9])[A-Z0-9]{2,7}',
        display: 'AB1 2CD',
        valid: ['AB12C3', '1A2B3C', '12345'],
        invalid: ['ABCDEF', 'A', 'AB12CD345'],
        generic: true,
      },
    ],
  },
  {
    code: 'ca',
    name: 'Canada',
    vehiclesMillions: 26,
    formats: [
      {
        description: 'Ontario: 4 letters, 3 digits',
        pattern: '[A-Z]{4}[0-9]{3}',
        display: 'ABCD 123',
        valid: ['ABCD123'],
        invalid: ['ABC1234', 'ABCD12'],
      },
      {
        description: 'British Columbia: AB1 23C',
        pattern: '[A-Z]{2}[0-9]{3}[A-Z]',
        display: 'AB1 23C',
        valid: ['AB123C'],
        invalid: ['AB1234', 'A1234C'],
      },
      {
        description: 'Quebec: A12 BCD / 123 ABC',
        pattern: '[A-Z][0-9]{2}[A-Z]{3}|[0-9]{3}[A-Z]{3}',
        display: 'A12 BCD',
        valid: ['A12BCD', '123ABC'],
        invalid: ['AB12CD', '12ABCD'],
      },
    ],
  },
  {
    code: 'mx',
    name: 'Mexico',
    vehiclesMillions: 53,
    formats: [
      {
        description: 'private car: ABC-123-D / ABC-12-34',
        pattern: '[A-Z]{3}[0-9]{3}[A-Z]|[A-Z]{3}[0-9]{4}',
        display: 'ABC-123-D',
        valid: ['ABC123D', 'XYZ1234'],
        invalid: ['AB1234D', 'ABC12D'],
      },
    ],
  },
  {
    code: 'br',
    name: 'Brazil',
    vehiclesMillions: 115,
    formats: [
      {
        description: 'old national (LLL9999)',
        pattern: '[A-Z]{3}[0-9]{4}',
        display: 'ABC-1234',
        valid: ['ABC1234', 'XYZ0001'],
        invalid: ['AB12345', 'ABC123'],
      },
      {
        description: 'Mercosul (LLL9L99, 2018+)',
        pattern: '[A-Z]{3}[0-9][A-Z][0-9]{2}',
        display: 'ABC1D23',
        valid: ['ABC1D23', 'RIO2A18'],
        invalid: ['ABC1234', 'ABCD123', 'AB1C234'],
      },
    ],
  },
  {
    code: 'ar',
    name: 'Argentina',
    vehiclesMillions: 22,
    formats: [
      {
        description: 'Mercosur (2016+)',
        pattern: '[A-Z]{2}[0-9]{3}[A-Z]{2}',
        display: 'AB 123 CD',
        valid: ['AB123CD'],
        invalid: ['ABC123', 'AB1234C'],
      },
      {
        description: '1995-2016',
        pattern: '[A-Z]{3}[0-9]{3}',
        display: 'ABC 123',
        valid: ['ABC123'],
        invalid: ['AB1234', 'ABC1234'],
      },
    ],
  },
  {
    code: 'au',
    name: 'Australia',
    vehiclesMillions: 21,
    formats: [
      {
        description: 'NSW: AB 12 CD',
        pattern: '[A-Z]{2}[0-9]{2}[A-Z]{2}',
        display: 'AB-12-CD',
        valid: ['AB12CD'],
        invalid: ['AB123D', 'A12BCD'],
      },
      {
        description: 'Victoria: 1AB 2CD',
        pattern: '[0-9][A-Z]{2}[0-9][A-Z]{2}',
        display: '1AB-2CD',
        valid: ['1AB2CD'],
        invalid: ['1ABC2D', 'AB12CD'],
      },
      {
        description: 'Queensland: 123 ABC',
        pattern: '[0-9]{3}[A-Z]{3}',
        display: '123-ABC',
        valid: ['123ABC'],
        invalid: ['12ABCD', 'ABC123'],
      },
      {
        description: 'South Australia: S123 ABC',
        pattern: 'S[0-9]{3}[A-Z]{3}',
        display: 'S123 ABC',
        valid: ['S123ABC'],
        invalid: ['T123ABC', 'S12ABC'],
      },
      {
        description: 'Western Australia: 1ABC 234',
        pattern: '[1-9][A-Z]{3}[0-9]{3}',
        display: '1ABC 234',
        valid: ['1ABC234'],
        invalid: ['ABC1234', '1AB2345'],
      },
      {
        description: 'Tasmania: A12 BC',
        pattern: '[A-Z][0-9]{2}[A-Z]{2}',
        display: 'A12 BC',
        valid: ['A12BC'],
        invalid: ['AB12C', 'A123BC'],
      },
    ],
  },
  {
    code: 'nz',
    name: 'New Zealand',
    vehiclesMillions: 4.5,
    formats: [
      {
        description: 'ABC123 (2001+) and AB1234 (1964-2001)',
        pattern: '[A-Z]{3}[1-9][0-9]{0,2}|[A-Z]{2}[1-9][0-9]{0,3}',
        display: 'ABC123',
        valid: ['ABC123', 'AB1234', 'QZ7'],
        invalid: ['ABC1234', 'ABC012', '1ABC23'],
      },
    ],
  },
  {
    code: 'in',
    name: 'India',
    vehiclesMillions: 330,
    formats: [
      {
        description: 'state, district, series, number',
        pattern:
          '(?:AN|AP|AR|AS|BR|CG|CH|DD|DL|DN|GA|GJ|HP|HR|JH|JK|KA|KL|LA|LD|MH|ML|MN|MP|MZ|NL|OD|OR|PB|PY|RJ|SK|TN|TR|TS|UK|UP|WB)[0-9]{1,2}[A-Z]{0,3}[0-9]{4}',
        display: 'MH 12 AB 1234',
        valid: ['MH12AB1234', 'DL3CAB1234', 'KA011234'],
        invalid: ['XX12AB1234', 'MH12AB123', 'MH12ABCD1234'],
      },
      {
        description: 'Bharat series (2021+)',
        pattern: '[0-9]{2}BH[0-9]{4}[A-HJ-NP-Z]{1,2}',
        display: '22 BH 1234 AA',
        valid: ['22BH1234AA', '21BH0001C'],
        invalid: ['22BX1234AA', '22BH123AA'],
      },
    ],
  },
  {
    code: 'vn',
    name: 'Vietnam',
    vehiclesMillions: 75,
    formats: [
      {
        description: 'province, series, number',
        pattern: '[1-9][0-9][A-Z][A-Z0-9]?[0-9]{4,5}',
        display: '51F-123.45',
        valid: ['51F12345', '29A1234', '59X112345'],
        invalid: ['5F12345', '51F123', 'AB12345'],
      },
    ],
  },
  {
    code: 'sg',
    name: 'Singapore',
    vehiclesMillions: 1,
    formats: [
      {
        description: 'prefix, number, checksum letter',
        pattern: '[A-Z]{1,3}[1-9][0-9]{0,3}[A-EGHJ-MPR-UX-Z]',
        display: 'SBA 1234 A',
        valid: ['SBA1234A', 'E12K', 'SKQ7Z'],
        invalid: ['SBA1234', 'SBA1234F', 'SBA0123A', 'SBAC123A'],
      },
    ],
  },
  {
    code: 'my',
    name: 'Malaysia',
    vehiclesMillions: 36,
    formats: [
      {
        description: 'state prefix, number, optional suffix',
        pattern: '[A-HJ-NP-Z]{1,3}[1-9][0-9]{0,3}[A-HJ-NP-Z]?',
        display: 'WXY 1234',
        valid: ['WXY1234', 'BJM8', 'W1234A'],
        invalid: ['WXYZ1234', 'WXY0123', 'WXY12345'],
      },
    ],
  },
  {
    code: 'za',
    name: 'South Africa',
    vehiclesMillions: 12,
    formats: [
      {
        description: 'Gauteng: AB 12 CD GP',
        pattern: '[A-Z]{2}[0-9]{2}[A-Z]{2}GP',
        display: 'AB 12 CD GP',
        valid: ['AB12CDGP'],
        invalid: ['AB12CDEC', 'AB12CD'],
      },
      {
        description: 'Western Cape / KwaZulu-Natal: CA 123-456, ND 123-456',
        pattern: '(?:C[A-Z]{1,2}|N[A-Z]{1,2})[0-9]{1,6}',
        display: 'CA 123-456',
        valid: ['CA123456', 'CFM12', 'ND123456'],
        invalid: ['XA123456', 'CA1234567'],
      },
      {
        description: 'other provinces: ABC 123 EC',
        pattern: '[A-Z]{3}[0-9]{3}(?:EC|FS|MP|NW|NC|L)',
        display: 'ABC 123 EC',
        valid: ['ABC123EC', 'XYZ987L'],
        invalid: ['ABC123GP', 'ABC123'],
      },
    ],
  },
  {
    code: 'ae',
    name: 'United Arab Emirates',
    vehiclesMillions: 4,
    note: 'Latin code letter and number only; Arabic text is ignored',
    formats: [
      {
        description: 'code letter(s) + up to 5 digits',
        pattern: '[A-Z]{1,2}[1-9][0-9]{0,4}',
        display: 'A 12345',
        valid: ['A12345', 'AA1'],
        invalid: ['ABC12345', 'A123456', 'A01234'],
      },
    ],
  },
  {
    code: 'tr',
    name: 'Turkey',
    vehiclesMillions: 29,
    formats: [
      {
        description: 'province, letters, number',
        pattern: '(?:0[1-9]|[1-7][0-9]|8[01])(?:[A-Z][0-9]{4,5}|[A-Z]{2}[0-9]{3,4}|[A-Z]{3}[0-9]{2,3})',
        display: '34 ABC 123',
        valid: ['34ABC123', '06A1234', '35AB1234'],
        invalid: ['99ABC123', '34ABCD12', '34A123'],
      },
    ],
  },
  {
    code: 'ru',
    name: 'Russia',
    vehiclesMillions: 63,
    note: 'Cyrillic letters read as their Latin look-alikes',
    formats: [
      {
        description: 'letter, 3 digits, 2 letters, region',
        pattern: `${RU_LETTER}[0-9]{3}${RU_LETTER}{2}[0-9]{2,3}`,
        display: 'A123BC77',
        valid: ['A123BC77', 'X999KM199'],
        invalid: ['D123BC77', 'A123BC7', 'A12BC77'],
      },
    ],
  },
  {
    code: 'ua',
    name: 'Ukraine',
    vehiclesMillions: 15,
    note: 'Cyrillic letters read as their Latin look-alikes',
    formats: [
      {
        description: 'region letters, 4 digits, series letters',
        pattern: `${UA_LETTER}{2}[0-9]{4}${UA_LETTER}{2}`,
        display: 'AA 1234 BB',
        valid: ['AA1234BB', 'KA0001XO'],
        invalid: ['AD1234BB', 'AA123BB', 'AA12345B'],
      },
    ],
  },
  {
    code: 'il',
    name: 'Israel',
    vehiclesMillions: 4,
    formats: [
      {
        description: '7 or 8 digits',
        pattern: '[0-9]{7,8}',
        display: '123-45-678',
        valid: ['12345678', '1234567'],
        invalid: ['123456', '123456789', '12A45678'],
      },
    ],
  },
];
