/**
 * What the implementation scorecards read: a plan's points and its accepted progress reports for
 * periods ending on or before a day, and the jurisdictions (federal and the provinces).
 */
import { splitJurisdictions, type PointFact, type ReportFact } from '../../core/analytics/scorecards';
import { FEDERAL } from '../../core/progress';
import type { Db } from '../../db/database';
import { listProvinces } from '../repositories/gazetteerRepository';
import { findPlan, listPoints, type PlanRow } from '../repositories/planRepository';
import { listAcceptedReports } from '../repositories/progressRepository';

export interface ScorecardInputs {
  plan: PlanRow | undefined;
  points: PointFact[];
  reports: ReportFact[];
  jurisdictions: Array<{ code: string; name: string }>;
}

export async function readScorecardInputs(db: Db, planCode: string, endingBy: string): Promise<ScorecardInputs> {
  const [plan, points, reports, provinces] = await Promise.all([
    findPlan(db.kysely, planCode),
    listPoints(db.kysely, planCode),
    listAcceptedReports(db.kysely, planCode, endingBy),
    listProvinces(db),
  ]);
  return {
    plan,
    points: points.map((p) => ({ id: p.id, code: p.code, dimension: p.dimension, jurisdictions: splitJurisdictions(p.jurisdictions) })),
    reports: reports.map((r) => ({
      id: r.id,
      point_id: r.point_id,
      measure_id: r.measure_id,
      jurisdiction: r.jurisdiction,
      period: r.period,
      period_start: r.period_start,
      period_end: r.period_end,
      completion: r.completion,
      rating: r.rating,
    })),
    jurisdictions: [{ code: FEDERAL, name: 'Federal' }, ...provinces.map((p) => ({ code: p.pcode, name: p.name }))],
  };
}
