import { describe, expect, it } from 'vitest';
import { buildTrends, defaultSplitLabel, emptyRuns, intervalOf, intervalsBetween, monthsOfInterval, trendTable, type TrendInputRow } from './trends';

function row(period: string, split: string, incidents: number, killed: [number, number, number] = [0, 0, 0], injured = 0): TrendInputRow {
  return {
    period,
    split,
    incidents,
    suicide: 0,
    killed: { low: killed[0], best: killed[1], high: killed[2] },
    injured: { low: injured, best: injured, high: injured },
    hostages: { low: 0, best: 0, high: 0 },
  };
}

describe('intervals', () => {
  it('places months in quarters and years', () => {
    expect(intervalOf('2025-03', 'quarter')).toBe('2025Q1');
    expect(intervalOf('2025-04', 'quarter')).toBe('2025Q2');
    expect(intervalOf('2025-12', 'quarter')).toBe('2025Q4');
    expect(intervalOf('2025-12', 'year')).toBe('2025');
    expect(intervalOf('2025-12', 'month')).toBe('2025-12');
  });

  it('knows the months of an interval', () => {
    expect(monthsOfInterval('2025Q3', 'quarter')).toEqual({ first: '2025-07', last: '2025-09' });
    expect(monthsOfInterval('2024', 'year')).toEqual({ first: '2024-01', last: '2024-12' });
  });

  it('lists intervals across year ends', () => {
    expect(intervalsBetween('2024-11', '2025-02', 'month')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(intervalsBetween('2024Q3', '2025Q2', 'quarter')).toEqual(['2024Q3', '2024Q4', '2025Q1', '2025Q2']);
    expect(intervalsBetween('2009', '2011', 'year')).toEqual(['2009', '2010', '2011']);
    expect(intervalsBetween('2025Q2', '2025Q1', 'quarter')).toEqual([]);
  });
});

describe('buildTrends', () => {
  it('no incidents: an empty axis and no series, not zeros', () => {
    const r = buildTrends({ rows: [], interval: 'month', split: null, from: '2020-01', to: '2020-12' });
    expect(r.periods).toEqual([]);
    expect(r.series).toEqual([]);
    expect(r.total.incidents).toBe(0);
  });

  it('fills the gaps between data with zeros but adds nothing before the first or after the last', () => {
    const r = buildTrends({
      rows: [row('2020-02', '', 2, [1, 3, 5]), row('2020-05', '', 1, [0, 0, 2])],
      interval: 'month',
      split: null,
      from: '2020-01',
      to: '2020-12',
    });
    expect(r.periods).toEqual(['2020-02', '2020-03', '2020-04', '2020-05']);
    expect(r.series).toHaveLength(1);
    const s = r.series[0]!;
    expect(s.key).toBeNull();
    expect(s.points.map((p) => p.incidents)).toEqual([2, 0, 0, 1]);
    expect(s.points[0]!.killed).toEqual({ low: 1, best: 3, high: 5 });
    expect(s.points[1]!.killed).toEqual({ low: 0, best: 0, high: 0 });
    expect(s.total.incidents).toBe(3);
    expect(s.total.killed).toEqual({ low: 1, best: 3, high: 7 });
    expect(r.total).toEqual(s.total);
  });

  it('without a split, rows of several split values add into one series', () => {
    const r = buildTrends({ rows: [row('2021', 'PK5', 3, [2, 2, 2]), row('2021', 'PK2', 4, [1, 1, 1])], interval: 'year', split: null, from: null, to: null });
    expect(r.series).toHaveLength(1);
    expect(r.series[0]!.points).toMatchObject([{ period: '2021', incidents: 7, killed: { best: 3 } }]);
  });

  it('split series share one axis, each zero-filled, most incidents first', () => {
    const r = buildTrends({
      rows: [row('2023Q1', 'PK5', 1), row('2023Q3', 'PK5', 2), row('2023Q2', 'PK2', 5), row('2023Q4', '', 1)],
      interval: 'quarter',
      split: 'province',
      from: null,
      to: null,
      labels: { PK5: 'Khyber Pakhtunkhwa', PK2: 'Balochistan' },
    });
    expect(r.periods).toEqual(['2023Q1', '2023Q2', '2023Q3', '2023Q4']);
    expect(r.series.map((s) => [s.key, s.label, s.points.map((p) => p.incidents)])).toEqual([
      ['PK2', 'Balochistan', [0, 5, 0, 0]],
      ['PK5', 'Khyber Pakhtunkhwa', [1, 0, 2, 0]],
      ['', 'No province', [0, 0, 0, 1]],
    ]);
    expect(r.total.incidents).toBe(9);
  });

  it('all series equal: ties are ordered by key', () => {
    const r = buildTrends({ rows: [row('2020-01', 'b', 1), row('2020-01', 'a', 1)], interval: 'month', split: 'group', from: null, to: null });
    expect(r.series.map((s) => s.key)).toEqual(['a', 'b']);
  });

  it('labels fronts and categories from the vocabulary', () => {
    expect(defaultSplitLabel('front', 'baloch-separatist')).toBe('Baloch separatist groups');
    expect(defaultSplitLabel('category', 'militant_attack')).toBe('Militant attack');
    expect(defaultSplitLabel('attack_type', '')).toBe('Not recorded');
    expect(defaultSplitLabel('attack_type', 'Bombing/Explosion')).toBe('Bombing/Explosion');
  });

  it('names the intervals cut by the edges of the period', () => {
    const rows = [row('2020Q1', '', 1), row('2020Q4', '', 1)];
    expect(buildTrends({ rows, interval: 'quarter', split: null, from: '2020-02', to: '2020-11' }).partial).toEqual(['2020Q1', '2020Q4']);
    expect(buildTrends({ rows, interval: 'quarter', split: null, from: '2020-01', to: '2020-12' }).partial).toEqual([]);
    expect(buildTrends({ rows, interval: 'month', split: null, from: '2020-02', to: '2020-11' }).partial).toEqual([]);
  });
});

describe('emptyRuns', () => {
  it('reports runs of empty intervals of two years or more, in any interval', () => {
    const yearly = buildTrends({ rows: [row('2015', '', 3), row('2017', '', 1), row('2023', '', 2)], interval: 'year', split: null, from: null, to: null });
    // 2016 alone is one year (not reported); 2018–2022 is five.
    expect(emptyRuns(yearly)).toEqual([{ first: '2018', last: '2022', intervals: 5 }]);
    const monthly = buildTrends({ rows: [row('2020-01', '', 1), row('2022-01', '', 1), row('2022-03', '', 1)], interval: 'month', split: null, from: null, to: null });
    expect(emptyRuns(monthly)).toEqual([]);
    expect(emptyRuns(monthly, 12)).toEqual([{ first: '2020-02', last: '2021-12', intervals: 23 }]);
  });

  it('an interval is empty only when every series is', () => {
    const r = buildTrends({ rows: [row('2010', 'a', 1), row('2012', 'b', 1), row('2014', 'a', 1)], interval: 'year', split: 'group', from: null, to: null });
    expect(emptyRuns(r, 12)).toEqual([
      { first: '2011', last: '2011', intervals: 1 },
      { first: '2013', last: '2013', intervals: 1 },
    ]);
    expect(emptyRuns(buildTrends({ rows: [], interval: 'year', split: null, from: null, to: null }))).toEqual([]);
  });
});

describe('trendTable', () => {
  it('one row per interval × split value with the bands', () => {
    const r = buildTrends({
      rows: [row('2020', 'PK5', 2, [1, 2, 4], 3), row('2022', 'PK2', 1)],
      interval: 'year',
      split: 'province',
      from: null,
      to: null,
      labels: { PK5: 'Khyber Pakhtunkhwa', PK2: 'Balochistan' },
    });
    const t = trendTable(r);
    expect(t.rows).toHaveLength(3 * 2);
    expect(t.columns.map((c) => c.key)).toContain('province_label');
    expect(t.rows[0]).toMatchObject({ period: '2020', province: 'PK5', province_label: 'Khyber Pakhtunkhwa', incidents: 2, killed_low: 1, killed_best: 2, killed_high: 4, injured_best: 3 });
    expect(t.rows[2]).toMatchObject({ period: '2021', province: 'PK5', incidents: 0 });
  });

  it('an unsplit table has no split columns', () => {
    const t = trendTable(buildTrends({ rows: [row('2020-01', '', 1)], interval: 'month', split: null, from: null, to: null }));
    expect(t.columns.map((c) => c.key).slice(0, 2)).toEqual(['period', 'incidents']);
    expect(t.rows).toEqual([expect.objectContaining({ period: '2020-01', incidents: 1 })]);
  });
});
