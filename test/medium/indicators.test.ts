import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Gazetteer } from '../../src/core/gazetteer';
import type { IndicatorEntryInput } from '../../src/core/indicators';
import { loadGazetteer } from '../../src/importers/gazetteer';
import {
  IndicatorBatchError,
  importIndicatorFile,
  seedIndicators,
  undoIndicatorBatch,
  type ImportIndicatorOptions,
} from '../../src/importers/indicators/importIndicators';
import { readGazetteerData } from '../../src/server/repositories/gazetteerRepository';
import {
  getIndicator,
  getIndicatorValues,
  latestValuesForArea,
  listIndicators,
  upsertIndicatorValues,
} from '../../src/server/repositories/indicatorRepository';
import { DATA_DIR } from '../helpers/bundledGazetteer';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/databases';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/indicators');
const fixture = (name: string) => path.join(FIXTURES, name);

const METADATA: IndicatorEntryInput[] = [
  {
    code: 'literacy_rate',
    name: 'Literacy rate, population aged 10 and over',
    unit: 'percent (0–100)',
    direction: 'higher_is_better',
    domain: 'Education',
    source: 'Test survey',
    licence: 'CC BY 4.0',
  },
  { code: 'population', name: 'Population', unit: 'persons', direction: 'neutral', source: 'Test census', licence: 'CC BY 4.0' },
];

describe.each(testDialects())('district indicators on %s', (dialect) => {
  let t: TestDatabase;
  let gazetteer: Gazetteer;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await loadGazetteer(t.db, DATA_DIR);
    gazetteer = new Gazetteer(await readGazetteerData(t.db));
  });
  afterAll(async () => t?.drop());

  // The gazetteer is shared reference data; every test starts from an empty catalogue.
  beforeEach(async () => {
    await t.db.kysely.deleteFrom('indicator_values').execute();
    await t.db.kysely.deleteFrom('indicators').execute();
    await t.db.kysely.deleteFrom('import_batches').execute();
  });

  const importFile = (file: string, opts: Partial<ImportIndicatorOptions> = {}) =>
    importIndicatorFile(t.db, gazetteer, { format: 'wide', file: fixture(file), indicators: METADATA, ...opts });

  const counts = async () => {
    const [values, indicators, batches] = await Promise.all(
      (['indicator_values', 'indicators', 'import_batches'] as const).map((table) =>
        t.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ),
    );
    return { values: Number(values!.n), indicators: Number(indicators!.n), batches: Number(batches!.n) };
  };

  const valuesOf = async (code: string, year?: number) =>
    Object.fromEntries((await getIndicatorValues(t.db, code, { year })).rows.map((r) => [r.pcode, r.value]));

  const batchRows = () => t.db.kysely.selectFrom('import_batches').selectAll().orderBy('id').execute();

  it('imports a file as one applied batch, with names resolved to P-codes', async () => {
    const report = await importFile('wide_districts.csv');
    expect(report).toMatchObject({ format: 'wide', rows: 6, imported: 6, updated: 0, unchanged: 0, skipped: 0, rejected: [], unmatched: [] });
    expect(report.names).toEqual({ matched: 3, unmatched: 0 });
    expect(report.indicators.created.sort()).toEqual(['literacy_rate', 'population']);

    const batches = await batchRows();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ id: report.batch, kind: 'indicators', format: 'wide', status: 'applied', undone_at: null });
    expect(JSON.parse(batches[0]!.report)).toMatchObject({ batch: report.batch, imported: 6, sha256: report.sha256 });

    expect(await valuesOf('literacy_rate')).toEqual({ PK226: 59.2, PK528: 55.5, PK617: 74.1 });
    const values = await getIndicatorValues(t.db, 'population');
    expect(values.year).toBe(2020);
    expect(values.rows.find((r) => r.pcode === 'PK617')).toEqual({ pcode: 'PK617', name: 'Lahore', province_pcode: 'PK6', value: 11119985 });

    const literacy = (await listIndicators(t.db)).find((i) => i.code === 'literacy_rate')!;
    expect(literacy).toMatchObject({ first_year: 2020, last_year: 2020, years: [2020], districts: 3, direction: 'higher_is_better' });
    const peshawar = await latestValuesForArea(t.db, 'PK528');
    expect(peshawar.map((v) => [v.code, v.year, v.value])).toEqual(
      expect.arrayContaining([
        ['literacy_rate', 2020, 55.5],
        ['population', 2020, 4269079],
      ]),
    );
  });

  it('keeps province values apart from district values', async () => {
    const report = await importFile('wide_districts.csv');
    await upsertIndicatorValues(t.db, [
      { indicator_code: 'population', area_pcode: 'PK6', area_level: 1, year: 2020, value: 127_688_922, batch_id: report.batch },
    ]);
    expect(await getIndicatorValues(t.db, 'population', { level: 1 })).toEqual({
      year: 2020,
      level: 1,
      rows: [{ pcode: 'PK6', name: 'Punjab', province_pcode: 'PK6', value: 127_688_922 }],
    });
    expect((await getIndicatorValues(t.db, 'population')).rows).toHaveLength(3);
    expect((await getIndicator(t.db, 'population'))!.districts).toBe(3);
    expect(await getIndicatorValues(t.db, 'population', { year: 1999 })).toEqual({ year: 1999, level: 2, rows: [] });
    expect(await getIndicatorValues(t.db, 'no_such_indicator')).toEqual({ year: null, level: 2, rows: [] });
  });

  it('changes nothing when the same file is imported again', async () => {
    const first = await importFile('wide_districts.csv');
    const again = await importFile('wide_districts.csv');
    expect(again).toMatchObject({ batch: null, rows: 6, imported: 0, updated: 0, unchanged: 6, skipped: 0 });
    expect(await counts()).toEqual({ values: 6, indicators: 2, batches: 1 });
    const stored = await t.db.kysely.selectFrom('indicator_values').select('batch_id').distinct().execute();
    expect(stored.map((r) => Number(r.batch_id))).toEqual([first.batch]);
  });

  it('counts a changed value as updated, and undo puts the previous value back', async () => {
    const first = await importFile('wide_districts.csv');
    const revised = await importFile('wide_districts_revised.csv');
    expect(revised).toMatchObject({ rows: 7, imported: 1, updated: 1, unchanged: 5 });
    expect(await valuesOf('literacy_rate')).toEqual({ PK226: 59.2, PK528: 55.5, PK617: 75, PK622: 58.3 });

    const undone = await undoIndicatorBatch(t.db, revised.batch!);
    expect(undone).toEqual({ batch: revised.batch, deleted: 2, restored: 1, indicatorsRemoved: [] });
    expect(await valuesOf('literacy_rate')).toEqual({ PK226: 59.2, PK528: 55.5, PK617: 74.1 });
    const lahore = await t.db.kysely
      .selectFrom('indicator_values')
      .select('batch_id')
      .where('area_pcode', '=', 'PK617')
      .where('indicator_code', '=', 'literacy_rate')
      .executeTakeFirstOrThrow();
    expect(Number(lahore.batch_id)).toBe(first.batch);
    const batch = (await batchRows()).find((b) => b.id === revised.batch)!;
    expect(batch.status).toBe('undone');
    expect(batch.undone_at).not.toBeNull();
  });

  it('undo removes the values of a batch and the catalogue entries it created, once', async () => {
    const report = await importFile('wide_districts.csv');
    const undone = await undoIndicatorBatch(t.db, report.batch!);
    expect(undone.deleted).toBe(6);
    expect(undone.indicatorsRemoved.sort()).toEqual(['literacy_rate', 'population']);
    expect(await counts()).toEqual({ values: 0, indicators: 0, batches: 1 });
    await expect(undoIndicatorBatch(t.db, report.batch!)).rejects.toThrow(IndicatorBatchError);
    await expect(undoIndicatorBatch(t.db, 99_999)).rejects.toThrow(/not found/);
  });

  it('strict refuses a file with a rejected row and writes nothing', async () => {
    const report = await importFile('long_malformed.csv', { format: 'long', strict: true });
    expect(report.batch).toBeNull();
    expect(report.rejected).toHaveLength(4);
    expect(report.warnings.at(-1)).toMatch(/^strict: refused, nothing was written/);
    expect(await counts()).toEqual({ values: 0, indicators: 0, batches: 0 });

    const clean = await importFile('wide_districts.csv', { strict: true });
    expect(clean.imported).toBe(6);
    expect(clean.batch).not.toBeNull();
  });

  it('a dry run reports what would happen and writes nothing', async () => {
    const report = await importFile('wide_districts.csv', { dryRun: true });
    expect(report).toMatchObject({ batch: null, rows: 6, imported: 6 });
    expect(await counts()).toEqual({ values: 0, indicators: 0, batches: 0 });
  });

  it('lists malformed rows with line, column and reason, and unmatched names, while valid rows import', async () => {
    const report = await importFile('long_malformed.csv', { format: 'long' });
    expect(report.rejected).toEqual([
      { line: 3, column: 'value', value: 'seventy', reason: 'value is not a number' },
      { line: 4, column: 'year', value: '20x1', reason: 'year is not a whole number between 1900 and 2100' },
      { line: 5, column: 'district', value: '', reason: 'district name is missing' },
      { line: 11, column: null, value: null, reason: 'expected 6 fields as in the header, found 5' },
    ]);
    expect(report).toMatchObject({ rows: 9, imported: 4, skipped: 1 });
    expect(report.unmatched.map((u) => [u.name, u.province, u.status, u.lines])).toEqual([['Nowhereabad', 'Punjab', 'unknown', [8]]]);
    // "Karachi City" is Karachi as a whole: its rate is carried to the six Karachi districts.
    expect(report.warnings).toContain(
      '"Karachi City" is a former or wider unit: rates and shares carried to Central Karachi, East Karachi, Korangi Karachi, Malir Karachi, South Karachi, West Karachi where the file has no value of their own',
    );
    const karachi = { PK702: 70, PK704: 70, PK712: 70, PK714: 70, PK721: 70, PK729: 70 };
    expect(await valuesOf('literacy_rate', 2021)).toEqual({ PK528: 56.1, PK622: 58.3, PK713: 48, ...karachi });
  });

  it('reads Windows-1252 and BOM files', async () => {
    const cp1252 = await importFile('long_windows1252.csv', { format: 'long' });
    expect(cp1252).toMatchObject({ imported: 2, rejected: [] });
    const bom = await importFile('wide_bom.csv', { year: 2021 });
    expect(bom).toMatchObject({ imported: 2, rejected: [], unmatched: [] });
    expect(await valuesOf('population', 2021)).toEqual({ PK501: 1332912, PK528: 4269079 });
  });

  it('rejects values of an indicator that is neither described nor in the catalogue', async () => {
    const report = await importFile('wide_districts.csv', { indicators: [METADATA[1]!] });
    expect(report.imported).toBe(3);
    expect(report.rejected).toHaveLength(3);
    expect(report.rejected[0]).toMatchObject({ line: 2, column: 'literacy_rate', value: '55.5' });
    expect(report.rejected[0]!.reason).toMatch(/^unknown indicator literacy_rate/);
    // Once the indicator is in the catalogue, a file may use it without describing it.
    await importFile('wide_districts.csv');
    const reuse = await importFile('wide_districts_revised.csv', { indicators: [] });
    expect(reuse).toMatchObject({ rejected: [], imported: 1, updated: 1 });
  });

  it('sums counts of publisher units that share a district, and keeps the best-matched rate', async () => {
    const census = await importFile('census2017_sample.csv', { format: 'census2017' });
    expect(census).toMatchObject({ rows: 4, imported: 4, rejected: [], unmatched: [] });
    expect(census.warnings).toEqual(['"Bannu", "FR Bannu" both map to PK503: 1 count summed']);
    expect(await valuesOf('population', 2017)).toEqual({ PK401: 2001579, PK502: 1093684, PK503: 1167892 + 43114 });

    const poverty = await importFile('poverty2018_sample.csv', { format: 'poverty2018' });
    const karachiRate = expect.closeTo(9.2, 3);
    expect(await valuesOf('poverty_rate', 2018)).toEqual({
      PK501: expect.closeTo(8.56, 2),
      PK503: expect.closeTo(36.2188, 3),
      PK702: karachiRate,
      PK704: karachiRate,
      PK712: karachiRate,
      PK714: karachiRate,
      PK721: karachiRate,
      PK729: karachiRate,
    });
    expect(await valuesOf('poverty_headcount', 2018)).toEqual({ PK501: 125321, PK503: 567780 });
    expect(poverty.rejected.map((r) => [r.line, r.column])).toEqual([
      [4, 'msepovrate'],
      [4, 'povrate'],
      [5, 'povertyheadcount'],
    ]);
    expect(poverty.rejected[1]!.reason).toMatch(/"FR Bannu" and "Bannu" both map to PK503 Bannu; poverty_rate is not a count/);
    // Karachi City's headcount cell is a spreadsheet formula (rejected), and a count would not be
    // divided anyway; its rate goes to each Karachi district.
    expect(poverty.unmatched).toEqual([]);
    expect(poverty.warnings.some((w) => w.startsWith('"Karachi City" is a former or wider unit: rates and shares carried to'))).toBe(true);
  });

  it('carries a former unit\'s rate only to successors without their own value, and never divides its counts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nap-indicators-'));
    const file = path.join(dir, 'split.csv');
    fs.writeFileSync(file, 'district,province,year,population,literacy_rate\nChitral,KP,2016,450000,60\nChitral Upper,KP,2016,,65\n');
    try {
      const report = await importIndicatorFile(t.db, gazetteer, { format: 'wide', file, indicators: METADATA });
      expect(report).toMatchObject({ rows: 3, imported: 2, skipped: 1, unmatched: [] });
      expect(await valuesOf('literacy_rate', 2016)).toEqual({ PK507: 60, PK508: 65 });
      expect(await valuesOf('population', 2016)).toEqual({});
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a district given twice in one file instead of adding it up', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nap-indicators-'));
    const file = path.join(dir, 'twice.csv');
    fs.writeFileSync(file, 'district,province,year,population\nSwat,KP,2020,100\nSwat,KP,2020,120\n');
    try {
      const report = await importIndicatorFile(t.db, gazetteer, { format: 'wide', file, indicators: METADATA });
      expect(report).toMatchObject({ rows: 2, imported: 1 });
      expect(report.rejected).toEqual([
        { line: 3, column: 'population', value: '120', reason: '"Swat" appears again for population 2020; the first value is kept (line 2)' },
      ]);
      expect(await valuesOf('population', 2020)).toEqual({ PK532: 100 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fills gaps in the catalogue from bundled files; a described generic file replaces the entry until undone', async () => {
    await importFile('pslm2019_sample.csv', { format: 'pslm2019' });
    expect(await getIndicator(t.db, 'household_size')).toMatchObject({ direction: 'higher_is_worse', unit: null, first_year: 2019 });

    const renamed: IndicatorEntryInput = { code: 'household_size', name: 'Mean household size', unit: 'persons', direction: 'neutral', source: 'Own survey', licence: 'CC0' };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nap-indicators-'));
    const file = path.join(dir, 'household_size.csv');
    fs.writeFileSync(file, 'district,province,year,household_size\nSwat,KP,2020,7.4\n');
    try {
      const report = await importIndicatorFile(t.db, gazetteer, { format: 'wide', file, indicators: [renamed] });
      expect(report.indicators.changed).toEqual(['household_size']);
      expect(await getIndicator(t.db, 'household_size')).toMatchObject({ name: 'Mean household size', direction: 'neutral', last_year: 2020 });
      await undoIndicatorBatch(t.db, report.batch!);
      expect(await getIndicator(t.db, 'household_size')).toMatchObject({ name: 'Household size', direction: 'higher_is_worse', last_year: 2019 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('bundled data', () => {
    it('seeds every bundled file in seconds, and seeding again changes nothing', { timeout: 120_000 }, async () => {
      const started = Date.now();
      const first = await seedIndicators(t.db, gazetteer, DATA_DIR);
      const seconds = (Date.now() - started) / 1000;
      console.info(`seedIndicators on ${dialect}: ${seconds.toFixed(1)} s`);
      expect(seconds).toBeLessThan(60);
      expect(first.files.map((f) => f.format)).toEqual(['census2023', 'census2017', 'poverty2018', 'data4pakistan', 'pslm2019']);
      expect(first.files.every((f) => f.batch !== null && f.imported > 0)).toBe(true);
      const after = await counts();
      expect(after.batches).toBe(5);
      expect(after.values).toBeGreaterThan(80_000);
      expect((await valuesOf('population', 2023)).PK501).toBe(1419072);
      expect((await getIndicator(t.db, 'access_to_electricity_pct_of_population'))!.years).toContain(2019);

      const again = await seedIndicators(t.db, gazetteer, DATA_DIR);
      expect(again.files.map((f) => f.batch)).toEqual(first.files.map((f) => f.batch));
      expect(again.files.every((f) => f.imported === 0 && f.updated === 0)).toBe(true);
      expect(await counts()).toEqual(after);
      // A re-import read afresh agrees: every value already stored.
      const census = await importIndicatorFile(t.db, gazetteer, { format: 'census2023', file: first.files[0]!.file });
      expect(census).toMatchObject({ batch: null, imported: 0, updated: 0, unchanged: first.files[0]!.imported });
    });

    it('resolves at least 99% of the district names in the bundled files', { timeout: 120_000 }, async () => {
      const result = await seedIndicators(t.db, gazetteer, DATA_DIR);
      const unmatched = result.unmatched.map((u) => `${u.format}: ${u.name} (${u.province ?? '-'})`);
      expect(result.matchedShare, `unmatched names: ${unmatched.join('; ')}`).toBeGreaterThanOrEqual(0.99);
    });
  });
});
