/**
 * Trends: incidents, casualties (low, best, high) and hostages per month, quarter or year,
 * optionally one series per province, district, front, group, category or attack type. Pure:
 * takes sums already counted (each duplicate cluster once) and lays them on a time axis.
 */
import { addMonths } from './filters';
import type { AnalysisTable, Cell } from './table';
import { CATEGORY_LABELS, FRONT_LABELS, isCategory, isFront } from '../incidents';

export const TREND_INTERVALS = ['month', 'quarter', 'year'] as const;
export type TrendInterval = (typeof TREND_INTERVALS)[number];

export const TREND_SPLITS = ['province', 'district', 'front', 'group', 'category', 'attack_type'] as const;
export type TrendSplit = (typeof TREND_SPLITS)[number];

export interface Range {
  low: number;
  best: number;
  high: number;
}

export interface Totals {
  incidents: number;
  suicide: number;
  killed: Range;
  injured: Range;
  hostages: Range;
}

export interface TrendInputRow extends Totals {
  /** The interval: `2025-03`, `2025Q1` or `2025`. */
  period: string;
  /** The split value ('' when the incident has none); ignored without a split. */
  split: string;
}

export interface TrendPoint extends Totals {
  period: string;
}

export interface TrendSeries {
  /** The split value; null for the one series of an unsplit trend, '' for "not recorded". */
  key: string | null;
  label: string;
  total: Totals;
  points: TrendPoint[];
}

export interface TrendResult {
  interval: TrendInterval;
  split: TrendSplit | null;
  /** The time axis shared by every series, oldest first; empty when nothing matched. */
  periods: string[];
  series: TrendSeries[];
  total: Totals;
  /** Intervals cut by the edges of the requested period (they hold fewer months). */
  partial: string[];
}

export function emptyTotals(): Totals {
  return { incidents: 0, suicide: 0, killed: { low: 0, best: 0, high: 0 }, injured: { low: 0, best: 0, high: 0 }, hostages: { low: 0, best: 0, high: 0 } };
}

function addRange(into: Range, from: Range): void {
  into.low += from.low;
  into.best += from.best;
  into.high += from.high;
}

export function addTotals(into: Totals, from: Totals): void {
  into.incidents += from.incidents;
  into.suicide += from.suicide;
  addRange(into.killed, from.killed);
  addRange(into.injured, from.injured);
  addRange(into.hostages, from.hostages);
}

/** The interval a month (YYYY-MM) falls in. */
export function intervalOf(month: string, interval: TrendInterval): string {
  if (interval === 'month') return month;
  if (interval === 'year') return month.slice(0, 4);
  return `${month.slice(0, 4)}Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
}

/** The first and last month of an interval. */
export function monthsOfInterval(key: string, interval: TrendInterval): { first: string; last: string } {
  if (interval === 'month') return { first: key, last: key };
  if (interval === 'year') return { first: `${key}-01`, last: `${key}-12` };
  const q = Number(key.slice(5));
  const first = `${key.slice(0, 4)}-${String(q * 3 - 2).padStart(2, '0')}`;
  return { first, last: addMonths(first, 2) };
}

/** Every interval from `from` to `to` (interval keys), inclusive. */
export function intervalsBetween(from: string, to: string, interval: TrendInterval): string[] {
  const out: string[] = [];
  let month = monthsOfInterval(from, interval).first;
  const end = monthsOfInterval(to, interval).first;
  const step = interval === 'month' ? 1 : interval === 'quarter' ? 3 : 12;
  while (month <= end) {
    out.push(intervalOf(month, interval));
    month = addMonths(month, step);
  }
  return out;
}

/** Labels for the split values the vocabulary knows (fronts, categories); places and groups come from the caller. */
export function defaultSplitLabel(split: TrendSplit, key: string): string {
  if (key === '') {
    return { province: 'No province', district: 'No district', front: 'No front', group: 'No group', category: 'No category', attack_type: 'Not recorded' }[split];
  }
  if (split === 'front' && isFront(key)) return FRONT_LABELS[key];
  if (split === 'category' && isCategory(key)) return CATEGORY_LABELS[key];
  return key;
}

export interface BuildTrendsInput {
  rows: readonly TrendInputRow[];
  interval: TrendInterval;
  split: TrendSplit | null;
  /** The requested period in months (null: open). Only used to name the intervals it cuts. */
  from: string | null;
  to: string | null;
  /** Names for split values (province and district names, group names); missing ones fall back to defaultSplitLabel. */
  labels?: Readonly<Record<string, string>>;
}

/**
 * Lays the sums on one time axis running from the first to the last interval that has any
 * matching incident. Intervals in between with no incident are zeros (the data cover them);
 * nothing is added before the first or after the last, where absence may only mean no coverage.
 * Every series shares the axis. Series are ordered by total incidents, most first, then key.
 */
export function buildTrends(input: BuildTrendsInput): TrendResult {
  const { interval, split } = input;
  const rows = input.rows.filter((r) => r.incidents > 0);
  const total = emptyTotals();
  if (rows.length === 0) return { interval, split, periods: [], series: [], total, partial: [] };

  const sorted = rows.map((r) => r.period).sort();
  const periods = intervalsBetween(sorted[0]!, sorted.at(-1)!, interval);

  const bySeries = new Map<string | null, Map<string, Totals>>();
  for (const row of rows) {
    const key = split ? row.split : null;
    let points = bySeries.get(key);
    if (!points) bySeries.set(key, (points = new Map()));
    let point = points.get(row.period);
    if (!point) points.set(row.period, (point = emptyTotals()));
    addTotals(point, row);
    addTotals(total, row);
  }

  const series: TrendSeries[] = [...bySeries.entries()].map(([key, points]) => {
    const seriesTotal = emptyTotals();
    const laid = periods.map((period) => {
      const t = points.get(period) ?? emptyTotals();
      addTotals(seriesTotal, t);
      return { period, ...t };
    });
    const label = key === null ? 'All incidents' : (input.labels?.[key] ?? defaultSplitLabel(split!, key));
    return { key, label, total: seriesTotal, points: laid };
  });
  series.sort((a, b) => b.total.incidents - a.total.incidents || String(a.key).localeCompare(String(b.key)));

  const partial: string[] = [];
  if (input.from && monthsOfInterval(intervalOf(input.from, interval), interval).first !== input.from) {
    partial.push(intervalOf(input.from, interval));
  }
  if (input.to && monthsOfInterval(intervalOf(input.to, interval), interval).last !== input.to) {
    partial.push(intervalOf(input.to, interval));
  }
  return { interval, split, periods, series, total, partial: [...new Set(partial)].filter((p) => periods.includes(p)) };
}

/** Months a run of empty intervals must span before it is reported as a possible gap in coverage. */
export const GAP_MONTHS = 24;

/**
 * Runs of consecutive intervals with no incident in any series that span at least `minMonths`
 * months: inside the axis they are zeros, but a run that long may be a gap in the data sets'
 * coverage rather than a time without violence.
 */
export function emptyRuns(result: TrendResult, minMonths = GAP_MONTHS): { first: string; last: string; intervals: number }[] {
  const perInterval = result.interval === 'month' ? 1 : result.interval === 'quarter' ? 3 : 12;
  const out: { first: string; last: string; intervals: number }[] = [];
  let start = -1;
  const empty = (i: number) => result.series.every((s) => s.points[i]!.incidents === 0);
  for (let i = 0; i <= result.periods.length; i++) {
    if (i < result.periods.length && empty(i)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && (i - start) * perInterval >= minMonths) {
      out.push({ first: result.periods[start]!, last: result.periods[i - 1]!, intervals: i - start });
    }
    start = -1;
  }
  return out;
}

const RANGE_COLUMNS = (name: string, label: string) => [
  { key: `${name}_best`, label: `${label} (best)` },
  { key: `${name}_low`, label: `${label} (low)` },
  { key: `${name}_high`, label: `${label} (high)` },
];

/** One row per interval × split value, oldest first. */
export function trendTable(result: TrendResult): AnalysisTable {
  const columns = [
    { key: 'period', label: result.interval === 'month' ? 'Month' : result.interval === 'quarter' ? 'Quarter' : 'Year' },
    ...(result.split ? [{ key: result.split, label: result.split.replace('_', ' ') }, { key: `${result.split}_label`, label: 'Name' }] : []),
    { key: 'incidents', label: 'Incidents' },
    { key: 'suicide', label: 'Suicide attacks' },
    ...RANGE_COLUMNS('killed', 'Killed'),
    ...RANGE_COLUMNS('injured', 'Injured'),
    ...RANGE_COLUMNS('hostages', 'Hostages'),
  ];
  const rows: Record<string, Cell>[] = [];
  for (let i = 0; i < result.periods.length; i++) {
    for (const s of result.series) {
      const p = s.points[i]!;
      rows.push({
        period: p.period,
        ...(result.split ? { [result.split]: s.key, [`${result.split}_label`]: s.label } : {}),
        incidents: p.incidents,
        suicide: p.suicide,
        killed_best: p.killed.best,
        killed_low: p.killed.low,
        killed_high: p.killed.high,
        injured_best: p.injured.best,
        injured_low: p.injured.low,
        injured_high: p.injured.high,
        hostages_best: p.hostages.best,
        hostages_low: p.hostages.low,
        hostages_high: p.hostages.high,
      });
    }
  }
  return { columns, rows };
}
