/**
 * District risk index (INFORM manner) from a stored definition: the impact score as hazard, the
 * deprivation index as vulnerability and the lack of coping capacity from service indicators and
 * the province's implementation score. Formula: src/core/analytics/risk.ts; method:
 * docs/METHODOLOGY.md#risk-index.
 */
import { z } from 'zod';
import type { AnalysisFilters } from '../../../core/analytics/filters';
import { computeRisk, type RiskArea, type RiskRow } from '../../../core/analytics/risk';
import type { AnalysisTable } from '../../../core/analytics/table';
import type { Db } from '../../../db/database';
import { readCopingInputs } from '../../queries/risk';
import { defineAnalysis } from './analysis';
import { definitionVersionOption, loadDefinition, type IndexComputation } from './definitions';
import { computeDeprivationIndex } from './deprivation';
import { computeImpactIndex } from './impact';

export interface RiskData {
  year: number;
  reference_year: number | null;
  impact_version: number;
  deprivation_version: number;
  implementation: { dimension: string; period: string | null; provinces: { province_pcode: string; score: number | null; points: number }[] };
  rows: RiskRow[];
}

export interface RiskOptions {
  year?: number;
  referenceYear?: number;
  definitionVersion?: number;
}

export async function computeRiskIndex(db: Db, filters: AnalysisFilters, opts: RiskOptions): Promise<IndexComputation<RiskData>> {
  const definition = await loadDefinition(db, 'risk', opts.definitionVersion);
  const p = definition.parameters;
  const referenceYear = opts.referenceYear ?? p.reference_year;
  const [impact, deprivation, coping] = await Promise.all([
    computeImpactIndex(db, filters, { year: opts.year, level: 'district', definitionVersion: p.impact_version }),
    computeDeprivationIndex(db, filters, { referenceYear: opts.referenceYear, definitionVersion: p.deprivation_version }),
    readCopingInputs(db, {
      codes: p.coping_indicators.map((c) => c.code),
      referenceYear,
      dimension: p.implementation_dimension,
      period: p.implementation_period,
    }),
  ]);
  const year = impact.data.year;
  const notes: string[] = [];
  const hazard = new Map(impact.data.rows.map((r) => [r.pcode, r.score]));
  const deprived = new Map(deprivation.data.rows.map((r) => [r.pcode, r.index]));
  const services = new Map(coping.services.map((s) => [`${s.code}\u0000${s.pcode}`, s]));
  const implementation = new Map(coping.implementation.map((s) => [s.province_pcode, s.score]));
  const areas: RiskArea[] = deprivation.data.rows.length === 0 && impact.data.rows.length === 0 ? [] : districtsOf(deprivation.data.rows, impact.data.rows).map((d) => ({
    ...d,
    hazard: impact.data.rows.length === 0 ? null : (hazard.get(d.pcode) ?? null),
    deprivation: deprived.get(d.pcode) ?? null,
    services: p.coping_indicators.map((c) => {
      const v = services.get(`${c.code}\u0000${d.pcode}`);
      return { code: c.code, weight: c.weight, goalposts: c.goalposts, value: v?.value ?? null, year: v?.year ?? null };
    }),
    implementation: implementation.get(d.province_pcode) ?? null,
  }));
  const result = computeRisk(areas);
  if (impact.data.rows.length === 0) {
    notes.push(`No hazard figures: ${impact.notes.find((n) => n.startsWith('No counted incidents in')) ?? 'no counted incidents in the window.'} No risk scores.`);
  }
  notes.push(...result.notes);
  const withoutScore = coping.implementation.filter((s) => s.score === null).map((s) => s.province_pcode);
  if (withoutScore.length > 0) notes.push(`Provinces without a ${p.implementation_dimension} implementation score (their districts' coping uses services only): ${withoutScore.join(', ')}.`);
  const rows = impact.data.rows.length === 0 ? [] : result.rows;
  const data: RiskData = {
    year,
    reference_year: referenceYear,
    impact_version: p.impact_version,
    deprivation_version: p.deprivation_version,
    implementation: { dimension: p.implementation_dimension, period: p.implementation_period, provinces: coping.implementation },
    rows,
  };
  return {
    data,
    table: riskTable(data, p.coping_indicators.map((c) => c.code)),
    notes,
    inputs: {
      index: 'risk',
      definition_version: definition.version,
      impact: impact.inputs,
      deprivation: deprivation.inputs,
      coping: {
        reference_year: referenceYear,
        services: coping.services.map((s) => [s.code, s.pcode, s.year, s.value]),
        implementation: coping.implementation.map((s) => [s.province_pcode, s.score, s.points]),
      },
    },
    definition: { name: 'risk', version: definition.version, parameters: p },
    options: { year, reference_year: referenceYear },
  };
}

function districtsOf(...lists: { pcode: string; name: string; province_pcode: string }[][]) {
  const out = new Map<string, { pcode: string; name: string; province_pcode: string }>();
  for (const list of lists) for (const d of list) if (!out.has(d.pcode)) out.set(d.pcode, { pcode: d.pcode, name: d.name, province_pcode: d.province_pcode });
  return [...out.values()].sort((a, b) => a.pcode.localeCompare(b.pcode));
}

export function riskTable(data: RiskData, serviceCodes: string[]): AnalysisTable {
  return {
    columns: [
      { key: 'rank', label: 'Rank' },
      { key: 'pcode', label: 'P-code' },
      { key: 'name', label: 'District' },
      { key: 'province_pcode', label: 'Province' },
      { key: 'risk', label: `Risk ${data.year}` },
      { key: 'hazard', label: 'Hazard' },
      { key: 'vulnerability', label: 'Vulnerability' },
      { key: 'coping', label: 'Lack of coping' },
      { key: 'infrastructure', label: 'Infrastructure' },
      { key: 'institutional', label: 'Institutional' },
      ...serviceCodes.map((c) => ({ key: `lack_${c}`, label: `lack ${c}` })),
      { key: 'missing', label: 'Missing' },
    ],
    rows: data.rows.map((r) => ({
      rank: r.rank,
      pcode: r.pcode,
      name: r.name,
      province_pcode: r.province_pcode,
      risk: r.risk,
      hazard: r.hazard,
      vulnerability: r.vulnerability,
      coping: r.coping,
      infrastructure: r.coping_parts.infrastructure,
      institutional: r.coping_parts.institutional,
      ...Object.fromEntries(r.coping_parts.services.map((s) => [`lack_${s.code}`, s.lack])),
      missing: r.missing.join(' '),
    })),
  };
}

export const riskAnalysis = defineAnalysis({
  name: 'risk',
  title: 'District risk index',
  description:
    'Per district, in the manner of INFORM: the geometric mean of hazard (the terrorism impact score), vulnerability (the deprivation index on 0–10) and lack of coping capacity (health access, electricity and the province\'s non-kinetic implementation score).',
  methodology: 'risk-index',
  sources: [
    { title: 'Terrorism impact score and deprivation index (NAP Monitor)', url: '/methodology#terrorism-impact-score' },
    { title: 'Provincial implementation scores from accepted progress reports', url: '/api/v1/analytics/scorecards' },
    { title: 'European Commission JRC, INFORM Risk Index methodology', url: 'https://drmkc.jrc.ec.europa.eu/inform-index/InDepth/Methodology' },
  ],
  options: {
    year: z.coerce.number().int().min(1900).max(2100).optional().describe('Year of the hazard (default: the latest complete year with incidents)'),
    reference_year: z.coerce.number().int().min(1900).max(2100).optional().describe('Latest indicator year used for vulnerability and coping (default: the latest)'),
    definition_version: definitionVersionOption,
  },
  run: async (db, filters, options) =>
    computeRiskIndex(db, filters, { year: options.year, referenceYear: options.reference_year, definitionVersion: options.definition_version }),
});
