import { describe, expect, it } from 'vitest';
import { emptyDraft } from './incidents';
import { isUnknownValue, parseCoordinate, parseCount, parseFlag, validateDraft } from './incidentValidation';

const draft = () => emptyDraft('acled', 'PAK1', { start: '2025-03-11', end: '2025-03-11', precision: 'day' });

describe('parseCount', () => {
  it('reads whole numbers, with thousands separators', () => {
    expect(parseCount('12')).toEqual({ value: 12 });
    expect(parseCount(' 0 ')).toEqual({ value: 0 });
    expect(parseCount('12.0')).toEqual({ value: 12 });
    expect(parseCount('1,234')).toEqual({ value: 1234 });
  });

  it('reads -99, NA and blanks as unknown', () => {
    for (const text of ['', '-99', '-9', 'NA', 'N/A', 'unknown']) expect(parseCount(text)).toEqual({ value: null });
    expect(isUnknownValue('-99')).toBe(true);
  });

  it('refuses negative, fractional and non-numeric counts', () => {
    expect(parseCount('-3')).toEqual({ error: '-3 is negative; counts are 0 or more' });
    expect(parseCount('2.5')).toEqual({ error: '2.5 is not a whole number' });
    expect(parseCount('ten')).toEqual({ error: '"ten" is not a number' });
  });
});

describe('parseCoordinate and parseFlag', () => {
  it('reads decimal degrees within range', () => {
    expect(parseCoordinate('33.718', 'latitude')).toEqual({ value: 33.718 });
    expect(parseCoordinate('', 'longitude')).toEqual({ value: null });
    expect(parseCoordinate('_71.456944', 'longitude')).toEqual({ error: '"_71.456944" is not a longitude in decimal degrees' });
    expect(parseCoordinate('95', 'latitude')).toEqual({ error: '95 is outside −90…90' });
  });

  it('reads yes/no flags', () => {
    expect(parseFlag('1')).toEqual({ value: true });
    expect(parseFlag('No')).toEqual({ value: false });
    expect(parseFlag('-9')).toEqual({ value: null });
    expect(parseFlag('maybe')).toMatchObject({ error: expect.any(String) });
  });
});

describe('validateDraft', () => {
  it('accepts a complete incident', () => {
    const d = draft();
    d.killed = { low: 21, best: 25, high: 31 };
    d.latitude = 29.7;
    d.longitude = 67.5;
    d.geo_precision = 2;
    expect(validateDraft(d)).toEqual([]);
  });

  it('requires low ≤ best ≤ high in each range', () => {
    const d = draft();
    d.killed = { low: 30, best: 25, high: null };
    d.injured = { low: null, best: 10, high: 5 };
    d.hostages = { low: 11, best: null, high: 10 };
    expect(validateDraft(d).map((p) => [p.field, p.reason])).toEqual([
      ['killed_low', 'killed low (30) is above best (25); need low ≤ best ≤ high'],
      ['injured_high', 'injured high (5) is below best (10); need low ≤ best ≤ high'],
      ['hostages_high', 'hostages high (10) is below low (11); need low ≤ high'],
    ]);
  });

  it('refuses an end before the start, a lone coordinate and a precision off the scale', () => {
    const d = draft();
    d.date_end = '2025-03-10';
    d.latitude = 30;
    d.geo_precision = 9;
    expect(validateDraft(d).map((p) => p.field)).toEqual(['date_end', 'longitude', 'geo_precision']);
  });

  it('refuses dates outside the plausible years and a bad data set code', () => {
    const d = draft();
    d.dataset = 'Bad Set';
    d.date_start = '1850-01-01';
    expect(validateDraft(d, { latest: '2026-12-31' }).map((p) => p.field)).toEqual(['dataset', 'date_start']);
  });
});
