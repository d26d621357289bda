import { parsePeriod, previousQuarter, type Period } from '../../../core/periods';
import { ApiError, getJson } from './client';
import { listProvinces } from './geo';
import type { Province } from './types';

// The analytics API (/api/v1/analytics/NAME) and the figures the province, overview and report
// pages compose from it. Analyses arrive one by one; where one is not offered yet, the figures
// come from the plan, progress and incident endpoints instead, with the same meaning.

export interface AnalysisListing {
  name: string;
  title: string;
  description: string;
  methodology: string;
  options: string[];
}

export interface AnalysisMeta {
  analysis: string;
  title: string;
  description: string;
  methodology: string;
  sources: { title: string; url?: string }[];
  inputs_hash: string;
  generated_at: string;
  notes: string[];
  licence: string;
}

export interface AnalysisResponse<D> {
  analysis: string;
  data: D;
  notes: string[];
  meta: AnalysisMeta;
}

export type AnalysisParams = Record<string, string | number | undefined>;

export async function listAnalyses(signal?: AbortSignal): Promise<AnalysisListing[]> {
  return (await getJson<{ data: AnalysisListing[] }>('/api/v1/analytics', {}, signal)).data;
}

/** The names of the analyses the server offers, remembered for the visit (it changes only with a release). */
let offered: Promise<Set<string>> | null = null;
export function offeredAnalyses(signal?: AbortSignal): Promise<Set<string>> {
  if (!offered) {
    offered = listAnalyses(signal).then(
      (list) => new Set(list.map((a) => a.name)),
      (error: unknown) => {
        offered = null;
        throw error;
      },
    );
  }
  return offered;
}

export function getAnalysis<D>(name: string, params: AnalysisParams, signal?: AbortSignal): Promise<AnalysisResponse<D>> {
  return getJson<AnalysisResponse<D>>(`/api/v1/analytics/${encodeURIComponent(name)}`, params, signal);
}

/** The same analysis as the server's CSV download. */
export function analysisCsvUrl(name: string, params: AnalysisParams): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, String(value));
  return `/api/v1/analytics/${encodeURIComponent(name)}.csv${query.size > 0 ? `?${query.toString()}` : ''}`;
}

/** Runs an analysis when the server offers it; resolves to null when it does not (yet). */
export async function analysisIfOffered<D>(name: string, params: AnalysisParams, signal?: AbortSignal): Promise<AnalysisResponse<D> | null> {
  let names: Set<string>;
  try {
    names = await offeredAnalyses(signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    return null;
  }
  if (!names.has(name)) return null;
  return getAnalysis<D>(name, params, signal);
}

// ——— Periods ———

/** A reporting period from the address, or null when it is missing or malformed. */
export function periodFrom(code: string | null | undefined): Period | null {
  return code ? parsePeriod(code) : null;
}

/** The last quarter that has ended by `today`. */
export function lastCompleteQuarter(today = new Date()): Period {
  const iso = today.toISOString().slice(0, 7);
  return previousQuarter(parsePeriod(`${iso.slice(0, 4)}Q${Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1}`)!);
}

/** The period of the same length just before `period` (the quarter, half or year before). */
export function previousPeriod(period: Period): Period {
  if (period.granularity === 'quarter') return previousQuarter(period);
  if (period.granularity === 'half') return parsePeriod(period.index === 1 ? `${period.year - 1}H2` : `${period.year}H1`)!;
  return parsePeriod(String(period.year - 1))!;
}

/** Months of a period for the analytics filters: from YYYY-MM to YYYY-MM, inclusive. */
export function periodMonths(period: Period): { from: string; to: string } {
  return { from: period.start.slice(0, 7), to: period.end.slice(0, 7) };
}

// ——— Incident sums ———

export interface IncidentTotals {
  incidents: number;
  killed: number;
  injured: number;
  /** Districts with at least one incident. */
  districts: number;
}

export interface DistrictCount {
  district_pcode: string;
  incidents: number;
  killed: number;
  injured: number;
}

/** Incidents, killed and injured per district for a period (each duplicate cluster once). */
export async function incidentsByDistrict(
  period: { from: string; to: string },
  province: string | undefined,
  signal?: AbortSignal,
): Promise<DistrictCount[]> {
  const { data } = await getJson<{ data: DistrictCount[] }>(
    '/api/v1/incidents/by-district',
    { from: period.from, to: period.to, province },
    signal,
  );
  return data;
}

export function totalsOf(rows: DistrictCount[]): IncidentTotals {
  return rows.reduce(
    (sum, r) => ({
      incidents: sum.incidents + r.incidents,
      killed: sum.killed + r.killed,
      injured: sum.injured + r.injured,
      districts: sum.districts + (r.incidents > 0 ? 1 : 0),
    }),
    { incidents: 0, killed: 0, injured: 0, districts: 0 },
  );
}

/** The newest incident date, for choosing a default period with data. */
export async function latestIncidentDate(signal?: AbortSignal): Promise<string | null> {
  const { data } = await getJson<{ data: { date_start: string }[] }>('/api/v1/incidents', { sort: '-date', limit: 1 }, signal);
  return data[0]?.date_start ?? null;
}

// ——— Plan implementation for one province ———

export const DIMENSIONS = ['kinetic', 'non-kinetic', 'enabler', 'mixed', 'unassigned'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
/** OGP completion levels in equal steps on 0–100, as the scorecards analysis scores them; "no evidence" and unstated completion are left out of the mean. */
export const COMPLETION_SCORE: Record<string, number> = { not_started: 0, limited: 100 / 3, substantial: 200 / 3, complete: 100 };
export const SCORE_MAX = 100;
/** The plan with the public progress history, which the tracker and the scorecards open on. */
export const DEFAULT_PLAN = 'NAP-2014';

export interface EvidenceItem {
  title: string;
  url: string;
  date: string | null;
}

export interface PointRow {
  code: string;
  text: string;
  dimension: Dimension;
  period: string | null;
  completion: string | null;
  rating: string | null;
  trajectory: string | null;
  origin: string | null;
  narrative: string | null;
  evidence: EvidenceItem[];
}

export interface DimensionRow {
  dimension: Dimension;
  points: number;
  /** Points with an accepted assessment. */
  assessed: number;
  completion: Record<string, number>;
  /** Mean completion score, 0–100, over points with a stated completion; null when none. */
  score: number | null;
  scored: number;
}

export interface ReportingFigures {
  plan: string;
  period: string;
  due_date: string;
  past_due: boolean;
  due: number;
  reported: number;
  accepted: number;
  overdue: number;
  reporting_rate: number | null;
  overdue_points: string[];
}

export interface Milestone {
  /** The month it is placed in (YYYY-MM). */
  month: string;
  kind: 'progress' | 'programme';
  /** A point code or a programme's name. */
  label: string;
  /** The completion level reached, for progress milestones. */
  completion: string | null;
}

export interface TimelineFigures {
  /** Incidents and killed per month (YYYY-MM). */
  months: { month: string; incidents: number; killed: number }[];
  milestones: Milestone[];
  source: 'analytics' | 'api';
}

export interface ProvinceFigures {
  province: Province;
  period: Period;
  plan: { code: string; name: string };
  plans: { code: string; name: string }[];
  dimensions: DimensionRow[];
  points: PointRow[];
  reporting: ReportingFigures | null;
  incidents: IncidentTotals;
  previousIncidents: IncidentTotals;
  previousPeriod: Period;
  districts: (DistrictCount & { name: string })[];
  timeline: TimelineFigures | null;
  /** Which analyses the figures came from, for the sources line. */
  analyses: string[];
  generatedAt: string;
}

interface TrackerAnswer {
  plan: { code: string; name: string };
  jurisdictions: { code: string; name: string }[];
  points: {
    code: string;
    text: string;
    dimension: string | null;
    cells: Record<string, { report_id: number; period: string; completion: string | null; trajectory: string | null; rating: string | null; origin: string } | null>;
  }[];
}

interface ProgressAnswer {
  data: {
    id: number;
    plan: string;
    point: string;
    period: string;
    narrative: string | null;
    evidence: { title: string; url: string; date: string | null; public: boolean }[];
  }[];
}

interface OverdueAnswer {
  plan: string;
  period: string;
  due_date: string;
  past_due: boolean;
  summary: { jurisdiction: string; due: number; reported: number; accepted: number; overdue: number; reporting_rate: number | null }[];
  items: { point: string; jurisdiction: string; overdue: boolean }[];
}

function dimensionOf(value: string | null): Dimension {
  return value && (DIMENSIONS as readonly string[]).includes(value) ? (value as Dimension) : 'unassigned';
}

/** Completion by dimension from the latest accepted assessment of each point. */
export function dimensionRows(points: PointRow[]): DimensionRow[] {
  const rows: DimensionRow[] = [];
  for (const dimension of DIMENSIONS) {
    const inDimension = points.filter((p) => p.dimension === dimension);
    if (inDimension.length === 0) continue;
    const completion: Record<string, number> = {};
    let total = 0;
    let scored = 0;
    for (const p of inDimension) {
      const key = p.completion ?? 'none';
      completion[key] = (completion[key] ?? 0) + 1;
      if (p.completion && p.completion in COMPLETION_SCORE) {
        total += COMPLETION_SCORE[p.completion]!;
        scored += 1;
      }
    }
    rows.push({
      dimension,
      points: inDimension.length,
      assessed: inDimension.filter((p) => p.period !== null).length,
      completion,
      score: scored > 0 ? total / scored : null,
      scored,
    });
  }
  return rows;
}

/** Kinetic minus non-kinetic mean score (0–100 scale); null unless both sides have a score. */
export function balanceOf(rows: DimensionRow[]): number | null {
  const kinetic = rows.find((r) => r.dimension === 'kinetic')?.score;
  const nonKinetic = rows.find((r) => r.dimension === 'non-kinetic')?.score;
  return kinetic == null || nonKinetic == null ? null : kinetic - nonKinetic;
}

async function loadProgress(plan: string, jurisdiction: string, signal?: AbortSignal): Promise<ProgressAnswer['data']> {
  const rows: ProgressAnswer['data'] = [];
  for (let page = 1; page <= 10; page++) {
    const answer = await getJson<ProgressAnswer & { pagination: { total: number; per_page: number } }>(
      '/api/v1/progress',
      { plan, jurisdiction, status: 'accepted', per_page: 200, page },
      signal,
    );
    rows.push(...answer.data);
    if (page * answer.pagination.per_page >= answer.pagination.total) break;
  }
  return rows;
}

async function loadReporting(plan: string | undefined, period: Period, pcode: string, signal?: AbortSignal): Promise<ReportingFigures | null> {
  try {
    const answer = await getJson<OverdueAnswer>('/api/v1/overdue', { plan, period: period.code, jurisdiction: pcode }, signal);
    const row = answer.summary.find((s) => s.jurisdiction === pcode);
    if (!row) return null;
    return {
      plan: answer.plan,
      period: answer.period,
      due_date: answer.due_date,
      past_due: answer.past_due,
      due: row.due,
      reported: row.reported,
      accepted: row.accepted,
      overdue: row.overdue,
      reporting_rate: row.reporting_rate,
      overdue_points: answer.items.filter((i) => i.jurisdiction === pcode && i.overdue).map((i) => i.point),
    };
  } catch (error) {
    // Reports fall due per quarter: a half-year or a year has no due list.
    if (error instanceof ApiError && error.status === 400) return null;
    throw error;
  }
}

/** Monthly incidents and killed for the province over the 24 months to the period's end, with milestones. */
async function loadTimeline(
  pcode: string,
  plan: string,
  period: Period,
  points: PointRow[],
  signal?: AbortSignal,
): Promise<{ timeline: TimelineFigures; analyses: string[] }> {
  const toMonth = period.end.slice(0, 7);
  const fromYear = Number(toMonth.slice(0, 4)) - 2;
  const fromMonth = `${fromYear}-${toMonth.slice(5, 7)}`;
  const analysis = await analysisIfOffered<unknown>('timeline', { province: pcode, from: fromMonth, to: toMonth, plan }, signal).catch(() => null);
  const parsed = analysis ? readTimelineAnalysis(analysis.data) : null;
  if (parsed) return { timeline: { ...parsed, source: 'analytics' }, analyses: ['timeline'] };

  const months: string[] = [];
  for (let y = fromYear, m = Number(toMonth.slice(5, 7)) + 1; `${y}-${String(m).padStart(2, '0')}` <= toMonth; m++) {
    if (m > 12) {
      m = 1;
      y++;
    }
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > toMonth) break;
    months.push(key);
  }
  const trend = await analysisIfOffered<unknown>('trends', { province: pcode, from: months[0], to: toMonth, interval: 'month' }, signal).catch(() => null);
  const fromTrend = trend ? readMonthlyTrend(trend.data) : null;
  let counts: Map<string, { incidents: number; killed: number }>;
  if (fromTrend) {
    counts = fromTrend;
  } else {
    // One request per month would be 24; the incident list for the window is small for one province.
    counts = new Map();
    const { data } = await getJson<{ data: { date_start: string; killed: { best: number | null }; cluster_id: number | null; id: number }[] }>(
      '/api/v1/incidents',
      { province: pcode, from: months[0], to: toMonth, limit: 500, dedupe: 'true' },
      signal,
    );
    for (const i of data) {
      const key = i.date_start.slice(0, 7);
      const c = counts.get(key) ?? { incidents: 0, killed: 0 };
      c.incidents += 1;
      c.killed += i.killed.best ?? 0;
      counts.set(key, c);
    }
  }
  const milestones: Milestone[] = points
    .filter((p) => p.period !== null && p.completion !== null)
    .map((p): Milestone => ({ month: parsePeriod(p.period!)?.end.slice(0, 7) ?? '', label: p.code, kind: 'progress', completion: p.completion }))
    .filter((m) => m.month >= months[0]! && m.month <= toMonth);
  return {
    timeline: {
      months: months.map((month) => ({ month, incidents: counts.get(month)?.incidents ?? 0, killed: counts.get(month)?.killed ?? 0 })),
      milestones,
      source: 'api',
    },
    analyses: fromTrend ? ['trends'] : [],
  };
}

export interface TrendPoint {
  period: string;
  incidents: number;
  killed: { low: number; best: number; high: number };
  injured: { low: number; best: number; high: number };
}

export interface TrendAnswer {
  interval: string;
  split: string | null;
  periods: string[];
  series: { key: string; label: string; points: TrendPoint[] }[];
}

/** Incidents and killed per month from a trends answer (all its series summed); null when it is not one. */
export function readMonthlyTrend(data: unknown): Map<string, { incidents: number; killed: number }> | null {
  const series = (data as Partial<TrendAnswer> | null)?.series;
  if (!Array.isArray(series)) return null;
  const out = new Map<string, { incidents: number; killed: number }>();
  for (const s of series) {
    for (const p of s.points) {
      const c = out.get(p.period) ?? { incidents: 0, killed: 0 };
      c.incidents += p.incidents;
      c.killed += p.killed.best;
      out.set(p.period, c);
    }
  }
  return out;
}

interface TimelineAnswer {
  incidents: { month: string; incidents: number; killed: number }[];
  milestones: {
    implementation: { month: string; point: string; completion: string | null }[];
    programmes: { month: string; name: string }[];
  };
}

function readTimelineAnalysis(data: unknown): Omit<TimelineFigures, 'source'> | null {
  const d = data as Partial<TimelineAnswer> | null;
  if (!d || !Array.isArray(d.incidents) || !d.milestones) return null;
  return {
    months: d.incidents.map((m) => ({ month: m.month, incidents: m.incidents, killed: m.killed })),
    milestones: [
      ...(d.milestones.implementation ?? []).map(
        (m): Milestone => ({ month: m.month, kind: 'progress', label: m.point, completion: m.completion }),
      ),
      ...(d.milestones.programmes ?? []).map((m): Milestone => ({ month: m.month, kind: 'programme', label: m.name, completion: null })),
    ].sort((x, y) => x.month.localeCompare(y.month)),
  };
}

export class UnknownProvinceError extends Error {
  constructor(readonly pcode: string) {
    super(pcode);
    this.name = 'UnknownProvinceError';
  }
}

/** Everything the province page and its printable report show, for one province, plan and period. */
export async function loadProvinceFigures(
  pcode: string,
  period: Period,
  planChoice: string | null,
  districtNames: Map<string, string>,
  signal?: AbortSignal,
): Promise<ProvinceFigures> {
  const [provinces, plans] = await Promise.all([
    listProvinces(signal),
    getJson<{ data: { code: string; name: string }[] }>('/api/v1/plans', {}, signal).then((r) => r.data),
  ]);
  const province = provinces.find((p) => p.pcode === pcode);
  if (!province) throw new UnknownProvinceError(pcode);

  const plan = plans.find((p) => p.code === planChoice) ?? plans.find((p) => p.code === DEFAULT_PLAN) ?? plans[0];
  if (!plan) throw new Error('no plans are loaded');

  const previous = previousPeriod(period);
  const [tracker, progress, reportingForPlan, current, before] = await Promise.all([
    getJson<TrackerAnswer>('/api/v1/tracker', { plan: plan.code, period: period.code }, signal),
    loadProgress(plan.code, pcode, signal),
    loadReporting(plan.code, period, pcode, signal),
    incidentsByDistrict({ from: period.start, to: period.end }, pcode, signal),
    incidentsByDistrict({ from: previous.start, to: previous.end }, pcode, signal),
  ]);

  const reportById = new Map(progress.map((r) => [r.id, r]));
  const points: PointRow[] = tracker.points.map((p) => {
    const cell = p.cells[pcode] ?? null;
    const report = cell ? reportById.get(cell.report_id) : undefined;
    return {
      code: p.code,
      text: p.text,
      dimension: dimensionOf(p.dimension),
      period: cell?.period ?? null,
      completion: cell?.completion ?? null,
      rating: cell?.rating ?? null,
      trajectory: cell?.trajectory ?? null,
      origin: cell?.origin ?? null,
      narrative: report?.narrative ?? null,
      evidence: (report?.evidence ?? []).filter((e) => e.public).map((e) => ({ title: e.title, url: e.url, date: e.date })),
    };
  });

  const analyses: string[] = [];
  let dimensions = dimensionRows(points);
  const scorecard = await analysisIfOffered<unknown>('scorecards', { province: pcode, plan: plan.code, period: period.code }, signal).catch(() => null);
  const fromScorecard = scorecard ? readScorecard(scorecard.data, pcode) : null;
  if (fromScorecard && fromScorecard.length > 0) {
    dimensions = fromScorecard;
    analyses.push('scorecards');
  }

  const { timeline, analyses: timelineAnalyses } = await loadTimeline(pcode, plan.code, period, points, signal).catch(() => ({
    timeline: null,
    analyses: [] as string[],
  }));
  analyses.push(...timelineAnalyses);

  return {
    province,
    period,
    plan: { code: plan.code, name: plan.name },
    plans: plans.map((p) => ({ code: p.code, name: p.name })),
    dimensions,
    points,
    reporting: reportingForPlan,
    incidents: totalsOf(current),
    previousIncidents: totalsOf(before),
    previousPeriod: previous,
    districts: current
      .map((r) => ({ ...r, name: districtNames.get(r.district_pcode) ?? r.district_pcode }))
      .sort((a, b) => b.killed - a.killed || b.incidents - a.incidents),
    timeline,
    analyses,
    generatedAt: new Date().toISOString(),
  };
}

interface ScorecardAnswer {
  cards: {
    jurisdiction: string;
    dimension: string;
    points: number;
    counts: Record<string, number>;
    scored: number;
    mean_score: number | null;
  }[];
}

/** The scorecards analysis's cards for one province as dimension rows; null when the answer has none. */
export function readScorecard(data: unknown, pcode: string): DimensionRow[] | null {
  const cards = (data as Partial<ScorecardAnswer> | null)?.cards;
  if (!Array.isArray(cards)) return null;
  const rows = cards
    .filter((c) => c.jurisdiction === pcode && c.points > 0)
    .map((c): DimensionRow => {
      const completion: Record<string, number> = {};
      for (const [level, count] of Object.entries(c.counts)) completion[level === 'no_report' ? 'none' : level] = count;
      return {
        dimension: dimensionOf(c.dimension),
        points: c.points,
        assessed: c.points - (c.counts.no_report ?? 0),
        completion,
        score: c.mean_score,
        scored: c.scored,
      };
    });
  return rows.length > 0 ? rows : null;
}
