import type { Kysely } from 'kysely';
import { idColumn } from './helpers';

// Revisions of a point's text. A point without rows here is at version 1, its text as loaded.
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(db);
  await db.schema
    .createTable('plan_point_versions')
    .addColumn('id', id.type, id.build)
    .addColumn('point_id', 'integer', (c) => c.notNull().references('plan_points.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('changed_at', 'varchar(32)')
    .addColumn('changed_by', 'integer', (c) => c.references('users.id'))
    .addUniqueConstraint('plan_point_versions_unique', ['point_id', 'version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('plan_point_versions').execute();
}
