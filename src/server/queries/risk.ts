/**
 * What the lack of coping capacity of the risk index is computed from: the districts' service
 * indicator values and each province's implementation score of one plan dimension. Hazard and
 * vulnerability come from the impact and deprivation inputs.
 */
import type { Db } from '../../db/database';
import { readLatestDistrictValues, type DistrictIndicatorValue } from './deprivation';
import { readProvinceImplementationScores } from './implementationScores';

export interface CopingInputs {
  services: DistrictIndicatorValue[];
  /** Province P-code → mean implementation score (0–100) and the number of points it is over. */
  implementation: { province_pcode: string; score: number | null; points: number }[];
}

export async function readCopingInputs(
  db: Db,
  opts: { codes: readonly string[]; referenceYear: number | null; dimension: 'kinetic' | 'non-kinetic'; period: string | null },
): Promise<CopingInputs> {
  const [services, scores] = await Promise.all([
    readLatestDistrictValues(db, opts.codes, opts.referenceYear),
    readProvinceImplementationScores(db, opts.period === null ? {} : { period: opts.period }),
  ]);
  return {
    services,
    implementation: scores
      .filter((s) => s.dimension === opts.dimension)
      .map((s) => ({ province_pcode: s.province_pcode, score: s.score, points: s.points }))
      .sort((a, b) => a.province_pcode.localeCompare(b.province_pcode)),
  };
}
