/**
 * The only SQL for district indicators: the catalogue, the values, and the import batches that
 * wrote them. Every function takes a Db or a transaction, so importers can compose them into one
 * atomic write.
 */
import { PostgresAdapter, sql, type Insertable, type Kysely } from 'kysely';
import type { Direction, IndicatorEntry } from '../../core/indicators';
import type { Db } from '../../db/database';
import type { Database, IndicatorTable } from '../../db/tables';

export type Queryable = Db | Kysely<Database>;

function q(db: Queryable): Kysely<Database> {
  return 'kysely' in db ? db.kysely : db;
}

// Rows per multi-row statement: at 6 parameters a row, far below the parameter limits of SQLite
// (32,766) and PostgreSQL (65,535).
const CHUNK = 1000;
// Rows per PostgreSQL statement when values travel as six arrays (one parameter each).
const ARRAY_CHUNK = 20_000;

function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface IndicatorRecord {
  code: string;
  name: string;
  unit: string | null;
  direction: Direction;
  domain: string | null;
  source: string;
  licence: string;
  definition: string | null;
  first_year: number | null;
  last_year: number | null;
}

export interface IndicatorSummary extends IndicatorRecord {
  /** Years with at least one district value, ascending. */
  years: number[];
  /** Districts with at least one value, any year. */
  districts: number;
}

const INDICATOR_COLUMNS = [
  'code',
  'name',
  'unit',
  'direction',
  'domain',
  'source',
  'licence',
  'definition',
  'first_year',
  'last_year',
] as const;

function toRecord(row: Omit<IndicatorTable, 'direction'> & { direction: string }): IndicatorRecord {
  return { ...row, direction: row.direction as Direction };
}

async function coverage(db: Queryable, code?: string): Promise<Map<string, { years: number[]; districts: number }>> {
  let years = q(db)
    .selectFrom('indicator_values')
    .select(['indicator_code', 'year'])
    .where('area_level', '=', 2)
    .groupBy(['indicator_code', 'year'])
    .orderBy('indicator_code')
    .orderBy('year');
  let districts = q(db)
    .selectFrom('indicator_values')
    .select((eb) => ['indicator_code', eb.fn.count<number>('area_pcode').distinct().as('n')])
    .where('area_level', '=', 2)
    .groupBy('indicator_code');
  if (code !== undefined) {
    years = years.where('indicator_code', '=', code);
    districts = districts.where('indicator_code', '=', code);
  }
  const [yearRows, districtRows] = await Promise.all([years.execute(), districts.execute()]);
  const out = new Map<string, { years: number[]; districts: number }>();
  for (const r of yearRows) {
    const entry = out.get(r.indicator_code) ?? { years: [], districts: 0 };
    entry.years.push(Number(r.year));
    out.set(r.indicator_code, entry);
  }
  for (const r of districtRows) {
    const entry = out.get(r.indicator_code) ?? { years: [], districts: 0 };
    entry.districts = Number(r.n);
    out.set(r.indicator_code, entry);
  }
  return out;
}

/** The catalogue, by domain and name, with the years and number of districts that have values. */
/**
 * A key that changes whenever indicator data may have changed: every write to indicators goes
 * through an import batch (applied or undone), so the newest batch and the undo count say it.
 */
export async function indicatorDataVersion(db: Queryable): Promise<string> {
  const row = await q(db)
    .selectFrom('import_batches')
    .select((eb) => [eb.fn.max('id').as('last'), eb.fn.count<number>('undone_at').as('undone')])
    .where('kind', '=', INDICATOR_BATCH_KIND)
    .executeTakeFirst();
  return `${row?.last ?? 0}:${Number(row?.undone ?? 0)}`;
}

export async function listIndicators(db: Queryable): Promise<IndicatorSummary[]> {
  const [rows, cover] = await Promise.all([
    q(db).selectFrom('indicators').select(INDICATOR_COLUMNS).orderBy('domain').orderBy('name').orderBy('code').execute(),
    coverage(db),
  ]);
  return rows.map((r) => ({ ...toRecord(r), years: cover.get(r.code)?.years ?? [], districts: cover.get(r.code)?.districts ?? 0 }));
}

export async function getIndicator(db: Queryable, code: string): Promise<IndicatorSummary | undefined> {
  const row = await q(db).selectFrom('indicators').select(INDICATOR_COLUMNS).where('code', '=', code).executeTakeFirst();
  if (!row) return undefined;
  const cover = (await coverage(db, code)).get(code);
  return { ...toRecord(row), years: cover?.years ?? [], districts: cover?.districts ?? 0 };
}

export async function getIndicatorsByCodes(db: Queryable, codes: readonly string[]): Promise<IndicatorRecord[]> {
  const out: IndicatorRecord[] = [];
  for (const part of chunks([...new Set(codes)], 500)) {
    const rows = await q(db).selectFrom('indicators').select(INDICATOR_COLUMNS).where('code', 'in', part).execute();
    out.push(...rows.map(toRecord));
  }
  return out;
}

export interface AreaValue {
  pcode: string;
  name: string;
  province_pcode: string;
  value: number;
}

/**
 * Values of one indicator for one year at one level (districts by default), by P-code. Without
 * a year, the latest year that has values at that level; `year` is null when there is none.
 */
export async function getIndicatorValues(
  db: Queryable,
  code: string,
  opts: { year?: number; level?: 1 | 2 } = {},
): Promise<{ year: number | null; level: 1 | 2; rows: AreaValue[] }> {
  const level = opts.level ?? 2;
  let year = opts.year ?? null;
  if (year === null) {
    const latest = await q(db)
      .selectFrom('indicator_values')
      .select((eb) => eb.fn.max('year').as('year'))
      .where('indicator_code', '=', code)
      .where('area_level', '=', level)
      .executeTakeFirst();
    year = latest?.year == null ? null : Number(latest.year);
  }
  if (year === null) return { year, level, rows: [] };
  const base = q(db)
    .selectFrom('indicator_values as v')
    .where('v.indicator_code', '=', code)
    .where('v.year', '=', year)
    .where('v.area_level', '=', level);
  const rows =
    level === 2
      ? await base
          .innerJoin('districts as d', 'd.pcode', 'v.area_pcode')
          .select(['v.area_pcode as pcode', 'd.name', 'd.province_pcode', 'v.value'])
          .orderBy('v.area_pcode')
          .execute()
      : await base
          .innerJoin('provinces as p', 'p.pcode', 'v.area_pcode')
          .select(['v.area_pcode as pcode', 'p.name', 'p.pcode as province_pcode', 'v.value'])
          .orderBy('v.area_pcode')
          .execute();
  return { year, level, rows: rows.map((r) => ({ ...r, value: Number(r.value) })) };
}

export interface ValueStats {
  /** Districts with a value. */
  n: number;
  median: number;
  min: number;
  max: number;
}

export interface IndicatorYearSummary {
  /** The year summarised: the one asked for, or the latest with district values; null when none. */
  year: number | null;
  national: ValueStats | null;
  /** Every province with at least one district value that year, by P-code. */
  provinces: (ValueStats & { pcode: string; name: string })[];
}

function statsOf(values: number[]): ValueStats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { n: sorted.length, median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/**
 * The national and per-province median, minimum and maximum of one indicator's district values
 * for a year (the latest when omitted). Medians are computed here rather than in SQL, which has
 * no portable median; a year holds at most a few hundred district values.
 */
export async function summariseIndicatorValues(db: Queryable, code: string, opts: { year?: number } = {}): Promise<IndicatorYearSummary> {
  const [{ year, rows }, provinces] = await Promise.all([
    getIndicatorValues(db, code, { year: opts.year, level: 2 }),
    q(db).selectFrom('provinces').select(['pcode', 'name']).orderBy('pcode').execute(),
  ]);
  const byProvince = new Map<string, number[]>();
  for (const r of rows) {
    const list = byProvince.get(r.province_pcode);
    if (list) list.push(r.value);
    else byProvince.set(r.province_pcode, [r.value]);
  }
  const perProvince: IndicatorYearSummary['provinces'] = [];
  for (const p of provinces) {
    const stats = statsOf(byProvince.get(p.pcode) ?? []);
    if (stats) perProvince.push({ pcode: p.pcode, name: p.name, ...stats });
  }
  return { year, national: statsOf(rows.map((r) => r.value)), provinces: perProvince };
}

export interface AreaIndicatorValue {
  code: string;
  name: string;
  unit: string | null;
  direction: Direction;
  domain: string | null;
  year: number;
  value: number;
}

/** The latest value of every indicator that has one for this area (district or province). */
export async function latestValuesForArea(db: Queryable, pcode: string): Promise<AreaIndicatorValue[]> {
  const rows = await q(db)
    .selectFrom('indicator_values as v')
    .innerJoin('indicators as i', 'i.code', 'v.indicator_code')
    .select(['i.code', 'i.name', 'i.unit', 'i.direction', 'i.domain', 'v.year', 'v.value'])
    .where('v.area_pcode', '=', pcode)
    .where('v.year', '=', (eb) =>
      eb
        .selectFrom('indicator_values as w')
        .select((w) => w.fn.max('w.year').as('y'))
        .whereRef('w.area_pcode', '=', 'v.area_pcode')
        .whereRef('w.indicator_code', '=', 'v.indicator_code'),
    )
    .orderBy('i.domain')
    .orderBy('i.name')
    .execute();
  return rows.map((r) => ({ ...r, direction: r.direction as Direction, year: Number(r.year), value: Number(r.value) }));
}

// ---- writes used by the importer ----

export function valueKey(code: string, pcode: string, year: number): string {
  return `${code}\u0000${pcode}\u0000${year}`;
}

export interface StoredValue {
  value: number;
  batch_id: number | null;
}

/** Every stored value of these indicators, keyed by `valueKey`. */
export async function valuesOfIndicators(db: Queryable, codes: readonly string[]): Promise<Map<string, StoredValue>> {
  const out = new Map<string, StoredValue>();
  for (const part of chunks([...new Set(codes)], 200)) {
    const rows = await q(db)
      .selectFrom('indicator_values')
      .select(['indicator_code', 'area_pcode', 'year', 'value', 'batch_id'])
      .where('indicator_code', 'in', part)
      .execute();
    for (const r of rows) {
      out.set(valueKey(r.indicator_code, r.area_pcode, Number(r.year)), {
        value: Number(r.value),
        batch_id: r.batch_id == null ? null : Number(r.batch_id),
      });
    }
  }
  return out;
}

export interface ValueWrite {
  indicator_code: string;
  area_pcode: string;
  area_level: number;
  year: number;
  value: number;
  batch_id: number | null;
}

/**
 * Inserts values, replacing the value and batch of any already stored for the same key.
 * PostgreSQL receives each chunk as six arrays expanded by `unnest`: one short statement instead
 * of a multi-row VALUES list with thousands of parameters, several times faster for 100,000 rows.
 */
export async function upsertIndicatorValues(db: Queryable, rows: readonly ValueWrite[]): Promise<void> {
  const k = q(db);
  if (isPostgres(k)) {
    for (const part of chunks(rows, ARRAY_CHUNK)) {
      await sql`
        insert into indicator_values (indicator_code, area_pcode, area_level, year, value, batch_id)
        select * from unnest(
          ${part.map((r) => r.indicator_code)}::varchar[],
          ${part.map((r) => r.area_pcode)}::varchar[],
          ${part.map((r) => r.area_level)}::integer[],
          ${part.map((r) => r.year)}::integer[],
          ${part.map((r) => r.value)}::double precision[],
          ${part.map((r) => r.batch_id)}::integer[]
        )
        on conflict (indicator_code, area_pcode, year)
        do update set value = excluded.value, batch_id = excluded.batch_id, area_level = excluded.area_level
      `.execute(k);
    }
    return;
  }
  for (const part of chunks(rows)) {
    await k
      .insertInto('indicator_values')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['indicator_code', 'area_pcode', 'year']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          batch_id: eb.ref('excluded.batch_id'),
          area_level: eb.ref('excluded.area_level'),
        })),
      )
      .execute();
  }
}

/** Inserts values where none is stored for the key; stored values are left alone. */
export async function insertMissingIndicatorValues(db: Queryable, rows: readonly ValueWrite[]): Promise<number> {
  let inserted = 0;
  for (const part of chunks(rows)) {
    const result = await q(db)
      .insertInto('indicator_values')
      .values(part)
      .onConflict((oc) => oc.columns(['indicator_code', 'area_pcode', 'year']).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

export async function deleteValuesOfBatch(db: Queryable, batchId: number): Promise<number> {
  const result = await q(db).deleteFrom('indicator_values').where('batch_id', '=', batchId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertIndicators(db: Queryable, entries: readonly IndicatorEntry[]): Promise<void> {
  const rows: Insertable<IndicatorTable>[] = entries.map((e) => ({
    code: e.code,
    name: e.name,
    unit: e.unit,
    direction: e.direction,
    domain: e.domain,
    source: e.source,
    licence: e.licence,
    definition: e.definition,
    first_year: e.first_year,
    last_year: e.last_year,
  }));
  for (const part of chunks(rows, 200)) await q(db).insertInto('indicators').values(part).execute();
}

export type IndicatorMetadata = Pick<IndicatorRecord, 'name' | 'unit' | 'direction' | 'domain' | 'source' | 'licence' | 'definition'>;

export async function updateIndicatorMetadata(db: Queryable, code: string, metadata: IndicatorMetadata): Promise<void> {
  await q(db)
    .updateTable('indicators')
    .set({
      name: metadata.name,
      unit: metadata.unit,
      direction: metadata.direction,
      domain: metadata.domain,
      source: metadata.source,
      licence: metadata.licence,
      definition: metadata.definition,
    })
    .where('code', '=', code)
    .execute();
}

/** Deletes those of the given indicators that have no value left; returns their codes. */
export async function deleteIndicatorsWithoutValues(db: Queryable, codes: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const part of chunks([...new Set(codes)], 500)) {
    const rows = await q(db)
      .deleteFrom('indicators')
      .where('code', 'in', part)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('indicator_values as v').select('v.id').whereRef('v.indicator_code', '=', 'indicators.code'))),
      )
      .returning('code')
      .execute();
    removed.push(...rows.map((r) => r.code));
  }
  return removed;
}

/** Recomputes first_year and last_year of these indicators from their values. */
export async function refreshIndicatorYears(db: Queryable, codes: readonly string[]): Promise<void> {
  for (const part of chunks([...new Set(codes)], 500)) {
    await q(db)
      .updateTable('indicators')
      .set((eb) => ({
        first_year: eb
          .selectFrom('indicator_values as v')
          .select((v) => v.fn.min('v.year').as('y'))
          .whereRef('v.indicator_code', '=', 'indicators.code'),
        last_year: eb
          .selectFrom('indicator_values as v')
          .select((v) => v.fn.max('v.year').as('y'))
          .whereRef('v.indicator_code', '=', 'indicators.code'),
      }))
      .where('code', 'in', part)
      .execute();
  }
}

// ---- import batches of kind 'indicators' ----

export const INDICATOR_BATCH_KIND = 'indicators';

export interface ImportBatchRecord {
  id: number;
  kind: string;
  format: string;
  file: string;
  status: string;
  created_at: string;
  created_by: number | null;
  undone_at: string | null;
  report: string;
}

export async function createImportBatch(
  db: Queryable,
  batch: { kind: string; format: string; file: string; status: string; created_at: string; created_by: number | null; report: string },
): Promise<number> {
  const row = await q(db).insertInto('import_batches').values(batch).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function setImportBatchReport(db: Queryable, id: number, report: string): Promise<void> {
  await q(db).updateTable('import_batches').set({ report }).where('id', '=', id).execute();
}

export async function getImportBatch(db: Queryable, id: number): Promise<ImportBatchRecord | undefined> {
  const row = await q(db).selectFrom('import_batches').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { ...row, id: Number(row.id) };
}

export async function markImportBatchUndone(db: Queryable, id: number, at: string): Promise<void> {
  await q(db).updateTable('import_batches').set({ status: 'undone', undone_at: at }).where('id', '=', id).execute();
}

/** Applied batches of one kind and format, newest first. */
export async function appliedBatches(db: Queryable, kind: string, format: string): Promise<ImportBatchRecord[]> {
  const rows = await q(db)
    .selectFrom('import_batches')
    .selectAll()
    .where('kind', '=', kind)
    .where('format', '=', format)
    .where('status', '=', 'applied')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
