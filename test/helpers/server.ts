import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../../src/server/app';
import { loadConfig, PROJECT_ROOT } from '../../src/server/config';
import { openDatabase, type Db, type DialectName } from '../../src/db/database';
import { seed } from '../../src/importers/seed';
import { createTestDatabase } from './databases';

/** A private copy of the seeded SQLite template that the global setup built once for the run. */
export async function seededSqliteCopy(): Promise<{ file: string; dir: string }> {
  const source = inject('seededTemplate');
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

/**
 * Serves the API and the built web app (dist/web) on a random loopback port over a seeded
 * database: a copy of the SQLite template, or a fresh PostgreSQL database seeded for this server.
 */
export async function startTestServer(dialect: DialectName = 'sqlite'): Promise<TestServer> {
  let url: string;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const { file, dir } = await seededSqliteCopy();
    url = `sqlite:${file}`;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const t = await createTestDatabase('postgres');
    await seed(t.db, path.join(PROJECT_ROOT, 'data'));
    url = t.url;
    cleanup = () => t.drop();
  }
  const config = loadConfig({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' }, { port: 0, host: '127.0.0.1' });
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
      await cleanup();
    },
  };
}
