import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadGazetteer } from '../../src/importers/gazetteer';
import { loadGroups } from '../../src/importers/incidents/groups';
import { importIncidentFile, loadImportContext, undoIncidentBatch, type ImportContext } from '../../src/importers/incidents/importIncidents';
import { countIncidentsByDistrict } from '../../src/server/queries/countIncidentsByDistrict';
import { FEW_TEXT_MATCHES, searchWords, textMatchesFew, type IncidentFilters } from '../../src/server/queries/incidentFilters';
import { listIncidents, streamIncidents } from '../../src/server/queries/listIncidents';
import * as incidentService from '../../src/server/services/incidentService';
import { DATA_DIR } from '../helpers/bundledGazetteer';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/databases';

const SYSTEM = { actorId: null, requestId: null };
const HEADER =
  'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp';

interface Row {
  key: string;
  date: string;
  location: string;
  notes: string;
}

const csvField = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** An ACLED-layout file of Quetta incidents with the given keys, dates, locations and notes. */
function acledFile(rows: readonly Row[]): string {
  const lines = rows.map((r) =>
    [
      r.key,
      r.date,
      r.date.slice(0, 4),
      '1,Political violence,Explosions/Remote violence,Suicide bomb,BLA: Baloch Liberation Army,,2,Military Forces of Pakistan (2024-),,1,12,,586,Southern Asia,Pakistan,Balochistan,Quetta,Quetta City',
      csvField(r.location),
      '30.1982,67.0097,1,Dawn,National',
      csvField(r.notes),
      '3,,1731200000',
    ].join(','),
  );
  return `${HEADER}\n${lines.join('\n')}\n`;
}

const ROWS: Row[] = [
  { key: 'TXT1', date: '2024-12-16', location: 'Warsak Road', notes: 'Gunmen attacked the Army Public School and killed pupils and teachers.' },
  { key: 'TXT2', date: '2024-03-02', location: 'Sariab', notes: 'A bomb went off near a school gate; no one was hurt.' },
  { key: 'TXT3', date: '2019-07-20', location: 'Peshawar Press Club', notes: 'Journalists protested against the closure of newspapers.' },
  { key: 'TXT4', date: '2024-05-09', location: 'Kuchlak', notes: 'پشاور میں آرمی پبلک اسکول پر حملے کی برسی پر احتجاج' },
  { key: 'TXT5', date: '2021-01-05', location: 'Hazara Town', notes: 'Ten coal miners abducted and killed near the mosque; the Peshawar-bound convoy was halted.' },
];

describe('searchWords', () => {
  it('keeps runs of letters and digits of any script and drops operators and punctuation', () => {
    expect(searchWords('Army Public-School, 2024!')).toEqual(['Army', 'Public', 'School', '2024']);
    expect(searchWords('پشاور، اسکول')).toEqual(['پشاور', 'اسکول']);
    expect(searchWords('"NEAR(a b)" -c:* {notes}')).toEqual(['NEAR', 'a', 'b', 'c', 'notes']);
    expect(searchWords('"*-:^()')).toEqual([]);
    // Letters the SQLite tokenizer reads as separators separate here too.
    expect(searchWords('ab\u19B0cd x\u1CF2')).toEqual(['ab', 'cd', 'x']);
  });
});

describe.each(testDialects())('incident text search on %s', (dialect) => {
  let t: TestDatabase;
  let ctx: ImportContext;
  let tmp: string;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await loadGazetteer(t.db, DATA_DIR);
    await loadGroups(t.db, DATA_DIR);
    ctx = await loadImportContext(t.db);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nap-text-'));
  });
  afterAll(async () => {
    await t?.drop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(async () => {
    for (const table of ['incident_district_months', 'incident_links', 'incident_revisions', 'incidents', 'import_batches'] as const) await t.db.kysely.deleteFrom(table).execute();
  });
  // SQLite: the FTS5 index must hold exactly the text of the rows (its integrity check compares
  // the index with the content table) after whatever each test did.
  afterEach(async () => {
    if (dialect === 'sqlite') await sql`insert into incidents_fts (incidents_fts, rank) values ('integrity-check', 1)`.execute(t.db.kysely);
  });

  let files = 0;
  const importRows = async (rows: readonly Row[], bulkIndexRows?: number) => {
    const file = path.join(tmp, `acled-${++files}.csv`);
    fs.writeFileSync(file, acledFile(rows));
    return importIncidentFile(t.db, ctx, { format: 'acled', input: file, bulkIndexRows });
  };
  const keys = async (filters: IncidentFilters) => (await listIncidents(t.db.kysely, filters, '-date', 100)).rows.map((r) => r.native_key).sort();
  const idOf = async (key: string) => Number((await t.db.kysely.selectFrom('incidents').select('id').where('native_key', '=', key).executeTakeFirstOrThrow()).id);

  it('finds incidents by the starts of words, every word required, in notes and place', async () => {
    await importRows(ROWS);
    expect(await keys({ q: 'army public school' })).toEqual(['TXT1']);
    expect(await keys({ q: 'SCHOOL' })).toEqual(['TXT1', 'TXT2']);
    expect(await keys({ q: 'pesh' })).toEqual(['TXT3', 'TXT5']);
    expect(await keys({ q: 'press club' })).toEqual(['TXT3']);
    expect(await keys({ q: 'mosq mine' })).toEqual(['TXT5']);
    expect(await keys({ q: 'school mosque' })).toEqual([]);
    // A word is matched from its start only.
    expect(await keys({ q: 'chool' })).toEqual([]);
    // Urdu, whole words and their starts.
    expect(await keys({ q: 'پشاور' })).toEqual(['TXT4']);
    expect(await keys({ q: 'اسکول حمل' })).toEqual(['TXT4']);
  });

  it('searches within a period, however long, alike in the list, the exports and the counts', async () => {
    await importRows(ROWS);
    expect(await keys({ q: 'school', from: '2024-01-01', to: '2024-12-31' })).toEqual(['TXT1', 'TXT2']);
    expect(await keys({ q: 'school', from: '2024-04-01', to: '2024-12-31' })).toEqual(['TXT1']);
    expect(await keys({ q: 'pesh', from: '2019-07-20', to: '2021-01-04' })).toEqual(['TXT3']);
    expect(await keys({ q: 'pesh', from: '2010-01-01', to: '2025-12-31' })).toEqual(['TXT3', 'TXT5']);
    expect(await keys({ q: 'pesh', from: '2020-01-01' })).toEqual(['TXT5']);
    expect(await keys({ q: 'pesh', to: '2020-01-01' })).toEqual(['TXT3']);

    const exported: string[] = [];
    for await (const page of streamIncidents(t.db.kysely, { q: 'school' })) exported.push(...page.map((r) => r.native_key));
    expect(exported.sort()).toEqual(['TXT1', 'TXT2']);

    const total = async (filters: IncidentFilters) => (await countIncidentsByDistrict(t.db.kysely, filters)).reduce((sum, r) => sum + r.incidents, 0);
    expect(await total({ q: 'school' })).toBe(2);
    expect(await total({ q: 'school', from: '2024-01-01', to: '2024-12-31' })).toBe(2);
    expect(await total({ q: 'pesh', from: '2015-01-01', to: '2024-12-31' })).toBe(2);
    expect(await total({ q: 'pesh', from: '2021-01-01', to: '2024-12-31' })).toBe(1);
  });

  it('answers alike whether it starts from the text matches or checks the period against them', async () => {
    await importRows(ROWS);
    const total = async (filters: IncidentFilters) => (await countIncidentsByDistrict(t.db.kysely, filters)).reduce((sum, r) => sum + r.incidents, 0);
    const searches: IncidentFilters[] = [
      { q: 'school' },
      { q: 'pesh', from: '2019-07-20', to: '2021-01-04' },
      { q: 'pesh', from: '2010-01-01', to: '2025-12-31' },
      { q: 'army public school', from: '2024-01-01' },
      { q: 'nothing-like-this' },
    ];
    for (const search of searches) {
      const byWay = await Promise.all((['first', 'filter'] as const).map(async (way) => ({ keys: await keys({ ...search, text_way: way }), total: await total({ ...search, text_way: way }) })));
      expect(byWay[0], JSON.stringify(search)).toEqual(byWay[1]);
      expect({ keys: await keys(search), total: await total(search) }, JSON.stringify(search)).toEqual(byWay[0]);
    }
    // Few matches are read first; a word that most incidents hold is not.
    expect(await textMatchesFew(t.db.kysely, { q: 'school' })).toBe(true);
    const many = Array.from({ length: FEW_TEXT_MATCHES }, (_, i) => ({ key: `MANY${i}`, date: '2023-06-01', location: 'Sariab', notes: 'A grenade was thrown at a checkpost.' }));
    await importRows(many);
    expect(await textMatchesFew(t.db.kysely, { q: 'grenade' })).toBe(false);
    expect(await textMatchesFew(t.db.kysely, { q: 'grenade schoolyard' })).toBe(true);
    expect(await keys({ q: 'grenade schoolyard' })).toEqual([]);
    expect(await keys({ q: 'grenade sariab', text_way: 'filter' })).toHaveLength(100);
    expect(await total({ q: 'gren', from: '2023-01-01', to: '2023-12-31' })).toBe(FEW_TEXT_MATCHES);
    expect((await listIncidents(t.db.kysely, { q: 'grenade checkpost' }, '-date', 10)).rows).toHaveLength(10);
  });

  it('finds an edited incident by its new text and date and no longer by the old', async () => {
    await importRows(ROWS);
    const id = await idOf('TXT2');
    await incidentService.updateIncidentById(t.db, ctx, id, { notes: 'Gunmen stormed a police checkpost at night.', date_start: '2023-08-14', date_end: '2023-08-14' }, SYSTEM);
    expect(await keys({ q: 'checkpost' })).toEqual(['TXT2']);
    expect(await keys({ q: 'school' })).toEqual(['TXT1']);
    expect(await keys({ q: 'checkpost', from: '2023-01-01', to: '2023-12-31' })).toEqual(['TXT2']);
    expect(await keys({ q: 'checkpost', from: '2024-01-01', to: '2024-12-31' })).toEqual([]);

    await incidentService.deleteIncidentById(t.db, await idOf('TXT1'), SYSTEM);
    expect(await keys({ q: 'school' })).toEqual([]);
    expect(await keys({ q: 'school', include_deleted: true })).toEqual(['TXT1']);
  });

  it('follows imports, re-imports with changed text and undos', async () => {
    const first = await importRows(ROWS);
    const changed = ROWS.map((r) => (r.key === 'TXT3' ? { ...r, notes: 'Traders shut the bazaar in protest.' } : r));
    const second = await importRows(changed);
    expect(second).toMatchObject({ updated: 1, unchanged: ROWS.length - 1 });
    expect(await keys({ q: 'bazaar' })).toEqual(['TXT3']);
    expect(await keys({ q: 'journalists' })).toEqual([]);
    // The place did not change: still found by it.
    expect(await keys({ q: 'press club' })).toEqual(['TXT3']);

    await undoIncidentBatch(t.db, second.batch!);
    expect(await keys({ q: 'bazaar' })).toEqual([]);
    expect(await keys({ q: 'journalists' })).toEqual(['TXT3']);

    await undoIncidentBatch(t.db, first.batch!);
    expect(await keys({ q: 'school' })).toEqual([]);
    expect(await keys({ q: 'پشاور' })).toEqual([]);

    // Importing again brings the tombstones back, found again.
    await importRows(ROWS);
    expect(await keys({ q: 'school' })).toEqual(['TXT1', 'TXT2']);
  });

  it('indexes the text of a bulk load, which rebuilds the indexes, as a row-by-row one', async () => {
    // SQLite: the load runs without the insert trigger (its rows are indexed in one statement at the end).
    const during: string[][] = [];
    const triggers = () => {
      if (t.db.sqlite) during.push((t.db.sqlite.prepare(`select name from sqlite_master where type = 'trigger' order by name`).all() as { name: string }[]).map((r) => r.name));
    };
    const file = path.join(tmp, 'bulk.csv');
    fs.writeFileSync(file, acledFile(ROWS));
    await importIncidentFile(t.db, ctx, { format: 'acled', input: file, bulkIndexRows: 1, onProgress: triggers });
    if (dialect === 'sqlite') expect(during).toEqual([['incidents_fts_delete', 'incidents_fts_update']]);
    expect(await keys({ q: 'pesh' })).toEqual(['TXT3', 'TXT5']);
    expect(await keys({ q: 'school' })).toEqual(['TXT1', 'TXT2']);
    expect(await keys({ q: 'اسکول' })).toEqual(['TXT4']);
    // The insert trigger is back: a single new incident is found.
    await importRows([{ key: 'TXT6', date: '2025-02-01', location: 'Quetta', notes: 'A grenade was thrown at a shop.' }]);
    expect(await keys({ q: 'grenade' })).toEqual(['TXT6']);
  });

  it('never fails on quotes, operators or punctuation, and a query without a word finds nothing', async () => {
    await importRows(ROWS);
    for (const q of ['"', '*', '-', ':', '""', "'", '^', '(', ')', '{}', '\\', '%', '_', '!!', '" *', '-:*"', '("")', 'ab\u19B0cd', '\u1CF3']) {
      expect(await keys({ q }), q).toEqual([]);
      expect(await countIncidentsByDistrict(t.db.kysely, { q, from: '2024-01-01', to: '2024-12-31' }), q).toEqual([]);
    }
    for (const q of ['AND', 'NEAR(', 'OR school', 'NOT school', 'school AND', 'NEAR(school army)', 'school*', '"school', 'school"', 'notes:school', '{notes}:school', 'school -army', "school's", 'school:*', 'school & !army | x']) {
      await expect(keys({ q }), q).resolves.toEqual(expect.any(Array));
      await expect(countIncidentsByDistrict(t.db.kysely, { q, from: '2024-01-01', to: '2024-12-31' }), q).resolves.toEqual(expect.any(Array));
    }
    // Operators are words like any other: required, from their start.
    expect(await keys({ q: 'school -army' })).toEqual(['TXT1']);
    expect(await keys({ q: 'NEAR(school army)' })).toEqual([]);
    expect(await keys({ q: '"school' })).toEqual(['TXT1', 'TXT2']);
    expect(await keys({ q: 'and' })).toEqual(['TXT1', 'TXT5']);
  });
});
