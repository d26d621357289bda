/**
 * The analytics benchmark: on a database holding the synthetic incidents (bench/run.ts imports
 * them), times every registered analysis and the incident sums the analyses read, on SQLite and
 * PostgreSQL, and beside each the time DuckDB takes for the same sums over the same rows (loaded
 * into DuckDB in memory) — the reference for a columnar engine scanning raw incidents. It also
 * times a full refresh of the aggregate tables (what the end of a 1,000,000-row import runs).
 *
 *   npm run bench -- --rows 1000000 --only analytics
 *   node --import tsx bench/analytics.ts --sqlite DB_FILE [--iterations 30]   (an imported database)
 *
 * PostgreSQL runs when BENCH_DATABASE_URL or TEST_DATABASE_URL names a database whose role may
 * create databases: a database of its own is created, filled with the same incidents, and dropped.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { z } from 'zod';
import { NO_FILTERS, type AnalysisFilters } from '../src/core/analytics/filters';
import { openDatabase, type Db } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import type { Database } from '../src/db/tables';
import { loadGazetteer } from '../src/importers/gazetteer';
import { loadGroups } from '../src/importers/incidents/groups';
import { seed } from '../src/importers/seed';
import { factTableFor, incidentMonthRange, observeFactQueries, scanIncidentFacts, sumIncidentFacts, type FactDimension } from '../src/server/queries/incidentFacts';
import { refreshIncidentAggregates } from '../src/server/repositories/incidentSummaryRepository';
import { runAnalysis } from '../src/server/services/analytics/analysis';
import { ANALYSES } from '../src/server/services/analytics/registry';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA_DIR = path.join(ROOT, 'data');
const TARGET_MS = 100;
/** Analyses held to the 100 ms target (trends, surges and the district map metrics). */
const FAST = new Set(['trends', 'surges', 'districts']);

type Log = (line: string) => void;

interface Timing {
  p50: number;
  p95: number;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

async function time(iterations: number, fn: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The incident sums the analyses typically ask for. */
const SUMS: { name: string; filters: Partial<AnalysisFilters>; by: FactDimension[] }[] = [
  { name: 'national, by month', filters: {}, by: ['month'] },
  { name: 'by month and province', filters: {}, by: ['month', 'province'] },
  { name: 'by quarter and front', filters: {}, by: ['quarter', 'front'] },
  { name: 'by year, group and category', filters: {}, by: ['year', 'group', 'category'] },
  { name: 'districts, one year (map)', filters: { from: '2024-01', to: '2024-12' }, by: ['district'] },
  { name: 'districts, all years (map)', filters: {}, by: ['province', 'district'] },
  { name: 'districts by month, 15 months (surges)', filters: { from: '2024-10', to: '2025-12' }, by: ['month', 'district'] },
  { name: 'districts by year, 5 years (impact)', filters: { from: '2021-01', to: '2025-12' }, by: ['year', 'district'] },
  { name: 'districts, one year, attacks by one front', filters: { from: '2024-01', to: '2024-12', fronts: ['ttp-and-affiliates'], categories: ['militant_attack'] }, by: ['district'] },
  { name: 'districts by category, one year', filters: { from: '2024-01', to: '2024-12' }, by: ['district', 'category'] },
  { name: 'districts by attack type, all years', filters: {}, by: ['district', 'attack_type'] },
];

// ---- DuckDB: the same sums over the raw incidents ----

const DUCK_DIMENSION: Record<FactDimension, string> = {
  month: 'substr(date_start, 1, 7)',
  quarter: "substr(date_start, 1, 4) || 'Q' || cast((cast(substr(date_start, 6, 2) as integer) + 2) // 3 as varchar)",
  year: 'substr(date_start, 1, 4)',
  province: "coalesce(province_pcode, '')",
  district: "coalesce(district_pcode, '')",
  front: "coalesce(front, '')",
  group: "coalesce(group_code, '')",
  category: 'category',
  attack_type: "coalesce(attack_type, '')",
};

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

function duckSql(filters: AnalysisFilters, by: readonly FactDimension[]): string {
  const range = (n: string) =>
    `coalesce(sum(coalesce(${n}_low, ${n}_best, ${n}_high)), 0), coalesce(sum(coalesce(${n}_best, ${n}_low, ${n}_high)), 0), coalesce(sum(coalesce(${n}_high, ${n}_best, ${n}_low)), 0)`;
  const where = ['deleted_at is null', '(cluster_id is null or cluster_id = id)'];
  if (filters.from) where.push(`date_start >= ${quote(`${filters.from}-01`)}`);
  if (filters.to) where.push(`date_start <= ${quote(`${filters.to}-31`)}`);
  const inList = (column: string, values: readonly string[]) => values.length && where.push(`${column} in (${values.map(quote).join(', ')})`);
  inList('province_pcode', filters.provinces);
  inList('district_pcode', filters.districts);
  inList('front', filters.fronts);
  inList('group_code', filters.groups);
  inList('category', filters.categories);
  const keys = by.map((d) => DUCK_DIMENSION[d]);
  return (
    `select ${[...keys, 'count(*) as incidents', 'coalesce(sum(case when suicide = 1 then 1 else 0 end), 0)', range('killed'), range('injured'), range('hostages')].join(', ')} ` +
    `from incidents where ${where.join(' and ')}${keys.length ? ` group by ${keys.join(', ')}` : ''}`
  );
}

const DUCK_COLUMNS = [
  'id',
  'date_start',
  'province_pcode',
  'district_pcode',
  'front',
  'group_code',
  'category',
  'attack_type',
  'suicide',
  'killed_low',
  'killed_best',
  'killed_high',
  'injured_low',
  'injured_best',
  'injured_high',
  'hostages_low',
  'hostages_best',
  'hostages_high',
  'deleted_at',
  'cluster_id',
] as const;
const DUCK_INTEGER = new Set(['id', 'suicide', 'cluster_id', 'killed_low', 'killed_best', 'killed_high', 'injured_low', 'injured_best', 'injured_high', 'hostages_low', 'hostages_best', 'hostages_high']);

/** The incidents of the SQLite database, in a DuckDB in-memory table. */
async function loadDuckDb(k: Kysely<Database>): Promise<{ duck: DuckDBConnection; rows: number; ms: number }> {
  const start = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const duck = await instance.connect();
  await duck.run(`create table incidents (${DUCK_COLUMNS.map((c) => `${c} ${DUCK_INTEGER.has(c) ? 'integer' : 'varchar'}`).join(', ')})`);
  const appender = await duck.createAppender('incidents');
  let rows = 0;
  let after = 0;
  for (;;) {
    const page = await k.selectFrom('incidents').select([...DUCK_COLUMNS]).where('id', '>', after).orderBy('id').limit(50_000).execute();
    if (page.length === 0) break;
    for (const r of page) {
      for (const c of DUCK_COLUMNS) {
        const v = r[c];
        if (v === null) appender.appendNull();
        else if (DUCK_INTEGER.has(c)) appender.appendInteger(Number(v));
        else appender.appendVarchar(String(v));
      }
      appender.endRow();
    }
    rows += page.length;
    after = page[page.length - 1]!.id;
  }
  appender.closeSync();
  return { duck, rows, ms: performance.now() - start };
}

async function duckTime(duck: DuckDBConnection, iterations: number, queries: string[]): Promise<Timing> {
  return time(iterations, async () => {
    for (const q of queries) await duck.runAndReadAll(q);
  });
}

// ---- one database ----

interface Line {
  name: string;
  kind: 'analysis' | 'sum';
  ms: Timing;
  duck: Timing | null;
  table: string;
  target: boolean;
}

async function benchDatabase(db: Db, label: string, duck: DuckDBConnection, iterations: number, log: Log): Promise<void> {
  const k = db.kysely;
  const districts = (await k.selectFrom('districts').select('pcode').execute()).map((r) => r.pcode);
  const months = await incidentMonthRange(db);
  const start = performance.now();
  await k.transaction().execute((trx) => refreshIncidentAggregates(trx, months && { districts, fromMonth: months.first, toMonth: months.last }));
  const refreshMs = performance.now() - start;

  const lines: Line[] = [];
  for (const analysis of ANALYSES) {
    const options = z.object(analysis.options).parse({}) as Record<string, unknown>;
    const calls: { filters: AnalysisFilters; by: FactDimension[] }[] = [];
    observeFactQueries((filters, by) => calls.push({ filters, by: [...by] }));
    let failed: string | null = null;
    try {
      await runAnalysis(db, analysis, NO_FILTERS, options);
    } catch (error) {
      failed = (error as Error).message;
    }
    observeFactQueries(null);
    if (failed) {
      log(`  ${label}: analysis ${analysis.name} failed: ${failed}`);
      continue;
    }
    const ms = await time(iterations, () => runAnalysis(db, analysis, NO_FILTERS, options));
    const duckMs = calls.length ? await duckTime(duck, iterations, calls.map((c) => duckSql(c.filters, c.by))) : null;
    const tables = [...new Set(calls.map((c) => factTableFor(c.filters, c.by) ?? 'incidents'))].join(', ');
    lines.push({ name: `${analysis.name} (${calls.length} sum${calls.length === 1 ? '' : 's'})`, kind: 'analysis', ms, duck: duckMs, table: tables || '-', target: FAST.has(analysis.name) });
  }
  for (const s of SUMS) {
    const filters = { ...NO_FILTERS, ...s.filters };
    const ms = await time(iterations, () => sumIncidentFacts(db, filters, s.by));
    const duckMs = await duckTime(duck, iterations, [duckSql(filters, s.by)]);
    lines.push({ name: s.name, kind: 'sum', ms, duck: duckMs, table: factTableFor(filters, s.by) ?? 'incidents', target: true });
  }
  // What the tables save: the same sum counted from the incidents themselves.
  const scanned = await time(3, () => scanIncidentFacts(db, NO_FILTERS, ['month', 'province']));

  log('');
  log(`${label}: full refresh of the aggregate tables (as at the end of an import of every row) ${fmt(refreshMs / 1000, 2)} s`);
  log(`  ${'what'.padEnd(48)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'DuckDB p50'.padStart(11)} ${'DuckDB p95'.padStart(11)}  verdict                       read from`);
  for (const l of lines) {
    const verdicts: string[] = [];
    if (l.target) verdicts.push(l.ms.p95 < TARGET_MS ? '<100 ms' : 'MISSES 100 ms');
    if (l.duck) verdicts.push(l.ms.p95 <= l.duck.p95 ? '≤ DuckDB' : 'slower than DuckDB');
    log(
      `  ${`${l.kind === 'analysis' ? 'analysis ' : 'sum '}${l.name}`.padEnd(48).slice(0, 48)} ${fmt(l.ms.p50).padStart(8)} ${fmt(l.ms.p95).padStart(8)} ${(l.duck ? fmt(l.duck.p50) : '-').padStart(11)} ${(l.duck ? fmt(l.duck.p95) : '-').padStart(11)}  ${verdicts.join(', ').padEnd(29)} ${l.table}`,
    );
  }
  log(`  ${'scan of incidents, by month and province'.padEnd(48)} ${fmt(scanned.p50).padStart(8)} ${fmt(scanned.p95).padStart(8)}   (the same sum without the aggregate tables, 3 runs)`);
}

// ---- PostgreSQL copy ----

const COPY_COLUMNS = [
  'id',
  'dataset',
  'native_key',
  'date_start',
  'date_end',
  'date_precision',
  'province_pcode',
  'district_pcode',
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
  'content_hash',
  'created_at',
  'updated_at',
  'deleted_at',
  'cluster_id',
] as const;
const PG_TYPES: Partial<Record<(typeof COPY_COLUMNS)[number], string>> = Object.fromEntries(
  ['id', 'suicide', 'cluster_id', 'killed_low', 'killed_best', 'killed_high', 'injured_low', 'injured_best', 'injured_high', 'hostages_low', 'hostages_best', 'hostages_high'].map((c) => [c, 'int']),
);

/** A new PostgreSQL database with the same incidents (the analysed columns), copied in large batches. */
async function copyToPostgres(base: string, source: Kysely<Database>, log: Log): Promise<{ db: Db; drop: () => Promise<void> }> {
  const name = `nap_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = openDatabase({ dialect: 'postgres', location: url.toString() });
  const drop = async () => {
    await db.close();
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name}`);
    await c.end();
  };
  const start = performance.now();
  await migrateToLatest(db);
  await loadGazetteer(db, DATA_DIR);
  await loadGroups(db, DATA_DIR);
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  let after = 0;
  let rows = 0;
  for (;;) {
    const page = await source.selectFrom('incidents').select([...COPY_COLUMNS]).where('id', '>', after).orderBy('id').limit(50_000).execute();
    if (page.length === 0) break;
    const arrays = COPY_COLUMNS.map((c) => page.map((r) => r[c]));
    await client.query(
      `insert into incidents (${COPY_COLUMNS.join(', ')}, details) select *, '{}' from unnest(${COPY_COLUMNS.map((c, i) => `$${i + 1}::${PG_TYPES[c] ?? 'text'}[]`).join(', ')})`,
      arrays,
    );
    rows += page.length;
    after = page[page.length - 1]!.id;
  }
  await client.query(`select setval(pg_get_serial_sequence('incidents', 'id'), ${after})`);
  await client.query('analyze');
  await client.end();
  // Plans, progress and indicators as on SQLite (the bundled incidents are then imported too).
  await seed(db, DATA_DIR);
  log(`PostgreSQL: ${fmt(rows, 0)} incidents copied into ${name} in ${fmt((performance.now() - start) / 1000, 1)} s`);
  return { db, drop };
}

export interface AnalyticsBenchOptions {
  /** A migrated SQLite database holding the incidents. */
  sqlite: string;
  iterations: number;
  log: Log;
}

export async function benchAnalytics(opts: AnalyticsBenchOptions): Promise<void> {
  const { log } = opts;
  const db = openDatabase({ dialect: 'sqlite', location: opts.sqlite });
  const applied = await migrateToLatest(db);
  if (applied.length) log(`applied ${applied.join(', ')} to ${opts.sqlite}`);
  // The analyses of deprivation, risk and plan implementation need the plans, the progress history
  // and the indicators: the bundled data (its few hundred real incidents join the synthetic ones).
  if (!(await db.kysely.selectFrom('plans').select('code').limit(1).executeTakeFirst())) {
    const start = performance.now();
    await seed(db, DATA_DIR);
    log(`seeded the bundled plans, progress and indicators in ${fmt((performance.now() - start) / 1000, 1)} s`);
  }
  const live = Number((await sql<{ n: number }>`select count(*) as n from incidents where deleted_at is null`.execute(db.kysely)).rows[0]!.n);
  log('');
  log(`Analytics at ${fmt(live, 0)} incidents, ${opts.iterations} runs each (p50/p95 in ms; DuckDB: the same sums over the raw rows in memory)`);
  log(`load average: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; analyses registered: ${ANALYSES.map((a) => a.name).join(', ') || 'none'}`);
  const { duck, rows, ms } = await loadDuckDb(db.kysely);
  log(`DuckDB ${(await (await duck.runAndReadAll('select version()')).getRows())[0]?.[0]}: ${fmt(rows, 0)} incidents loaded in ${fmt(ms / 1000, 1)} s`);
  await benchDatabase(db, 'SQLite', duck, opts.iterations, log);

  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!base) {
    log('');
    log('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL to a database whose role may create databases)');
  } else {
    const copy = await copyToPostgres(base, db.kysely, log);
    try {
      await benchDatabase(copy.db, 'PostgreSQL', duck, opts.iterations, log);
    } finally {
      await copy.drop();
    }
  }
  duck.closeSync();
  await db.close();
}

function parseArgs(argv: string[]): AnalyticsBenchOptions {
  let sqlite: string | null = null;
  let iterations = 30;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => argv[++i] ?? '';
    if (arg === '--sqlite') sqlite = value();
    else if (arg === '--iterations') iterations = Number(value());
    else throw new Error(`unknown option ${arg} (options: --sqlite FILE, --iterations N)`);
  }
  if (!sqlite) throw new Error('--sqlite FILE is required: a database holding the imported incidents');
  if (!Number.isInteger(iterations) || iterations < 5) throw new Error('--iterations must be 5 or more');
  return { sqlite, iterations, log: (line) => process.stdout.write(`${line}\n`) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  benchAnalytics(parseArgs(process.argv.slice(2))).catch((error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
