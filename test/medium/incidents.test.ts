import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadGazetteer } from '../../src/importers/gazetteer';
import { loadGroups } from '../../src/importers/incidents/groups';
import {
  IncidentBatchError,
  IncidentFileError,
  importIncidentFile,
  loadImportContext,
  seedIncidents,
  undoIncidentBatch,
  type ImportContext,
  type IncidentImportOptions,
} from '../../src/importers/incidents/importIncidents';
import { readMappingFile } from '../../src/importers/incidents/mapping';
import { loadReference } from '../../src/importers/reference';
import { exportHeader, exportRow, presentIncident } from '../../src/server/presenters/incidents';
import { countIncidentsByDistrict } from '../../src/server/queries/countIncidentsByDistrict';
import { streamIncidents } from '../../src/server/queries/listIncidents';
import * as incidentService from '../../src/server/services/incidentService';
import { DATA_DIR } from '../helpers/bundledGazetteer';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/databases';

const SAMPLES = path.join(DATA_DIR, 'samples');
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/incidents');
const SYSTEM = { actorId: null, requestId: null };

describe.each(testDialects())('incidents on %s', (dialect) => {
  let t: TestDatabase;
  let ctx: ImportContext;
  let tmp: string;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await loadGazetteer(t.db, DATA_DIR);
    await loadReference(t.db, DATA_DIR);
    await loadGroups(t.db, DATA_DIR);
    ctx = await loadImportContext(t.db);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nap-incidents-'));
  });
  afterAll(async () => {
    await t?.drop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(async () => {
    for (const table of ['incident_district_months', 'incident_links', 'incident_revisions', 'incidents', 'import_batches'] as const) await t.db.kysely.deleteFrom(table).execute();
  });

  const importFile = (opts: Partial<IncidentImportOptions> & Pick<IncidentImportOptions, 'format' | 'input'>) => importIncidentFile(t.db, ctx, opts);
  const sample = (name: 'acled' | 'ucdp-ged' | 'gtd') => path.join(SAMPLES, `${name}-pakistan-sample.csv`);
  const importSamples = async () => ({
    acled: await importFile({ format: 'acled', input: sample('acled') }),
    ucdp: await importFile({ format: 'ucdp', input: sample('ucdp-ged') }),
    gtd: await importFile({ format: 'gtd', input: sample('gtd') }),
  });
  const live = () => t.db.kysely.selectFrom('incidents').selectAll().where('deleted_at', 'is', null).orderBy('id').execute();
  const byKey = async (dataset: string, key: string) =>
    (await t.db.kysely.selectFrom('incidents').selectAll().where('dataset', '=', dataset).where('native_key', '=', key).executeTakeFirstOrThrow());
  // District counts read whole months from the summary table; an `updated_since` filter makes them
  // count the incidents themselves. Both must agree after every kind of change.
  const expectCountsConsistent = async (filters: Parameters<typeof countIncidentsByDistrict>[1] = {}) => {
    const summary = await countIncidentsByDistrict(t.db.kysely, filters);
    const direct = await countIncidentsByDistrict(t.db.kysely, { ...filters, updated_since: '1970-01-01T00:00:00Z' });
    expect(summary).toEqual(direct);
    return summary;
  };
  const batchCount = async () => Number((await t.db.kysely.selectFrom('import_batches').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('imports the three samples with the expected counts, placed and matched to groups', async () => {
    const { acled, ucdp, gtd } = await importSamples();
    expect(acled).toMatchObject({ rows: 12, imported: 12, updated: 0, unchanged: 0, skipped: 0, rejected_rows: 0, datasets: ['acled'] });
    expect(ucdp).toMatchObject({ rows: 6, imported: 6, rejected_rows: 0, datasets: ['ucdp'] });
    expect(gtd).toMatchObject({ rows: 8, imported: 8, rejected_rows: 0, datasets: ['gtd'] });
    for (const report of [acled, ucdp, gtd]) {
      expect(report.batch).toEqual(expect.any(Number));
      expect(report.placement.province + report.placement.none).toBe(0);
    }
    expect(await live()).toHaveLength(26);
    // ACLED spells the district "D. I. Khan"; UCDP appends "district"; GTD names the pre-2018 FATA.
    expect(await byKey('acled', 'PAK90008')).toMatchObject({ district_pcode: 'PK509', group_code: 'tjp', front: 'ttp-and-affiliates', killed_best: 23 });
    expect(await byKey('ucdp', '900101')).toMatchObject({ district_pcode: 'PK528', group_code: 'ttp', killed_low: 84, killed_best: 85, killed_high: 101 });
    expect(await byKey('gtd', '201706230002')).toMatchObject({ province_pcode: 'PK5', district_pcode: 'PK518', group_code: 'lej', front: 'sectarian', suicide: 1 });
    expect(await byKey('acled', 'PAK90009')).toMatchObject({ category: 'state_arrest', group_code: 'ttp' });
    const counts = await expectCountsConsistent();
    expect(counts.reduce((n, c) => n + c.incidents, 0)).toBeLessThan(26);
    await expectCountsConsistent({ from: '2023-01-15', to: '2024-11-20', front: ['ttp-and-affiliates', 'baloch-separatist'] });
    await expectCountsConsistent({ province: 'PK2', category: ['militant_attack'] });
  });

  it('changes nothing when a file is imported again', async () => {
    const first = await importFile({ format: 'acled', input: sample('acled') });
    const again = await importFile({ format: 'acled', input: sample('acled') });
    expect(again).toMatchObject({ batch: null, rows: 12, imported: 0, updated: 0, unchanged: 12 });
    expect(again.warnings).toContain('nothing to change: every row is already stored as it is in the file');
    expect(await batchCount()).toBe(1);
    const rows = await live();
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => Number(r.batch_id)))).toEqual(new Set([first.batch]));

    const others: IncidentImportOptions[] = [
      { format: 'ucdp', input: sample('ucdp-ged') },
      { format: 'gtd', input: sample('gtd') },
      { format: 'csv', input: path.join(DATA_DIR, 'incidents/pakistan_suicide_attacks_1995_2017.csv'), mapping: readMappingFile('suicide-attacks', DATA_DIR) },
    ];
    for (const opts of others) {
      const imported = await importFile(opts);
      const repeated = await importFile(opts);
      expect(repeated).toMatchObject({ batch: null, imported: 0, updated: 0, unchanged: imported.imported });
    }
    expect(await live()).toHaveLength(12 + 6 + 8 + 489);
    expect(await batchCount()).toBe(4);
  });

  it('updates the rows an edited export changed, matched on the native key, and undo puts them back', async () => {
    await importFile({ format: 'acled', input: sample('acled') });
    const edited = path.join(tmp, 'acled-edited.csv');
    const text = fs.readFileSync(sample('acled'), 'utf8');
    fs.writeFileSync(edited, text.replace('taking passengers hostage. [size=several hundred hostages]",21,', 'taking passengers hostage.",25,'));
    const report = await importFile({ format: 'acled', input: edited });
    expect(report).toMatchObject({ imported: 0, updated: 1, unchanged: 11 });
    const row = await byKey('acled', 'PAK90001');
    expect(row).toMatchObject({ killed_best: 25, batch_id: report.batch });
    expect(row.notes).not.toContain('[size=');
    const revisions = await t.db.kysely.selectFrom('incident_revisions').selectAll().where('incident_id', '=', row.id).execute();
    expect(revisions).toHaveLength(1);
    expect((await expectCountsConsistent({ district: 'PK209' }))[0]).toMatchObject({ killed: 25 + 37 });

    const undone = await undoIncidentBatch(t.db, report.batch!);
    expect(undone).toMatchObject({ removed: 0, restored: 1, kept: [] });
    expect(await byKey('acled', 'PAK90001')).toMatchObject({ killed_best: 21, deleted_at: null });
    expect((await expectCountsConsistent({ district: 'PK209' }))[0]).toMatchObject({ killed: 21 + 37 });
  });

  it('undo removes exactly that batch, and a re-import brings its incidents back', async () => {
    const { acled, gtd } = await importSamples();
    const before = await live();
    const undone = await undoIncidentBatch(t.db, acled.batch!);
    expect(undone).toMatchObject({ batch: acled.batch, removed: 12, restored: 0 });
    const after = await live();
    expect(after).toHaveLength(before.length - 12);
    expect(after.some((r) => r.dataset === 'acled')).toBe(false);
    expect(after.filter((r) => r.dataset === 'gtd')).toHaveLength(8);
    // Tombstones stay for delta sync, and no live incident is clustered with one.
    const tombstones = await t.db.kysely.selectFrom('incidents').selectAll().where('deleted_at', 'is not', null).execute();
    expect(tombstones).toHaveLength(12);
    expect(tombstones.every((r) => r.deleted_reason === 'import_undone' && r.cluster_id === null)).toBe(true);
    const deadIds = new Set(tombstones.map((r) => Number(r.id)));
    expect(after.every((r) => r.cluster_id === null || !deadIds.has(Number(r.cluster_id)))).toBe(true);
    const batch = await t.db.kysely.selectFrom('import_batches').selectAll().where('id', '=', acled.batch!).executeTakeFirstOrThrow();
    expect(batch.status).toBe('undone');
    await expect(undoIncidentBatch(t.db, acled.batch!)).rejects.toThrow(IncidentBatchError);
    await expect(undoIncidentBatch(t.db, gtd.batch! + 100)).rejects.toThrow(/not found/);

    await expectCountsConsistent();
    const again = await importFile({ format: 'acled', input: sample('acled') });
    expect(again).toMatchObject({ imported: 12, updated: 0 });
    expect(await live()).toHaveLength(before.length);
    await expectCountsConsistent();
  });

  it('places at least 98% of the suicide-attack rows in a district and lists the rest with reasons', async () => {
    const report = await importFile({
      format: 'csv',
      input: path.join(DATA_DIR, 'incidents/pakistan_suicide_attacks_1995_2017.csv'),
      mapping: readMappingFile('suicide-attacks', DATA_DIR),
      mappingName: 'suicide-attacks',
    });
    expect(report).toMatchObject({ rows: 492, imported: 489, rejected_rows: 3, skipped: 0, encoding: 'windows-1252', datasets: ['pbc-suicide-attacks'] });
    expect(report.rejected.map((r) => [r.line, r.column])).toEqual([
      [168, 'killed_high'],
      [418, 'killed_high'],
      [569, 'Longitude'],
    ]);
    const placed = report.placement.coordinates + report.placement.names + report.placement.given;
    expect(placed / report.rows).toBeGreaterThanOrEqual(0.98);
    expect(report.unplaced).toHaveLength(report.placement.province + report.placement.none);
    for (const u of report.unplaced) expect(u.reason).not.toBe('');
    // Where the file's coordinates and place names disagree, the names' district is kept and said so.
    expect(report.warnings.some((w) => /coordinates fall in .* but the place names say/.test(w))).toBe(true);
    const disagreement = (await t.db.kysely.selectFrom('incidents').select('details').where('dataset', '=', 'pbc-suicide-attacks').execute()).find((r) =>
      r.details.includes('but the place names say'),
    );
    expect(disagreement).toBeDefined();
    const first = await byKey('pbc-suicide-attacks', '1');
    expect(first).toMatchObject({ date_start: '1995-11-19', province_pcode: 'PK4', district_pcode: 'PK401', suicide: 1, killed_low: 14, killed_high: 15 });
  });

  it('rejects unreadable rows and skips other countries, writing nothing of them', async () => {
    const report = await importFile({ format: 'acled', input: path.join(FIXTURES, 'acled_bom_crlf.csv') });
    expect(report).toMatchObject({ rows: 8, imported: 4, rejected_rows: 3, skipped: 1 });
    expect(report.skips).toEqual([{ line: 7, key: 'TST5', reason: 'country is India, not Pakistan' }]);
    expect(report.rejected).toEqual([
      { line: 5, column: 'fatalities', value: '-2', reason: '-2 is negative; counts are 0 or more' },
      { line: 6, column: null, value: null, reason: 'expected 31 fields as in the header, found 5' },
      { line: 8, column: 'event_date', value: '2024-02-30', reason: '2024-02-30 is not a real date' },
    ]);
    expect((await live()).map((r) => r.native_key).sort()).toEqual(['TST1', 'TST2', 'TST7', 'TST8']);
    expect(await byKey('acled', 'TST8')).toMatchObject({ category: 'protest_riot', group_code: null, front: null });
    const w1252 = await importFile({ format: 'acled', input: path.join(FIXTURES, 'acled_windows1252.csv') });
    expect(w1252).toMatchObject({ imported: 2, encoding: 'windows-1252' });
    expect((await byKey('acled', 'W1')).notes).toBe('The mosque’s café was hit, officials said.');
  });

  it('refuses a file that is not CSV, is empty or lacks the layout\'s columns, writing nothing', async () => {
    await expect(importFile({ format: 'acled', input: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) })).rejects.toThrow(
      'the file is not CSV text: it contains binary data',
    );
    await expect(importFile({ format: 'acled', input: Buffer.alloc(0) })).rejects.toThrow(/the file is empty/);
    await expect(importFile({ format: 'acled', input: sample('gtd') })).rejects.toThrow(IncidentFileError);
    await expect(importFile({ format: 'acled', input: sample('gtd') })).rejects.toThrow(/lacks the columns "event_id_cnty", "event_date"/);
    // A quote left open at the end makes the file unreadable from there: the rows before it are not kept either.
    const broken = `${fs.readFileSync(sample('acled'), 'utf8')}PAK99999,2025-01-01,2025,1,x,"unclosed\n`;
    await expect(importFile({ format: 'acled', input: Buffer.from(broken) })).rejects.toThrow(/line 14: a quoted field is not closed/);
    expect(await live()).toHaveLength(0);
    expect(await batchCount()).toBe(0);
  });

  it('rejects a key that appears twice in one file, keeping the first', async () => {
    const text = fs.readFileSync(sample('acled'), 'utf8').trimEnd().split('\n');
    const report = await importFile({ format: 'acled', input: Buffer.from(`${[...text, text[3]!].join('\n')}\n`) });
    expect(report).toMatchObject({ rows: 13, imported: 12, rejected_rows: 1 });
    expect(report.rejected).toEqual([{ line: 14, column: null, value: 'PAK90003', reason: 'the key PAK90003 appears earlier in this file' }]);
  });

  it('reports a dry run without writing', async () => {
    const report = await importFile({ format: 'ucdp', input: sample('ucdp-ged'), dryRun: true });
    expect(report).toMatchObject({ batch: null, dry_run: true, rows: 6, imported: 6 });
    expect(await live()).toHaveLength(0);
    expect(await batchCount()).toBe(0);
  });

  it('re-imports its CSV export to the same incidents', async () => {
    await importSamples();
    await importFile({ format: 'csv', input: path.join(DATA_DIR, 'domain/incidents-curated.csv'), mapping: readMappingFile('curated-incidents', DATA_DIR) });
    const rows = await live();
    let csv = exportHeader();
    for await (const page of streamIncidents(t.db.kysely, {})) csv += page.map(exportRow).join('');
    const file = path.join(tmp, 'export.csv');
    fs.writeFileSync(file, csv);
    const mapping = readMappingFile('nap-monitor-export', DATA_DIR);

    const same = await importFile({ format: 'csv', input: file, mapping });
    expect(same).toMatchObject({ rows: rows.length, imported: 0, updated: 0, unchanged: rows.length, rejected_rows: 0 });

    const comparable = (r: (typeof rows)[number]) => {
      const { id: _id, batch_id: _b, cluster_id: _c, created_at: _ca, updated_at: _u, deleted_at: _d, ...rest } = presentIncident({ ...r, id: Number(r.id) });
      return rest;
    };
    const original = new Map(rows.map((r) => [`${r.dataset}/${r.native_key}`, comparable(r)]));
    for (const table of ['incident_district_months', 'incident_links', 'incident_revisions', 'incidents', 'import_batches'] as const) await t.db.kysely.deleteFrom(table).execute();
    await expectCountsConsistent();
    const fresh = await importFile({ format: 'csv', input: file, mapping });
    expect(fresh).toMatchObject({ imported: rows.length, rejected_rows: 0 });
    const reimported = await live();
    expect(reimported).toHaveLength(rows.length);
    for (const r of reimported) expect(comparable(r)).toEqual(original.get(`${r.dataset}/${r.native_key}`));
    await expectCountsConsistent();
  });

  it('links duplicates across data sets, counts a cluster once, and lets a person break or make a link', async () => {
    await importSamples();
    const acled = await byKey('acled', 'PAK90004');
    const ucdp = await byKey('ucdp', '900101');
    expect(acled.cluster_id).not.toBeNull();
    expect(acled.cluster_id).toBe(ucdp.cluster_id);
    const peshawar = (await countIncidentsByDistrict(t.db.kysely, { from: '2023-01-30', to: '2023-01-30' })).find((c) => c.district_pcode === 'PK528');
    expect(peshawar).toMatchObject({ incidents: 1 });

    const separated = await incidentService.separateIncidents(t.db, Number(acled.id), Number(ucdp.id), SYSTEM);
    expect(separated.cluster_id).toBeNull();
    expect((await byKey('ucdp', '900101')).cluster_id).toBeNull();
    expect((await countIncidentsByDistrict(t.db.kysely, { from: '2023-01-30', to: '2023-01-30' })).find((c) => c.district_pcode === 'PK528')?.incidents).toBe(2);

    // The siege ended the next day with a different toll: the rule does not link it; a person can.
    const clash = await byKey('acled', 'PAK90002');
    const siege = await byKey('ucdp', '900103');
    expect(clash.cluster_id === null || clash.cluster_id !== siege.cluster_id).toBe(true);
    const linked = await incidentService.linkIncidents(t.db, Number(clash.id), Number(siege.id), SYSTEM);
    expect(linked.cluster_id).not.toBeNull();
    expect((await byKey('ucdp', '900103')).cluster_id).toBe(linked.cluster_id);
    const cluster = await incidentService.clusterOf(t.db, linked);
    expect(cluster?.links).toContainEqual(expect.objectContaining({ by: 'manual', reason: 'linked by hand' }));

    // A re-import keeps decisions made by hand.
    await importFile({ format: 'ucdp', input: sample('ucdp-ged'), dryRun: false });
    expect((await byKey('ucdp', '900101')).cluster_id).toBeNull();
    await expectCountsConsistent();
    const actions = await t.db.kysely.selectFrom('audit_log').select('action').where('entity_type', '=', 'incident').execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['incident.link', 'incident.unlink']));
  });

  it('seeds the groups and the bundled incident files once', async () => {
    const first = await seedIncidents(t.db, DATA_DIR);
    expect(first.groups.groups).toBeGreaterThan(30);
    expect(first.files.map((f) => [f.mapping, f.imported])).toEqual([
      ['suicide-attacks', 489],
      ['curated-incidents', 16],
    ]);
    const again = await seedIncidents(t.db, DATA_DIR);
    expect(again.groups).toMatchObject({ created: 0, updated: 0 });
    expect(again.files.map((f) => [f.imported, f.updated, f.unchanged])).toEqual([
      [0, 0, 489],
      [0, 0, 16],
    ]);
    expect(await batchCount()).toBe(2);
  });

  it('keeps a correction when the source is re-imported, and a deletion stays deleted', async () => {
    await importFile({ format: 'acled', input: sample('acled') });
    const row = await byKey('acled', 'PAK90011');
    const { row: corrected } = await incidentService.updateIncidentById(t.db, ctx, Number(row.id), { killed: { low: 9, best: 12, high: 17 } }, SYSTEM);
    expect(corrected).toMatchObject({ killed_low: 9, killed_best: 12, killed_high: 17 });
    const deleted = await incidentService.deleteIncidentById(t.db, Number((await byKey('acled', 'PAK90012')).id), SYSTEM);
    expect(deleted.deleted_at).not.toBeNull();

    const again = await importFile({ format: 'acled', input: sample('acled') });
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 11, skipped: 1 });
    expect(again.skips[0]?.reason).toMatch(/was deleted on .*; not restored/);
    expect(await byKey('acled', 'PAK90011')).toMatchObject({ killed_best: 12 });
    expect((await byKey('acled', 'PAK90012')).deleted_at).not.toBeNull();
    await expectCountsConsistent();
    const history = await t.db.kysely.selectFrom('incident_revisions').select('action').orderBy('id').execute();
    expect(history.map((h) => h.action)).toEqual(['edit', 'delete']);
  });
});
