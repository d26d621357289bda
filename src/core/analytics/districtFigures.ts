/**
 * District figures for the map and the overview: per district, incidents and casualties (low,
 * best, high) in the period and the same per 100,000 people; province totals beside them. Pure:
 * takes sums already counted (each duplicate cluster once) and population values.
 */
import type { AnalysisTable, Cell } from './table';
import { addTotals, emptyTotals, type Range, type Totals } from './trends';

export interface PlacedTotals extends Totals {
  /** '' when the incident has no province. */
  province: string;
  /** '' when the incident is placed in its province only. */
  district: string;
}

export interface PopulationValue {
  pcode: string;
  year: number;
  value: number;
}

export interface ChosenPopulation {
  value: number;
  year: number;
  /** True when no value exists at or before the period's end and a later one was used. */
  later: boolean;
}

/**
 * Each area's population for a period ending in `endYear` (null: open-ended): the latest year at
 * or before it; when an area has none that early, its earliest later year, marked `later`.
 */
export function choosePopulation(values: readonly PopulationValue[], endYear: number | null): Map<string, ChosenPopulation> {
  const out = new Map<string, ChosenPopulation>();
  for (const v of values) {
    if (!(v.value > 0)) continue;
    const later = endYear !== null && v.year > endYear;
    const current = out.get(v.pcode);
    const better =
      !current ||
      (current.later && !later) ||
      (!current.later && !later && v.year > current.year) ||
      (current.later && later && v.year < current.year);
    if (better) out.set(v.pcode, { value: v.value, year: v.year, later });
  }
  return out;
}

export interface Place {
  pcode: string;
  name: string;
}

export interface DistrictPlace extends Place {
  province_pcode: string;
}

export interface Per100k {
  incidents: number | null;
  killed: Range | null;
  injured: Range | null;
}

export interface DistrictFigure extends Totals {
  pcode: string;
  name: string;
  province_pcode: string;
  province_name: string;
  population: number | null;
  population_year: number | null;
  per_100k: Per100k;
}

export interface ProvinceFigure extends Totals {
  pcode: string;
  name: string;
  /** Incidents placed in the province but in no district (included in the totals). */
  without_district: number;
  /** Sum of its districts' populations when every district has one; else null. */
  population: number | null;
  /** The years the summed district populations come from. */
  population_years: number[];
  per_100k: Per100k;
}

export interface DistrictFiguresResult {
  districts: DistrictFigure[];
  provinces: ProvinceFigure[];
  counts: {
    districts: number;
    /** Districts with no population value in any year. */
    without_population: number;
    /** Districts whose population is from a year after the period. */
    population_after_period: number;
    /** Incidents with a province but no district. */
    without_district: number;
    /** Incidents with neither (not in any district or province figure). */
    unplaced: number;
  };
  total: Totals;
}

const rate = (count: number, population: number | null) => (population ? Number(((count * 100_000) / population).toFixed(4)) : null);
const rateRange = (r: Range, population: number | null): Range | null =>
  population ? { low: rate(r.low, population)!, best: rate(r.best, population)!, high: rate(r.high, population)! } : null;

function per100k(t: Totals, population: number | null): Per100k {
  return { incidents: rate(t.incidents, population), killed: rateRange(t.killed, population), injured: rateRange(t.injured, population) };
}

export interface BuildDistrictFiguresInput {
  facts: readonly PlacedTotals[];
  /** The districts to report (already limited to the filtered provinces or districts). */
  districts: readonly DistrictPlace[];
  provinces: readonly Place[];
  population: ReadonlyMap<string, ChosenPopulation>;
}

/**
 * Every listed district with its sums (zero where it had no incident) and rates; every province
 * that has a listed district, with its sums including incidents placed only in the province.
 * Nothing at all when no incident matched: a period without data is not a map of zeros.
 */
export function buildDistrictFigures(input: BuildDistrictFiguresInput): DistrictFiguresResult {
  const total = emptyTotals();
  const byDistrict = new Map<string, Totals>();
  const byProvince = new Map<string, Totals>();
  const withoutDistrict = new Map<string, number>();
  let unplaced = 0;
  for (const f of input.facts) {
    addTotals(total, f);
    if (!f.province && !f.district) {
      unplaced += f.incidents;
      continue;
    }
    if (f.district) {
      const d = byDistrict.get(f.district) ?? emptyTotals();
      addTotals(d, f);
      byDistrict.set(f.district, d);
    } else {
      withoutDistrict.set(f.province, (withoutDistrict.get(f.province) ?? 0) + f.incidents);
    }
    if (f.province) {
      const p = byProvince.get(f.province) ?? emptyTotals();
      addTotals(p, f);
      byProvince.set(f.province, p);
    }
  }
  const counts = { districts: 0, without_population: 0, population_after_period: 0, without_district: 0, unplaced };
  if (total.incidents === 0) return { districts: [], provinces: [], counts: { ...counts, unplaced: 0 }, total };

  const provinceNames = new Map(input.provinces.map((p) => [p.pcode, p.name]));
  const districts: DistrictFigure[] = input.districts.map((d) => {
    const t = byDistrict.get(d.pcode) ?? emptyTotals();
    const pop = input.population.get(d.pcode) ?? null;
    if (!pop) counts.without_population++;
    else if (pop.later) counts.population_after_period++;
    return {
      pcode: d.pcode,
      name: d.name,
      province_pcode: d.province_pcode,
      province_name: provinceNames.get(d.province_pcode) ?? d.province_pcode,
      ...t,
      population: pop?.value ?? null,
      population_year: pop?.year ?? null,
      per_100k: per100k(t, pop?.value ?? null),
    };
  });
  districts.sort((a, b) => b.incidents - a.incidents || b.killed.best - a.killed.best || a.pcode.localeCompare(b.pcode));
  counts.districts = districts.length;

  const listedProvinces = new Set(input.districts.map((d) => d.province_pcode));
  const provinces: ProvinceFigure[] = input.provinces
    .filter((p) => listedProvinces.has(p.pcode))
    .map((p) => {
      const t = byProvince.get(p.pcode) ?? emptyTotals();
      const own = input.districts.filter((d) => d.province_pcode === p.pcode);
      const pops = own.map((d) => input.population.get(d.pcode));
      const complete = pops.length > 0 && pops.every((x) => x !== undefined);
      const population = complete ? pops.reduce((s, x) => s + x!.value, 0) : null;
      const nowhere = withoutDistrict.get(p.pcode) ?? 0;
      counts.without_district += nowhere;
      return {
        pcode: p.pcode,
        name: p.name,
        ...t,
        without_district: nowhere,
        population,
        population_years: complete ? [...new Set(pops.map((x) => x!.year))].sort((a, b) => a - b) : [],
        per_100k: per100k(t, population),
      };
    })
    .sort((a, b) => b.incidents - a.incidents || a.pcode.localeCompare(b.pcode));
  return { districts, provinces, counts, total };
}

/** One row per district, in the list's order. */
export function districtFiguresTable(result: DistrictFiguresResult): AnalysisTable {
  const columns = [
    { key: 'pcode', label: 'P-code' },
    { key: 'name', label: 'District' },
    { key: 'province_pcode', label: 'Province P-code' },
    { key: 'province_name', label: 'Province' },
    { key: 'incidents', label: 'Incidents' },
    { key: 'suicide', label: 'Suicide attacks' },
    { key: 'killed_best', label: 'Killed (best)' },
    { key: 'killed_low', label: 'Killed (low)' },
    { key: 'killed_high', label: 'Killed (high)' },
    { key: 'injured_best', label: 'Injured (best)' },
    { key: 'injured_low', label: 'Injured (low)' },
    { key: 'injured_high', label: 'Injured (high)' },
    { key: 'hostages_best', label: 'Hostages (best)' },
    { key: 'population', label: 'Population' },
    { key: 'population_year', label: 'Population year' },
    { key: 'incidents_per_100k', label: 'Incidents per 100k' },
    { key: 'killed_per_100k', label: 'Killed per 100k (best)' },
    { key: 'injured_per_100k', label: 'Injured per 100k (best)' },
  ];
  const rows: Record<string, Cell>[] = result.districts.map((d) => ({
    pcode: d.pcode,
    name: d.name,
    province_pcode: d.province_pcode,
    province_name: d.province_name,
    incidents: d.incidents,
    suicide: d.suicide,
    killed_best: d.killed.best,
    killed_low: d.killed.low,
    killed_high: d.killed.high,
    injured_best: d.injured.best,
    injured_low: d.injured.low,
    injured_high: d.injured.high,
    hostages_best: d.hostages.best,
    population: d.population,
    population_year: d.population_year,
    incidents_per_100k: d.per_100k.incidents,
    killed_per_100k: d.per_100k.killed?.best ?? null,
    injured_per_100k: d.per_100k.injured?.best ?? null,
  }));
  return { columns, rows };
}
