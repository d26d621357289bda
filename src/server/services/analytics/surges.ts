/**
 * Surges: the latest complete month and quarter of each province, district and front against
 * its own trailing twelve months, with an exact one-sided Poisson test, Benjamini–Hochberg
 * adjustment over the list, and a descriptive ratio for deaths. Formulas:
 * src/core/analytics/surges.ts and src/core/analytics/poisson.ts.
 */
import { z } from 'zod';
import { toMonth, type AnalysisFilters } from '../../../core/analytics/filters';
import {
  computeSurges,
  latestCompleteMonth,
  SURGE_LEVELS,
  surgeSpans,
  surgeTable,
  type MonthCounts,
  type SurgeLevel,
  type SurgeSpans,
  type SurgeTest,
  type SurgeUnit,
} from '../../../core/analytics/surges';
import { FRONT_LABELS, isFront } from '../../../core/incidents';
import type { Db } from '../../../db/database';
import { errors } from '../../errors';
import { incidentMonthRange, sumIncidentFacts, type FactDimension } from '../../queries/incidentFacts';
import { dimensionLabels } from '../../queries/trends';
import { defineAnalysis, type AnalysisOutput } from './analysis';

export const SURGES_VERSION = 1;

export const COMPLETENESS_RULE =
  'A month is complete when the data run past its last day: it is before the month of the latest incident in the database (all data sets, whatever the filters), and before the current month. A quarter is complete when its last month is.';

export interface SurgesData {
  as_of: string | null;
  latest_complete_month: string | null;
  completeness_rule: string;
  windows: SurgeSpans | null;
  levels: SurgeLevel[];
  alpha: number;
  adjust: 'bh' | 'none';
  significant: number;
  tests: SurgeTest[];
}

export interface SurgesOptions {
  level: SurgeLevel[];
  as_of?: string | null;
  alpha: number;
  adjust: 'bh' | 'none';
}

function emptyOutput(data: SurgesData, notes: string[], filters: AnalysisFilters): AnalysisOutput<SurgesData> {
  return { data, table: surgeTable([]), notes, inputs: { filters, facts: [] }, definition: definition(data) };
}

function definition(data: SurgesData) {
  return {
    version: SURGES_VERSION,
    test: 'exact one-sided Poisson: p = P(X >= observed | lambda = baseline mean), via the regularized incomplete gamma function',
    baseline: 'the 12 months before the tested month; for the quarter, the 12 months before its first month, mean per quarter = sum / 4; months before the first data month are left out and the mean taken over the rest',
    zero_baseline: 'lambda = 0: observed > 0 gives p = 0 (flag no_baseline), observed 0 gives p = 1',
    adjustment: 'Benjamini-Hochberg over every test in the list',
    significant: data.adjust === 'bh' ? `p_adjusted <= ${data.alpha}` : `p_value <= ${data.alpha}`,
    killed: 'observed / baseline mean, descriptive only (deaths are overdispersed: no Poisson test)',
    completeness: COMPLETENESS_RULE,
  };
}

export async function computeSurgeList(db: Db, filters: AnalysisFilters, options: SurgesOptions, now = new Date()): Promise<AnalysisOutput<SurgesData>> {
  const levels = SURGE_LEVELS.filter((l) => options.level.includes(l));
  const data: SurgesData = {
    as_of: null,
    latest_complete_month: null,
    completeness_rule: COMPLETENESS_RULE,
    windows: null,
    levels,
    alpha: options.alpha,
    adjust: options.adjust,
    significant: 0,
    tests: [],
  };
  const range = await incidentMonthRange(db);
  if (!range) return emptyOutput(data, ['There are no incidents in the database: nothing to test.'], filters);

  const latest = latestCompleteMonth(range.last, now.toISOString().slice(0, 7));
  data.latest_complete_month = latest;
  if (options.as_of && options.as_of > latest) {
    throw errors.badRequest('as_of', `must be a complete month: the latest complete month is ${latest} (the latest incident is in ${range.last})`);
  }
  const asOf = options.as_of ?? (filters.to && filters.to < latest ? filters.to : latest);
  const spans = surgeSpans(asOf);
  data.as_of = asOf;
  data.windows = spans;

  const notes: string[] = [];
  if (filters.from) notes.push(`Surges ignore "from" (${filters.from}): the tested month, quarter and their baselines are fixed by the evaluated month.`);
  if (!options.as_of && filters.to && filters.to < latest) notes.push(`Evaluated as of ${asOf}, the "to" month, instead of the latest complete month ${latest}.`);

  const fetchFrom = spans.quarter.baseline.first < spans.month.baseline.first ? spans.quarter.baseline.first : spans.month.baseline.first;
  // The district level reads the district × month totals; province and front share one sum from
  // the province × month facts: each the smallest aggregate table that has its dimensions.
  const window = { ...filters, from: fetchFrom, to: asOf };
  const coarse = levels.filter((l) => l !== 'district');
  const sums: { levels: SurgeLevel[]; by: FactDimension[] }[] = [];
  if (levels.includes('district')) sums.push({ levels: ['district'], by: ['month', 'district', 'province'] });
  if (coarse.length > 0) sums.push({ levels: coarse, by: ['month', ...coarse] });
  const perSum = await Promise.all(sums.map(async (q) => ({ levels: q.levels, facts: await sumIncidentFacts(db, window, q.by) })));
  const facts = perSum.flatMap(({ levels: tested, facts: rows }) => rows.map((f) => ({ ...f, levels: tested })));

  const units = new Map<string, SurgeUnit & { months: Map<string, MonthCounts> }>();
  const unplaced = new Map<SurgeLevel, number>();
  for (const f of facts) {
    const month = f.key.month!;
    for (const level of f.levels) {
      const key = f.key[level] ?? '';
      if (!key) {
        unplaced.set(level, (unplaced.get(level) ?? 0) + f.incidents);
        continue;
      }
      const id = `${level}:${key}`;
      let unit = units.get(id);
      if (!unit) {
        unit = { level, key, label: key, province: level === 'district' ? (f.key.province ?? null) : null, months: new Map() };
        units.set(id, unit);
      }
      const c = unit.months.get(month) ?? { incidents: 0, killed: 0 };
      c.incidents += f.incidents;
      c.killed += f.killed.best;
      unit.months.set(month, c);
    }
  }
  const none: Record<string, string> = {};
  const [provinceNames, districtNames] = await Promise.all([
    levels.includes('province') ? dimensionLabels(db, 'province', [...units.values()].filter((u) => u.level === 'province').map((u) => u.key)) : none,
    levels.includes('district') ? dimensionLabels(db, 'district', [...units.values()].filter((u) => u.level === 'district').map((u) => u.key)) : none,
  ]);
  for (const u of units.values()) {
    if (u.level === 'province') u.label = provinceNames[u.key] ?? u.key;
    else if (u.level === 'district') u.label = districtNames[u.key] ?? u.key;
    else u.label = isFront(u.key) ? FRONT_LABELS[u.key] : u.key;
  }

  const tests = computeSurges([...units.values()], { asOf, firstDataMonth: range.first, alpha: options.alpha, adjust: options.adjust });
  data.tests = tests;
  data.significant = tests.filter((t) => t.significant).length;

  const tested = `${spans.month.period} (baseline ${spans.month.baseline.first} to ${spans.month.baseline.last}) and ${spans.quarter.period} (baseline ${spans.quarter.baseline.first} to ${spans.quarter.baseline.last})`;
  if (tests.length === 0) {
    notes.unshift(`No incidents match these filters in ${tested}: nothing to test.`);
  } else {
    notes.unshift(
      `Tested ${tested}, each against its own baseline mean with an exact one-sided Poisson test; ${data.significant} of ${tests.length} tests are significant at ${options.alpha}${options.adjust === 'bh' ? ' after the Benjamini–Hochberg adjustment over the whole list' : ' (unadjusted p-values)'}.`,
    );
    notes.push(COMPLETENESS_RULE);
    const noBaseline = tests.filter((t) => t.flags.includes('no_baseline')).length;
    if (noBaseline > 0) notes.push(`${noBaseline} test(s) have no incident in their baseline: any incident then gives p = 0 (flag no_baseline) and no ratio.`);
    const short = tests.filter((t) => t.flags.includes('short_baseline') || t.flags.includes('no_coverage')).length;
    if (short > 0) notes.push(`${short} test(s) have baseline months before the first incident in the database (${range.first}); their mean is over the covered months only (flags short_baseline, no_coverage).`);
    notes.push('Deaths are shown as a ratio to their baseline mean only: one attack can kill many, so deaths are overdispersed and a Poisson test on them would overstate significance.');
    for (const [level, count] of unplaced) if (count > 0) notes.push(`${count} incident(s) in these windows have no ${level} and are in no ${level} test.`);
  }
  return {
    data,
    table: surgeTable(tests),
    notes,
    inputs: {
      filters,
      as_of: asOf,
      first_data_month: range.first,
      levels,
      // Rows as flat tuples (levels, key values, incidents, killed), which hash much faster than
      // objects; sumIncidentFacts returns its rows sorted by key, and the sums come in a fixed order.
      facts: facts.map((f) => [f.levels.join('+'), ...Object.values(f.key), f.incidents, f.killed.best]),
    },
    definition: definition(data),
  };
}

const levelList = z
  .string()
  .trim()
  .optional()
  .describe(`Levels to test: ${SURGE_LEVELS.join(', ')} (comma-separated; default all three)`)
  .transform((text, ctx) => {
    if (!text) return [...SURGE_LEVELS];
    const out: SurgeLevel[] = [];
    for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!(SURGE_LEVELS as readonly string[]).includes(part)) {
        ctx.addIssue({ code: 'custom', message: `"${part}": must be one of ${SURGE_LEVELS.join(', ')}` });
        return z.NEVER;
      }
      out.push(part as SurgeLevel);
    }
    return [...new Set(out)];
  });

const asOfMonth = z
  .string()
  .trim()
  .optional()
  .describe('Evaluate this month (2025-03) and the latest quarter ending in or before it, instead of the latest complete month')
  .transform((text, ctx) => {
    if (!text) return null;
    const month = /^\d{4}$/.test(text) ? null : toMonth(text, 'end');
    if (!month) {
      ctx.addIssue({ code: 'custom', message: 'must be a month (2025-03) or a date (2025-03-17)' });
      return z.NEVER;
    }
    return month;
  });

export const surgesAnalysis = defineAnalysis({
  name: 'surges',
  title: 'Surges',
  description:
    'For each province, district and front, the latest complete month and quarter against its own trailing twelve months: observed and expected incidents, their ratio, an exact one-sided Poisson p-value and its Benjamini–Hochberg adjustment, sorted by significance; deaths as a descriptive ratio.',
  methodology: 'surges',
  sources: [{ title: 'Incidents in NAP Monitor (bundled and imported data sets)', url: '/api/v1/incidents' }],
  options: {
    level: levelList,
    as_of: asOfMonth,
    alpha: z.coerce.number().gt(0).lt(1).default(0.05).describe('Significance level (default 0.05)'),
    adjust: z.enum(['bh', 'none']).default('bh').describe('Which p-value decides "significant": bh (Benjamini–Hochberg adjusted, default) or none (raw)'),
  },
  run: (db, filters, options) => computeSurgeList(db, filters, options),
});
