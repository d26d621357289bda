/**
 * What the timeline reads: accepted progress reports of every plan (for one jurisdiction or all),
 * the programmes' start dates, and incidents and people killed per month through sumIncidentFacts.
 */
import type { AnalysisFilters } from '../../core/analytics/filters';
import type { MonthFigures, MilestoneReport, ProgrammeFact } from '../../core/analytics/timeline';
import type { Db } from '../../db/database';
import { incidentMonthRange, sumIncidentFacts } from './incidentFacts';

/** Accepted reports with their plan, point and dimension; all jurisdictions when `jurisdictions` is empty. */
export async function readAcceptedReports(db: Db, jurisdictions: readonly string[]): Promise<MilestoneReport[]> {
  let q = db.kysely
    .selectFrom('progress_reports as r')
    .innerJoin('plan_points as p', 'p.id', 'r.point_id')
    .select([
      'r.id',
      'r.point_id',
      'r.measure_id',
      'r.jurisdiction',
      'r.period',
      'r.period_start',
      'r.period_end',
      'r.completion',
      'r.rating',
      'p.plan_code',
      'p.code as point_code',
      'p.dimension',
    ])
    .where('r.status', '=', 'accepted');
  if (jurisdictions.length) q = q.where('r.jurisdiction', 'in', [...jurisdictions]);
  return q.orderBy('r.id').execute();
}

export async function readProgrammes(db: Db): Promise<ProgrammeFact[]> {
  return db.kysely.selectFrom('programmes').select(['code', 'name', 'kind', 'dimension', 'start_date']).orderBy('code').execute();
}

/** Incidents and people killed (best) per month within the filters. */
export async function readMonthlyIncidents(db: Db, filters: AnalysisFilters): Promise<Map<string, MonthFigures>> {
  const rows = await sumIncidentFacts(db, filters, ['month']);
  return new Map(rows.map((r) => [r.key.month!, { incidents: r.incidents, killed: r.killed.best }]));
}

export { incidentMonthRange };
