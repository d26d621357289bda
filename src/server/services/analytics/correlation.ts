/**
 * Deprivation and violence: across districts, Spearman's rank correlation between a district
 * indicator (x) and violence (y: incidents or people killed per 100,000 people, or the terrorism
 * impact score) for a period, with n, a seeded bootstrap 95% interval, a p-value and the scatter
 * data; nationally and per province. Formulas: src/core/analytics/{correlation,spearman,bootstrap}.ts.
 */
import { z } from 'zod';
import {
  CONFIDENCE_LEVEL,
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  MIN_DISTRICTS,
  correlate,
  describeAssociation,
  per100k,
  rankScatter,
  type CorrelationResult,
  type ScatterInput,
  type ScatterPoint,
} from '../../../core/analytics/correlation';
import { choosePopulation } from '../../../core/analytics/districtFigures';
import type { AnalysisFilters } from '../../../core/analytics/filters';
import type { AnalysisTable } from '../../../core/analytics/table';
import type { Db } from '../../../db/database';
import { errors } from '../../errors';
import { incidentMonthRange, readDistrictViolence, readDistrictsInScope, readIndicator, readIndicatorYear } from '../../queries/correlation';
import { defineAnalysis } from './analysis';
import { computeDeprivationIndex } from './deprivation';
import { computeImpactIndex } from './impact';

export const VIOLENCE_MEASURES = ['incidents_per_100k', 'killed_per_100k', 'impact'] as const;
export type ViolenceMeasure = (typeof VIOLENCE_MEASURES)[number];
const Y_LABELS: Record<ViolenceMeasure, string> = {
  incidents_per_100k: 'incident rate per 100,000 people',
  killed_per_100k: 'rate of people killed per 100,000 people',
  impact: 'terrorism impact score',
};
const DEPRIVATION = 'deprivation';
const DEFAULT_X = DEPRIVATION;

const options = {
  x: z
    .string()
    .trim()
    .min(1)
    .max(96)
    .regex(/^[a-z0-9_]+$/, 'must be deprivation or an indicator code such as poverty_rate (see /api/v1/indicators)')
    .default(DEFAULT_X)
    .describe(`x: ${DEPRIVATION} (the deprivation index) or a district indicator code such as poverty_rate (default ${DEFAULT_X})`),
  x_year: z.coerce
    .number()
    .int()
    .min(1900)
    .max(2100)
    .optional()
    .describe("Year of the x indicator (default: its latest year); for deprivation, the index's reference year"),
  y: z.enum(VIOLENCE_MEASURES).default('incidents_per_100k').describe(`Violence measure: ${VIOLENCE_MEASURES.join(', ')}`),
  seed: z.coerce.number().int().min(0).max(4294967295).default(DEFAULT_SEED).describe(`Seed of the bootstrap's random numbers (default ${DEFAULT_SEED})`),
  resamples: z.coerce.number().int().min(200).max(20000).default(DEFAULT_RESAMPLES).describe(`Bootstrap resamples (default ${DEFAULT_RESAMPLES})`),
};

type Options = z.output<z.ZodObject<typeof options>>;

export interface ProvinceCorrelation extends CorrelationResult {
  province: string;
}

export interface CorrelationData {
  x: { code: string; name: string; unit: string | null; year: number | null; direction: string };
  y: { measure: ViolenceMeasure; label: string; period: { from: string; to: string } | null; population_years: number[]; impact_year: number | null };
  minimum: number;
  overall: CorrelationResult;
  provinces: ProvinceCorrelation[];
  scatter: ScatterPoint[];
}

function scatterTable(scatter: readonly ScatterPoint[], xLabel: string, yLabel: string): AnalysisTable {
  return {
    columns: [
      { key: 'district', label: 'District' },
      { key: 'name', label: 'Name' },
      { key: 'province', label: 'Province' },
      { key: 'x', label: xLabel },
      { key: 'y', label: yLabel },
      { key: 'x_rank', label: 'x rank' },
      { key: 'y_rank', label: 'y rank' },
    ],
    rows: scatter.map((p) => ({ district: p.district, name: p.name, province: p.province, x: p.x, y: p.y, x_rank: p.x_rank, y_rank: p.y_rank })),
  };
}

function summary(label: string, r: CorrelationResult): string {
  if (r.rho === null) return `${label}: ${r.note ?? 'no correlation'}.`;
  const p = r.p_value === null ? '' : r.p_value < 0.001 ? ', p < 0.001' : `, p = ${r.p_value.toFixed(3)}`;
  const ci = r.ci_low === null || r.ci_high === null ? '' : `, ${CONFIDENCE_LEVEL * 100}% interval ${r.ci_low.toFixed(2)} to ${r.ci_high.toFixed(2)}`;
  return `${label}: ρ = ${r.rho.toFixed(3)} (n = ${r.n}${ci}${p}).`;
}

export async function computeCorrelation(db: Db, filters: AnalysisFilters, o: Options) {
  const notes: string[] = [];
  let indicator: { code: string; name: string; unit: string | null; direction: string };
  let xValues: { year: number | null; rows: Array<{ pcode: string; value: number }> };
  if (o.x === DEPRIVATION) {
    const index = await computeDeprivationIndex(db, filters, o.x_year === undefined ? {} : { referenceYear: o.x_year });
    indicator = { code: DEPRIVATION, name: 'Deprivation index', unit: '0–100, higher is more deprived', direction: 'higher_is_worse' };
    xValues = { year: index.data.reference_year, rows: index.data.rows.filter((r) => r.index !== null).map((r) => ({ pcode: r.pcode, value: r.index! })) };
    notes.push(
      `x is the deprivation index (definition version ${index.definition.version}: ${index.data.indicators.map((i) => i.code).join(', ')}; see the deprivation analysis); districts without an index are left out.`,
    );
  } else {
    const found = await readIndicator(db, o.x);
    if (!found) throw errors.notFound('Indicator', o.x);
    indicator = found;
    xValues = await readIndicatorYear(db, o.x, o.x_year);
    if (o.x_year !== undefined && xValues.rows.length === 0) throw errors.notFound('Indicator year', `${o.x} ${o.x_year}`);
  }
  const { districts, population } = await readDistrictsInScope(db, filters);
  const range = await incidentMonthRange(db);
  const from = filters.from ?? range?.first ?? null;
  const to = filters.to ?? range?.last ?? null;
  const period = from && to ? { from, to } : null;

  const y = new Map<string, number>();
  let populationYears: number[] = [];
  let impactYear: number | null = null;
  if (o.y === 'impact') {
    const impact = await computeImpactIndex(db, { ...filters, provinces: [], districts: [] }, { level: 'district' });
    impactYear = impact.data.year;
    for (const r of impact.data.rows) y.set(r.pcode, r.score);
    if (impact.data.rows.length === 0) notes.push(`No counted incidents in the impact window ${impact.data.window.first}–${impact.data.window.last}: there is no impact score to correlate.`);
    else notes.push(`y is the terrorism impact score (0–10) for ${impactYear}, over the window ${impact.data.window.first}–${impact.data.window.last} (see the impact analysis).`);
  } else {
    // The same population rule as the district figures: latest census at or before the period's end, else the earliest later one.
    const chosen = choosePopulation(population, period ? Number(period.to.slice(0, 4)) : null);
    populationYears = [...new Set([...chosen.values()].map((c) => c.year))].sort((a, b) => a - b);
    const popOf = new Map([...chosen.entries()].map(([pcode, c]) => [pcode, c.value]));
    const violence = period ? await readDistrictViolence(db, filters) : new Map();
    const totalEvents = [...violence.values()].reduce((s, v) => s + (o.y === 'incidents_per_100k' ? v.incidents : v.killed), 0);
    for (const d of districts) {
      const v = violence.get(d.pcode);
      const count = o.y === 'incidents_per_100k' ? (v?.incidents ?? 0) : (v?.killed ?? 0);
      const rate = per100k(count, popOf.get(d.pcode));
      if (rate !== null) y.set(d.pcode, rate);
    }
    if (!period || totalEvents === 0) {
      notes.push(`No ${o.y === 'incidents_per_100k' ? 'incidents' : 'people killed'} are recorded in the districts and period chosen${period ? ` (${period.from} to ${period.to})` : ''}.`);
    }
    notes.push(
      `y is ${Y_LABELS[o.y]} over the whole period ${period ? `${period.from} to ${period.to}` : '(none)'} (not per year), duplicates counted once, killed as best estimates; population of each district from the latest census at or before ${period ? period.to.slice(0, 4) : 'the period'} (else the earliest later one; years used: ${populationYears.join(', ') || 'none'}). Districts with no recorded incident count as 0.`,
    );
  }

  const xOf = new Map(xValues.rows.map((r) => [r.pcode, r.value]));
  const points: ScatterInput[] = [];
  let noX = 0;
  let noY = 0;
  for (const d of districts) {
    const xv = xOf.get(d.pcode);
    const yv = y.get(d.pcode);
    if (xv === undefined) noX += 1;
    else if (yv === undefined) noY += 1;
    else points.push({ district: d.pcode, name: d.name, province: d.province_pcode, x: xv, y: yv });
  }
  if (noX || noY) {
    const why = [
      noX ? `${noX} have no ${o.x === DEPRIVATION ? 'deprivation index' : `${o.x} value${xValues.year ? ` for ${xValues.year}` : ''}`}` : null,
      noY ? `${noY} have no ${o.y === 'impact' ? 'impact score' : 'population'}` : null,
    ].filter(Boolean);
    notes.push(`${points.length} of ${districts.length} districts are correlated: ${why.join(' and ')} and are left out.`);
  }

  const settings = { resamples: o.resamples, seed: o.seed, minimum: MIN_DISTRICTS };
  const overall = correlate(points, settings);
  const scatter = overall.rho === null && points.length < MIN_DISTRICTS ? [] : rankScatter(points);
  const provinceCodes = [...new Set(points.map((p) => p.province))].sort();
  const provinces: ProvinceCorrelation[] = provinceCodes.map((province) => ({
    province,
    ...correlate(
      points.filter((p) => p.province === province),
      settings,
    ),
  }));

  const xLabel = `${indicator.name.toLowerCase()}${xValues.year ? ` (${xValues.year})` : ''}`;
  notes.push(summary('All districts', overall));
  const association = describeAssociation(overall, xLabel, Y_LABELS[o.y]);
  if (indicator.direction === 'higher_is_better') notes.push(`Higher ${indicator.code} means less deprivation, so a negative ρ means the more deprived districts have more violence.`);
  if (association) notes.push(`${association} It describes how the two vary together across districts, not why.`);
  const perProvince = provinces.filter((p) => p.rho !== null);
  if (perProvince.length) notes.push(`Per province: ${perProvince.map((p) => `${p.province} ρ = ${p.rho!.toFixed(2)} (n = ${p.n})`).join('; ')}.`);
  const few = provinces.filter((p) => p.rho === null);
  if (few.length) notes.push(`No correlation within ${few.map((p) => `${p.province} (${p.note})`).join('; ')}.`);
  notes.push(
    `Spearman's ρ with average ranks for ties; two-sided p-value by the t-approximation on n − 2 degrees of freedom; ${CONFIDENCE_LEVEL * 100}% percentile bootstrap interval over ${o.resamples} resamples of districts (seed ${o.seed}); at least ${MIN_DISTRICTS} districts are needed.`,
  );

  const data: CorrelationData = {
    x: { code: indicator.code, name: indicator.name, unit: indicator.unit, year: xValues.year, direction: indicator.direction },
    y: { measure: o.y, label: Y_LABELS[o.y], period, population_years: populationYears, impact_year: impactYear },
    minimum: MIN_DISTRICTS,
    overall,
    provinces,
    scatter,
  };
  return {
    data,
    table: scatterTable(scatter, `${indicator.code}${xValues.year ? ` ${xValues.year}` : ''}`, o.y),
    notes,
    inputs: { x: o.x, x_year: xValues.year, y: o.y, period, population_years: populationYears, impact_year: impactYear, points: points.map((p) => [p.district, p.x, p.y]) },
    definition: {
      statistic: 'spearman',
      ties: 'average ranks',
      p_value: 't-approximation, two-sided, n − 2 df',
      interval: { method: 'percentile bootstrap over districts', level: CONFIDENCE_LEVEL, resamples: o.resamples, seed: o.seed, prng: 'mulberry32' },
      minimum_districts: MIN_DISTRICTS,
      version: 1,
    },
  };
}

export const correlationAnalysis = defineAnalysis({
  name: 'correlation',
  title: 'Deprivation and violence',
  description:
    'Across districts, the Spearman rank correlation between a district indicator (such as the poverty rate) and violence (incidents or people killed per 100,000 people, or the terrorism impact score) for a period, with n, a bootstrap 95% interval, a p-value and the scatter data, nationally and per province. It measures association only.',
  methodology: 'deprivation-and-violence',
  sources: [
    { title: 'District indicators: census 2023 and 2017 (PBS), World Bank poverty, Data4Pakistan, PSLM 2019 (see /data)' },
    { title: 'Incidents: Pakistan suicide-attack data set and curated incidents (see /data)' },
  ],
  options,
  run: (db, filters, o) => computeCorrelation(db, filters, o),
});
