import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../periods';
import { implementationMilestones, mergeTimeline, programmeMilestones, timelineSpan, type MilestoneReport } from './timeline';

let nextId = 1;
function report(point_id: number, jurisdiction: string, period: string, completion: string | null, rating: string | null): MilestoneReport {
  const p = parsePeriod(period)!;
  return {
    id: nextId++,
    point_id,
    measure_id: null,
    jurisdiction,
    period: p.code,
    period_start: p.start,
    period_end: p.end,
    completion,
    rating,
    plan_code: 'NAP-2014',
    point_code: String(point_id),
    dimension: 'non-kinetic',
  };
}

describe('implementationMilestones', () => {
  it('marks the first assessment and each change of completion or rating, oldest first', () => {
    const reports = [
      report(17, 'PK2', '2019', 'substantial', 'green'),
      report(17, 'PK2', '2018', 'limited', 'amber_red'),
      report(17, 'PK2', '2017', null, 'unrated'),
      report(17, 'PK2', '2016', 'limited', 'amber_red'),
      report(17, 'PK2', '2016Q3', 'limited', 'red'),
      report(9, 'federal', '2016Q3', 'limited', 'red'),
    ];
    const m = implementationMilestones(reports);
    expect(m.map((x) => [x.month, x.point, x.jurisdiction, x.kind, x.previous_completion, x.completion, x.previous_rating, x.rating])).toEqual([
      ['2016-09', '9', 'federal', 'first_assessment', null, 'limited', null, 'red'],
      ['2016-09', '17', 'PK2', 'first_assessment', null, 'limited', null, 'red'],
      // 2016 (year) ends after 2016Q3: the rating moved from red to amber-red.
      ['2016-12', '17', 'PK2', 'change', 'limited', 'limited', 'red', 'amber_red'],
      // 2017 states no level and 2018 repeats 2016: neither is a milestone.
      ['2019-12', '17', 'PK2', 'change', 'limited', 'substantial', 'amber_red', 'green'],
    ]);
  });

  it('gives nothing for reports without a completion level', () => {
    expect(implementationMilestones([report(1, 'PK5', '2020', null, 'unrated')])).toEqual([]);
  });
});

describe('programmeMilestones', () => {
  it('places starts in their month, a bare year in January, and leaves out undated programmes', () => {
    const m = programmeMilestones([
      { code: 'b', name: 'B', kind: 'policy', dimension: null, start_date: '2015-06' },
      { code: 'a', name: 'A', kind: 'legal', dimension: 'kinetic', start_date: '2015-01-07' },
      { code: 'c', name: 'C', kind: 'policy', dimension: null, start_date: '2021' },
      { code: 'd', name: 'D', kind: 'policy', dimension: null, start_date: null },
      { code: 'e', name: 'E', kind: 'policy', dimension: null, start_date: 'soon' },
    ]);
    expect(m.map((x) => [x.programme, x.month, x.precision])).toEqual([
      ['a', '2015-01', 'day'],
      ['b', '2015-06', 'month'],
      ['c', '2021-01', 'year'],
    ]);
  });
});

describe('mergeTimeline', () => {
  it('gives every month, zero where nothing was recorded, with its milestones', () => {
    const figures = new Map([
      ['2016-08', { incidents: 2, killed: 70 }],
      ['2016-10', { incidents: 1, killed: 58 }],
    ]);
    const milestones = [
      ...programmeMilestones([{ code: 'x', name: 'Operation X', kind: 'military-operation', dimension: 'kinetic', start_date: '2016-09-02' }]),
      ...implementationMilestones([report(17, 'PK2', '2016Q3', 'limited', 'red')]),
    ];
    const rows = mergeTimeline('2016-08', '2016-10', figures, milestones);
    expect(rows).toEqual([
      { month: '2016-08', incidents: 2, killed: 70, milestones: [] },
      { month: '2016-09', incidents: 0, killed: 0, milestones: ['start: Operation X', 'first assessed: NAP-2014 17 (PK2) limited/red'] },
      { month: '2016-10', incidents: 1, killed: 58, milestones: [] },
    ]);
  });
});

describe('timelineSpan', () => {
  it('uses the filters, else the earliest and latest of incidents and milestones', () => {
    expect(timelineSpan({ from: '2015-01', to: '2015-12' }, { first: '2000-01', last: '2020-01' }, [])).toEqual({ from: '2015-01', to: '2015-12' });
    expect(timelineSpan({ from: null, to: null }, { first: '2000-03', last: '2017-12' }, ['2021-12', '1999-06'])).toEqual({ from: '1999-06', to: '2021-12' });
    expect(timelineSpan({ from: null, to: null }, null, [])).toBeNull();
  });
});
