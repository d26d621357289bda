import type { Kysely } from 'kysely';
import { idColumn } from './helpers';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sources')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('citation', 'text', (c) => c.notNull())
    .addColumn('reliability_note', 'text')
    .execute();
  const id = idColumn(db);
  await db.schema
    .createTable('import_batches')
    .addColumn('id', id.type, id.build)
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('format', 'varchar(32)', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('undone_at', 'varchar(32)')
    .addColumn('report', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('import_batches').execute();
  await db.schema.dropTable('sources').execute();
}
