/**
 * Terrorism impact score per district or province and year (GTI manner), from a stored definition.
 * Formula: src/core/analytics/impact.ts; method: docs/METHODOLOGY.md#terrorism-impact-score.
 */
import { z } from 'zod';
import type { AnalysisFilters } from '../../../core/analytics/filters';
import { computeImpact, latestCompleteYear, type ImpactRow } from '../../../core/analytics/impact';
import type { AnalysisTable, Cell } from '../../../core/analytics/table';
import { CATEGORY_LABELS } from '../../../core/incidents';
import type { Db } from '../../../db/database';
import { lastIncidentMonth, readImpactInputs, type ImpactLevel } from '../../queries/impact';
import { defineAnalysis } from './analysis';
import { definitionVersionOption, loadDefinition, type IndexComputation } from './definitions';

export interface ImpactData {
  year: number;
  level: ImpactLevel;
  window: { first: number; last: number; weights: number[] };
  categories: string[];
  max_windowed: number;
  rows: ImpactRow[];
}

export interface ImpactOptions {
  year?: number;
  level: ImpactLevel;
  definitionVersion?: number;
}

/** Computes the impact score from a stored definition; the year defaults to the latest complete one. */
export async function computeImpactIndex(db: Db, filters: AnalysisFilters, opts: ImpactOptions): Promise<IndexComputation<ImpactData>> {
  const definition = await loadDefinition(db, 'impact', opts.definitionVersion);
  const p = definition.parameters;
  const notes: string[] = [];
  const lastMonth = await lastIncidentMonth(db);
  let year = opts.year ?? (filters.to ? Number(filters.to.slice(0, 4)) : latestCompleteYear(lastMonth));
  if (year === null) {
    year = new Date().getUTCFullYear() - 1;
    notes.push('There are no incidents in the database.');
  }
  const firstYear = year - p.window_weights.length + 1;
  const categories = filters.categories.length > 0 ? filters.categories : p.categories;
  const counted = { ...filters, categories };
  const inputs = await readImpactInputs(db, counted, { level: opts.level, firstYear, lastYear: year, estimate: p.estimate });
  const keep =
    filters.provinces.length + filters.districts.length === 0
      ? undefined
      : (a: { pcode: string; province_pcode: string }) =>
          (filters.provinces.length === 0 || filters.provinces.includes(a.province_pcode)) &&
          (filters.districts.length === 0 || (opts.level === 'district' ? filters.districts.includes(a.pcode) : true));
  const result = computeImpact(inputs.areas, year, p, keep);
  notes.push(
    `Counted: ${categories.map((c) => CATEGORY_LABELS[c].toLowerCase()).join(', ')}${
      filters.categories.length === 0 ? ' (state counter-terrorism actions, armed clashes and protests are not terrorism and are left out)' : ''
    }; ${p.estimate} casualty estimates.`,
  );
  const emptyYears = result.window.weights
    .map((_, j) => year - j)
    .filter((y) => inputs.areas.every((a) => !a.years.has(y)))
    .sort((a, b) => a - b);
  if (emptyYears.length > 0 && emptyYears.length < p.window_weights.length) {
    notes.push(`No counted incidents anywhere in ${emptyYears.join(', ')}: those window years add nothing.`);
  }
  if (inputs.unplaced > 0) notes.push(`${inputs.unplaced} counted incidents in the window have no ${opts.level} and are in no row.`);
  if (lastMonth) notes.push(`Incidents in the database run to ${lastMonth}.`);
  const empty = result.max_windowed === 0;
  notes.push(...result.notes);
  const rows = empty ? [] : result.rows;
  const data: ImpactData = {
    year,
    level: opts.level,
    window: result.window,
    categories: [...categories],
    max_windowed: result.max_windowed,
    rows,
  };
  return {
    data,
    table: impactTable(data),
    notes,
    inputs: {
      index: 'impact',
      definition_version: definition.version,
      year,
      level: opts.level,
      filters: { ...counted, provinces: [], districts: [] },
      areas: inputs.areas.map((a) => a.pcode),
      facts: inputs.areas
        .filter((a) => a.years.size > 0)
        .map((a) => [a.pcode, [...a.years.entries()].sort(([x], [y]) => x - y).map(([y, c]) => [y, c.incidents, c.deaths, c.injuries, c.hostages])]),
      unplaced: inputs.unplaced,
    },
    definition: { name: 'impact', version: definition.version, parameters: p },
    options: { year, level: opts.level },
  };
}

export function impactTable(data: ImpactData): AnalysisTable {
  const years = data.window.weights.map((_, j) => data.year - j);
  return {
    columns: [
      { key: 'rank', label: 'Rank' },
      { key: 'pcode', label: 'P-code' },
      { key: 'name', label: data.level === 'district' ? 'District' : 'Province' },
      ...(data.level === 'district' ? [{ key: 'province_pcode', label: 'Province' }] : []),
      { key: 'score', label: `Score ${data.year}` },
      { key: 'windowed', label: 'Windowed' },
      { key: 'incidents', label: 'Incidents' },
      { key: 'deaths', label: 'Deaths' },
      { key: 'injuries', label: 'Injuries' },
      { key: 'hostages', label: 'Hostages' },
      ...years.map((y) => ({ key: `raw_${y}`, label: `Raw ${y}` })),
      { key: 'window_incidents', label: `Incidents ${data.window.first}–${data.window.last}` },
      { key: 'window_deaths', label: 'Deaths (window)' },
      { key: 'window_injuries', label: 'Injuries (window)' },
      { key: 'window_hostages', label: 'Hostages (window)' },
    ],
    rows: data.rows.map((r) => {
      const row: Record<string, Cell> = {
        rank: r.rank,
        pcode: r.pcode,
        name: r.name,
        province_pcode: r.province_pcode,
        score: r.score,
        windowed: r.windowed,
        incidents: r.current.incidents,
        deaths: r.current.deaths,
        injuries: r.current.injuries,
        hostages: r.current.hostages,
        window_incidents: r.window.incidents,
        window_deaths: r.window.deaths,
        window_injuries: r.window.injuries,
        window_hostages: r.window.hostages,
      };
      for (const y of r.by_year) row[`raw_${y.year}`] = y.raw;
      return row;
    }),
  };
}

export const impactAnalysis = defineAnalysis({
  name: 'impact',
  title: 'Terrorism impact score',
  description:
    'Per district or province and year, in the manner of the Global Terrorism Index: incidents, deaths, injuries and hostages weighted 1, 3, 0.5 and 0.5, a five-year window weighted 16/8/4/2/1, on a logarithmic 0–10 scale; the components beside the score.',
  methodology: 'terrorism-impact-score',
  sources: [
    { title: 'Incidents in NAP Monitor (bundled and imported data sets)', url: '/api/v1/incidents' },
    { title: 'Institute for Economics & Peace, Global Terrorism Index: methodology', url: 'https://www.visionofhumanity.org/maps/global-terrorism-index/' },
  ],
  options: {
    year: z.coerce.number().int().min(1900).max(2100).optional().describe('Scored year (default: the latest complete year with incidents, or the year of `to`)'),
    level: z.enum(['district', 'province']).default('district').describe('district or province'),
    definition_version: definitionVersionOption,
  },
  run: async (db, filters, options) => computeImpactIndex(db, filters, { year: options.year, level: options.level, definitionVersion: options.definition_version }),
});
