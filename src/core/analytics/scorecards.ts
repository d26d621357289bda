/**
 * Implementation scorecards: how far a plan's points are implemented per jurisdiction and
 * dimension, on the OGP completion scale turned into a 0–100 score.
 *
 * Scale (OGP Independent Reporting Mechanism completion levels, equal steps):
 *   not started 0, limited 33⅓, substantial 66⅔, complete 100.
 * "No evidence available" is an assessment without a level: it is counted in the shares but has
 * no score. A report that carries figures only (completion left open) is not an assessment of
 * completion and is passed over: the point keeps the level of its latest report that has one.
 */
import { parsePeriod, previousQuarter, type Period } from '../periods';
import { DIMENSIONS, type Dimension } from '../plans';
import { COMPLETION_LEVELS, type Completion } from '../progress';

export const COMPLETION_SCORES: Record<Completion, number | null> = {
  no_evidence: null,
  not_started: 0,
  limited: 100 / 3,
  substantial: 200 / 3,
  complete: 100,
};

export const SCALE_NOTE =
  'Completion score on a 0–100 scale (OGP completion levels in equal steps): not started 0, limited 33⅓, substantial 66⅔, complete 100; "no evidence available" has no score.';

/** The score of a completion level; null for no evidence or anything unknown. */
export function completionScore(completion: string | null | undefined): number | null {
  if (!completion || !(COMPLETION_LEVELS as readonly string[]).includes(completion)) return null;
  return COMPLETION_SCORES[completion as Completion];
}

/** What the scorecards read of an accepted progress report. */
export interface ReportFact {
  id: number;
  point_id: number;
  measure_id: number | null;
  jurisdiction: string;
  period: string;
  period_start: string;
  period_end: string;
  completion: string | null;
  rating: string | null;
}

/**
 * Latest first: by the period's last day, then its first day (a quarter before the year that
 * ends with it), then a report on the point itself before one on a measure, then the newer id.
 */
export function compareLatestFirst(a: ReportFact, b: ReportFact): number {
  if (a.period_end !== b.period_end) return a.period_end < b.period_end ? 1 : -1;
  if (a.period_start !== b.period_start) return a.period_start < b.period_start ? 1 : -1;
  const am = a.measure_id === null ? 0 : 1;
  const bm = b.measure_id === null ? 0 : 1;
  if (am !== bm) return am - bm;
  return b.id - a.id;
}

export function pointKey(pointId: number, jurisdiction: string): string {
  return `${pointId}|${jurisdiction}`;
}

/**
 * The latest report per point and jurisdiction that states a completion level (including "no
 * evidence"), among reports whose period ends on or before `endingBy` (all when null).
 */
export function latestAssessments<T extends ReportFact>(reports: readonly T[], endingBy: string | null = null): Map<string, T> {
  const sorted = reports.filter((r) => r.completion !== null && (endingBy === null || r.period_end <= endingBy)).sort(compareLatestFirst);
  const latest = new Map<string, T>();
  for (const r of sorted) {
    const key = pointKey(r.point_id, r.jurisdiction);
    if (!latest.has(key)) latest.set(key, r);
  }
  return latest;
}

export function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

/** Population standard deviation (divides by n): the spread of the jurisdictions actually scored. */
export function populationSd(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null) return null;
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length);
}

/** A plan point as the scorecards see it. */
export interface PointFact {
  id: number;
  code: string;
  dimension: string | null;
  /** Jurisdictions the point is reported for; empty means all. */
  jurisdictions: readonly string[];
}

export function appliesTo(point: PointFact, jurisdiction: string): boolean {
  return point.jurisdictions.length === 0 || point.jurisdictions.includes(jurisdiction);
}

export interface ProvinceImplementationScore {
  province_pcode: string;
  dimension: 'kinetic' | 'non-kinetic';
  /** Mean completion score (0–100) of the scored points; null when none is scored. */
  score: number | null;
  /** How many points the mean is over (points with a completion level other than no evidence). */
  points: number;
}

/** Per province and dimension (kinetic, non-kinetic): the mean score over the points it applies to that have one. */
export function provinceImplementationScores(
  points: readonly PointFact[],
  latest: ReadonlyMap<string, ReportFact>,
  provinces: readonly string[],
): ProvinceImplementationScore[] {
  const out: ProvinceImplementationScore[] = [];
  for (const province of provinces) {
    for (const dimension of ['kinetic', 'non-kinetic'] as const) {
      const scores: number[] = [];
      for (const p of points) {
        if (p.dimension !== dimension || !appliesTo(p, province)) continue;
        const s = completionScore(latest.get(pointKey(p.id, province))?.completion);
        if (s !== null) scores.push(s);
      }
      out.push({ province_pcode: province, dimension, score: mean(scores), points: scores.length });
    }
  }
  return out;
}


/** The plan the scorecards read unless told otherwise: NAP 2014, the plan with the public progress history. */
export const DEFAULT_SCORECARD_PLAN = 'NAP-2014';

/** A `;`-separated list column (plan_points.jurisdictions) as an array. */
export function splitJurisdictions(value: string | null): string[] {
  return value ? value.split(';').map((s) => s.trim()).filter(Boolean) : [];
}

/* ------------------------------------------------------------------ scorecards */

/** What a point × jurisdiction can show: its latest completion level, or no report stating one. */
export const SCORECARD_LEVELS = ['complete', 'substantial', 'limited', 'not_started', 'no_evidence', 'no_report'] as const;
export type ScorecardLevel = (typeof SCORECARD_LEVELS)[number];

export function levelOf(report: ReportFact | undefined): ScorecardLevel {
  const c = report?.completion;
  return c && (COMPLETION_LEVELS as readonly string[]).includes(c) ? (c as Completion) : 'no_report';
}

export interface DimensionCard {
  jurisdiction: string;
  dimension: Dimension;
  /** Points of the plan in this dimension that apply to the jurisdiction. */
  points: number;
  counts: Record<ScorecardLevel, number>;
  /** counts ÷ points; null when the dimension has no points here or none of them has an assessment. */
  shares: Record<ScorecardLevel, number> | null;
  /** Points with a score (a level other than no evidence). */
  scored: number;
  /** Mean completion score (0–100) of the scored points; null when none. */
  mean_score: number | null;
}

function zeroCounts(): Record<ScorecardLevel, number> {
  return Object.fromEntries(SCORECARD_LEVELS.map((l) => [l, 0])) as Record<ScorecardLevel, number>;
}

/** One card per jurisdiction × dimension (in DIMENSIONS order). */
export function dimensionCards(points: readonly PointFact[], latest: ReadonlyMap<string, ReportFact>, jurisdictions: readonly string[]): DimensionCard[] {
  const cards: DimensionCard[] = [];
  for (const jurisdiction of jurisdictions) {
    for (const dimension of DIMENSIONS) {
      const counts = zeroCounts();
      const scores: number[] = [];
      let n = 0;
      for (const p of points) {
        if (p.dimension !== dimension || !appliesTo(p, jurisdiction)) continue;
        n += 1;
        const report = latest.get(pointKey(p.id, jurisdiction));
        counts[levelOf(report)] += 1;
        const s = completionScore(report?.completion);
        if (s !== null) scores.push(s);
      }
      // A cell where no point has an assessment has nothing to share out: empty, not 0 % complete.
      const shares = n && counts.no_report < n ? (Object.fromEntries(SCORECARD_LEVELS.map((l) => [l, counts[l] / n])) as Record<ScorecardLevel, number>) : null;
      cards.push({ jurisdiction, dimension, points: n, counts, shares, scored: scores.length, mean_score: mean(scores) });
    }
  }
  return cards;
}

export interface Balance {
  jurisdiction: string;
  kinetic: number | null;
  non_kinetic: number | null;
  /** kinetic − non-kinetic mean score, in score points; positive when the kinetic side is ahead. */
  difference: number | null;
  /** non-kinetic ÷ kinetic mean score: 1 even, below 1 the non-kinetic side behind; null when kinetic is 0 or either is missing. */
  ratio: number | null;
}

export function kineticBalance(cards: readonly DimensionCard[]): Balance[] {
  const jurisdictions = [...new Set(cards.map((c) => c.jurisdiction))];
  return jurisdictions.map((jurisdiction) => {
    const k = cards.find((c) => c.jurisdiction === jurisdiction && c.dimension === 'kinetic')?.mean_score ?? null;
    const nk = cards.find((c) => c.jurisdiction === jurisdiction && c.dimension === 'non-kinetic')?.mean_score ?? null;
    return {
      jurisdiction,
      kinetic: k,
      non_kinetic: nk,
      difference: k !== null && nk !== null ? k - nk : null,
      ratio: k !== null && nk !== null && k !== 0 ? nk / k : null,
    };
  });
}

export interface PointSpread {
  point: string;
  dimension: string | null;
  /** Score per jurisdiction the point applies to (null: no score there). */
  scores: Record<string, number | null>;
  /** Jurisdictions among those compared that have a score. */
  n: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  /** max − min; null unless at least two jurisdictions have a score. */
  range: number | null;
  /** Population standard deviation; null unless at least two jurisdictions have a score. */
  sd: number | null;
}

/** How unevenly each point is implemented across the given jurisdictions (the provinces). */
export function pointUnevenness(points: readonly PointFact[], latest: ReadonlyMap<string, ReportFact>, jurisdictions: readonly string[]): PointSpread[] {
  return points.map((p) => {
    const scores: Record<string, number | null> = {};
    const values: number[] = [];
    for (const j of jurisdictions) {
      if (!appliesTo(p, j)) continue;
      const s = completionScore(latest.get(pointKey(p.id, j))?.completion);
      scores[j] = s;
      if (s !== null) values.push(s);
    }
    const two = values.length >= 2;
    return {
      point: p.code,
      dimension: p.dimension,
      scores,
      n: values.length,
      mean: mean(values),
      min: values.length ? Math.min(...values) : null,
      max: values.length ? Math.max(...values) : null,
      range: two ? Math.max(...values) - Math.min(...values) : null,
      sd: two ? populationSd(values) : null,
    };
  });
}

/** The period before: the previous quarter, half-year or year. */
export function previousPeriod(p: Period): Period {
  if (p.granularity === 'quarter') return previousQuarter(p);
  if (p.granularity === 'half') return parsePeriod(p.index === 1 ? `${p.year - 1}H2` : `${p.year}H1`)!;
  return parsePeriod(String(p.year - 1))!;
}

/** a − b, or null when either is missing. */
export function change(a: number | null, b: number | null): number | null {
  return a !== null && b !== null ? a - b : null;
}
