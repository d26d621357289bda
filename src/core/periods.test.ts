import { describe, expect, it } from 'vitest';
import { comparePeriods, dueDate, latestDueQuarter, parsePeriod, periodProblem, previousQuarter, quarterOf } from './periods';

describe('parsePeriod', () => {
  it('reads quarters with their first and last day', () => {
    expect(parsePeriod('2025Q1')).toEqual({ code: '2025Q1', granularity: 'quarter', year: 2025, index: 1, start: '2025-01-01', end: '2025-03-31' });
    expect(parsePeriod('2024q4')).toMatchObject({ code: '2024Q4', start: '2024-10-01', end: '2024-12-31' });
  });

  it('reads half-years', () => {
    expect(parsePeriod('2024H1')).toMatchObject({ granularity: 'half', start: '2024-01-01', end: '2024-06-30' });
    expect(parsePeriod('2023H2')).toMatchObject({ start: '2023-07-01', end: '2023-12-31' });
  });

  it('reads whole years', () => {
    expect(parsePeriod('2016')).toMatchObject({ code: '2016', granularity: 'year', start: '2016-01-01', end: '2016-12-31' });
  });

  it.each(['2025Q5', '2025Q0', '2025H3', '25Q1', '2025-Q1', '2025 Q1', 'Q1 2025', '', '1999Q4', '2101'])('refuses %j', (input) => {
    expect(parsePeriod(input)).toBeNull();
    expect(periodProblem(input)).not.toBeNull();
  });

  it('explains what is wrong', () => {
    expect(periodProblem('2025Q5')).toBe('must be a period such as 2025Q1 (quarter), 2025H1 (half-year) or 2025 (year)');
    expect(periodProblem('1999Q1')).toBe('year must be between 2000 and 2100');
    expect(periodProblem('2025Q2')).toBeNull();
  });
});

describe('quarter arithmetic', () => {
  it('finds the quarter of a date or a month', () => {
    expect(quarterOf('2016-08').code).toBe('2016Q3');
    expect(quarterOf('2017-12-09').code).toBe('2017Q4');
    expect(quarterOf('2022-01-01').code).toBe('2022Q1');
  });

  it('steps back across a year boundary', () => {
    expect(previousQuarter(parsePeriod('2025Q1')!).code).toBe('2024Q4');
    expect(previousQuarter(parsePeriod('2025Q3')!).code).toBe('2025Q2');
  });

  it('orders periods by their end, a longer period before a shorter one ending the same day', () => {
    const codes = ['2016Q4', '2016', '2016Q1', '2015H2', '2017Q1'];
    const sorted = codes.map((c) => parsePeriod(c)!).sort(comparePeriods).map((p) => p.code);
    expect(sorted).toEqual(['2015H2', '2016Q1', '2016', '2016Q4', '2017Q1']);
  });

  it('puts the due date a number of days after the period ends', () => {
    expect(dueDate(parsePeriod('2025Q1')!, 30)).toBe('2025-04-30');
    expect(dueDate(parsePeriod('2025Q4')!, 15)).toBe('2026-01-15');
  });

  it('finds the latest quarter already due', () => {
    expect(latestDueQuarter('2025-05-15', 30).code).toBe('2025Q1');
    // 2025Q1 falls due on 30 April: on that day it is due, the day before it is not yet.
    expect(latestDueQuarter('2025-04-30', 30).code).toBe('2025Q1');
    expect(latestDueQuarter('2025-04-29', 30).code).toBe('2024Q4');
  });
});
