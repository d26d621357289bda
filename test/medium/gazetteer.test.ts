import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Gazetteer } from '../../src/core/gazetteer';
import { DistrictLocator } from '../../src/core/locate';
import { loadGazetteer } from '../../src/importers/gazetteer';
import {
  getDistrict,
  listDistricts,
  listProvinces,
  readDistrictShapes,
  readGazetteerData,
} from '../../src/server/repositories/gazetteerRepository';
import { DATA_DIR } from '../helpers/bundledGazetteer';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/databases';

async function tableCounts(t: TestDatabase) {
  const count = async (table: 'provinces' | 'districts' | 'tehsils' | 'place_aliases') => {
    const row = await t.db.kysely
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    provinces: await count('provinces'),
    districts: await count('districts'),
    tehsils: await count('tehsils'),
    aliases: await count('place_aliases'),
  };
}

describe.each(testDialects())('gazetteer on %s', (dialect) => {
  let t: TestDatabase;
  let firstLoad: Awaited<ReturnType<typeof loadGazetteer>>;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    firstLoad = await loadGazetteer(t.db, DATA_DIR);
  });
  afterAll(async () => t?.drop());

  it('loads 7 provinces, 160 districts, 577 tehsils and the aliases', async () => {
    expect(firstLoad).toMatchObject({ provinces: 7, districts: 160, tehsils: 577 });
    expect(firstLoad.aliases).toBeGreaterThan(140);
    expect(await tableCounts(t)).toEqual(firstLoad);
  });

  it('leaves the same rows when loaded again', async () => {
    const before = await t.db.kysely.selectFrom('place_aliases').select(['alias_key', 'adm_level', 'pcode', 'kind']).orderBy('id').execute();
    const district = await getDistrict(t.db, 'PK528');
    expect(await loadGazetteer(t.db, DATA_DIR)).toEqual(firstLoad);
    expect(await tableCounts(t)).toEqual(firstLoad);
    const after = await t.db.kysely.selectFrom('place_aliases').select(['alias_key', 'adm_level', 'pcode', 'kind']).orderBy('id').execute();
    expect(after).toEqual(before);
    expect(await getDistrict(t.db, 'PK528')).toEqual(district);
  });

  it('stores keys, centroids, areas and boundaries', async () => {
    const alias = await t.db.kysely.selectFrom('place_aliases').selectAll().where('alias', '=', 'D.I. Khan').executeTakeFirstOrThrow();
    expect(alias).toMatchObject({ alias_key: 'di khan', adm_level: 2, pcode: 'PK509', kind: 'spelling', source_ids: 'S153' });
    const peshawar = await getDistrict(t.db, 'PK528');
    expect(peshawar).toMatchObject({ pcode: 'PK528', name: 'Peshawar', province_pcode: 'PK5', province_name: 'Khyber Pakhtunkhwa' });
    expect(peshawar!.centroid_lat).toBeGreaterThan(33.8);
    expect(peshawar!.centroid_lat).toBeLessThan(34.2);
    expect(peshawar!.centroid_lon).toBeGreaterThan(71.3);
    expect(peshawar!.centroid_lon).toBeLessThan(71.8);
    expect(peshawar).not.toHaveProperty('geometry');
    // Islamabad Capital Territory covers about 906 km².
    const islamabad = await getDistrict(t.db, 'PK401');
    expect(islamabad!.area_km2).toBeGreaterThan(880);
    expect(islamabad!.area_km2).toBeLessThan(930);
    const province = await t.db.kysely.selectFrom('provinces').select(['geometry']).where('pcode', '=', 'PK2').executeTakeFirstOrThrow();
    expect(JSON.parse(province.geometry!)).toHaveProperty('type');
  });

  it('lists provinces and districts without geometry', async () => {
    const provinces = await listProvinces(t.db);
    expect(provinces.map((p) => p.pcode)).toEqual(['PK1', 'PK2', 'PK3', 'PK4', 'PK5', 'PK6', 'PK7']);
    expect(Object.keys(provinces[0]!).sort()).toEqual(['centroid_lat', 'centroid_lon', 'name', 'pcode']);
    expect(await listDistricts(t.db)).toHaveLength(160);
    const sindh = await listDistricts(t.db, { province: 'PK7' });
    expect(sindh).toHaveLength(29);
    expect(sindh.every((d) => d.province_pcode === 'PK7' && d.province_name === 'Sindh')).toBe(true);
    expect(await getDistrict(t.db, 'PK999')).toBeUndefined();
  });

  it('resolves names from the stored gazetteer', async () => {
    const gazetteer = new Gazetteer(await readGazetteerData(t.db));
    expect(gazetteer.resolve('D.I. Khan')).toMatchObject({ status: 'matched', level: 2, pcode: 'PK509' });
    const bajaur = gazetteer.resolve('Bajaur Agency');
    expect(bajaur).toMatchObject({ status: 'matched', pcode: 'PK502', name: 'Bajaur', method: 'alias' });
    expect(bajaur.reason).toContain('alias "Bajaur Agency"');
    expect(gazetteer.resolve('Peshawar district')).toMatchObject({ status: 'matched', pcode: 'PK528' });
    expect(gazetteer.resolve('Balochistan province')).toMatchObject({ status: 'matched', level: 1, pcode: 'PK2' });
    const ambiguous = gazetteer.resolve('Kingri');
    expect(ambiguous.status).toBe('ambiguous');
    expect(ambiguous.candidates.map((c) => c.pcode)).toEqual(['PK221', 'PK711']);
    const unknown = gazetteer.resolve('Rawalpindee');
    expect(unknown).toMatchObject({ status: 'unknown', confidence: 0 });
    expect(unknown.candidates[0]).toMatchObject({ pcode: 'PK630' });
    // Names with no single COD-AB unit survive the round trip (stored with an empty P-code).
    expect(gazetteer.resolve('Central Dir').reason).toContain('no single COD-AB 2022 district');
  });

  it('locates coordinates with the stored boundaries', async () => {
    const shapes = await readDistrictShapes(t.db);
    expect(shapes).toHaveLength(160);
    const locator = new DistrictLocator(shapes);
    expect(locator.locate(34.0151, 71.5249)).toMatchObject({ status: 'inside', pcode: 'PK528', name: 'Peshawar' });
    const sea = locator.locate(24.75, 66.95);
    expect(sea).toMatchObject({ status: 'nearest', pcode: 'PK721' });
    expect(sea.distance_km).toBeLessThan(25);
    expect(locator.locate(28.6139, 77.209)).toMatchObject({ status: 'outside' });
  });
});
