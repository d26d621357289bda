/**
 * District indicator values for the deprivation index (and the service indicators of the risk
 * index): for each indicator, each district's latest value at or before a reference year.
 */
import type { Db } from '../../db/database';

export interface IndicatorInfo {
  code: string;
  name: string;
  unit: string | null;
  direction: string;
}

export interface DistrictPlace {
  pcode: string;
  name: string;
  province_pcode: string;
}

export interface DistrictIndicatorValue {
  code: string;
  pcode: string;
  year: number;
  value: number;
}

export async function readIndicatorInfo(db: Db, codes: readonly string[]): Promise<IndicatorInfo[]> {
  if (codes.length === 0) return [];
  return db.kysely.selectFrom('indicators').select(['code', 'name', 'unit', 'direction']).where('code', 'in', [...codes]).orderBy('code').execute();
}

export async function readDistricts(db: Db): Promise<DistrictPlace[]> {
  return db.kysely.selectFrom('districts').select(['pcode', 'name', 'province_pcode']).orderBy('pcode').execute();
}

/**
 * Each district's latest value of each indicator in a year at or before `referenceYear` (any
 * year when null), ordered by indicator and district.
 */
export async function readLatestDistrictValues(db: Db, codes: readonly string[], referenceYear: number | null): Promise<DistrictIndicatorValue[]> {
  if (codes.length === 0) return [];
  const rows = await db.kysely
    .selectFrom('indicator_values')
    .select(['indicator_code', 'area_pcode', 'year', 'value'])
    .where('indicator_code', 'in', [...codes])
    .where('area_level', '=', 2)
    .$if(referenceYear !== null, (q) => q.where('year', '<=', referenceYear!))
    .orderBy('indicator_code')
    .orderBy('area_pcode')
    .orderBy('year', 'desc')
    .execute();
  const out: DistrictIndicatorValue[] = [];
  let last = '';
  for (const r of rows) {
    const key = `${r.indicator_code}\u0000${r.area_pcode}`;
    if (key === last) continue;
    last = key;
    out.push({ code: r.indicator_code, pcode: r.area_pcode, year: Number(r.year), value: Number(r.value) });
  }
  return out;
}
