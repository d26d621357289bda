/**
 * Surges: each province's, district's and front's latest complete month and quarter against its
 * own trailing twelve months, with an exact one-sided Poisson test of the incident count and a
 * descriptive ratio for deaths. Pure: takes monthly sums already counted (clusters once).
 */
import { addMonths } from './filters';
import { benjaminiHochberg, poissonUpperTail } from './poisson';
import type { AnalysisTable, Cell } from './table';

export const SURGE_LEVELS = ['province', 'district', 'front'] as const;
export type SurgeLevel = (typeof SURGE_LEVELS)[number];

export const SURGE_WINDOWS = ['month', 'quarter'] as const;
export type SurgeWindow = (typeof SURGE_WINDOWS)[number];

/** Months in the trailing baseline of either window. */
export const BASELINE_MONTHS = 12;

/**
 * The latest complete month: the month before the one holding the latest incident in the
 * database, and never the current month or later. A month counts as complete once the data run
 * past its last day; with only the latest incident's date to go by, that is any month before the
 * latest incident's month.
 */
export function latestCompleteMonth(lastDataMonth: string, currentMonth: string): string {
  return addMonths(lastDataMonth < currentMonth ? lastDataMonth : currentMonth, -1);
}

export interface SurgeSpans {
  month: { period: string; first: string; last: string; baseline: { first: string; last: string } };
  quarter: { period: string; first: string; last: string; baseline: { first: string; last: string } };
}

/**
 * The windows tested when evaluating as of month `asOf`: that month, against the twelve months
 * before it; and the latest quarter ending in or before it, against the twelve months before the
 * quarter's first month.
 */
export function surgeSpans(asOf: string): SurgeSpans {
  const m = Number(asOf.slice(5, 7));
  const quarterLast = m % 3 === 0 ? asOf : addMonths(asOf, -(m % 3));
  const quarterFirst = addMonths(quarterLast, -2);
  const q = `${quarterLast.slice(0, 4)}Q${Number(quarterLast.slice(5, 7)) / 3}`;
  return {
    month: { period: asOf, first: asOf, last: asOf, baseline: { first: addMonths(asOf, -BASELINE_MONTHS), last: addMonths(asOf, -1) } },
    quarter: {
      period: q,
      first: quarterFirst,
      last: quarterLast,
      baseline: { first: addMonths(quarterFirst, -BASELINE_MONTHS), last: addMonths(quarterFirst, -1) },
    },
  };
}

export interface MonthCounts {
  incidents: number;
  /** Best estimate of people killed. */
  killed: number;
}

export interface SurgeUnit {
  level: SurgeLevel;
  key: string;
  label: string;
  /** The province of a district (null for provinces and fronts). */
  province: string | null;
  /** Sums per month (YYYY-MM); months absent are zero. */
  months: ReadonlyMap<string, MonthCounts>;
}

export type SurgeFlag = 'no_baseline' | 'short_baseline' | 'no_coverage';

export interface SurgeTest {
  level: SurgeLevel;
  key: string;
  label: string;
  province: string | null;
  window: SurgeWindow;
  period: string;
  observed: number;
  /** λ: mean count per window length over the baseline months that the data cover. */
  expected: number | null;
  baseline_months: number;
  /** observed / expected; null when expected is 0 or unknown. */
  ratio: number | null;
  /** P(X ≥ observed | λ = expected); null without any covered baseline month. */
  p_value: number | null;
  /** Benjamini–Hochberg adjusted over every test in the list. */
  p_adjusted: number | null;
  significant: boolean;
  killed: { observed: number; expected: number | null; ratio: number | null };
  flags: SurgeFlag[];
}

export interface SurgeOptions {
  asOf: string;
  /** First month of the data: baseline months before it are not counted (the data do not cover them). */
  firstDataMonth: string;
  alpha: number;
  /** Which p-value decides `significant`: the Benjamini–Hochberg adjusted one (default) or the raw one. */
  adjust: 'bh' | 'none';
}

function sumMonths(unit: SurgeUnit, first: string, last: string, from: string): { incidents: number; killed: number; months: number } {
  let incidents = 0;
  let killed = 0;
  let months = 0;
  for (let m = first; m <= last; m = addMonths(m, 1)) {
    if (m < from) continue;
    months++;
    const c = unit.months.get(m);
    if (c) {
      incidents += c.incidents;
      killed += c.killed;
    }
  }
  return { incidents, killed, months };
}

const ratio = (observed: number, expected: number | null) => (expected === null || expected === 0 ? null : observed / expected);

function testWindow(unit: SurgeUnit, window: SurgeWindow, span: SurgeSpans[SurgeWindow], firstDataMonth: string): SurgeTest {
  const length = window === 'month' ? 1 : 3;
  const observed = sumMonths(unit, span.first, span.last, '0000-01');
  const base = sumMonths(unit, span.baseline.first, span.baseline.last, firstDataMonth);
  const flags: SurgeFlag[] = [];
  let expected: number | null = null;
  let killedExpected: number | null = null;
  let p: number | null = null;
  if (base.months === 0) {
    flags.push('no_coverage');
  } else {
    if (base.months < BASELINE_MONTHS) flags.push('short_baseline');
    expected = (base.incidents / base.months) * length;
    killedExpected = (base.killed / base.months) * length;
    const test = poissonUpperTail(observed.incidents, expected);
    p = test.p;
    if (test.note) flags.push(test.note);
  }
  return {
    level: unit.level,
    key: unit.key,
    label: unit.label,
    province: unit.province,
    window,
    period: span.period,
    observed: observed.incidents,
    expected,
    baseline_months: base.months,
    ratio: ratio(observed.incidents, expected),
    p_value: p,
    p_adjusted: null,
    significant: false,
    killed: { observed: observed.killed, expected: killedExpected, ratio: ratio(observed.killed, killedExpected) },
    flags,
  };
}

/** A ratio for ordering: an increase from a zero baseline ranks above any finite ratio. */
function orderRatio(t: SurgeTest): number {
  if (t.ratio !== null) return t.ratio;
  return t.observed > 0 && t.expected === 0 ? Infinity : -1;
}

/**
 * Tests every unit in both windows, adjusts the p-values over the whole list (Benjamini–Hochberg)
 * and sorts it: p-value ascending, then ratio descending, then observed count descending; tests
 * without a p-value last.
 */
export function computeSurges(units: readonly SurgeUnit[], options: SurgeOptions): SurgeTest[] {
  const spans = surgeSpans(options.asOf);
  const tests = units.flatMap((u) => SURGE_WINDOWS.map((w) => testWindow(u, w, spans[w], options.firstDataMonth)));
  const adjusted = benjaminiHochberg(tests.map((t) => t.p_value));
  tests.forEach((t, i) => {
    t.p_adjusted = adjusted[i] ?? null;
    const decisive = options.adjust === 'bh' ? t.p_adjusted : t.p_value;
    t.significant = decisive !== null && decisive <= options.alpha;
  });
  const levelOrder = (l: SurgeLevel) => SURGE_LEVELS.indexOf(l);
  return tests.sort(
    (a, b) =>
      (a.p_value ?? 2) - (b.p_value ?? 2) ||
      orderRatio(b) - orderRatio(a) ||
      b.observed - a.observed ||
      levelOrder(a.level) - levelOrder(b.level) ||
      a.window.localeCompare(b.window) ||
      a.key.localeCompare(b.key),
  );
}

const round = (n: number | null, digits: number) => (n === null ? null : Number(n.toFixed(digits)));

/** The surge list as a table, in the list's order. */
export function surgeTable(tests: readonly SurgeTest[]): AnalysisTable {
  const columns = [
    { key: 'level', label: 'Level' },
    { key: 'key', label: 'Code' },
    { key: 'label', label: 'Name' },
    { key: 'window', label: 'Window' },
    { key: 'period', label: 'Period' },
    { key: 'observed', label: 'Incidents' },
    { key: 'expected', label: 'Expected' },
    { key: 'ratio', label: 'Ratio' },
    { key: 'p_value', label: 'p' },
    { key: 'p_adjusted', label: 'p (BH)' },
    { key: 'significant', label: 'Significant' },
    { key: 'killed_observed', label: 'Killed' },
    { key: 'killed_expected', label: 'Killed expected' },
    { key: 'killed_ratio', label: 'Killed ratio' },
    { key: 'baseline_months', label: 'Baseline months' },
    { key: 'flags', label: 'Flags' },
  ];
  const rows: Record<string, Cell>[] = tests.map((t) => ({
    level: t.level,
    key: t.key,
    label: t.label,
    window: t.window,
    period: t.period,
    observed: t.observed,
    expected: round(t.expected, 4),
    ratio: round(t.ratio, 4),
    p_value: t.p_value,
    p_adjusted: t.p_adjusted,
    significant: t.significant,
    killed_observed: t.killed.observed,
    killed_expected: round(t.killed.expected, 4),
    killed_ratio: round(t.killed.ratio, 4),
    baseline_months: t.baseline_months,
    flags: t.flags.join(' '),
  }));
  return { columns, rows };
}
