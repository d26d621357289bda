import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Db, type DialectName } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';

/**
 * The dialects every database suite runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is
 * set. With REQUIRE_POSTGRES=1 (CI) a missing TEST_DATABASE_URL is an error, not a skip.
 */
export function testDialects(): DialectName[] {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.REQUIRE_POSTGRES === '1') {
    throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set');
  }
  return url ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDatabase {
  db: Db;
  /** The DATABASE_URL that opens this same database (for CLI and server processes). */
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database: a temp SQLite file, or a new schema in the PostgreSQL test database. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nap-test-'));
    const file = path.join(dir, 'test.db');
    const db = openDatabase({ dialect, location: file });
    await migrateToLatest(db);
    return {
      db,
      url: `sqlite:${file}`,
      drop: async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  // A database of its own per suite (the test role has CREATEDB), so suites never share rows.
  const name = `nap_t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(base, name);
  const db = openDatabase({ dialect, location: url });
  await migrateToLatest(db);
  return {
    db,
    url,
    drop: async () => {
      await db.close();
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
      await client.end();
    },
  };
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
