import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Db } from './database';
import * as m0001 from './migrations/2026_11_26_0001_gazetteer';
import * as m0002 from './migrations/2026_11_26_0002_sources_and_batches';
import * as m0003 from './migrations/2026_11_26_0003_indicators';
import * as m0004 from './migrations/2026_11_26_0004_plans_reference';
import * as m0005 from './migrations/2026_11_26_0005_accounts';
import * as m0101 from './migrations/2026_11_26_0101_plan_point_details';
import * as m0102 from './migrations/2026_11_26_0102_plan_point_versions';
import * as m0103 from './migrations/2026_11_26_0103_plan_point_links';
import * as m0104 from './migrations/2026_11_26_0104_plan_measures';
import * as m0105 from './migrations/2026_11_26_0105_progress_reports';
import * as m0106 from './migrations/2026_11_26_0106_audit_log';
import * as m0107 from './migrations/2026_11_26_0107_api_tokens';
import * as m0108 from './migrations/2026_11_26_0108_settings';
import * as m0201 from './migrations/2026_11_26_0201_incident_groups';
import * as m0202 from './migrations/2026_11_26_0202_incident_group_aliases';
import * as m0203 from './migrations/2026_11_26_0203_incidents';
import * as m0204 from './migrations/2026_11_26_0204_incident_revisions';
import * as m0205 from './migrations/2026_11_26_0205_incident_links';
import * as m0206 from './migrations/2026_11_26_0206_incident_district_months';
import * as m0207 from './migrations/2026_11_26_0207_incident_count_index';
import * as m0301 from './migrations/2026_11_26_0301_incident_facts';
import * as m0302 from './migrations/2026_11_26_0302_index_definitions';
import * as m0303 from './migrations/2026_11_26_0303_incident_text_search';
import * as m0304 from './migrations/2026_11_26_0304_incident_facts_group_index';
import * as m0305 from './migrations/2026_11_26_0305_incident_facts_dataset';

// Listed explicitly (not read from disk) so the set is fixed at build time. Append only.
export const migrations: Record<string, Migration> = {
  '2026_11_26_0001_gazetteer': m0001,
  '2026_11_26_0002_sources_and_batches': m0002,
  '2026_11_26_0003_indicators': m0003,
  '2026_11_26_0004_plans_reference': m0004,
  '2026_11_26_0005_accounts': m0005,
  '2026_11_26_0101_plan_point_details': m0101,
  '2026_11_26_0102_plan_point_versions': m0102,
  '2026_11_26_0103_plan_point_links': m0103,
  '2026_11_26_0104_plan_measures': m0104,
  '2026_11_26_0105_progress_reports': m0105,
  '2026_11_26_0106_audit_log': m0106,
  '2026_11_26_0107_api_tokens': m0107,
  '2026_11_26_0108_settings': m0108,
  '2026_11_26_0201_incident_groups': m0201,
  '2026_11_26_0202_incident_group_aliases': m0202,
  '2026_11_26_0203_incidents': m0203,
  '2026_11_26_0204_incident_revisions': m0204,
  '2026_11_26_0205_incident_links': m0205,
  '2026_11_26_0206_incident_district_months': m0206,
  '2026_11_26_0207_incident_count_index': m0207,
  '2026_11_26_0301_incident_facts': m0301,
  '2026_11_26_0302_index_definitions': m0302,
  '2026_11_26_0303_incident_text_search': m0303,
  '2026_11_26_0304_incident_facts_group_index': m0304,
  '2026_11_26_0305_incident_facts_dataset': m0305,
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
