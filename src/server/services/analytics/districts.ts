/**
 * District figures for the map and the overview: per district, incidents, killed, injured and
 * hostages (low, best, high) in the period and per 100,000 people; province totals beside them.
 * One incident sum by province × district and one read of places and population.
 * Formulas: src/core/analytics/districtFigures.ts.
 */
import type { AnalysisFilters } from '../../../core/analytics/filters';
import {
  buildDistrictFigures,
  choosePopulation,
  districtFiguresTable,
  type DistrictFigure,
  type ProvinceFigure,
} from '../../../core/analytics/districtFigures';
import type { Totals } from '../../../core/analytics/trends';
import type { Db } from '../../../db/database';
import { POPULATION_INDICATOR, readDistrictFigureInputs } from '../../queries/districtFigures';
import { sumIncidentFacts } from '../../queries/incidentFacts';
import { defineAnalysis, type AnalysisOutput } from './analysis';

export const DISTRICT_FIGURES_VERSION = 1;

export interface DistrictFiguresData {
  period: { from: string | null; to: string | null };
  /** The year populations are chosen for: the year of `to`, or null (open period: each district's latest). */
  population_end_year: number | null;
  districts: DistrictFigure[];
  provinces: ProvinceFigure[];
  total: Totals;
  counts: {
    districts: number;
    without_population: number;
    population_after_period: number;
    without_district: number;
    unplaced: number;
  };
}

export async function computeDistrictFigures(db: Db, filters: AnalysisFilters): Promise<AnalysisOutput<DistrictFiguresData>> {
  const [facts, places] = await Promise.all([
    sumIncidentFacts(db, filters, ['province', 'district']),
    readDistrictFigureInputs(db, { provinces: filters.provinces, districts: filters.districts }),
  ]);
  const endYear = filters.to ? Number(filters.to.slice(0, 4)) : null;
  const population = choosePopulation(places.population, endYear);
  const result = buildDistrictFigures({
    facts: facts.map((f) => ({ ...f, province: f.key.province ?? '', district: f.key.district ?? '' })),
    districts: places.districts,
    provinces: places.provinces,
    population,
  });

  const notes: string[] = [];
  if (result.districts.length === 0) {
    notes.push('No incidents match these filters in this period: no district figures (no data, not zeros).');
  } else {
    notes.push(
      `${result.total.incidents} incident(s), each duplicate cluster counted once. Districts without an incident in the period show 0. Rates are per 100,000 people (${POPULATION_INDICATOR} indicator), best estimates with the low–high band.`,
    );
    notes.push(
      endYear === null
        ? 'Population: each district\'s latest year with a value.'
        : `Population: each district's latest year at or before ${endYear}; where a district has none that early, its earliest later year (see population_year).`,
    );
    const c = result.counts;
    if (c.population_after_period > 0) notes.push(`${c.population_after_period} district(s) use a population from after the period (no earlier value).`);
    if (c.without_population > 0) notes.push(`${c.without_population} district(s) have no population value: their rates are null, and so are the rates of their province.`);
    if (c.without_district > 0) notes.push(`${c.without_district} incident(s) are placed in a province but no district: they count in the province totals only.`);
    if (c.unplaced > 0) notes.push(`${c.unplaced} incident(s) have no province or district and are in no figure here.`);
    notes.push('Province population is the sum of its districts\' populations (only when every district has one; the years can differ, see population_years).');
  }
  return {
    data: { period: { from: filters.from, to: filters.to }, population_end_year: endYear, ...result },
    table: districtFiguresTable(result),
    notes,
    inputs: {
      filters,
      facts: facts.map(({ key, ...t }) => ({ province: key.province ?? '', district: key.district ?? '', ...t })).sort((a, b) => (a.province + a.district).localeCompare(b.province + b.district)),
      population: [...population.entries()].sort(([a], [b]) => a.localeCompare(b)),
    },
    definition: {
      version: DISTRICT_FIGURES_VERSION,
      counting: 'duplicate clusters once; tombstoned incidents excluded',
      rate: 'count × 100,000 / population, rounded to 4 decimals',
      population: `indicator ${POPULATION_INDICATOR}: latest year at or before the year of "to" (each district its own), else the earliest later year; open period: latest`,
      province_population: 'sum of its listed districts when every one has a population, else null',
    },
  };
}

export const districtsAnalysis = defineAnalysis({
  name: 'districts',
  title: 'District figures',
  description:
    'Per district for the period: incidents, killed, injured and hostages (best estimate with the low–high band) and the same per 100,000 people; province totals beside them. The figures behind the district map.',
  methodology: 'district-figures',
  sources: [
    { title: 'Incidents in NAP Monitor (bundled and imported data sets)', url: '/api/v1/incidents' },
    { title: 'Population: Pakistan Bureau of Statistics, census 2017 and 2023', url: '/api/v1/indicators/population' },
  ],
  options: {},
  run: (db, filters) => computeDistrictFigures(db, filters),
});
