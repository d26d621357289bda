// The incident aggregate tables against the incidents themselves: after every kind of change
// (import, re-import with edits, undo, hand create/edit/delete, duplicate link and separation)
// each table is recounted from scratch with a plain GROUP BY and compared row by row, and the
// incident sums the analyses read are compared with a scan of the incidents.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_FILTERS, type AnalysisFilters } from '../../src/core/analytics/filters';
import * as incidentFactsMigration from '../../src/db/migrations/2026_11_26_0301_incident_facts';
import * as incidentFactsDatasetMigration from '../../src/db/migrations/2026_11_26_0305_incident_facts_dataset';
import { loadGazetteer } from '../../src/importers/gazetteer';
import { loadGroups } from '../../src/importers/incidents/groups';
import { importIncidentFile, loadImportContext, seedIncidents, undoIncidentBatch, type ImportContext } from '../../src/importers/incidents/importIncidents';
import { loadReference } from '../../src/importers/reference';
import { factTableFor, scanIncidentFacts, sumIncidentFacts, type FactDimension } from '../../src/server/queries/incidentFacts';
import * as incidentService from '../../src/server/services/incidentService';
import { DATA_DIR } from '../helpers/bundledGazetteer';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/databases';

const SAMPLES = path.join(DATA_DIR, 'samples');
const SYSTEM = { actorId: null, requestId: null };

// Written out here, independently of the application's SQL.
const range = (n: string) =>
  `coalesce(sum(coalesce(${n}_low, ${n}_best, ${n}_high)), 0) as ${n}_low, coalesce(sum(coalesce(${n}_best, ${n}_low, ${n}_high)), 0) as ${n}_best, coalesce(sum(coalesce(${n}_high, ${n}_best, ${n}_low)), 0) as ${n}_high`;
const SUMS = `count(*) as incidents, coalesce(sum(case when suicide = 1 then 1 else 0 end), 0) as suicide, ${range('killed')}, ${range('injured')}, ${range('hostages')}`;
const COUNTED = 'deleted_at is null and (cluster_id is null or cluster_id = id)';

const EXPECTED: Record<string, { keys: string[]; query: string }> = {
  incident_month_facts: {
    keys: ['district_pcode', 'month', 'province_pcode', 'front', 'group_code', 'category', 'attack_type', 'dataset'],
    query: `select coalesce(district_pcode, '') as district_pcode, substr(date_start, 1, 7) as month, coalesce(province_pcode, '') as province_pcode,
      coalesce(front, '') as front, coalesce(group_code, '') as group_code, category, coalesce(attack_type, '') as attack_type, dataset, ${SUMS}
      from incidents where ${COUNTED} group by 1, 2, 3, 4, 5, 6, 7, 8`,
  },
  incident_province_month_facts: {
    keys: ['province_pcode', 'month', 'front', 'group_code', 'category', 'attack_type'],
    query: `select coalesce(province_pcode, '') as province_pcode, substr(date_start, 1, 7) as month, coalesce(front, '') as front,
      coalesce(group_code, '') as group_code, category, coalesce(attack_type, '') as attack_type, ${SUMS}
      from incidents where ${COUNTED} group by 1, 2, 3, 4, 5, 6`,
  },
  incident_district_month_totals: {
    keys: ['district_pcode', 'month', 'province_pcode'],
    query: `select coalesce(district_pcode, '') as district_pcode, substr(date_start, 1, 7) as month, coalesce(province_pcode, '') as province_pcode, ${SUMS}
      from incidents where ${COUNTED} group by 1, 2, 3`,
  },
  incident_district_months: {
    keys: ['district_pcode', 'month', 'front', 'category', 'province_pcode'],
    query: `select district_pcode, substr(date_start, 1, 7) as month, coalesce(front, '') as front, category, coalesce(province_pcode, '') as province_pcode,
      count(*) as incidents, coalesce(sum(coalesce(killed_best, killed_low, killed_high)), 0) as killed, coalesce(sum(coalesce(injured_best, injured_low, injured_high)), 0) as injured
      from incidents where ${COUNTED} and district_pcode is not null group by 1, 2, 3, 4, 5`,
  },
};

type Row = Record<string, string | number>;
function normalise(rows: Row[], keys: string[]): Row[] {
  return rows
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, keys.includes(k) ? String(v) : Number(v)])))
    .sort((a, b) => {
      const x = keys.map((k) => a[k]).join('|');
      const y = keys.map((k) => b[k]).join('|');
      return x < y ? -1 : x > y ? 1 : 0;
    });
}

const COMBINATIONS: [FactDimension[], Partial<AnalysisFilters>][] = [
  [[], {}],
  [['month'], {}],
  [['year', 'province'], {}],
  [['quarter', 'district'], { from: '2014-01', to: '2025-06' }],
  [['district'], { provinces: ['PK5', 'PK2'] }],
  [['month', 'front'], { categories: ['militant_attack'] }],
  [['group', 'category'], { from: '2010-01' }],
  [['attack_type', 'year'], { to: '2016-12' }],
  [['district', 'front', 'category'], {}],
  [['district', 'attack_type'], { from: '2009-01', to: '2025-12' }],
  [['province', 'group'], { fronts: ['ttp-and-affiliates', 'baloch-separatist'] }],
  [['month'], { districts: ['PK528', 'PK525'], groups: ['ttp'] }],
];

describe.each(testDialects())('incident aggregates on %s', (dialect) => {
  let t: TestDatabase;
  let ctx: ImportContext;
  let tmp: string;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await loadGazetteer(t.db, DATA_DIR);
    await loadReference(t.db, DATA_DIR);
    await loadGroups(t.db, DATA_DIR);
    ctx = await loadImportContext(t.db);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nap-aggregates-'));
  });
  afterAll(async () => {
    await t?.drop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const counted = async () => Number((await sql<{ n: number }>`select count(*) as n from incidents where ${sql.raw(COUNTED)}`.execute(t.db.kysely)).rows[0]!.n);

  /** Every aggregate table equals a fresh GROUP BY over incidents; the analyses' sums equal a scan. */
  const expectInStep = async (step: string) => {
    for (const [table, { keys, query }] of Object.entries(EXPECTED)) {
      const expected = normalise((await sql<Row>`${sql.raw(query)}`.execute(t.db.kysely)).rows, keys);
      const stored = normalise((await sql<Row>`select * from ${sql.table(table)}`.execute(t.db.kysely)).rows, keys);
      expect(stored, `${table} after ${step}`).toEqual(expected);
    }
    for (const [by, filters] of COMBINATIONS) {
      const f = { ...NO_FILTERS, ...filters };
      expect(await sumIncidentFacts(t.db, f, by), `${by.join(',')} ${JSON.stringify(filters)} after ${step}`).toEqual(await scanIncidentFacts(t.db, f, by));
    }
  };

  it('reads the smallest table holding every dimension asked for', () => {
    expect(factTableFor(NO_FILTERS, ['month'])).toBe('incident_district_month_totals');
    expect(factTableFor({ ...NO_FILTERS, from: '2020-01' }, ['district'])).toBe('incident_district_month_totals');
    expect(factTableFor(NO_FILTERS, ['month', 'front'])).toBe('incident_province_month_facts');
    expect(factTableFor({ ...NO_FILTERS, groups: ['ttp'] }, ['province'])).toBe('incident_province_month_facts');
    expect(factTableFor({ ...NO_FILTERS, categories: ['militant_attack'] }, ['district'])).toBe('incident_month_facts');
    expect(factTableFor(NO_FILTERS, ['district', 'attack_type'])).toBe('incident_month_facts');
    expect(factTableFor({ ...NO_FILTERS, groups: [''] }, ['month'])).toBeNull();
  });

  it('keeps every aggregate in step through imports, re-imports, undo, hand edits and duplicate links', async () => {
    await expectInStep('migration');

    // The bundled data (real incidents, some placed in a province only) and the three samples.
    const seeded = await seedIncidents(t.db, DATA_DIR);
    expect(seeded.files.every((f) => f.imported > 0)).toBe(true);
    await expectInStep('seeding');
    const acled = await importIncidentFile(t.db, ctx, { format: 'acled', input: path.join(SAMPLES, 'acled-pakistan-sample.csv') });
    await importIncidentFile(t.db, ctx, { format: 'ucdp', input: path.join(SAMPLES, 'ucdp-ged-pakistan-sample.csv') });
    const gtd = await importIncidentFile(t.db, ctx, { format: 'gtd', input: path.join(SAMPLES, 'gtd-pakistan-sample.csv') });
    expect(gtd.clusters_changed).toBeGreaterThan(0);
    await expectInStep('importing the samples');
    const afterSamples = await counted();

    // Re-import ACLED with a changed toll, a row moved to another district and month, and a row
    // placed in a province only.
    const rows = parse(fs.readFileSync(path.join(SAMPLES, 'acled-pakistan-sample.csv'))) as string[][];
    const edit = (key: string, change: (fields: string[]) => void) => change(rows.find((r) => r[0] === key)!);
    edit('PAK90002', (f) => (f[28] = '52'));
    edit('PAK90003', (f) => {
      f[1] = '2024-11-20';
      f[2] = '2024';
      [f[18], f[19], f[20], f[21], f[22], f[23]] = ['Khyber Pakhtunkhwa', 'Peshawar', '', 'Peshawar', '', ''];
    });
    edit('PAK90005', (f) => {
      [f[19], f[20], f[21], f[22], f[23]] = ['', '', '', '', ''];
    });
    const edited = path.join(tmp, 'acled-edited.csv');
    fs.writeFileSync(edited, rows.map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')).join('\n'));
    const reimport = await importIncidentFile(t.db, ctx, { format: 'acled', input: edited });
    expect(reimport.updated).toBe(3);
    await expectInStep('re-importing with edits');

    expect((await undoIncidentBatch(t.db, reimport.batch!)).restored).toBe(3);
    await expectInStep('undoing the re-import');
    expect(await counted()).toBe(afterSamples);
    await undoIncidentBatch(t.db, acled.batch!);
    await expectInStep('undoing the first ACLED import');
    expect(await counted()).toBeLessThan(afterSamples);
    const revived = await importIncidentFile(t.db, ctx, { format: 'acled', input: path.join(SAMPLES, 'acled-pakistan-sample.csv') });
    expect(revived.imported).toBe(12);
    await expectInStep('importing ACLED again');
    expect(await counted()).toBe(afterSamples);

    // By hand: create, edit (another district, month and toll), delete; and one placed in a
    // province only, edited there.
    const { row: created } = await incidentService.createIncident(
      t.db,
      ctx,
      { date_start: '2025-06-02', category: 'militant_attack', district_pcode: 'PK503', killed: { best: 3 }, attack_type: 'Armed Assault', group_code: 'hafiz-gul-bahadur', suicide: true },
      SYSTEM,
    );
    await expectInStep('creating an incident');
    await incidentService.updateIncidentById(t.db, ctx, created.id, { date_start: '2025-08-14', district_pcode: 'PK226', killed: { low: 2, best: 4, high: 9 }, hostages: { best: 5 } }, SYSTEM);
    await expectInStep('editing an incident');
    const { row: unplaced } = await incidentService.createIncident(t.db, ctx, { date_start: '2024-02-10', category: 'militant_attack', province_pcode: 'PK2', injured: { best: 7 } }, SYSTEM);
    expect(unplaced.district_pcode).toBeNull();
    await expectInStep('creating an incident placed in a province only');
    await incidentService.updateIncidentById(t.db, ctx, unplaced.id, { attack_type: 'Bombing/Explosion', date_start: '2024-05-01' }, SYSTEM);
    await expectInStep('editing an incident placed in a province only');
    await incidentService.updateIncidentById(t.db, ctx, unplaced.id, { district_pcode: 'PK211' }, SYSTEM);
    await expectInStep('placing that incident in a district');
    await incidentService.deleteIncidentById(t.db, created.id, SYSTEM);
    await expectInStep('deleting an incident');

    // Duplicates: separate a cluster the rule made, then link two incidents it did not.
    const pick = async (dataset: string, key: string) =>
      t.db.kysely.selectFrom('incidents').selectAll().where('dataset', '=', dataset).where('native_key', '=', key).executeTakeFirstOrThrow();
    const [a, b] = [await pick('acled', 'PAK90004'), await pick('ucdp', '900101')];
    expect(a.cluster_id).not.toBeNull();
    const beforeSeparating = await counted();
    await incidentService.separateIncidents(t.db, a.id, b.id, SYSTEM);
    expect(await counted()).toBe(beforeSeparating + 1);
    await expectInStep('separating a cluster');
    const [clash, siege] = [await pick('acled', 'PAK90002'), await pick('ucdp', '900103')];
    expect(clash.cluster_id === null || clash.cluster_id !== siege.cluster_id).toBe(true);
    await incidentService.linkIncidents(t.db, clash.id, siege.id, SYSTEM);
    expect(await counted()).toBe(beforeSeparating);
    await expectInStep('linking two incidents');

    // An existing database: the migration fills the tables from the incidents already stored.
    const migration = t.db.kysely as unknown as Kysely<unknown>;
    await incidentFactsDatasetMigration.down(migration);
    await incidentFactsMigration.down(migration);
    await incidentFactsMigration.up(migration);
    await incidentFactsDatasetMigration.up(migration);
    expect(Number((await sql<{ n: number }>`select count(*) as n from incident_month_facts`.execute(t.db.kysely)).rows[0]!.n)).toBeGreaterThan(100);
    await expectInStep('filling the tables from existing incidents');
  });
});
