/**
 * SQLite's own floor for the import: the incidents an import stored, read back and appended to an
 * empty copy of the table (its unique key only: no secondary indexes, no aggregates, no reading,
 * validating or placing) by one prepared multi-row INSERT in one transaction, as the importer's
 * writer does. Only the INSERT statements are timed. Prints JSON on stdout; run by bench/run.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

const [from] = process.argv.slice(2);
if (!from) {
  process.stderr.write('usage: sqliteFloor.ts DATABASE\n');
  process.exit(2);
}
const source = new Database(from, { readonly: true });
const table = (source.prepare(`select sql from sqlite_master where type = 'table' and name = 'incidents'`).get() as { sql: string }).sql;
const columns = (source.prepare(`select name from pragma_table_info('incidents') where name <> 'id' order by cid`).all() as { name: string }[]).map((c) => c.name);

const file = path.join(path.dirname(from), 'floor.db');
for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
const target = new Database(file);
target.pragma('journal_mode = WAL');
target.pragma('cache_size = -32768');
// The copy has no foreign keys to point at: the import batches are not copied.
target.exec(table.replace(/ references "import_batches" \("id"\)/g, ''));

const ROWS = 100;
const tuple = `(${columns.map(() => '?').join(',')})`;
const insertMany = target.prepare(`insert into incidents (${columns.join(', ')}) values ${Array.from({ length: ROWS }, () => tuple).join(',')}`);
const insertOne = target.prepare(`insert into incidents (${columns.join(', ')}) values ${tuple}`);
const read = source.prepare(`select ${columns.join(', ')} from incidents order by id`).raw();

let rows = 0;
let insertMs = 0;
const params: unknown[] = [];
const flush = () => {
  const start = performance.now();
  if (params.length === ROWS * columns.length) insertMany.run(params);
  else for (let i = 0; i < params.length; i += columns.length) insertOne.run(params.slice(i, i + columns.length));
  insertMs += performance.now() - start;
  params.length = 0;
};
target.exec('begin');
for (const row of read.iterate() as Iterable<unknown[]>) {
  for (const value of row) params.push(value);
  rows++;
  if (params.length === ROWS * columns.length) flush();
}
flush();
const commitStart = performance.now();
target.exec('commit');
const commitMs = performance.now() - commitStart;
target.close();
source.close();
for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
process.stdout.write(`${JSON.stringify({ rows, columns: columns.length, insertMs, commitMs })}\n`);
