import type { Kysely } from 'kysely';
import { idColumn } from './helpers';

// Decisions made by hand about duplicates: two incidents linked into one cluster, or kept apart,
// whatever the automatic rule says. `incident_a` is always the lower id.
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(db);
  await db.schema
    .createTable('incident_links')
    .addColumn('id', id.type, id.build)
    .addColumn('incident_a', 'integer', (c) => c.notNull().references('incidents.id'))
    .addColumn('incident_b', 'integer', (c) => c.notNull().references('incidents.id'))
    .addColumn('decision', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('incident_links_pair_unique', ['incident_a', 'incident_b'])
    .execute();
  await db.schema.createIndex('incident_links_b_idx').on('incident_links').column('incident_b').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incident_links').execute();
}
