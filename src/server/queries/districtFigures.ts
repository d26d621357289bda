/**
 * What the district figures need besides incident sums: the districts and provinces to list
 * (within the filtered places) and every population value of them.
 */
import type { Kysely } from 'kysely';
import type { DistrictPlace, Place, PopulationValue } from '../../core/analytics/districtFigures';
import type { Db } from '../../db/database';
import type { Database } from '../../db/tables';

export const POPULATION_INDICATOR = 'population';

export interface DistrictFigureInputs {
  districts: DistrictPlace[];
  provinces: Place[];
  population: PopulationValue[];
}

/** Districts (limited to the given provinces and districts when any), all provinces, and the district population values. */
export async function readDistrictFigureInputs(
  db: Db | Kysely<Database>,
  places: { provinces: readonly string[]; districts: readonly string[] },
): Promise<DistrictFigureInputs> {
  const k = 'kysely' in db ? db.kysely : db;
  let districtQuery = k.selectFrom('districts').select(['pcode', 'name', 'province_pcode']).orderBy('pcode');
  if (places.provinces.length) districtQuery = districtQuery.where('province_pcode', 'in', places.provinces);
  if (places.districts.length) districtQuery = districtQuery.where('pcode', 'in', places.districts);
  let populationQuery = k
    .selectFrom('indicator_values')
    .select(['area_pcode as pcode', 'year', 'value'])
    .where('indicator_code', '=', POPULATION_INDICATOR)
    .where('area_level', '=', 2);
  if (places.districts.length) populationQuery = populationQuery.where('area_pcode', 'in', places.districts);
  const [districts, provinces, population] = await Promise.all([
    districtQuery.execute(),
    k.selectFrom('provinces').select(['pcode', 'name']).orderBy('pcode').execute(),
    populationQuery.execute(),
  ]);
  return { districts, provinces, population: population.map((p) => ({ pcode: p.pcode, year: Number(p.year), value: Number(p.value) })) };
}
