import type { Kysely } from 'kysely';
import { idColumn } from './helpers';

// Links between points of different plans, such as a NAP 2014 point continued by a 2021 area.
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(db);
  await db.schema
    .createTable('plan_point_links')
    .addColumn('id', id.type, id.build)
    .addColumn('from_point_id', 'integer', (c) => c.notNull().references('plan_points.id').onDelete('cascade'))
    .addColumn('to_point_id', 'integer', (c) => c.notNull().references('plan_points.id').onDelete('cascade'))
    .addColumn('relation', 'varchar(32)', (c) => c.notNull())
    .addColumn('basis', 'varchar(32)', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addUniqueConstraint('plan_point_links_unique', ['from_point_id', 'to_point_id', 'relation'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('plan_point_links').execute();
}
