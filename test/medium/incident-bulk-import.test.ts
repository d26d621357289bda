import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateAcledFile } from '../../bench/generate';
import { loadGazetteer } from '../../src/importers/gazetteer';
import { loadGroups } from '../../src/importers/incidents/groups';
import {
  IncidentFileError,
  importIncidentFile,
  loadImportContext,
  rebuildsIndexes,
  type ImportContext,
} from '../../src/importers/incidents/importIncidents';
import { countIncidentsByDistrict } from '../../src/server/queries/countIncidentsByDistrict';
import type { IncidentFilters } from '../../src/server/queries/incidentFilters';
import { listIncidents } from '../../src/server/queries/listIncidents';
import { DATA_DIR } from '../helpers/bundledGazetteer';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/databases';

const ROWS = 2500;

describe('rebuildsIndexes', () => {
  it('rebuilds only for a large load that at least doubles the table', () => {
    expect(rebuildsIndexes(1_000_000, 0, 50_000)).toBe(true);
    expect(rebuildsIndexes(60_000, 60_000, 50_000)).toBe(true);
    expect(rebuildsIndexes(60_000, 60_001, 50_000)).toBe(false);
    expect(rebuildsIndexes(49_999, 0, 50_000)).toBe(false);
  });
});

describe.each(testDialects())('bulk incident imports on %s', (dialect) => {
  let t: TestDatabase;
  let ctx: ImportContext;
  let tmp: string;
  let file: string;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await loadGazetteer(t.db, DATA_DIR);
    await loadGroups(t.db, DATA_DIR);
    ctx = await loadImportContext(t.db);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nap-bulk-'));
    file = path.join(tmp, 'acled.csv');
    await generateAcledFile({ rows: ROWS, seed: 7, file, dataDir: DATA_DIR });
  });
  afterAll(async () => {
    await t?.drop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(async () => {
    for (const table of ['incident_district_months', 'incident_links', 'incident_revisions', 'incidents', 'import_batches'] as const) await t.db.kysely.deleteFrom(table).execute();
  });

  const indexes = async () => {
    if (dialect === 'postgres') {
      const r = await sql<{ indexdef: string }>`select indexdef from pg_indexes where tablename = 'incidents' order by indexname`.execute(t.db.kysely);
      return r.rows.map((x) => x.indexdef);
    }
    const r = await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and tbl_name = 'incidents' order by name`.execute(t.db.kysely);
    return r.rows.map((x) => x.sql);
  };
  // SQLite: the triggers that keep the text index in step, and the index checked against the rows.
  const triggers = async () => {
    if (dialect === 'postgres') return [];
    const r = await sql<{ sql: string }>`select sql from sqlite_master where type = 'trigger' and tbl_name = 'incidents' order by name`.execute(t.db.kysely);
    return r.rows.map((x) => x.sql);
  };
  const textIndexIntact = async () => {
    if (dialect === 'sqlite') await sql`insert into incidents_fts (incidents_fts, rank) values ('integrity-check', 1)`.execute(t.db.kysely);
  };
  const found = async (q: string) => (await listIncidents(t.db.kysely, { q }, '-date', 10_000)).rows.map((r) => r.native_key).sort();
  const stored = () =>
    t.db.kysely
      .selectFrom('incidents')
      .select(['native_key', 'content_hash', 'district_pcode', 'group_code', 'deleted_at'])
      .orderBy('native_key')
      .execute();
  const comparable = (report: Awaited<ReturnType<typeof importIncidentFile>>) => ({ ...report, batch: null });

  it('stores the same incidents and report whether indexes are rebuilt or maintained, and keeps every index', async () => {
    const before = await indexes();
    expect(before.some((d) => d.includes('incidents_counts_idx'))).toBe(true);

    // SQLite: what the import's own connection sees between chunks, inside its transaction.
    const during: number[] = [];
    const indexCount = () => {
      if (t.db.sqlite) during.push((t.db.sqlite.prepare(`select count(*) as n from sqlite_master where type = 'index' and tbl_name = 'incidents' and sql is not null`).get() as { n: number }).n);
    };
    const triggersBefore = await triggers();
    const rebuilt = await importIncidentFile(t.db, ctx, { format: 'acled', input: file, bulkIndexRows: 1, onProgress: indexCount });
    if (dialect === 'sqlite') expect(during).toEqual([3, 3]);
    expect(rebuilt).toMatchObject({ rows: ROWS, imported: ROWS, rejected_rows: 0 });
    const rowsRebuilt = await stored();
    expect(await indexes()).toEqual(before);
    expect(await triggers()).toEqual(triggersBefore);
    await textIndexIntact();
    const foundRebuilt = await found('peshawar');
    expect(foundRebuilt.length).toBeGreaterThan(0);
    // The rebuilt indexes answer queries: re-importing finds every key unchanged.
    const again = await importIncidentFile(t.db, ctx, { format: 'acled', input: file, bulkIndexRows: 1 });
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: ROWS });

    for (const table of ['incident_district_months', 'incident_revisions', 'incidents', 'import_batches'] as const) await t.db.kysely.deleteFrom(table).execute();
    during.length = 0;
    const maintained = await importIncidentFile(t.db, ctx, { format: 'acled', input: file, bulkIndexRows: Number.MAX_SAFE_INTEGER, onProgress: indexCount });
    if (dialect === 'sqlite') expect(during).toEqual([before.length - 1, before.length - 1]);
    expect(comparable(maintained)).toEqual(comparable(rebuilt));
    expect(await stored()).toEqual(rowsRebuilt);
    await textIndexIntact();
    expect(await found('peshawar')).toEqual(foundRebuilt);
  });

  it('leaves the indexes and the table as they were when a bulk import fails part-way', async () => {
    const before = await indexes();
    const broken = path.join(tmp, 'broken.csv');
    // The unclosed quote comes after the first chunk of rows has been written.
    fs.writeFileSync(broken, `${fs.readFileSync(file, 'utf8')}PAK999999,"never closed\n`);
    const triggersBefore = await triggers();
    if (dialect === 'sqlite') expect(triggersBefore.length).toBe(3);
    await expect(importIncidentFile(t.db, ctx, { format: 'acled', input: broken, bulkIndexRows: 1 })).rejects.toThrow(IncidentFileError);
    expect(await indexes()).toEqual(before);
    expect(await triggers()).toEqual(triggersBefore);
    expect(await stored()).toEqual([]);
    await textIndexIntact();
    expect(await found('peshawar')).toEqual([]);
    // The text index still follows new rows, one at a time.
    await importIncidentFile(t.db, ctx, { format: 'acled', input: file, bulkIndexRows: Number.MAX_SAFE_INTEGER });
    await textIndexIntact();
    expect((await found('peshawar')).length).toBeGreaterThan(0);
  });

  it('counts by district under group, event type, attack type and data set filters as the rows add up', async () => {
    await importIncidentFile(t.db, ctx, { format: 'acled', input: file });
    const rows = await t.db.kysely
      .selectFrom('incidents')
      .select(['district_pcode', 'date_start', 'group_code', 'event_type', 'dataset', 'killed_best', 'killed_low', 'killed_high'])
      .where('deleted_at', 'is', null)
      .where((eb) => eb.or([eb('cluster_id', 'is', null), eb('cluster_id', '=', eb.ref('id'))]))
      .execute();
    const expected = (keep: (r: (typeof rows)[number]) => boolean) => {
      const by = new Map<string, { incidents: number; killed: number }>();
      for (const r of rows) {
        if (!r.district_pcode || !keep(r)) continue;
        const total = by.get(r.district_pcode) ?? { incidents: 0, killed: 0 };
        total.incidents++;
        total.killed += r.killed_best ?? r.killed_low ?? r.killed_high ?? 0;
        by.set(r.district_pcode, total);
      }
      return [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([district_pcode, v]) => ({ district_pcode, ...v }));
    };
    const counted = async (filters: IncidentFilters) =>
      (await countIncidentsByDistrict(t.db.kysely, filters)).map((r) => ({ district_pcode: r.district_pcode, incidents: r.incidents, killed: r.killed }));
    const inYear = (r: { date_start: string }) => r.date_start >= '2024-01-01' && r.date_start <= '2024-12-31';

    const ttp = await counted({ from: '2024-01-01', to: '2024-12-31', group: ['ttp'] });
    expect(ttp.length).toBeGreaterThan(0);
    expect(ttp).toEqual(expected((r) => inYear(r) && r.group_code === 'ttp'));
    expect(await counted({ group: ['bla', 'blf'] })).toEqual(expected((r) => r.group_code === 'bla' || r.group_code === 'blf'));
    expect(await counted({ from: '2024-01-01', to: '2024-12-31', event_type: ['Battles'] })).toEqual(expected((r) => inYear(r) && r.event_type === 'Battles'));
    expect(await counted({ dataset: ['acled'] })).toEqual(expected(() => true));
    expect(await counted({ dataset: ['ucdp'] })).toEqual([]);
    expect(await counted({ from: '2024-01-01', to: '2024-12-31', attack_type: ['Bombing/Explosion'] })).toEqual([]);
  });
});
