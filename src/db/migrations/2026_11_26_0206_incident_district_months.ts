import type { Kysely } from 'kysely';

// Incidents, killed and injured per district, month, front and category, each duplicate cluster
// counted once: what district counts read instead of scanning every incident. Kept up to date in
// the same transaction as every change to incidents. An empty front is stored as ''.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incident_district_months')
    .addColumn('district_pcode', 'varchar(16)', (c) => c.notNull())
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('front', 'varchar(32)', (c) => c.notNull())
    .addColumn('category', 'varchar(32)', (c) => c.notNull())
    .addColumn('province_pcode', 'varchar(16)', (c) => c.notNull())
    .addColumn('incidents', 'integer', (c) => c.notNull())
    .addColumn('killed', 'integer', (c) => c.notNull())
    .addColumn('injured', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_district_months_pk', ['district_pcode', 'month', 'front', 'category'])
    .execute();
  // Two covering indexes, so counts by district read index pages only: all months (district
  // first) or a period (month first).
  const counts = ['front', 'category', 'province_pcode', 'incidents', 'killed', 'injured'];
  await db.schema
    .createIndex('incident_district_months_district_idx')
    .on('incident_district_months')
    .columns(['district_pcode', 'month', ...counts])
    .execute();
  await db.schema
    .createIndex('incident_district_months_month_idx')
    .on('incident_district_months')
    .columns(['month', 'district_pcode', ...counts])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incident_district_months').execute();
}
