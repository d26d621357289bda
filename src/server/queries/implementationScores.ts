/**
 * Per province and dimension (kinetic, non-kinetic), the mean completion score (0–100, OGP levels:
 * not started 0, limited 33⅓, substantial 66⅔, complete 100) over each point's latest accepted
 * report that states a completion level, for periods ending on or before `period` (all when not
 * given). Points whose latest level is "no evidence" are left out of the mean; `points` is how
 * many the mean is over, and `score` is null when there are none.
 */
import {
  DEFAULT_SCORECARD_PLAN,
  latestAssessments,
  provinceImplementationScores,
  splitJurisdictions,
  type ProvinceImplementationScore,
} from '../../core/analytics/scorecards';
import { parsePeriod, PERIOD_FORMAT } from '../../core/periods';
import type { Db } from '../../db/database';
import { errors } from '../errors';
import { listProvinces } from '../repositories/gazetteerRepository';
import { findPlan, listPoints } from '../repositories/planRepository';
import { listAcceptedReports } from '../repositories/progressRepository';

export type { ProvinceImplementationScore };

export async function readProvinceImplementationScores(
  db: Db,
  options: { period?: string; plan?: string } = {},
): Promise<ProvinceImplementationScore[]> {
  const planCode = options.plan ?? DEFAULT_SCORECARD_PLAN;
  let endingBy = '9999-12-31';
  if (options.period !== undefined) {
    const period = parsePeriod(options.period);
    if (!period) throw errors.badRequest('period', `must be ${PERIOD_FORMAT}`);
    endingBy = period.end;
  }
  if (!(await findPlan(db.kysely, planCode))) throw errors.notFound('Plan', planCode);
  const [points, reports, provinces] = await Promise.all([
    listPoints(db.kysely, planCode),
    listAcceptedReports(db.kysely, planCode, endingBy),
    listProvinces(db),
  ]);
  return provinceImplementationScores(
    points.map((p) => ({ id: p.id, code: p.code, dimension: p.dimension, jurisdictions: splitJurisdictions(p.jurisdictions) })),
    latestAssessments(reports, endingBy),
    provinces.map((p) => p.pcode),
  );
}
