import type { Kysely } from 'kysely';
import { idColumn } from './helpers';

// Measures under an action point: an indicator with baseline, target, due date and frequency.
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(db);
  await db.schema
    .createTable('plan_measures')
    .addColumn('id', id.type, id.build)
    .addColumn('point_id', 'integer', (c) => c.notNull().references('plan_points.id').onDelete('cascade'))
    .addColumn('code', 'varchar(32)', (c) => c.notNull())
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('baseline', 'double precision')
    .addColumn('baseline_date', 'varchar(10)')
    .addColumn('target', 'double precision')
    .addColumn('due_date', 'varchar(10)')
    .addColumn('frequency', 'varchar(16)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('plan_measures_unique', ['point_id', 'code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('plan_measures').execute();
}
