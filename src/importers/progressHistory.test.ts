import { describe, expect, it } from 'vitest';
import { ASSESSMENTS, periodOfSignalDate } from './progressHistory';
import { assessmentProblems } from '../core/progress';

describe('periodOfSignalDate', () => {
  it('puts a month or a day in its quarter, a year in that year, a span in the year it ends', () => {
    expect(periodOfSignalDate('2016-08')?.code).toBe('2016Q3');
    expect(periodOfSignalDate('2024-06-26')?.code).toBe('2024Q2');
    expect(periodOfSignalDate('2016')?.code).toBe('2016');
    expect(periodOfSignalDate('2019/2020')?.code).toBe('2020');
    expect(periodOfSignalDate('2014/2017')?.code).toBe('2017');
  });

  it('leaves undated and unreadable dates out', () => {
    expect(periodOfSignalDate('')).toBeNull();
    expect(periodOfSignalDate('early 2017')).toBeNull();
  });
});

describe('ASSESSMENTS', () => {
  it('maps every published wording onto a coherent rating', () => {
    for (const [wording, a] of Object.entries(ASSESSMENTS)) {
      expect(assessmentProblems({ ...a, stall_reasons: [], evidence: [] }), wording).toEqual([]);
      expect(a.rating, wording).not.toBe('unrated');
    }
  });
});
