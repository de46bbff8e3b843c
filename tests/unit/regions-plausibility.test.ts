import { describe, expect, it } from 'vitest';
import { looksLikeDateOrTime, plateTextScore } from '../../src/regions/index.js';

describe('plateTextScore', () => {
  it('rates real-looking plates high', () => {
    for (const plate of ['AB12 CDE', '7ABC123', 'M-AB 1234', 'AB-123-CD', '1234 BCD', 'HK0E7C', 'ABC1D23', '51F-123.45']) {
      expect(plateTextScore(plate), plate).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('rates dates and clock times ~0', () => {
    for (const text of ['2023-05-01', '08:04:42', '12/05/2023', '01.05.23', '2023-05-01 08:04:42', '8:04 PM', '23:59']) {
      expect(looksLikeDateOrTime(text), text).toBe(true);
      expect(plateTextScore(text), text).toBe(0);
    }
  });

  it('rates digit-only dates and times whose separators were lost low', () => {
    expect(plateTextScore('20230501')).toBeLessThan(0.3);
    expect(plateTextScore('01052023')).toBeLessThan(0.3);
    expect(plateTextScore('2023')).toBeLessThan(plateTextScore('4711'));
    expect(plateTextScore('080442')).toBeLessThan(plateTextScore('123456'.replace('1', '9')));
    // An Israeli-style 8-digit number that is no date keeps its score.
    expect(plateTextScore('12345678')).toBeGreaterThanOrEqual(0.7);
  });

  it('does not take plates with separators for dates', () => {
    for (const plate of ['12-AB-34', '123-45-678', '12-345-67', 'AB 12 345']) {
      expect(looksLikeDateOrTime(plate), plate).toBe(false);
      expect(plateTextScore(plate), plate).toBeGreaterThan(0.5);
    }
  });

  it('rates words and slogans low', () => {
    for (const text of ['PARKING', 'WELCOME', 'HELLO WORLD', 'TAXI', 'POLICE', 'OPEN 24 HOURS', 'SALE 50%']) {
      expect(plateTextScore(text), text).toBeLessThan(0.35);
    }
  });

  it('rates too short or too long strings low', () => {
    expect(plateTextScore('')).toBe(0);
    expect(plateTextScore('A')).toBe(0);
    expect(plateTextScore('A1')).toBeLessThan(0.2);
    expect(plateTextScore('AB12CD34EF56GH')).toBe(0);
  });

  it('prefers letter+digit mixes and known formats over pure digits or letters', () => {
    expect(plateTextScore('AB12CDE')).toBeGreaterThan(plateTextScore('4711'));
    expect(plateTextScore('4711')).toBeGreaterThan(plateTextScore('ABCD'));
    // A valid Israeli plate (all digits) beats a random digit string of a length no format uses.
    expect(plateTextScore('1234567')).toBeGreaterThan(plateTextScore('123456789'));
    // Stray symbols (prices, labels) lower the score.
    expect(plateTextScore('AB12CDE')).toBeGreaterThan(plateTextScore('AB12CD$'));
  });

  it('stays within 0..1', () => {
    for (const text of ['AB12CDE', '', '!!!', '12:00', 'ZZZZZZZZZZZZZZZZZZZ', 'ΑΒΓ 1234']) {
      const score = plateTextScore(text);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });
});
