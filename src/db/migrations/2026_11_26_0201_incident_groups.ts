import type { Kysely } from 'kysely';

// Perpetrator groups and the front each belongs to (TTP and affiliates, Baloch separatist, ISKP…).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incident_groups')
    .addColumn('code', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('front', 'varchar(32)', (c) => c.notNull())
    .addColumn('parent_code', 'varchar(64)')
    .addColumn('notes', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incident_groups').execute();
}
