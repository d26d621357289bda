/**
 * What the deprivation–violence correlation reads: the districts in scope with their population
 * (as the district figures read it), one indicator's district values for a year, and incidents and people killed per district
 * (through sumIncidentFacts, duplicates once).
 */
import type { AnalysisFilters } from '../../core/analytics/filters';
import type { Db } from '../../db/database';
import { getIndicator, getIndicatorValues, type AreaValue, type IndicatorSummary } from '../repositories/indicatorRepository';
import { readDistrictFigureInputs } from './districtFigures';
import { incidentMonthRange, sumIncidentFacts } from './incidentFacts';

export interface DistrictViolence {
  incidents: number;
  /** Best estimate. */
  killed: number;
}

/** Districts within the filters' provinces and districts (all when none), with every population value of them. */
export async function readDistrictsInScope(db: Db, filters: AnalysisFilters) {
  const { districts, population } = await readDistrictFigureInputs(db, filters);
  return { districts, population };
}

export async function readIndicator(db: Db, code: string): Promise<IndicatorSummary | undefined> {
  return getIndicator(db, code);
}

export async function readIndicatorYear(db: Db, code: string, year?: number): Promise<{ year: number | null; rows: AreaValue[] }> {
  const { year: y, rows } = await getIndicatorValues(db, code, year === undefined ? {} : { year });
  return { year: y, rows };
}

/** Incidents and people killed (best) per district in the filters' period and scope. */
export async function readDistrictViolence(db: Db, filters: AnalysisFilters): Promise<Map<string, DistrictViolence>> {
  const rows = await sumIncidentFacts(db, filters, ['district']);
  return new Map(rows.filter((r) => r.key.district).map((r) => [r.key.district!, { incidents: r.incidents, killed: r.killed.best }]));
}

export { incidentMonthRange };
