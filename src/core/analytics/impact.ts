/**
 * Terrorism impact score in the manner of the Global Terrorism Index (Institute for Economics &
 * Peace): a weighted sum of incidents, deaths, injuries and hostages per year, a five-year window
 * weighted towards the scored year, and a logarithmic 0–10 scale on which the highest area scores 10.
 *
 *   raw(y)   = w_i·incidents(y) + w_k·deaths(y) + w_w·injuries(y) + w_h·hostages(y)
 *   x        = Σ_j v_j · raw(Y − j) / Σ_j v_j          (v = 16, 8, 4, 2, 1 for j = 0…4)
 *   score    = 10 · ln(1 + x) / ln(1 + max x)          (0 when max x = 0)
 *
 * `max x` is taken over every area of the level (all districts, or all provinces) under the same
 * category, front and group filters, so a score does not change when the output is limited to a
 * province. Scores and windowed values are rounded to 3 decimals.
 */
import type { ImpactParameters } from './indexDefinitions';

export interface ImpactComponents {
  incidents: number;
  deaths: number;
  injuries: number;
  hostages: number;
}

export interface ImpactArea {
  pcode: string;
  name: string;
  /** The district's province; the province itself at province level. */
  province_pcode: string;
  /** Components per year; missing years count as zero. */
  years: ReadonlyMap<number, ImpactComponents>;
}

export interface ImpactYearRow extends ImpactComponents {
  year: number;
  weight: number;
  raw: number;
}

export interface ImpactRow {
  pcode: string;
  name: string;
  province_pcode: string;
  rank: number;
  score: number;
  /** The windowed value x. */
  windowed: number;
  /** Components of the scored year. */
  current: ImpactComponents & { raw: number };
  /** Components summed over the window (unweighted). */
  window: ImpactComponents;
  /** Each window year, the scored year first. */
  by_year: ImpactYearRow[];
}

export interface ImpactResult {
  year: number;
  window: { first: number; last: number; weights: number[] };
  /** The highest windowed value: the top of the scale. */
  max_windowed: number;
  rows: ImpactRow[];
  notes: string[];
}

const ZERO: ImpactComponents = { incidents: 0, deaths: 0, injuries: 0, hostages: 0 };

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  const r = Math.round((value + Number.EPSILON) * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** One year's raw score. */
export function rawImpact(c: ImpactComponents, w: ImpactParameters['weights']): number {
  return w.incidents * c.incidents + w.deaths * c.deaths + w.injuries * c.injuries + w.hostages * c.hostages;
}

/** Σ v_j · raw(year − j) / Σ v_j over the window weights (scored year first). */
export function windowedImpact(rawByYear: ReadonlyMap<number, number>, year: number, windowWeights: readonly number[]): number {
  const total = windowWeights.reduce((s, v) => s + v, 0);
  if (total <= 0) return 0;
  let sum = 0;
  windowWeights.forEach((v, j) => {
    sum += v * (rawByYear.get(year - j) ?? 0);
  });
  return sum / total;
}

/** top · ln(1 + x) / ln(1 + max): 0 for x ≤ 0 and when max ≤ 0; `top` for x = max. */
export function logScale(x: number, max: number, top = 10): number {
  if (!(max > 0) || !(x > 0)) return 0;
  return (top * Math.log1p(Math.min(x, max))) / Math.log1p(max);
}

/** Competition ranks (1, 2, 2, 4) of values sorted in descending order. */
export function competitionRanks(sortedDescending: readonly number[]): number[] {
  const ranks: number[] = [];
  sortedDescending.forEach((v, i) => {
    ranks.push(i > 0 && v === sortedDescending[i - 1] ? ranks[i - 1]! : i + 1);
  });
  return ranks;
}

/**
 * Scores every area for `year`. `areas` must hold every area of the level (the scale's top is
 * their highest windowed value); `keep`, when given, limits the rows returned.
 */
export function computeImpact(
  areas: readonly ImpactArea[],
  year: number,
  parameters: Pick<ImpactParameters, 'weights' | 'window_weights' | 'top'>,
  keep?: (area: ImpactArea) => boolean,
): ImpactResult {
  const windowWeights = parameters.window_weights;
  const windowYears = windowWeights.map((_, j) => year - j);
  const scored = areas.map((area) => {
    const rawByYear = new Map<number, number>();
    const byYear: ImpactYearRow[] = windowYears.map((y, j) => {
      const c = area.years.get(y) ?? ZERO;
      const raw = rawImpact(c, parameters.weights);
      rawByYear.set(y, raw);
      return { year: y, weight: windowWeights[j]!, ...pick(c), raw: round(raw) };
    });
    const window = byYear.reduce<ImpactComponents>(
      (s, r) => ({ incidents: s.incidents + r.incidents, deaths: s.deaths + r.deaths, injuries: s.injuries + r.injuries, hostages: s.hostages + r.hostages }),
      { ...ZERO },
    );
    const current = area.years.get(year) ?? ZERO;
    return {
      area,
      windowedExact: windowedImpact(rawByYear, year, windowWeights),
      byYear,
      window,
      current: { ...pick(current), raw: round(rawImpact(current, parameters.weights)) },
    };
  });
  const max = scored.reduce((m, s) => Math.max(m, s.windowedExact), 0);
  const notes: string[] = [];
  const first = windowYears[windowYears.length - 1]!;
  if (max === 0) {
    notes.push(`No counted incidents in ${first}–${year}: every area scores 0 (the scale has no top).`);
  }
  const rows = scored
    .filter((s) => (keep ? keep(s.area) : true))
    .map((s) => ({
      pcode: s.area.pcode,
      name: s.area.name,
      province_pcode: s.area.province_pcode,
      rank: 0,
      score: round(logScale(s.windowedExact, max, parameters.top)),
      windowed: round(s.windowedExact),
      current: s.current,
      window: s.window,
      by_year: s.byYear,
    }))
    .sort((a, b) => b.score - a.score || b.windowed - a.windowed || a.pcode.localeCompare(b.pcode));
  const ranks = competitionRanks(rows.map((r) => r.score));
  rows.forEach((r, i) => {
    r.rank = ranks[i]!;
  });
  return { year, window: { first, last: year, weights: [...windowWeights] }, max_windowed: round(max), rows, notes };
}

function pick(c: ImpactComponents): ImpactComponents {
  return { incidents: c.incidents, deaths: c.deaths, injuries: c.injuries, hostages: c.hostages };
}

/** The latest year whose December the data reach; null without data. */
export function latestCompleteYear(lastMonth: string | null): number | null {
  if (!lastMonth) return null;
  const y = Number(lastMonth.slice(0, 4));
  return lastMonth.slice(5, 7) === '12' ? y : y - 1;
}
