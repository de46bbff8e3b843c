import { describe, expect, it } from 'vitest';
import { chooseOpenAlprCountry, openAlprCountry, openAlprCountryFor } from '../../src/detection/openalpr/regions.js';

describe('openAlprCountry', () => {
  it('uses alpr’s default us config when no region is requested', () => {
    expect(openAlprCountry([])).toBe('us');
    expect(chooseOpenAlprCountry([]).note).toBeUndefined();
  });

  it.each([
    [['us'], 'us'],
    [['ca'], 'us'],
    [['gb'], 'eu'],
    [['de'], 'eu'],
    [['fr'], 'eu'],
    [['sk'], 'eu'],
    [['br'], 'br'],
    [['au'], 'au'],
    [['nz'], 'au'],
    [['kr'], 'kr'],
    [['mx'], 'mx'],
    [['sg'], 'sg'],
    [['DE '], 'eu'],
  ])('%j → %s', (regions, country) => {
    expect(openAlprCountry(regions)).toBe(country);
  });

  it('picks the config covering most requested regions and explains the compromise', () => {
    const choice = chooseOpenAlprCountry(['us', 'de', 'fr']);
    expect(choice.country).toBe('eu');
    expect(choice.covered).toEqual(['de', 'fr']);
    expect(choice.uncovered).toEqual(['us']);
    expect(choice.note).toMatch(/using 'eu'.*us needs another config/);
  });

  it('breaks ties by request order', () => {
    expect(openAlprCountry(['br', 'us'])).toBe('br');
    expect(openAlprCountry(['us', 'br'])).toBe('us');
  });

  it('falls back to us for regions OpenALPR has no config for, saying so', () => {
    const choice = chooseOpenAlprCountry(['jp']);
    expect(choice.country).toBe('us');
    expect(choice.note).toMatch(/no config for jp/);
    expect(openAlprCountryFor('jp')).toBeUndefined();
  });

  it('needs no note when every region shares the config', () => {
    expect(chooseOpenAlprCountry(['de', 'at', 'de']).note).toBeUndefined();
  });
});
