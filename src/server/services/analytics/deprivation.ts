/**
 * District deprivation index from a stored definition (or a chosen list of indicators).
 * Formula: src/core/analytics/deprivation.ts; method: docs/METHODOLOGY.md#deprivation-index.
 */
import { z } from 'zod';
import { computeDeprivation, type DeprivationArea, type DeprivationRow, type DeprivationSpec, type YearValue } from '../../../core/analytics/deprivation';
import type { AnalysisFilters } from '../../../core/analytics/filters';
import type { AnalysisTable, Cell } from '../../../core/analytics/table';
import { indicatorCodeSchema } from '../../../core/indicators';
import type { Db } from '../../../db/database';
import { errors } from '../../errors';
import { readDistricts, readIndicatorInfo, readLatestDistrictValues } from '../../queries/deprivation';
import { defineAnalysis } from './analysis';
import { definitionVersionOption, loadDefinition, type IndexComputation } from './definitions';

export interface DeprivationIndicatorUsed extends DeprivationSpec {
  name: string;
  unit: string | null;
  /** 'fixed' goalposts from the definition or the percentage scale; 'observed' = min–max across districts. */
  goalposts_basis: 'definition' | 'percent' | 'observed';
  /** Years the districts' values come from. */
  years: number[];
}

export interface DeprivationData {
  reference_year: number | null;
  indicators: DeprivationIndicatorUsed[];
  required: number;
  rows: DeprivationRow[];
}

export interface DeprivationOptions {
  indicators?: string[];
  referenceYear?: number;
  definitionVersion?: number;
}

const isPercent = (unit: string | null) => !!unit && /^percent/i.test(unit);

/** The index for every district in the filters' places; other filters do not apply to it. */
export async function computeDeprivationIndex(db: Db, filters: AnalysisFilters, opts: DeprivationOptions): Promise<IndexComputation<DeprivationData>> {
  const definition = await loadDefinition(db, 'deprivation', opts.definitionVersion);
  const p = definition.parameters;
  const fromDefinition = new Map(p.indicators.map((i) => [i.code, i]));
  const codes = opts.indicators && opts.indicators.length > 0 ? [...new Set(opts.indicators)] : p.indicators.map((i) => i.code);
  const info = new Map((await readIndicatorInfo(db, codes)).map((i) => [i.code, i]));
  const unknown = codes.find((c) => !info.has(c));
  if (unknown) throw errors.notFound('Indicator', unknown);
  const neutral = codes.find((c) => info.get(c)!.direction !== 'higher_is_worse' && info.get(c)!.direction !== 'higher_is_better');
  if (neutral) throw errors.badRequest('indicators', `${neutral} has no direction (it is neutral), so it cannot say which end is deprived`);
  const referenceYear = opts.referenceYear ?? p.reference_year;
  const [districts, values] = await Promise.all([readDistricts(db), readLatestDistrictValues(db, codes, referenceYear)]);

  const specs: DeprivationIndicatorUsed[] = codes.map((code) => {
    const i = info.get(code)!;
    const own = fromDefinition.get(code);
    const observed = values.filter((v) => v.code === code).map((v) => v.value);
    let goalposts: [number, number];
    let basis: DeprivationIndicatorUsed['goalposts_basis'];
    if (own) [goalposts, basis] = [[own.goalposts[0], own.goalposts[1]], 'definition'];
    else if (isPercent(i.unit)) [goalposts, basis] = [[0, 100], 'percent'];
    else {
      const lo = observed.length ? Math.min(...observed) : 0;
      const hi = observed.length ? Math.max(...observed) : 1;
      [goalposts, basis] = [[lo, hi > lo ? hi : lo + 1], 'observed'];
    }
    return {
      code,
      name: i.name,
      unit: i.unit,
      direction: i.direction as DeprivationSpec['direction'],
      weight: own?.weight ?? 1,
      goalposts,
      goalposts_basis: basis,
      years: [...new Set(values.filter((v) => v.code === code).map((v) => v.year))].sort((a, b) => a - b),
    };
  });

  const inPlace = districts.filter(
    (d) => (filters.provinces.length === 0 || filters.provinces.includes(d.province_pcode)) && (filters.districts.length === 0 || filters.districts.includes(d.pcode)),
  );
  const byDistrict = new Map<string, Map<string, YearValue>>();
  for (const v of values) {
    const m = byDistrict.get(v.pcode) ?? new Map<string, YearValue>();
    m.set(v.code, { value: v.value, year: v.year });
    byDistrict.set(v.pcode, m);
  }
  const areas: DeprivationArea[] = inPlace.map((d) => ({ ...d, values: byDistrict.get(d.pcode) ?? new Map() }));
  const result = computeDeprivation(areas, specs, p.min_available_share);
  const notes: string[] = [];
  const anyValue = areas.some((a) => a.values.size > 0);
  if (!anyValue) notes.push(`No district in the selection has a value of ${codes.join(', ')}${referenceYear === null ? '' : ` in or before ${referenceYear}`}.`);
  else notes.push(...result.notes);
  for (const s of specs) {
    if (s.goalposts_basis === 'observed') notes.push(`${s.code} is not a percentage: its goalposts are the lowest and highest district values (${s.goalposts[0]}–${s.goalposts[1]}).`);
  }
  if (filters.from || filters.to || filters.fronts.length || filters.groups.length || filters.categories.length) {
    notes.push('The deprivation index does not use incidents: the period, front, group and category filters do not change it.');
  }
  const data: DeprivationData = { reference_year: referenceYear, indicators: specs, required: result.required, rows: anyValue ? result.rows : [] };
  const inPlaceSet = new Set(inPlace.map((d) => d.pcode));
  return {
    data,
    table: deprivationTable(data),
    notes,
    inputs: {
      index: 'deprivation',
      definition_version: definition.version,
      reference_year: referenceYear,
      indicators: specs.map((s) => [s.code, s.direction, s.weight, s.goalposts]),
      districts: inPlace.map((d) => d.pcode),
      values: values.filter((v) => inPlaceSet.has(v.pcode)).map((v) => [v.code, v.pcode, v.year, v.value]),
    },
    definition: { name: 'deprivation', version: definition.version, parameters: p },
    options: { reference_year: referenceYear, indicators: codes },
  };
}

export function deprivationTable(data: DeprivationData): AnalysisTable {
  return {
    columns: [
      { key: 'rank', label: 'Rank' },
      { key: 'pcode', label: 'P-code' },
      { key: 'name', label: 'District' },
      { key: 'province_pcode', label: 'Province' },
      { key: 'index', label: 'Deprivation (0–100)' },
      { key: 'missing', label: 'Missing' },
      ...data.indicators.flatMap((i) => [
        { key: i.code, label: i.code },
        { key: `${i.code}_year`, label: 'year' },
        { key: `${i.code}_score`, label: 'score' },
      ]),
    ],
    rows: data.rows.map((r) => {
      const row: Record<string, Cell> = { rank: r.rank, pcode: r.pcode, name: r.name, province_pcode: r.province_pcode, index: r.index, missing: r.missing };
      for (const c of r.components) {
        row[c.code] = c.value === null ? null : Math.round(c.value * 100) / 100;
        row[`${c.code}_year`] = c.year;
        row[`${c.code}_score`] = c.score;
      }
      return row;
    }),
  };
}

const codeList = z
  .string()
  .trim()
  .optional()
  .describe('Indicator codes (comma-separated; default: those of the definition)')
  .transform((text, ctx) => {
    if (!text) return undefined;
    const out: string[] = [];
    for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
      const parsed = indicatorCodeSchema.safeParse(part);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: `"${part}": ${parsed.error.issues[0]?.message ?? 'not an indicator code'}` });
        return z.NEVER;
      }
      out.push(parsed.data);
    }
    return out.length > 0 ? out : undefined;
  });

export const deprivationAnalysis = defineAnalysis({
  name: 'deprivation',
  title: 'Deprivation index',
  description:
    'Per district: poverty, literacy, improved water and flush toilets (or chosen indicators), each put on a 0–100 deprivation scale against fixed goalposts and its direction, combined with stated weights; the count of missing values beside it.',
  methodology: 'deprivation-index',
  sources: [
    { title: 'District indicators in NAP Monitor (census 2023, World Bank poverty 2018, Data4Pakistan)', url: '/api/v1/indicators' },
    { title: 'UNDP Human Development Report technical notes (goalposts)', url: 'https://hdr.undp.org/sites/default/files/2023-24_HDR/hdr2023-24_technical_notes.pdf' },
  ],
  options: {
    indicators: codeList,
    reference_year: z.coerce.number().int().min(1900).max(2100).optional().describe('Use each indicator\'s latest year at or before this one (default: the definition\'s, else the latest)'),
    definition_version: definitionVersionOption,
  },
  run: async (db, filters, options) =>
    computeDeprivationIndex(db, filters, { indicators: options.indicators, referenceYear: options.reference_year, definitionVersion: options.definition_version }),
});
