/**
 * The incidents benchmark: generates a realistic synthetic ACLED-layout file (bench/generate.ts),
 * imports it into a fresh SQLite database in a separate process (its own peak memory), then times
 * the incident list and district-count queries at that size.
 *
 *   npm run bench                      # 1,000,000 rows
 *   npm run bench -- --rows 100000     # a quicker run
 *   options: --seed N, --dir DIR (keep files there), --keep, --iterations N
 *   npm run bench -- --only analytics  # the import, then the analytics (bench/analytics.ts), not the list queries
 *   npm run bench -- --only import     # without the analytics
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { loadGazetteer } from '../src/importers/gazetteer';
import { loadGroups } from '../src/importers/incidents/groups';
import { countIncidentsByDistrict } from '../src/server/queries/countIncidentsByDistrict';
import type { IncidentFilters } from '../src/server/queries/incidentFilters';
import { listIncidents, type Cursor, type IncidentSort } from '../src/server/queries/listIncidents';
import { benchAnalytics } from './analytics';
import { generateAcledFile } from './generate';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA_DIR = path.join(ROOT, 'data');

const TARGETS = { rowsPerSecond: 100_000, peakRssMb: 400, p95Ms: 50 };

interface Options {
  rows: number;
  seed: number;
  dir: string | null;
  keep: boolean;
  iterations: number;
  only: 'import' | 'analytics' | null;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { rows: 1_000_000, seed: 20_251_126, dir: null, keep: false, iterations: 200, only: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--rows') opts.rows = Number(value().replace(/_/g, ''));
    else if (arg === '--seed') opts.seed = Number(value());
    else if (arg === '--dir') opts.dir = value();
    else if (arg === '--keep') opts.keep = true;
    else if (arg === '--iterations') opts.iterations = Number(value());
    else if (arg === '--only') {
      const only = value();
      if (only !== 'import' && only !== 'analytics') throw new Error('--only takes import or analytics');
      opts.only = only;
    }
    else throw new Error(`unknown option ${arg} (options: --rows N, --seed N, --dir DIR, --keep, --iterations N, --only import|analytics)`);
  }
  if (!Number.isInteger(opts.rows) || opts.rows < 1) throw new Error('--rows must be a positive whole number');
  if (!Number.isInteger(opts.iterations) || opts.iterations < 10) throw new Error('--iterations must be 10 or more');
  return opts;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

async function time(iterations: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nap-bench-'));
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `acled-synthetic-${opts.rows}-${opts.seed}.csv`);
  const dbFile = path.join(dir, 'bench.db');
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`NAP Monitor incidents benchmark: ${fmt(opts.rows)} rows, seed ${opts.seed}, Node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}`);
  log(`load average before: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  let start = performance.now();
  if (!fs.existsSync(file)) {
    const { bytes } = await generateAcledFile({ rows: opts.rows, seed: opts.seed, file, dataDir: DATA_DIR });
    log(`generated ${file} (${fmt(bytes / 1e6, 1)} MB) in ${fmt((performance.now() - start) / 1000, 1)} s`);
  } else {
    log(`reusing ${file}`);
  }

  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
  start = performance.now();
  const setup = openDatabase({ dialect: 'sqlite', location: dbFile });
  await migrateToLatest(setup);
  await loadGazetteer(setup, DATA_DIR);
  await loadGroups(setup, DATA_DIR);
  await setup.close();
  log(`fresh SQLite database with the gazetteer and groups in ${fmt((performance.now() - start) / 1000, 1)} s`);

  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'importOnce.ts'), dbFile, file], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
  const result = JSON.parse(child.stdout) as {
    rows: number;
    imported: number;
    rejected: number;
    skipped: number;
    unplaced: number;
    contextMs: number;
    finishMs: number;
    ms: number;
    cpuMs: number;
    rssBeforeMb: number;
    peakRssMb: number;
  };
  const rowsPerSecond = result.rows / (result.ms / 1000);

  // The same rows appended by SQLite alone, for comparison (bench/sqliteFloor.ts).
  const floorRun = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'sqliteFloor.ts'), dbFile], { encoding: 'utf8' });
  if (floorRun.status !== 0) throw new Error(`SQLite floor failed: ${floorRun.stderr}`);
  const floor = JSON.parse(floorRun.stdout) as { rows: number; columns: number; insertMs: number; commitMs: number };
  const floorMs = floor.insertMs + floor.commitMs;

  const db = openDatabase({ dialect: 'sqlite', location: dbFile });
  const k = db.kysely;
  const pages = async (filters: IncidentFilters, sort: IncidentSort, depth: number): Promise<Cursor | undefined> => {
    let after: Cursor | undefined;
    for (let i = 0; i < depth; i++) after = (await listIncidents(k, filters, sort, 50, after)).next ?? undefined;
    return after;
  };
  const deep = await pages({}, '-date', 20);
  const lists: [string, () => Promise<unknown>][] = [
    ['list, newest first, 50 rows', () => listIncidents(k, {}, '-date', 50)],
    ['list, page 21 by cursor', () => listIncidents(k, {}, '-date', 50, deep)],
    ['list, province + front + year', () => listIncidents(k, { province: 'PK5', front: ['ttp-and-affiliates'], from: '2023-01-01', to: '2023-12-31' }, '-date', 50)],
    ['list, district + category', () => listIncidents(k, { district: 'PK226', category: ['militant_attack'] }, '-date', 50)],
    ['list, min_killed 10, oldest first', () => listIncidents(k, { min_killed: 10 }, 'date', 50)],
    ['list, delta sync (updated, tombstones)', () => listIncidents(k, { updated_since: '2020-01-01T00:00:00Z', include_deleted: true }, 'updated', 50)],
    // Text search (the FTS5 index): a word in 6% of the incidents; one in none, the slowest case
    // (the whole date index is walked, checking each id); the first word within a year.
    ['list, text q, newest first', () => listIncidents(k, { q: 'peshawar' }, '-date', 50)],
    ['list, text q matching nothing', () => listIncidents(k, { q: 'nowhere at all' }, '-date', 50)],
    ['list, text q, one year', () => listIncidents(k, { from: '2024-01-01', to: '2024-12-31', q: 'peshawar' }, '-date', 50)],
  ];
  const counts: [string, () => Promise<unknown>][] = [
    ['district counts, one year', () => countIncidentsByDistrict(k, { from: '2024-01-01', to: '2024-12-31' })],
    ['district counts, one year, one front', () => countIncidentsByDistrict(k, { from: '2024-01-01', to: '2024-12-31', front: ['baloch-separatist'] })],
    ['district counts, one quarter, attacks', () => countIncidentsByDistrict(k, { from: '2025-01-01', to: '2025-03-31', category: ['militant_attack'] })],
    ['district counts, all 16 years', () => countIncidentsByDistrict(k, {})],
    ['district counts, mid-month to mid-month', () => countIncidentsByDistrict(k, { from: '2023-03-15', to: '2024-06-10' })],
    // A filter the monthly summary does not hold: counted from the incidents themselves.
    ['district counts, one year, one group', () => countIncidentsByDistrict(k, { from: '2024-01-01', to: '2024-12-31', group: ['ttp'] })],
    ['district counts, one year, one event type', () => countIncidentsByDistrict(k, { from: '2024-01-01', to: '2024-12-31', event_type: ['Battles'] })],
    ['district counts, one year, one data set', () => countIncidentsByDistrict(k, { from: '2024-01-01', to: '2024-12-31', dataset: ['acled'] })],
    ['district counts, all 16 years, one group', () => countIncidentsByDistrict(k, { group: ['ttp'] })],
    // Text search: the incidents of the word and of the year intersected in the text index.
    ['district counts, one year, text q', () => countIncidentsByDistrict(k, { from: '2024-01-01', to: '2024-12-31', q: 'peshawar' })],
  ];
  const timings: { name: string; kind: 'list' | 'count'; p50: number; p95: number }[] = [];
  if (opts.only !== 'analytics') for (const [name, fn] of lists) timings.push({ name, kind: 'list', ...(await time(opts.iterations, fn)) });
  if (opts.only !== 'analytics') for (const [name, fn] of counts) timings.push({ name, kind: 'count', ...(await time(Math.max(10, Math.floor(opts.iterations / 4)), fn)) });
  await db.close();

  log('');
  log(`Import into SQLite (one atomic batch, in its own process)`);
  log(`  rows read        ${fmt(result.rows)} (imported ${fmt(result.imported)}, rejected ${fmt(result.rejected)}, skipped ${fmt(result.skipped)}, without a district ${fmt(result.unplaced)})`);
  log(`  time             ${fmt(result.ms / 1000, 1)} s, CPU ${fmt(result.cpuMs / 1000, 1)} s (plus ${fmt(result.contextMs / 1000, 1)} s loading gazetteer, boundaries and groups)`);
  log(`  of which, ending ${fmt(result.finishMs / 1000, 1)} s after the last row (indexes rebuilt, duplicates re-linked, aggregates recounted, commit)`);
  log(`  throughput       ${fmt(rowsPerSecond)} rows/s   target ≥ ${fmt(TARGETS.rowsPerSecond)}: ${verdict(rowsPerSecond >= TARGETS.rowsPerSecond)}`);
  log(`  SQLite alone     ${fmt(floorMs / 1000, 1)} s to append the same ${fmt(floor.rows)} rows (${floor.columns} columns) to an empty table with one prepared INSERT, nothing else: ${fmt(floor.rows / (floorMs / 1000))} rows/s, the ceiling for any import of them here`);
  log(`  peak memory RSS  ${fmt(result.peakRssMb)} MB (${fmt(result.rssBeforeMb)} MB before the import)   target < ${TARGETS.peakRssMb}: ${verdict(result.peakRssMb < TARGETS.peakRssMb)}`);
  log('');
  log(`Queries at ${fmt(result.imported)} incidents (query functions the API calls, without HTTP)`);
  for (const t of timings) {
    log(`  ${t.name.padEnd(42)} p50 ${fmt(t.p50, 1).padStart(7)} ms   p95 ${fmt(t.p95, 1).padStart(7)} ms   ${verdict(t.p95 < TARGETS.p95Ms)}`);
  }
  if (opts.only !== 'import') await benchAnalytics({ sqlite: dbFile, iterations: 30, log });
  log(`load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (!opts.keep && !opts.dir) fs.rmSync(dir, { recursive: true, force: true });
  else log(`files kept in ${dir}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exit(1);
});
