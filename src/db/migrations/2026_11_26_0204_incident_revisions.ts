import type { Kysely } from 'kysely';
import { idColumn } from './helpers';

// The state of an incident before each change made to it by an import, an edit or a deletion, so
// an import can be undone and every correction traced.
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(db);
  await db.schema
    .createTable('incident_revisions')
    .addColumn('id', id.type, id.build)
    .addColumn('incident_id', 'integer', (c) => c.notNull().references('incidents.id'))
    .addColumn('batch_id', 'integer', (c) => c.references('import_batches.id'))
    .addColumn('action', 'varchar(16)', (c) => c.notNull())
    .addColumn('previous', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_revisions_incident_idx').on('incident_revisions').column('incident_id').execute();
  await db.schema.createIndex('incident_revisions_batch_idx').on('incident_revisions').column('batch_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incident_revisions').execute();
}
