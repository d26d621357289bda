import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import { loadConfig, PROJECT_ROOT } from '../../src/server/config';
import { openDatabase, type Db } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { seed } from '../../src/importers/seed';

/**
 * A seeded SQLite database, built once per test run into a template file and copied for each
 * caller, so every suite gets its own database without paying for a seed each time.
 */
let template: Promise<string> | undefined;

async function seededTemplate(): Promise<string> {
  const file = path.join(os.tmpdir(), `nap-template-${process.pid}.db`);
  const db = openDatabase({ dialect: 'sqlite', location: file });
  await migrateToLatest(db);
  await seed(db, path.join(PROJECT_ROOT, 'data'));
  // Fold the WAL into the main file so a plain copy carries everything.
  const { sql } = await import('kysely');
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db.kysely);
  await db.close();
  return file;
}

export async function seededSqliteCopy(): Promise<{ file: string; dir: string }> {
  template ??= seededTemplate();
  const source = await template;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nap-srv-'));
  const file = path.join(dir, 'test.db');
  fs.copyFileSync(source, file);
  return { file, dir };
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  db: Db;
  close(): Promise<void>;
}

/** Serves the API and the built web app (dist/web) on a random loopback port over a seeded SQLite copy. */
export async function startTestServer(): Promise<TestServer> {
  const { file, dir } = await seededSqliteCopy();
  const config = loadConfig({ ...process.env, DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'silent' }, { port: 0, host: '127.0.0.1' });
  const db = openDatabase(config.database);
  const app = await buildApp({ db, config, logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    app,
    db,
    close: async () => {
      await app.close();
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
