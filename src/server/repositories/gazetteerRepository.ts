import type { Db } from '../../db/database';
import type { GazetteerData } from '../../core/gazetteer';
import { isAreaGeometry } from '../../core/geometry';
import type { DistrictShape } from '../../core/locate';

export interface ProvinceSummary {
  pcode: string;
  name: string;
  centroid_lat: number;
  centroid_lon: number;
}

export interface DistrictSummary {
  pcode: string;
  name: string;
  province_pcode: string;
  province_name: string;
  centroid_lat: number;
  centroid_lon: number;
  area_km2: number | null;
}

/** Everything the name resolver needs, without geometry. */
export async function readGazetteerData(db: Db): Promise<GazetteerData> {
  const [provinces, districts, tehsils, aliases] = await Promise.all([
    db.kysely.selectFrom('provinces').select(['pcode', 'name']).orderBy('pcode').execute(),
    db.kysely
      .selectFrom('districts')
      .select(['pcode', 'name', 'province_pcode', 'alt_name_1', 'alt_name_2'])
      .orderBy('pcode')
      .execute(),
    db.kysely.selectFrom('tehsils').select(['pcode', 'name', 'district_pcode']).orderBy('pcode').execute(),
    db.kysely
      .selectFrom('place_aliases')
      .select(['alias', 'adm_level', 'pcode', 'kind', 'valid_from', 'valid_to', 'notes'])
      .orderBy('id')
      .execute(),
  ]);
  return { provinces, districts, tehsils, aliases };
}

/** District boundaries for point-in-polygon resolution; districts without a usable geometry are left out. */
export async function readDistrictShapes(db: Db): Promise<DistrictShape[]> {
  const rows = await db.kysely
    .selectFrom('districts')
    .select(['pcode', 'name', 'province_pcode', 'geometry'])
    .where('geometry', 'is not', null)
    .orderBy('pcode')
    .execute();
  const shapes: DistrictShape[] = [];
  for (const row of rows) {
    const geometry: unknown = JSON.parse(row.geometry!);
    if (!isAreaGeometry(geometry)) continue;
    shapes.push({ pcode: row.pcode, name: row.name, province_pcode: row.province_pcode, geometry });
  }
  return shapes;
}

export async function listProvinces(db: Db): Promise<ProvinceSummary[]> {
  return db.kysely.selectFrom('provinces').select(['pcode', 'name', 'centroid_lat', 'centroid_lon']).orderBy('pcode').execute();
}

function districtSummaries(db: Db) {
  return db.kysely
    .selectFrom('districts as d')
    .innerJoin('provinces as p', 'p.pcode', 'd.province_pcode')
    .select([
      'd.pcode',
      'd.name',
      'd.province_pcode',
      'p.name as province_name',
      'd.centroid_lat',
      'd.centroid_lon',
      'd.area_km2',
    ]);
}

/** Districts ordered by P-code, optionally within one province (by P-code). */
export async function listDistricts(db: Db, filter: { province?: string } = {}): Promise<DistrictSummary[]> {
  let query = districtSummaries(db);
  if (filter.province) query = query.where('d.province_pcode', '=', filter.province);
  return query.orderBy('d.pcode').execute();
}

export async function getDistrict(db: Db, pcode: string): Promise<DistrictSummary | undefined> {
  return districtSummaries(db).where('d.pcode', '=', pcode).executeTakeFirst();
}
