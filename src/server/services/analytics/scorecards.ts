/**
 * Implementation scorecards per jurisdiction (federal and each province) × dimension: shares of
 * points at each completion level, the mean completion score (0–100), the kinetic – non-kinetic
 * balance, how unevenly each point is implemented across provinces, overdue reports and the
 * reporting rate (the due-report rules of the progress service), each beside the same figures for
 * the period before. Formulas: src/core/analytics/scorecards.ts.
 */
import { z } from 'zod';
import type { AnalysisFilters } from '../../../core/analytics/filters';
import {
  COMPLETION_SCORES,
  DEFAULT_SCORECARD_PLAN,
  SCALE_NOTE,
  SCORECARD_LEVELS,
  change,
  dimensionCards,
  kineticBalance,
  latestAssessments,
  pointUnevenness,
  previousPeriod,
  type Balance,
  type DimensionCard,
  type PointSpread,
  type ScorecardLevel,
} from '../../../core/analytics/scorecards';
import type { AnalysisTable, Cell } from '../../../core/analytics/table';
import { latestDueQuarter, parsePeriod, periodProblem, type Period } from '../../../core/periods';
import { DIMENSIONS } from '../../../core/plans';
import { FEDERAL } from '../../../core/progress';
import type { Db } from '../../../db/database';
import { errors } from '../../errors';
import { readScorecardInputs } from '../../queries/scorecards';
import { dueReports, type DueSummary } from '../progressService';
import { getSetting } from '../settingsService';
import { defineAnalysis } from './analysis';

const options = {
  plan: z.string().trim().min(1).max(64).optional().describe(`Plan code (default ${DEFAULT_SCORECARD_PLAN})`),
  period: z
    .string()
    .trim()
    .optional()
    .describe('Period the scorecard is for, such as 2025Q1, 2025H1 or 2025 (default: the latest quarter whose reports are due)')
    .superRefine((value, ctx) => {
      const problem = value ? periodProblem(value) : null;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
};

type Shares = Record<ScorecardLevel, number> | null;

export interface ScorecardRow extends Omit<DimensionCard, 'jurisdiction'> {
  jurisdiction: string;
  name: string;
  previous: { shares: Shares; scored: number; mean_score: number | null };
  mean_score_change: number | null;
}

export interface BalanceRow extends Balance {
  name: string;
  previous: { kinetic: number | null; non_kinetic: number | null; difference: number | null; ratio: number | null };
  difference_change: number | null;
}

export interface SpreadRow extends PointSpread {
  previous: { n: number; range: number | null; sd: number | null };
  sd_change: number | null;
}

export interface ReportingRow {
  jurisdiction: string;
  name: string;
  due: number;
  reported: number;
  accepted: number;
  overdue: number;
  reporting_rate: number | null;
  previous: { due: number; reported: number; accepted: number; overdue: number; reporting_rate: number | null };
  overdue_change: number;
  reporting_rate_change: number | null;
}

export interface ScorecardData {
  plan: string;
  period: Pick<Period, 'code' | 'start' | 'end'>;
  previous_period: Pick<Period, 'code' | 'start' | 'end'>;
  scale: Record<string, number | null>;
  cards: ScorecardRow[];
  balance: BalanceRow[];
  unevenness: SpreadRow[];
  reporting: {
    due_date: string;
    past_due: boolean;
    previous_due_date: string;
    previous_past_due: boolean;
    rows: ReportingRow[];
  };
}

const periodOf = (p: Period) => ({ code: p.code, start: p.start, end: p.end });

function reportingRows(current: DueSummary[], previous: DueSummary[]): ReportingRow[] {
  return current.map((s) => {
    const p = previous.find((x) => x.jurisdiction === s.jurisdiction) ?? { due: 0, reported: 0, accepted: 0, overdue: 0, reporting_rate: null };
    return {
      jurisdiction: s.jurisdiction,
      name: s.name,
      due: s.due,
      reported: s.reported,
      accepted: s.accepted,
      overdue: s.overdue,
      reporting_rate: s.reporting_rate,
      previous: { due: p.due, reported: p.reported, accepted: p.accepted, overdue: p.overdue, reporting_rate: p.reporting_rate },
      overdue_change: s.overdue - p.overdue,
      reporting_rate_change: change(s.reporting_rate, p.reporting_rate),
    };
  });
}

function scorecardTable(data: ScorecardData): AnalysisTable {
  const shareCols = SCORECARD_LEVELS.map((l) => ({ key: `share_${l}`, label: `Share ${l.replace('_', ' ')}` }));
  return {
    columns: [
      { key: 'jurisdiction', label: 'Jurisdiction' },
      { key: 'name', label: 'Name' },
      { key: 'dimension', label: 'Dimension' },
      { key: 'points', label: 'Points' },
      ...shareCols,
      { key: 'scored', label: 'Scored' },
      { key: 'mean_score', label: `Mean score ${data.period.code}` },
      { key: 'previous_mean_score', label: `Mean score ${data.previous_period.code}` },
      { key: 'mean_score_change', label: 'Change' },
      { key: 'kinetic_minus_non_kinetic', label: 'Kinetic − non-kinetic' },
      { key: 'non_kinetic_to_kinetic', label: 'Non-kinetic ÷ kinetic' },
      { key: 'overdue', label: 'Overdue' },
      { key: 'reporting_rate', label: 'Reporting rate' },
      { key: 'previous_reporting_rate', label: `Reporting rate ${data.previous_period.code}` },
    ],
    rows: data.cards.map((c) => {
      const b = data.balance.find((x) => x.jurisdiction === c.jurisdiction);
      const r = data.reporting.rows.find((x) => x.jurisdiction === c.jurisdiction);
      const row: Record<string, Cell> = {
        jurisdiction: c.jurisdiction,
        name: c.name,
        dimension: c.dimension,
        points: c.points,
        scored: c.scored,
        mean_score: c.mean_score,
        previous_mean_score: c.previous.mean_score,
        mean_score_change: c.mean_score_change,
        kinetic_minus_non_kinetic: b?.difference ?? null,
        non_kinetic_to_kinetic: b?.ratio ?? null,
        overdue: r?.overdue ?? null,
        reporting_rate: r?.reporting_rate ?? null,
        previous_reporting_rate: r?.previous.reporting_rate ?? null,
      };
      for (const l of SCORECARD_LEVELS) row[`share_${l}`] = c.shares ? c.shares[l] : null;
      return row;
    }),
  };
}

export async function computeScorecards(db: Db, filters: AnalysisFilters, opts: { plan?: string; period?: string }, today = new Date()) {
  const planCode = opts.plan ?? DEFAULT_SCORECARD_PLAN;
  const graceDays = await getSetting(db, 'progress.due_after_days');
  const period = opts.period ? parsePeriod(opts.period) : latestDueQuarter(today.toISOString().slice(0, 10), graceDays);
  if (!period) throw errors.badRequest('period', 'is not a period');
  const previous = previousPeriod(period);
  const inputs = await readScorecardInputs(db, planCode, period.end);
  if (!inputs.plan) throw errors.notFound('Plan', planCode);

  const notes: string[] = [SCALE_NOTE];
  const ignored = (['from', 'to'] as const).filter((k) => filters[k] !== null) as string[];
  for (const k of ['districts', 'fronts', 'groups', 'categories'] as const) if (filters[k].length) ignored.push(k);
  if (ignored.length) notes.push(`Scorecards are per plan period and jurisdiction; the filters ${ignored.join(', ')} do not apply to them and were ignored.`);

  const jurisdictions = filters.provinces.length ? inputs.jurisdictions.filter((j) => filters.provinces.includes(j.code)) : inputs.jurisdictions;
  const codes = jurisdictions.map((j) => j.code);
  const nameOf = new Map(jurisdictions.map((j) => [j.code, j.name]));
  const provinces = codes.filter((c) => c !== FEDERAL);

  const latestNow = latestAssessments(inputs.reports, period.end);
  const latestBefore = latestAssessments(inputs.reports, previous.end);
  const assessedHere = [...latestNow.values()].filter((r) => codes.includes(r.jurisdiction)).length;

  const [dueNow, dueBefore] = await Promise.all([
    dueReports(db, null, { plan: planCode, period: period.code }, today),
    dueReports(db, null, { plan: planCode, period: previous.code }, today),
  ]);
  const keep = (s: DueSummary) => codes.includes(s.jurisdiction);

  let cards: ScorecardRow[] = [];
  let balance: BalanceRow[] = [];
  let unevenness: SpreadRow[] = [];
  if (assessedHere === 0) {
    notes.push(
      `No accepted progress report of ${planCode} for ${jurisdictions.length === inputs.jurisdictions.length ? 'any jurisdiction' : codes.join(', ')} states a completion level for a period ending by ${period.end}: there is nothing to score. Overdue reports and reporting rates are still shown.`,
    );
  } else {
    const now = dimensionCards(inputs.points, latestNow, codes);
    const before = dimensionCards(inputs.points, latestBefore, codes);
    cards = now.map((c, i) => {
      const b = before[i]!;
      return {
        ...c,
        name: nameOf.get(c.jurisdiction) ?? c.jurisdiction,
        previous: { shares: b.shares, scored: b.scored, mean_score: b.mean_score },
        mean_score_change: change(c.mean_score, b.mean_score),
      };
    });
    const balanceBefore = kineticBalance(before);
    balance = kineticBalance(now).map((b) => {
      const p = balanceBefore.find((x) => x.jurisdiction === b.jurisdiction)!;
      return {
        ...b,
        name: nameOf.get(b.jurisdiction) ?? b.jurisdiction,
        previous: { kinetic: p.kinetic, non_kinetic: p.non_kinetic, difference: p.difference, ratio: p.ratio },
        difference_change: change(b.difference, p.difference),
      };
    });
    const spreadBefore = pointUnevenness(inputs.points, latestBefore, provinces);
    unevenness = pointUnevenness(inputs.points, latestNow, provinces).map((s, i) => {
      const p = spreadBefore[i]!;
      return { ...s, previous: { n: p.n, range: p.range, sd: p.sd }, sd_change: change(s.sd, p.sd) };
    });
    const unclassified = inputs.points.filter((p) => !p.dimension || !(DIMENSIONS as readonly string[]).includes(p.dimension));
    if (unclassified.length) notes.push(`${unclassified.length} points of ${planCode} have no dimension and are in no card: ${unclassified.map((p) => p.code).join(', ')}.`);
    const spread = unevenness.filter((s) => s.sd !== null).length;
    notes.push(
      spread
        ? `Unevenness across provinces is computed for ${spread} of ${unevenness.length} points (those scored in at least two provinces).`
        : 'No point is scored in two or more provinces, so unevenness across provinces cannot be computed.',
    );
    const unscoredBalance = balance.filter((b) => b.difference === null).length;
    if (unscoredBalance) notes.push(`The kinetic – non-kinetic balance needs a score on both sides; ${unscoredBalance} of ${balance.length} jurisdictions lack one.`);
  }
  notes.push(
    `State as of ${period.code}: each point's latest accepted report stating a completion level for a period ending by ${period.end} (figures-only reports are passed over); compared with ${previous.code}.`,
    `Reporting rate = accepted ÷ due reports for ${period.code} (due ${dueNow.due_date}${dueNow.past_due ? ', past' : ', not yet past'}); a report is overdue once its due date has passed without a submission.`,
  );

  const data: ScorecardData = {
    plan: planCode,
    period: periodOf(period),
    previous_period: periodOf(previous),
    scale: { ...COMPLETION_SCORES },
    cards,
    balance,
    unevenness,
    reporting: {
      due_date: dueNow.due_date,
      past_due: dueNow.past_due,
      previous_due_date: dueBefore.due_date,
      previous_past_due: dueBefore.past_due,
      rows: reportingRows(dueNow.summary.filter(keep), dueBefore.summary.filter(keep)),
    },
  };
  return {
    data,
    table: scorecardTable(data),
    notes,
    inputs: {
      plan: planCode,
      period: period.code,
      previous_period: previous.code,
      jurisdictions: codes,
      points: inputs.points.map((p) => [p.id, p.code, p.dimension, p.jurisdictions.join(';')]),
      reports: inputs.reports.map((r) => [r.id, r.point_id, r.measure_id, r.jurisdiction, r.period, r.completion, r.rating]),
      due: [period.code, previous.code].map((c, i) => [c, (i === 0 ? dueNow : dueBefore).summary.filter(keep).map((s) => [s.jurisdiction, s.due, s.reported, s.accepted, s.overdue])]),
    },
    definition: { scale: COMPLETION_SCORES, levels: SCORECARD_LEVELS, balance: 'difference = kinetic − non-kinetic mean; ratio = non-kinetic ÷ kinetic mean', unevenness: 'range and population SD across provinces scored', version: 1 },
  };
}

export const scorecardsAnalysis = defineAnalysis({
  name: 'scorecards',
  title: 'Implementation scorecards',
  description:
    'Per jurisdiction (federal and each province) and dimension (kinetic, non-kinetic, enabler, mixed): the share of plan points at each completion level, the mean completion score (0–100), the kinetic – non-kinetic balance, how unevenly each point is implemented across provinces, overdue reports and the reporting rate, each beside the period before.',
  methodology: 'implementation-scorecards',
  sources: [
    { title: 'Accepted progress reports (including history drawn from public sources, see /data)' },
    { title: 'Open Government Partnership, IRM completion levels', url: 'https://www.opengovpartnership.org/irm-guidance-overview/' },
    { title: 'PILDAT, monitoring reports on the National Action Plan', url: 'https://pildat.org/' },
  ],
  options,
  run: (db, filters, o) => computeScorecards(db, filters, o),
});
