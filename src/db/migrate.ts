import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Db } from './database';
import * as m0001 from './migrations/2026_11_26_0001_gazetteer';
import * as m0002 from './migrations/2026_11_26_0002_sources_and_batches';
import * as m0003 from './migrations/2026_11_26_0003_indicators';
import * as m0004 from './migrations/2026_11_26_0004_plans_reference';
import * as m0005 from './migrations/2026_11_26_0005_accounts';

// Listed explicitly (not read from disk) so the set is fixed at build time. Append only.
export const migrations: Record<string, Migration> = {
  '2026_11_26_0001_gazetteer': m0001,
  '2026_11_26_0002_sources_and_batches': m0002,
  '2026_11_26_0003_indicators': m0003,
  '2026_11_26_0004_plans_reference': m0004,
  '2026_11_26_0005_accounts': m0005,
};

function migrator(db: Db): Migrator {
  return new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const result: MigrationResultSet = await migrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${(result.error as Error).message}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
