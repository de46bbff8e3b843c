import { describe, expect, it } from 'vitest';
import {
  describeRegions,
  isKnownRegion,
  levenshtein,
  listRegionCodes,
  matchFormats,
  matchRegions,
  normalisePlateText,
  parseRegionList,
  REGIONS,
  UNSUPPORTED_REGIONS,
  unsupportedRegionReason,
} from '../../src/regions/index.js';

const REQUIRED_CODES = [
  'gb',
  'ie',
  'de',
  'fr',
  'nl',
  'be',
  'es',
  'it',
  'pt',
  'pl',
  'cz',
  'sk',
  'at',
  'ch',
  'se',
  'no',
  'dk',
  'fi',
  'hu',
  'ro',
  'us',
  'ca',
  'mx',
  'br',
  'ar',
  'au',
  'nz',
  'in',
  'vn',
  'sg',
  'my',
  'za',
  'ae',
  'tr',
  'ru',
  'ua',
  'il',
];

describe('plate-format database', () => {
  it('covers every required region once, with lower-case ISO codes and names', () => {
    const codes = REGIONS.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of REQUIRED_CODES) expect(codes).toContain(code);
    for (const region of REGIONS) {
      expect(region.code).toMatch(/^[a-z]{2}$/);
      expect(region.name.length).toBeGreaterThan(2);
      expect(region.formats.length).toBeGreaterThan(0);
    }
  });

  it('has examples that are already normalised, at least one valid and one invalid per format', () => {
    for (const region of REGIONS) {
      for (const format of region.formats) {
        expect(format.valid.length, `${region.code} ${format.description}`).toBeGreaterThan(0);
        expect(format.invalid.length, `${region.code} ${format.description}`).toBeGreaterThan(0);
        for (const example of [...format.valid, ...format.invalid]) expect(normalisePlateText(example)).toBe(example);
      }
    }
  });

  // Generated: one test per format, checking every example against the format and its region.
  for (const region of REGIONS) {
    for (const format of region.formats) {
      it(`${region.code}: ${format.description} (${format.display})`, () => {
        const regex = new RegExp(`^(?:${format.pattern})$`);
        for (const valid of format.valid) {
          expect(regex.test(valid), `${valid} should match`).toBe(true);
          expect(matchRegions(valid, { includeGeneric: true }), `${valid} should be ${region.code}`).toContain(region.code);
        }
        for (const invalid of format.invalid) expect(regex.test(invalid), `${invalid} should not match`).toBe(false);
      });
    }
  }

  it('keeps the unsupported list disjoint from the supported regions', () => {
    for (const code of Object.keys(UNSUPPORTED_REGIONS)) expect(isKnownRegion(code)).toBe(false);
    expect(unsupportedRegionReason('JP')).toMatch(/kana|kanji/);
    expect(unsupportedRegionReason('gb')).toBeUndefined();
  });
});

describe('normalisePlateText', () => {
  it('upper-cases and strips separators and symbols', () => {
    expect(normalisePlateText('ab12 cde')).toBe('AB12CDE');
    expect(normalisePlateText(' AB-123-CD ')).toBe('AB123CD');
    expect(normalisePlateText('51F-123.45')).toBe('51F12345');
    expect(normalisePlateText('M·AB 1234')).toBe('MAB1234');
    expect(normalisePlateText("(ZH) 12'345 🇨🇭")).toBe('ZH12345');
    expect(normalisePlateText('')).toBe('');
  });

  it('drops diacritics and maps Cyrillic/Greek look-alikes to Latin', () => {
    expect(normalisePlateText('LÖ AB 12')).toBe('LOAB12');
    expect(normalisePlateText('А123ВС77')).toBe('A123BC77'); // Cyrillic А, В, С
    expect(normalisePlateText('ах 1234 ео')).toBe('AX1234EO'); // lower-case Cyrillic
    expect(normalisePlateText('ΙΚΧ-1234')).toBe('IKX1234'); // Greek
  });
});

describe('levenshtein', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(levenshtein('', '')).toBe(0);
    expect(levenshtein('ABC', '')).toBe(3);
    expect(levenshtein('', 'AB')).toBe(2);
    expect(levenshtein('AB12CDE', 'AB12CDE')).toBe(0);
    expect(levenshtein('AB12CDE', 'AB12CD')).toBe(1);
    expect(levenshtein('AB12CDE', 'A812CDE')).toBe(1);
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('ABC', 'CBA')).toBe(levenshtein('CBA', 'ABC'));
  });
});

describe('matchRegions / matchFormats', () => {
  it('finds the region of distinctive formats', () => {
    expect(matchRegions('LR69 XYZ')[0]).toBe('gb');
    expect(matchRegions('ZH 123456')).toContain('ch');
    expect(matchRegions('A123BC77')).toContain('ru');
    expect(matchRegions('MH 12 AB 1234')).toEqual(['in']);
    expect(matchRegions('ABC1D23')[0]).toBe('br');
  });

  it('lists every region a shared shape fits, most specific first', () => {
    const regions = matchRegions('AB-123-CD');
    expect(regions).toEqual(expect.arrayContaining(['fr', 'it', 'sk', 'ar']));
    // Italy excludes more letters than Slovakia (fewer possible plates) and has more vehicles.
    expect(regions.indexOf('it')).toBeLessThan(regions.indexOf('sk'));
    const formats = matchFormats('AB123CD');
    for (let i = 1; i < formats.length; i++) expect(formats[i - 1]!.score).toBeGreaterThanOrEqual(formats[i]!.score);
    const it = formats.find((f) => f.region === 'it')!;
    const sk = formats.find((f) => f.region === 'sk')!;
    expect(it.specificity).toBeGreaterThan(sk.specificity);
  });

  it('rates catch-all formats as carrying no evidence', () => {
    const generic = matchFormats('HK0E7C', { includeGeneric: true }).find((f) => f.format.generic);
    expect(generic?.specificity).toBeCloseTo(0, 5);
    const gb = matchFormats('LR69XYZ', { regions: ['gb'] })[0]!;
    // 23 * 23 * 100 * 24^3 GB current-style plates out of 36^7 strings.
    expect(gb.specificity).toBeCloseTo(7 * Math.log2(36) - Math.log2(23 * 23 * 100 * 24 ** 3), 6);
  });

  it('leaves catch-all formats out unless asked, and filters by region', () => {
    expect(matchRegions('HK0E7C')).toEqual([]);
    expect(matchRegions('HK0E7C', { includeGeneric: true })).toEqual(['us']);
    expect(matchRegions('AB123CD', { regions: ['sk', 'gb'] })).toEqual(['sk']);
    expect(matchRegions('')).toEqual([]);
    expect(matchRegions('HELLO WORLD')).toEqual([]);
  });
});

describe('region codes', () => {
  it('knows supported codes case-insensitively and lists them sorted', () => {
    expect(isKnownRegion('gb')).toBe(true);
    expect(isKnownRegion('GB')).toBe(true);
    expect(isKnownRegion('xx')).toBe(false);
    expect(isKnownRegion('jp')).toBe(false);
    const codes = listRegionCodes();
    expect(codes).toEqual([...codes].sort());
    expect(codes.length).toBe(REGIONS.length);
  });

  it('parses --regions lists: lower case, de-duplicated, unknown codes reported', () => {
    expect(parseRegionList('gb,de')).toEqual({ regions: ['gb', 'de'], unknown: [] });
    expect(parseRegionList(' GB, de ,gb,,FR ')).toEqual({ regions: ['gb', 'de', 'fr'], unknown: [] });
    expect(parseRegionList('gb,xx,jp,XX')).toEqual({ regions: ['gb'], unknown: ['xx', 'jp'] });
    expect(parseRegionList('uk')).toEqual({ regions: ['gb'], unknown: [] });
    expect(parseRegionList('')).toEqual({ regions: [], unknown: [] });
  });

  it('describes every accepted code with its name, compactly', () => {
    const text = describeRegions();
    for (const region of REGIONS) expect(text).toContain(`${region.code} ${region.name}`);
    for (const line of text.split('\n').slice(0, -1)) expect(line.length).toBeLessThanOrEqual(79);
    expect(text.split('\n').length).toBeLessThan(15);
    expect(text).toContain('jp');
  });
});
