import { describe, expect, it } from 'vitest';
import { cleanText, parseNumber, parseYear } from './rows';

describe('parseNumber', () => {
  it('reads plain, signed, decimal, exponent and thousands-separated numbers', () => {
    expect(parseNumber('1234')).toEqual({ kind: 'number', value: 1234 });
    expect(parseNumber(' -0.5 ')).toEqual({ kind: 'number', value: -0.5 });
    expect(parseNumber('.25')).toEqual({ kind: 'number', value: 0.25 });
    expect(parseNumber('8.62e-5')).toEqual({ kind: 'number', value: 8.62e-5 });
    expect(parseNumber('1,093,684')).toEqual({ kind: 'number', value: 1093684 });
  });

  it('treats blanks and publisher "no data" marks as missing, never zero', () => {
    for (const raw of ['', '  ', 'NA', 'n/a', '..', '-', 'NaN', undefined]) expect(parseNumber(raw)).toEqual({ kind: 'missing' });
  });

  it('rejects text, formulas and malformed numbers', () => {
    for (const raw of ['seventy', '=E49*D49', '12x', '1,23', '1.2.3', '1 000', 'Infinity']) expect(parseNumber(raw)).toEqual({ kind: 'invalid' });
  });
});

describe('parseYear', () => {
  it('accepts whole years from 1900 to 2100', () => {
    expect(parseYear('2019')).toBe(2019);
    expect(parseYear(' 2004 ')).toBe(2004);
    expect(parseYear('2019.0')).toBe(2019);
  });

  it('rejects anything else', () => {
    for (const raw of ['20x1', '2019.5', '19', '1850', '2101', '', '2019-20', undefined]) expect(parseYear(raw)).toBeNull();
  });
});

describe('cleanText', () => {
  it('trims and collapses spaces; blank is undefined', () => {
    expect(cleanText('  Dera   Ismail Khan ')).toBe('Dera Ismail Khan');
    expect(cleanText('   ')).toBeUndefined();
  });
});
