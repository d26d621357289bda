import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { seed } from '../src/importers/seed';
import { PROJECT_ROOT } from '../src/server/config';

declare module 'vitest' {
  export interface ProvidedContext {
    seededTemplate: string;
  }
}

/**
 * Runs once before all suites: fails fast when CI asks for PostgreSQL without configuring it, and
 * seeds one SQLite template database that suites copy instead of seeding their own.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  process.env.TZ = 'UTC';
  if (process.env.REQUIRE_POSTGRES === '1' && !process.env.TEST_DATABASE_URL) {
    throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nap-template-'));
  const file = path.join(dir, 'seeded.db');
  const db = openDatabase({ dialect: 'sqlite', location: file });
  await migrateToLatest(db);
  await seed(db, path.join(PROJECT_ROOT, 'data'));
  // Fold the WAL into the main file so a plain file copy carries everything.
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db.kysely);
  await db.close();
  project.provide('seededTemplate', file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
