/**
 * The SQL for storing incidents: bulk writes for imports, single-row reads and writes for the
 * API, revisions (the state before each change, which undo and history read) and the links made
 * by hand between duplicates. Every function takes a Db or a transaction, so an import and an
 * edit each compose them into one atomic write.
 *
 * Bulk inserts skip the query builder: on SQLite, `IncidentBulkWriter` runs multi-row INSERTs
 * prepared once per import on the connection itself (preparing a 7,600-parameter statement per
 * chunk cost more than the rows it wrote); on PostgreSQL each chunk travels as one array per
 * column expanded by `unnest`, one short statement for thousands of rows.
 */
import type SQLite from 'better-sqlite3';
import { CompiledQuery, PostgresAdapter, sql, type Kysely, type Selectable } from 'kysely';
import type { Db } from '../../db/database';
import type { Database, IncidentTable } from '../../db/tables';

export type Queryable = Db | Kysely<Database>;

function q(db: Queryable): Kysely<Database> {
  return 'kysely' in db ? db.kysely : db;
}

function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export type IncidentRow = Selectable<IncidentTable>;

/** Columns that describe an incident (what an import compares, through `content_hash`). */
export const INCIDENT_CONTENT_COLUMNS = [
  'dataset',
  'native_key',
  'title',
  'date_start',
  'date_end',
  'date_precision',
  'province_pcode',
  'district_pcode',
  'tehsil_pcode',
  'place',
  'latitude',
  'longitude',
  'geo_precision',
  'category',
  'event_type',
  'attack_type',
  'suicide',
  'group_code',
  'front',
  'killed_low',
  'killed_best',
  'killed_high',
  'injured_low',
  'injured_best',
  'injured_high',
  'hostages_low',
  'hostages_best',
  'hostages_high',
  'killed_civilians',
  'killed_security',
  'killed_militants',
  'notes',
  'details',
] as const;

export type IncidentContentColumn = (typeof INCIDENT_CONTENT_COLUMNS)[number];
export type IncidentContent = Pick<IncidentTable, IncidentContentColumn>;

export interface IncidentWrite extends IncidentContent {
  content_hash: string;
  batch_id: number | null;
  created_batch_id: number | null;
  created_at: string;
  updated_at: string;
}

const INSERT_COLUMNS = [...INCIDENT_CONTENT_COLUMNS, 'content_hash', 'batch_id', 'created_batch_id', 'created_at', 'updated_at'] as const;
type InsertColumn = (typeof INSERT_COLUMNS)[number];

const PG_TYPES: Record<InsertColumn, string> = {
  dataset: 'varchar',
  native_key: 'varchar',
  title: 'text',
  date_start: 'varchar',
  date_end: 'varchar',
  date_precision: 'varchar',
  province_pcode: 'varchar',
  district_pcode: 'varchar',
  tehsil_pcode: 'varchar',
  place: 'text',
  latitude: 'double precision',
  longitude: 'double precision',
  geo_precision: 'integer',
  category: 'varchar',
  event_type: 'varchar',
  attack_type: 'varchar',
  suicide: 'integer',
  group_code: 'varchar',
  front: 'varchar',
  killed_low: 'integer',
  killed_best: 'integer',
  killed_high: 'integer',
  injured_low: 'integer',
  injured_best: 'integer',
  injured_high: 'integer',
  hostages_low: 'integer',
  hostages_best: 'integer',
  hostages_high: 'integer',
  killed_civilians: 'integer',
  killed_security: 'integer',
  killed_militants: 'integer',
  notes: 'text',
  details: 'text',
  content_hash: 'varchar',
  batch_id: 'integer',
  created_batch_id: 'integer',
  created_at: 'varchar',
  updated_at: 'varchar',
};

// Rows per SQLite statement: 38 parameters a row stays under SQLite's 32,766-parameter limit.
const SQLITE_ROWS = 500;
// Rows per PostgreSQL statement (one array parameter per column, whatever the row count).
const PG_ROWS = 5000;

const sqliteInsertSql = new Map<number, string>();

function sqliteInsert(rows: number): string {
  let text = sqliteInsertSql.get(rows);
  if (!text) {
    const tuple = `(${INSERT_COLUMNS.map(() => '?').join(',')})`;
    text = `insert into incidents (${INSERT_COLUMNS.join(', ')}) values ${Array.from({ length: rows }, () => tuple).join(',')}`;
    sqliteInsertSql.set(rows, text);
  }
  return text;
}

const PG_INSERT = `insert into incidents (${INSERT_COLUMNS.join(', ')}) select * from unnest(${INSERT_COLUMNS.map(
  (c, i) => `$${i + 1}::${PG_TYPES[c]}[]`,
).join(', ')})`;

/** Inserts new incidents in chunks; the caller holds the transaction. */
export async function insertIncidents(db: Queryable, rows: readonly IncidentWrite[]): Promise<void> {
  const k = q(db);
  if (rows.length === 0) return;
  if (isPostgres(k)) {
    for (let start = 0; start < rows.length; start += PG_ROWS) {
      const part = rows.slice(start, start + PG_ROWS);
      const arrays = INSERT_COLUMNS.map((c) => part.map((r) => r[c]));
      await k.executeQuery(CompiledQuery.raw(PG_INSERT, arrays));
    }
    return;
  }
  for (let start = 0; start < rows.length; start += SQLITE_ROWS) {
    const end = Math.min(start + SQLITE_ROWS, rows.length);
    const params: unknown[] = new Array((end - start) * INSERT_COLUMNS.length);
    let p = 0;
    for (let i = start; i < end; i++) {
      const row = rows[i]!;
      for (const c of INSERT_COLUMNS) params[p++] = row[c];
    }
    await k.executeQuery(CompiledQuery.raw(sqliteInsert(end - start), params));
  }
}

// Rows per prepared SQLite INSERT of the bulk writer, and keys per prepared lookup.
const BULK_ROWS = 100;
const LOOKUP_KEYS = 250;
const STORED_KEY_COLUMNS = 'id, native_key, content_hash, batch_id, deleted_at, deleted_reason';

interface StoredKeyRow {
  id: number | bigint;
  native_key: string;
  content_hash: string;
  batch_id: number | bigint | null;
  deleted_at: string | null;
  deleted_reason: string | null;
}

function toStoredKey(r: StoredKeyRow): StoredKey {
  return {
    id: Number(r.id),
    content_hash: r.content_hash,
    batch_id: r.batch_id === null ? null : Number(r.batch_id),
    deleted_at: r.deleted_at,
    deleted_reason: r.deleted_reason,
  };
}

/**
 * Writes an import's new incidents and looks up its stored keys, inside the caller's transaction.
 * On SQLite the statements are prepared once on the connection under the transaction (`db.sqlite`)
 * and run with plain parameter arrays; on PostgreSQL (or a SQLite handle not given) it goes
 * through `insertIncidents` and `findByNativeKeys`.
 */
export class IncidentBulkWriter {
  private insertMany: SQLite.Statement | null = null;
  private insertOne: SQLite.Statement | null = null;
  private lookupMany: SQLite.Statement | null = null;
  private lookupOne: SQLite.Statement | null = null;
  private readonly params: unknown[] = new Array(BULK_ROWS * INSERT_COLUMNS.length);

  constructor(
    private readonly k: Kysely<Database>,
    private readonly sqlite: SQLite.Database | undefined,
  ) {}

  private native(): SQLite.Database | null {
    if (!this.sqlite) return null;
    // Statements run on the connection directly, so they must run inside the caller's transaction.
    if (!this.sqlite.inTransaction) throw new Error('IncidentBulkWriter writes only inside a transaction');
    return this.sqlite;
  }

  async insert(rows: readonly IncidentWrite[]): Promise<void> {
    const db = this.native();
    if (!db) return insertIncidents(this.k, rows);
    const columns = INSERT_COLUMNS.length;
    this.insertMany ??= db.prepare(sqliteInsert(BULK_ROWS));
    this.insertOne ??= db.prepare(sqliteInsert(1));
    const params = this.params;
    let i = 0;
    for (; i + BULK_ROWS <= rows.length; i += BULK_ROWS) {
      let p = 0;
      for (let r = i; r < i + BULK_ROWS; r++) {
        const row = rows[r]!;
        for (let c = 0; c < columns; c++) params[p++] = row[INSERT_COLUMNS[c]!];
      }
      this.insertMany.run(params);
    }
    const one: unknown[] = new Array(columns);
    for (; i < rows.length; i++) {
      const row = rows[i]!;
      for (let c = 0; c < columns; c++) one[c] = row[INSERT_COLUMNS[c]!];
      this.insertOne.run(one);
    }
  }

  /** The stored incidents of a data set with these native keys, by key. */
  async stored(dataset: string, keys: readonly string[]): Promise<Map<string, StoredKey>> {
    const db = this.native();
    if (!db) return findByNativeKeys(this.k, dataset, keys);
    const where = `from incidents where dataset = ? and native_key in`;
    this.lookupMany ??= db.prepare(`select ${STORED_KEY_COLUMNS} ${where} (${Array.from({ length: LOOKUP_KEYS }, () => '?').join(',')})`);
    this.lookupOne ??= db.prepare(`select ${STORED_KEY_COLUMNS} ${where} (?)`);
    const out = new Map<string, StoredKey>();
    let i = 0;
    const params: unknown[] = new Array(LOOKUP_KEYS + 1);
    params[0] = dataset;
    for (; i + LOOKUP_KEYS <= keys.length; i += LOOKUP_KEYS) {
      for (let j = 0; j < LOOKUP_KEYS; j++) params[j + 1] = keys[i + j];
      for (const r of this.lookupMany.all(params) as StoredKeyRow[]) out.set(r.native_key, toStoredKey(r));
    }
    for (; i < keys.length; i++) {
      const r = this.lookupOne.get(dataset, keys[i]) as StoredKeyRow | undefined;
      if (r) out.set(r.native_key, toStoredKey(r));
    }
    return out;
  }
}

/**
 * Secondary indexes of `incidents` (SQLite), with the SQL that made them. A bulk load into a
 * table much smaller than itself drops them and builds them again afterwards: sorting a million
 * keys once is many times faster than a million random inserts into B-trees larger than the page
 * cache. Done inside the import's transaction, so a failed import leaves them as they were; the
 * unique key index (the primary and unique constraints) stays, as the import reads it.
 *
 * The text index (`incidents_fts`) loses its insert trigger likewise: the rows the load adds (ids
 * above the highest one now) are indexed by one statement at its end. Its update and delete
 * triggers stay, for the stored rows the load changes.
 */
export async function dropIncidentIndexes(db: Queryable): Promise<string[]> {
  const k = q(db);
  if (isPostgres(k)) return [];
  const rows = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'index' and tbl_name = 'incidents' and sql is not null order by name`.execute(k);
  const dropped: string[] = [];
  for (const r of rows.rows) {
    // An index led by a column the whole batch writes alike is only appended to: kept, as
    // maintaining it costs less than another pass over the table to build it again.
    const first = await sql<{ name: string }>`select name from pragma_index_info(${r.name}) where seqno = 0`.execute(k);
    if (APPENDED_LEADS.has(first.rows[0]?.name ?? '')) continue;
    await sql`drop index ${sql.id(r.name)}`.execute(k);
    dropped.push(r.sql);
  }
  const trigger = await sql<{ sql: string }>`select sql from sqlite_master where type = 'trigger' and name = ${FTS_INSERT_TRIGGER}`.execute(k);
  if (trigger.rows[0]) {
    const above = await incidentIdHighWater(k);
    await sql`drop trigger ${sql.id(FTS_INSERT_TRIGGER)}`.execute(k);
    dropped.push(
      `insert into incidents_fts (rowid, title, place, notes, date_start) select id, title, place, notes, date_start from incidents where id > ${above}`,
      trigger.rows[0].sql,
    );
  }
  return dropped;
}

const FTS_INSERT_TRIGGER = 'incidents_fts_insert';

// Columns an import writes with one value for all its rows (the batch, its time; no cluster yet).
const APPENDED_LEADS = new Set(['updated_at', 'created_at', 'batch_id', 'created_batch_id', 'cluster_id']);

/** Builds again the indexes `dropIncidentIndexes` dropped (and indexes the new rows' text). */
export async function restoreIncidentIndexes(db: Queryable, statements: readonly string[]): Promise<void> {
  const k = q(db);
  for (const text of statements) await k.executeQuery(CompiledQuery.raw(text, []));
}

/** An upper bound of the number of incidents stored (tombstones included), read in constant time. */
export async function incidentIdHighWater(db: Queryable): Promise<number> {
  const row = await q(db)
    .selectFrom('incidents')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return row?.id == null ? 0 : Number(row.id);
}

/**
 * Gives SQLite a page cache large enough for bulk imports (32 MB instead of 2 MB): index pages of a
 * table of millions of rows then stay in memory instead of being read back for every chunk.
 * PostgreSQL manages its own buffers.
 */
export async function prepareForBulkWrite(db: Queryable): Promise<void> {
  const k = q(db);
  if (!isPostgres(k)) await sql`pragma cache_size = -32768`.execute(k);
}

const UPDATE_COLUMNS = [...INCIDENT_CONTENT_COLUMNS, 'content_hash', 'batch_id', 'updated_at'] as const;

/**
 * Replaces the content of an incident (an import's newer version, or a tombstone an undo left and
 * a re-import brings back), clearing any deletion.
 */
export async function replaceIncidentContent(
  db: Queryable,
  id: number,
  row: IncidentContent & { content_hash: string; batch_id: number | null; updated_at: string; created_batch_id?: number | null },
): Promise<void> {
  const k = q(db);
  const pg = isPostgres(k);
  const sets = UPDATE_COLUMNS.map((c, i) => `${c} = ${pg ? `$${i + 1}` : '?'}`);
  const params: unknown[] = UPDATE_COLUMNS.map((c) => row[c]);
  if (row.created_batch_id !== undefined) {
    params.push(row.created_batch_id);
    sets.push(`created_batch_id = ${pg ? `$${params.length}` : '?'}`);
  }
  params.push(id);
  const text = `update incidents set ${sets.join(', ')}, deleted_at = null, deleted_reason = null where id = ${pg ? `$${params.length}` : '?'}`;
  await k.executeQuery(CompiledQuery.raw(text, params));
}

export interface StoredKey {
  id: number;
  content_hash: string;
  batch_id: number | null;
  deleted_at: string | null;
  deleted_reason: string | null;
}

/** The stored incidents of a data set with these native keys, by key. */
export async function findByNativeKeys(db: Queryable, dataset: string, keys: readonly string[]): Promise<Map<string, StoredKey>> {
  const out = new Map<string, StoredKey>();
  for (let start = 0; start < keys.length; start += 2000) {
    const rows = await q(db)
      .selectFrom('incidents')
      .select(['id', 'native_key', 'content_hash', 'batch_id', 'deleted_at', 'deleted_reason'])
      .where('dataset', '=', dataset)
      .where('native_key', 'in', keys.slice(start, start + 2000))
      .execute();
    for (const r of rows) out.set(r.native_key, toStoredKey(r));
  }
  return out;
}

export async function datasetIsEmpty(db: Queryable, dataset: string): Promise<boolean> {
  const row = await q(db).selectFrom('incidents').select('id').where('dataset', '=', dataset).limit(1).executeTakeFirst();
  return row === undefined;
}

export async function getIncidentRow(db: Queryable, id: number): Promise<IncidentRow | undefined> {
  const row = await q(db).selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  return row && normaliseRow(row);
}

export async function getIncidentRows(db: Queryable, ids: readonly number[]): Promise<IncidentRow[]> {
  const out: IncidentRow[] = [];
  for (let start = 0; start < ids.length; start += 1000) {
    const rows = await q(db)
      .selectFrom('incidents')
      .selectAll()
      .where('id', 'in', ids.slice(start, start + 1000))
      .execute();
    out.push(...rows.map(normaliseRow));
  }
  return out;
}

/** PostgreSQL returns serial ids and integers as numbers already; SQLite too. Kept for symmetry of types. */
export function normaliseRow(row: IncidentRow): IncidentRow {
  return { ...row, id: Number(row.id) };
}

export async function insertIncident(db: Queryable, row: IncidentWrite): Promise<number> {
  const inserted = await q(db).insertInto('incidents').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function updateIncident(db: Queryable, id: number, changes: Partial<Omit<IncidentTable, 'id'>>): Promise<void> {
  await q(db).updateTable('incidents').set(changes).where('id', '=', id).execute();
}

// ---- revisions ----

export interface RevisionWrite {
  incident_id: number;
  batch_id: number | null;
  action: 'import' | 'edit' | 'delete';
  previous: string;
  actor_id: number | null;
  created_at: string;
}

export async function insertRevisions(db: Queryable, rows: readonly RevisionWrite[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    await q(db)
      .insertInto('incident_revisions')
      .values(rows.slice(start, start + 500))
      .execute();
  }
}

export async function revisionsOfBatch(db: Queryable, batchId: number) {
  return q(db)
    .selectFrom('incident_revisions')
    .select(['id', 'incident_id', 'previous'])
    .where('batch_id', '=', batchId)
    .orderBy('id', 'desc')
    .execute();
}

export async function revisionsOfIncident(db: Queryable, incidentId: number) {
  return q(db)
    .selectFrom('incident_revisions')
    .select(['id', 'batch_id', 'action', 'actor_id', 'created_at'])
    .where('incident_id', '=', incidentId)
    .orderBy('id')
    .execute();
}

// ---- undo ----

/** Ids of the live incidents a batch created. */
export async function liveIdsCreatedByBatch(db: Queryable, batchId: number): Promise<number[]> {
  const rows = await q(db)
    .selectFrom('incidents')
    .select('id')
    .where('created_batch_id', '=', batchId)
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((r) => Number(r.id));
}

/** Marks the incidents a batch created as deleted by its undo; returns how many. */
export async function tombstoneCreatedByBatch(db: Queryable, batchId: number, at: string): Promise<number> {
  const result = await q(db)
    .updateTable('incidents')
    .set({ deleted_at: at, deleted_reason: 'import_undone', updated_at: at, cluster_id: null })
    .where('created_batch_id', '=', batchId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---- clusters ----

export interface ClusterScope {
  districts: readonly string[];
  from: string;
  to: string;
}

/**
 * Whether any incident at all (tombstones too) is of a data set other than these, or in a cluster:
 * a few probes of the unique key index and the cluster index, so a first import of one data set
 * does not scan the rows it just wrote.
 */
async function anyOtherDatasetOrCluster(k: Kysely<Database>, datasets: readonly string[]): Promise<boolean> {
  const clustered = await k.selectFrom('incidents').select('id').where('cluster_id', 'is not', null).limit(1).executeTakeFirst();
  if (clustered) return true;
  const sorted = [...new Set(datasets)].sort();
  if (sorted.length === 0) return (await k.selectFrom('incidents').select('id').limit(1).executeTakeFirst()) !== undefined;
  // Ranges of data set names outside the list: before the first, between neighbours, after the last.
  const ranges: [string | null, string | null][] = [[null, sorted[0]!]];
  for (let i = 1; i < sorted.length; i++) ranges.push([sorted[i - 1]!, sorted[i]!]);
  ranges.push([sorted[sorted.length - 1]!, null]);
  for (const [above, below] of ranges) {
    let probe = k.selectFrom('incidents').select('id');
    if (above !== null) probe = probe.where('dataset', '>', above);
    if (below !== null) probe = probe.where('dataset', '<', below);
    if (await probe.limit(1).executeTakeFirst()) return true;
  }
  return false;
}

/** Whether any live incident in the scope is of another data set, or already in a cluster. */
export async function scopeMayCluster(db: Queryable, scope: ClusterScope, datasets: readonly string[]): Promise<boolean> {
  if (!(await anyOtherDatasetOrCluster(q(db), datasets))) return false;
  for (let start = 0; start < scope.districts.length; start += 500) {
    const part = scope.districts.slice(start, start + 500);
    const row = await q(db)
      .selectFrom('incidents')
      .select('id')
      .where('district_pcode', 'in', part)
      .where('date_start', '<=', scope.to)
      .where('date_end', '>=', scope.from)
      .where('deleted_at', 'is', null)
      .where((eb) => eb.or([eb('dataset', 'not in', datasets.length ? [...datasets] : ['']), eb('cluster_id', 'is not', null)]))
      .limit(1)
      .executeTakeFirst();
    if (row) return true;
  }
  return false;
}

export interface ClusterRow {
  id: number;
  dataset: string;
  date_start: string;
  date_end: string;
  date_precision: string;
  district_pcode: string | null;
  category: string;
  killed_low: number | null;
  killed_best: number | null;
  killed_high: number | null;
  cluster_id: number | null;
}

const CLUSTER_COLUMNS = [
  'id',
  'dataset',
  'date_start',
  'date_end',
  'date_precision',
  'district_pcode',
  'category',
  'killed_low',
  'killed_best',
  'killed_high',
  'cluster_id',
] as const;

function toClusterRow(r: ClusterRow): ClusterRow {
  return { ...r, id: Number(r.id), cluster_id: r.cluster_id === null ? null : Number(r.cluster_id) };
}

/** Live incidents in the scope, plus every member of the clusters they belong to. */
export async function clusterRowsInScope(db: Queryable, scope: ClusterScope): Promise<ClusterRow[]> {
  const byId = new Map<number, ClusterRow>();
  for (let start = 0; start < scope.districts.length; start += 500) {
    const rows = await q(db)
      .selectFrom('incidents')
      .select(CLUSTER_COLUMNS)
      .where('district_pcode', 'in', scope.districts.slice(start, start + 500))
      .where('date_start', '<=', scope.to)
      .where('date_end', '>=', scope.from)
      .where('deleted_at', 'is', null)
      .execute();
    for (const r of rows) byId.set(Number(r.id), toClusterRow(r));
  }
  const clusterIds = [...new Set([...byId.values()].map((r) => r.cluster_id).filter((c): c is number => c !== null))];
  for (let start = 0; start < clusterIds.length; start += 500) {
    const rows = await q(db)
      .selectFrom('incidents')
      .select(CLUSTER_COLUMNS)
      .where('cluster_id', 'in', clusterIds.slice(start, start + 500))
      .where('deleted_at', 'is', null)
      .execute();
    for (const r of rows) if (!byId.has(Number(r.id))) byId.set(Number(r.id), toClusterRow(r));
  }
  return [...byId.values()];
}

export async function clusterRowsByIds(db: Queryable, ids: readonly number[]): Promise<ClusterRow[]> {
  const out: ClusterRow[] = [];
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await q(db)
      .selectFrom('incidents')
      .select(CLUSTER_COLUMNS)
      .where('id', 'in', ids.slice(start, start + 500))
      .where('deleted_at', 'is', null)
      .execute();
    out.push(...rows.map(toClusterRow));
  }
  return out;
}

export async function membersOfCluster(db: Queryable, clusterId: number): Promise<ClusterRow[]> {
  const rows = await q(db).selectFrom('incidents').select(CLUSTER_COLUMNS).where('cluster_id', '=', clusterId).orderBy('id').execute();
  return rows.map(toClusterRow);
}

/** Sets `cluster_id` of each listed incident; `updated_at` moves so delta sync sees the change. */
export async function setClusterIds(db: Queryable, changes: readonly { id: number; cluster_id: number | null }[], at: string): Promise<void> {
  const byCluster = new Map<number | null, number[]>();
  for (const c of changes) {
    const list = byCluster.get(c.cluster_id);
    if (list) list.push(c.id);
    else byCluster.set(c.cluster_id, [c.id]);
  }
  for (const [clusterId, ids] of byCluster) {
    for (let start = 0; start < ids.length; start += 500) {
      await q(db)
        .updateTable('incidents')
        .set({ cluster_id: clusterId, updated_at: at })
        .where('id', 'in', ids.slice(start, start + 500))
        .execute();
    }
  }
}

// ---- links made by hand ----

export interface LinkDecision {
  incident_a: number;
  incident_b: number;
  decision: 'link' | 'separate';
}

export async function linkDecisionsFor(db: Queryable, ids: readonly number[]): Promise<LinkDecision[]> {
  const out = new Map<string, LinkDecision>();
  for (let start = 0; start < ids.length; start += 500) {
    const part = ids.slice(start, start + 500);
    const rows = await q(db)
      .selectFrom('incident_links')
      .select(['incident_a', 'incident_b', 'decision'])
      .where((eb) => eb.or([eb('incident_a', 'in', part), eb('incident_b', 'in', part)]))
      .execute();
    for (const r of rows) {
      out.set(`${r.incident_a}:${r.incident_b}`, {
        incident_a: Number(r.incident_a),
        incident_b: Number(r.incident_b),
        decision: r.decision === 'link' ? 'link' : 'separate',
      });
    }
  }
  return [...out.values()];
}

/** Records a decision about a pair, replacing any earlier one. */
export async function saveLinkDecision(db: Queryable, a: number, b: number, decision: 'link' | 'separate', by: number | null, at: string): Promise<void> {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  await q(db)
    .insertInto('incident_links')
    .values({ incident_a: lo, incident_b: hi, decision, created_by: by, created_at: at })
    .onConflict((oc) => oc.columns(['incident_a', 'incident_b']).doUpdateSet({ decision, created_by: by, created_at: at }))
    .execute();
}

export async function countLiveIncidents(db: Queryable): Promise<number> {
  const row = await q(db)
    .selectFrom('incidents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Distinct data sets with live incidents, and how many each. */
export async function datasetCounts(db: Queryable): Promise<{ dataset: string; incidents: number }[]> {
  const rows = await q(db)
    .selectFrom('incidents')
    .select(['dataset', sql<number>`count(*)`.as('n')])
    .where('deleted_at', 'is', null)
    .groupBy('dataset')
    .orderBy('dataset')
    .execute();
  return rows.map((r) => ({ dataset: r.dataset, incidents: Number(r.n) }));
}

/** Citations of these source ids (the bibliography in `sources`). */
export async function sourcesByIds(db: Queryable, ids: readonly string[]): Promise<{ id: string; citation: string }[]> {
  if (ids.length === 0) return [];
  return q(db).selectFrom('sources').select(['id', 'citation']).where('id', 'in', [...ids]).orderBy('id').execute();
}
