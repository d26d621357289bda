import { describe, expect, it } from 'vitest';
import { addMonths } from './filters';
import { computeSurges, latestCompleteMonth, surgeSpans, surgeTable, type MonthCounts, type SurgeUnit } from './surges';

function unit(key: string, counts: Record<string, number | [number, number]>, level: SurgeUnit['level'] = 'district'): SurgeUnit {
  const months = new Map<string, MonthCounts>();
  for (const [m, c] of Object.entries(counts)) months.set(m, Array.isArray(c) ? { incidents: c[0], killed: c[1] } : { incidents: c, killed: 0 });
  return { level, key, label: key.toUpperCase(), province: level === 'district' ? 'PK5' : null, months };
}

/** `n` incidents in each of the twelve months before `month`. */
function flat(month: string, n: number, killed = 0): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (let i = 1; i <= 12; i++) out[addMonths(month, -i)] = [n, killed];
  return out;
}

const base = { firstDataMonth: '2000-01', alpha: 0.05, adjust: 'none' as const };

describe('latestCompleteMonth', () => {
  it('is the month before the latest data, and never the current month', () => {
    expect(latestCompleteMonth('2025-05', '2026-11')).toBe('2025-04');
    expect(latestCompleteMonth('2026-11', '2026-11')).toBe('2026-10');
    expect(latestCompleteMonth('2027-02', '2026-11')).toBe('2026-10');
    expect(latestCompleteMonth('2025-01', '2026-11')).toBe('2024-12');
  });
});

describe('surgeSpans', () => {
  it('tests the month against the twelve before it', () => {
    expect(surgeSpans('2025-04').month).toEqual({ period: '2025-04', first: '2025-04', last: '2025-04', baseline: { first: '2024-04', last: '2025-03' } });
  });

  it('tests the latest quarter ending in or before the month against the twelve months before the quarter', () => {
    expect(surgeSpans('2025-04').quarter).toEqual({ period: '2025Q1', first: '2025-01', last: '2025-03', baseline: { first: '2024-01', last: '2024-12' } });
    expect(surgeSpans('2025-06').quarter).toMatchObject({ period: '2025Q2', first: '2025-04', last: '2025-06' });
    expect(surgeSpans('2025-02').quarter).toMatchObject({ period: '2024Q4', first: '2024-10', last: '2024-12', baseline: { first: '2023-10', last: '2024-09' } });
  });
});

describe('computeSurges', () => {
  it('hand-worked month: baseline 24 in 12 months → λ = 2; 5 observed → p = 0.05265, ratio 2.5', () => {
    const u = unit('PK501', { ...flat('2025-04', 2, 1), '2025-04': [5, 4] });
    const month = computeSurges([u], { ...base, asOf: '2025-04' }).find((t) => t.window === 'month')!;
    expect(month.expected).toBeCloseTo(2, 12);
    expect(month.observed).toBe(5);
    expect(month.ratio).toBeCloseTo(2.5, 12);
    expect(month.p_value).toBeCloseTo(0.052653017, 8);
    expect(month.significant).toBe(false);
    expect(month.killed).toEqual({ observed: 4, expected: 1, ratio: 4 });
    expect(month.baseline_months).toBe(12);
    expect(month.flags).toEqual([]);
  });

  it('hand-worked quarter: the quarter mean is the twelve-month sum / 4', () => {
    // 2024-01…2024-12: 1 a month (12 → λ = 3 a quarter); 2025Q1: 3 + 3 + 1 = 7 → P(X ≥ 7 | 3) = 0.033509.
    const counts: Record<string, number> = { '2025-01': 3, '2025-02': 3, '2025-03': 1 };
    for (let m = 1; m <= 12; m++) counts[`2024-${String(m).padStart(2, '0')}`] = 1;
    const q = computeSurges([unit('PK501', counts)], { ...base, asOf: '2025-04' }).find((t) => t.window === 'quarter')!;
    expect(q.period).toBe('2025Q1');
    expect(q.expected).toBeCloseTo(3, 12);
    expect(q.observed).toBe(7);
    expect(q.ratio).toBeCloseTo(7 / 3, 12);
    expect(q.p_value).toBeCloseTo(0.0335085, 6);
    expect(q.significant).toBe(true);
  });

  it('a zero baseline flags any incident with p = 0 and leaves the ratio undefined', () => {
    const [t] = computeSurges([unit('PK502', { '2025-04': 1 })], { ...base, asOf: '2025-04' });
    expect(t).toMatchObject({ window: 'month', observed: 1, expected: 0, ratio: null, p_value: 0, significant: true, flags: ['no_baseline'] });
  });

  it('no incidents in the test window is p = 1 (never a surge)', () => {
    const tests = computeSurges([unit('PK503', flat('2025-04', 3))], { ...base, asOf: '2025-04' });
    const month = tests.find((t) => t.window === 'month')!;
    expect(month).toMatchObject({ observed: 0, expected: 3, ratio: 0, p_value: 1, significant: false });
  });

  it('all equal: a month at its own steady level is not a surge', () => {
    const t = computeSurges([unit('PK504', { ...flat('2025-04', 4), '2025-04': 4 })], { ...base, asOf: '2025-04' }).find((x) => x.window === 'month')!;
    expect(t.ratio).toBe(1);
    expect(t.p_value!).toBeGreaterThan(0.5);
    expect(t.significant).toBe(false);
  });

  it('baseline months before the data begin do not count: the mean is over the covered months', () => {
    // Data begin 2024-10: 6 covered months with 2 each → λ = 2 a month, flagged short.
    const counts: Record<string, number> = { '2025-04': 5 };
    for (const m of ['2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03']) counts[m] = 2;
    const t = computeSurges([unit('PK505', counts)], { ...base, firstDataMonth: '2024-10', asOf: '2025-04' }).find((x) => x.window === 'month')!;
    expect(t.baseline_months).toBe(6);
    expect(t.expected).toBeCloseTo(2, 12);
    expect(t.flags).toEqual(['short_baseline']);
    const q = computeSurges([unit('PK505', counts)], { ...base, firstDataMonth: '2025-02', asOf: '2025-04' }).find((x) => x.window === 'quarter')!;
    expect(q).toMatchObject({ baseline_months: 0, expected: null, p_value: null, ratio: null, significant: false, flags: ['no_coverage'] });
  });

  it('sorts by p-value, then ratio, and adjusts over the whole list with Benjamini–Hochberg', () => {
    const units = [
      unit('PK601', { ...flat('2025-04', 2), '2025-04': 5 }),
      unit('PK602', { ...flat('2025-04', 1), '2025-04': 8 }),
      unit('PK603', { ...flat('2025-04', 2), '2025-04': 2 }),
      unit('PK604', { '2025-04': 2 }),
    ];
    const tests = computeSurges(units, { ...base, asOf: '2025-04', adjust: 'bh' }).filter((t) => t.window === 'month');
    expect(tests.map((t) => t.key)).toEqual(['PK604', 'PK602', 'PK601', 'PK603']);
    const ps = tests.map((t) => t.p_value!);
    expect([...ps].sort((a, b) => a - b)).toEqual(ps);
    // Eight tests in all (four units × two windows): every adjusted value is at least its raw one.
    const all = computeSurges(units, { ...base, asOf: '2025-04', adjust: 'bh' });
    expect(all).toHaveLength(8);
    for (const t of all) expect(t.p_adjusted!).toBeGreaterThanOrEqual(t.p_value!);
    // PK601 alone: p = 0.0527 is not significant raw; adjusted it is larger still.
    expect(all.find((t) => t.key === 'PK601' && t.window === 'month')!.significant).toBe(false);
  });

  it('the adjustment can turn a raw p below alpha into a non-significant one', () => {
    const units = [unit('PK701', { ...flat('2025-04', 2), '2025-04': 6 }), ...['a', 'b', 'c', 'd', 'e'].map((k) => unit(k, flat('2025-04', 3)))];
    const raw = computeSurges(units, { ...base, asOf: '2025-04', adjust: 'none' }).find((t) => t.key === 'PK701' && t.window === 'month')!;
    const bh = computeSurges(units, { ...base, asOf: '2025-04', adjust: 'bh' }).find((t) => t.key === 'PK701' && t.window === 'month')!;
    expect(raw.p_value!).toBeLessThan(0.05);
    expect(raw.significant).toBe(true);
    expect(bh.p_adjusted!).toBeGreaterThan(0.05);
    expect(bh.significant).toBe(false);
  });

  it('no units: an empty list', () => {
    expect(computeSurges([], { ...base, asOf: '2025-04' })).toEqual([]);
  });
});

describe('surgeTable', () => {
  it('one row per test, in the list order', () => {
    const tests = computeSurges([unit('PK501', { ...flat('2025-04', 2), '2025-04': 5 })], { ...base, asOf: '2025-04' });
    const table = surgeTable(tests);
    expect(table.rows).toHaveLength(2);
    expect(table.rows[0]).toMatchObject({ level: 'district', key: 'PK501', label: 'PK501', window: tests[0]!.window, observed: tests[0]!.observed });
  });
});
