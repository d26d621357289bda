import type { Kysely } from 'kysely';
import { idColumn } from './helpers';

// The spellings of each group used by the data sets; a matching key resolves to one group only.
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(db);
  await db.schema
    .createTable('incident_group_aliases')
    .addColumn('id', id.type, id.build)
    .addColumn('group_code', 'varchar(64)', (c) => c.notNull().references('incident_groups.code').onDelete('cascade'))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('alias_key', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('incident_group_aliases_group_idx').on('incident_group_aliases').column('group_code').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incident_group_aliases').execute();
}
