import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Database } from './tables';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseTarget {
  dialect: DialectName;
  /** File path for SQLite, connection string for PostgreSQL. */
  location: string;
}

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  location: string;
  /** The SQLite connection under `kysely` (undefined on PostgreSQL), for bulk writes that prepare a statement once. */
  sqlite?: SQLite.Database;
  close(): Promise<void>;
}

export class DatabaseOpenError extends Error {}

/** Parses `DATABASE_URL` / `--db`: `postgres://…`, `sqlite:PATH` or a plain file path. */
export function parseDatabaseUrl(value: string): DatabaseTarget {
  const trimmed = value.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return { dialect: 'postgres', location: trimmed };
  if (/^sqlite:/i.test(trimmed)) {
    const file = trimmed.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    return { dialect: 'sqlite', location: file || ':memory:' };
  }
  return { dialect: 'sqlite', location: trimmed };
}

function openSqlite(location: string): { kysely: Kysely<Database>; database: SQLite.Database } {
  if (location !== ':memory:') {
    const dir = path.dirname(path.resolve(location));
    if (!fs.existsSync(dir)) {
      throw new DatabaseOpenError(`Cannot open SQLite database ${location}: folder ${dir} does not exist.`);
    }
    try {
      fs.accessSync(dir, fs.constants.W_OK);
      if (fs.existsSync(location)) fs.accessSync(location, fs.constants.R_OK | fs.constants.W_OK);
    } catch {
      throw new DatabaseOpenError(`Cannot open SQLite database ${location}: it is not writable.`);
    }
  }
  let database: SQLite.Database;
  try {
    database = new SQLite(location);
  } catch (error) {
    throw new DatabaseOpenError(`Cannot open SQLite database ${location}: ${(error as Error).message}`);
  }
  if (location !== ':memory:') database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return { kysely: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), database };
}

// PostgreSQL returns BIGINT (count(*)) and NUMERIC as strings; parse them into numbers as SQLite does.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

function openPostgres(location: string): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: location, max: 10 });
  // An idle client losing its server must not crash the process.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export function openDatabase(target: DatabaseTarget): Db {
  const sqlite = target.dialect === 'postgres' ? undefined : openSqlite(target.location);
  const kysely = sqlite ? sqlite.kysely : openPostgres(target.location);
  return {
    kysely,
    dialect: target.dialect,
    location: target.location,
    ...(sqlite ? { sqlite: sqlite.database } : {}),
    close: () => kysely.destroy(),
  };
}

/** Checks the server answers; turns connection failures into one readable message. */
export async function checkConnection(db: Db): Promise<void> {
  try {
    await sql`select 1`.execute(db.kysely);
  } catch (error) {
    const where = db.dialect === 'postgres' ? redactUrl(db.location) : db.location;
    throw new DatabaseOpenError(`Cannot connect to ${db.dialect} database ${where}: ${(error as Error).message}`);
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
