import { describe, expect, it } from 'vitest';
import { compileDatePattern, dayNumber, gtdDate, isoFromDayNumber, parseIncidentDate } from './incidentDates';

const day = (iso: string) => ({ start: iso, end: iso, precision: 'day' });

describe('parseIncidentDate', () => {
  it('reads ISO dates, with or without the time UCDP appends', () => {
    expect(parseIncidentDate('2025-03-11')).toEqual(day('2025-03-11'));
    expect(parseIncidentDate('2023-01-30 00:00:00.000')).toEqual(day('2023-01-30'));
    expect(parseIncidentDate('2023-01-30T14:05:00Z')).toEqual(day('2023-01-30'));
    expect(parseIncidentDate(' 2024/11/09 ')).toEqual(day('2024-11-09'));
  });

  it('reads day-month-year and month-day-year text, with or without a weekday', () => {
    expect(parseIncidentDate('11 March 2025')).toEqual(day('2025-03-11'));
    expect(parseIncidentDate('11-Mar-2025')).toEqual(day('2025-03-11'));
    expect(parseIncidentDate('March 11, 2025')).toEqual(day('2025-03-11'));
    expect(parseIncidentDate('Sunday-November 19-1995')).toEqual(day('1995-11-19'));
    expect(parseIncidentDate('Tuesday, 4 March 2025')).toEqual(day('2025-03-04'));
  });

  it('gives a month or year a span and a coarser precision', () => {
    expect(parseIncidentDate('2024-04')).toEqual({ start: '2024-04-01', end: '2024-04-30', precision: 'month' });
    expect(parseIncidentDate('2024-02')).toEqual({ start: '2024-02-01', end: '2024-02-29', precision: 'month' });
    expect(parseIncidentDate('October 2024')).toEqual({ start: '2024-10-01', end: '2024-10-31', precision: 'month' });
    expect(parseIncidentDate('2014')).toEqual({ start: '2014-01-01', end: '2014-12-31', precision: 'year' });
  });

  it('refuses dates that do not exist, ambiguous numeric orders and text', () => {
    expect(parseIncidentDate('2023-02-30')).toEqual({ error: '2023-02-30 is not a real date' });
    expect(parseIncidentDate('31 April 2024')).toEqual({ error: '2024-04-31 is not a real date' });
    expect(parseIncidentDate('03/11/2025')).toMatchObject({ error: expect.stringContaining('ambiguous') });
    expect(parseIncidentDate('last Tuesday')).toMatchObject({ error: expect.stringContaining('is not a date') });
    expect(parseIncidentDate('')).toEqual({ error: 'the date is empty' });
    expect(parseIncidentDate('2024-13')).toMatchObject({ error: expect.stringContaining('not a real month') });
  });
});

describe('gtdDate', () => {
  it('reads a full date', () => {
    expect(gtdDate('2014', '12', '16')).toEqual(day('2014-12-16'));
  });

  it('reads day 0 as month precision and month 0 as year precision', () => {
    expect(gtdDate('2017', '6', '0')).toEqual({ start: '2017-06-01', end: '2017-06-30', precision: 'month' });
    expect(gtdDate('2017', '0', '0')).toEqual({ start: '2017-01-01', end: '2017-12-31', precision: 'year' });
  });

  it('reads -99 and blanks as unknown, and refuses impossible days', () => {
    expect(gtdDate('2016', '8', '-99')).toMatchObject({ precision: 'month' });
    expect(gtdDate('2016', '', '')).toMatchObject({ precision: 'year' });
    expect(gtdDate('2016', '2', '30')).toEqual({ error: '2016-02-30 is not a real date' });
    expect(gtdDate('16', '2', '3')).toMatchObject({ error: expect.stringContaining('iyear') });
  });
});

describe('compileDatePattern', () => {
  it('reads declared day/month orders and month names', () => {
    expect(compileDatePattern('DD/MM/YYYY').parse('03/11/2025')).toEqual(day('2025-11-03'));
    expect(compileDatePattern('MM/DD/YYYY').parse('03/11/2025')).toEqual(day('2025-03-11'));
    expect(compileDatePattern('dddd-MMMM D-YYYY').parse('Thursday-October 05-2017')).toEqual(day('2017-10-05'));
    expect(compileDatePattern('MMM YYYY').parse('Apr 2024')).toEqual({ start: '2024-04-01', end: '2024-04-30', precision: 'month' });
  });

  it('explains a value that does not match, and refuses a pattern without a year', () => {
    expect(compileDatePattern('DD/MM/YYYY').parse('2025-03-11')).toEqual({ error: '"2025-03-11" does not match the date format DD/MM/YYYY' });
    expect(compileDatePattern('DD/MM/YYYY').parse('31/02/2025')).toEqual({ error: '2025-02-31 is not a real date' });
    expect(() => compileDatePattern('DD/MM')).toThrow(/no year/);
  });

  it('reads every known form with auto', () => {
    expect(compileDatePattern('auto').parse('11 March 2025')).toEqual(day('2025-03-11'));
  });
});

describe('day numbers', () => {
  it('round-trip ISO dates', () => {
    expect(isoFromDayNumber(dayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(dayNumber('2025-03-12') - dayNumber('2025-03-11')).toBe(1);
  });
});
