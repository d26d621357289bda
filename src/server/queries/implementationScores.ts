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
  type ProvinceImplementationScore,
} from '../../core/analytics/scorecards';
import { parsePeriod, PERIOD_FORMAT } from '../../core/periods';
import { FEDERAL } from '../../core/progress';
import type { Db } from '../../db/database';
import { errors } from '../errors';
import { readScorecardInputs } from './scorecards';

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
  const inputs = await readScorecardInputs(db, planCode, endingBy);
  if (!inputs.plan) throw errors.notFound('Plan', planCode);
  return provinceImplementationScores(
    inputs.points,
    latestAssessments(inputs.reports, endingBy),
    inputs.jurisdictions.filter((j) => j.code !== FEDERAL).map((j) => j.code),
  );
}
