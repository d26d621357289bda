import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, formatNumber, formatValue, formatYear, isPercent, unitLabel } from './format';
import { setLanguage } from './i18n';

describe('formatNumber', () => {
  it('shortens large numbers', () => {
    expect(formatNumber(1_234_567)).toBe('1.2M');
    expect(formatNumber(45_300)).toBe('45.3K');
    expect(formatNumber(13_000_000_000)).toBe('13B');
  });

  it('keeps small numbers readable', () => {
    expect(formatNumber(9_876)).toBe('9,876');
    expect(formatNumber(45.34)).toBe('45.3');
    expect(formatNumber(0.7734)).toBe('0.77');
    expect(formatNumber(3)).toBe('3');
  });

  it('writes percentages with one decimal', () => {
    expect(formatNumber(45.34, '%')).toBe('45.3%');
    expect(formatNumber(45.34, 'percent (0–100)')).toBe('45.3%');
  });
});

describe('formatValue', () => {
  it('appends units other than percent', () => {
    expect(formatValue(1_234_567, 'persons')).toBe('1.2M persons');
    expect(formatValue(12.5, 'percent (0–100)')).toBe('12.5%');
    expect(formatValue(1.5, 'percentage points')).toBe('1.5 percentage points');
    expect(formatValue(7, null)).toBe('7');
  });

  it('says "No data" for missing values', () => {
    expect(formatValue(null, '%')).toBe('No data');
    expect(formatValue(undefined, '%')).toBe('No data');
    expect(formatValue(Number.NaN, '%')).toBe('No data');
  });
});

describe('units', () => {
  it('recognises percent units but not percentage points', () => {
    expect(isPercent('%')).toBe(true);
    expect(isPercent('Percent')).toBe(true);
    expect(isPercent('percent (0–100)')).toBe(true);
    expect(isPercent('percentage points')).toBe(false);
    expect(isPercent(null)).toBe(false);
    expect(unitLabel('percent (0–100)')).toBe('%');
    expect(unitLabel('persons')).toBe('persons');
    expect(unitLabel(null)).toBe('');
  });
});

describe('in Urdu', () => {
  afterEach(() => setLanguage('en'));

  it('formats numbers and dates for ur-PK, with lakh and crore', () => {
    setLanguage('ur');
    expect(formatNumber(1_234_567)).toBe('12.3\u00a0لاکھ');
    expect(formatNumber(45.34, '%')).toBe('45.3%');
    expect(formatValue(null)).toBe('ڈیٹا دستیاب نہیں');
    expect(formatValue(1_234_567, 'persons')).toBe('12.3\u00a0لاکھ افراد');
    expect(formatYear(2019)).toBe('2019');
    expect(formatDate('2022-09-09')).toBe('9 ستمبر، 2022');
  });
});

describe('dates and years in English', () => {
  it('writes dates as in Pakistan and years without grouping', () => {
    expect(formatDate('2022-09-09')).toBe('9 September 2022');
    expect(formatYear(2019)).toBe('2019');
  });
});
