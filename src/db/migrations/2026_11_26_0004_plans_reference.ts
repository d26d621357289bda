import type { Kysely } from 'kysely';
import { idColumn } from './helpers';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('plans')
    .addColumn('code', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('adopted_on', 'varchar(10)')
    .addColumn('description', 'text')
    .addColumn('source_ids', 'text')
    .execute();
  const id = idColumn(db);
  await db.schema
    .createTable('plan_points')
    .addColumn('id', id.type, id.build)
    .addColumn('plan_code', 'varchar(32)', (c) => c.notNull().references('plans.code'))
    .addColumn('code', 'varchar(64)', (c) => c.notNull())
    .addColumn('number', 'integer')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('variant_text', 'text')
    .addColumn('dimension', 'varchar(16)')
    .addColumn('dimension_basis', 'varchar(32)')
    .addColumn('lead_agencies', 'text')
    .addColumn('basis', 'varchar(32)')
    .addColumn('notes', 'text')
    .addColumn('source_ids', 'text')
    .addUniqueConstraint('plan_points_unique', ['plan_code', 'code'])
    .execute();
  await db.schema
    .createTable('programmes')
    .addColumn('code', 'varchar(96)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(48)', (c) => c.notNull())
    .addColumn('start_date', 'varchar(10)')
    .addColumn('end_date', 'varchar(10)')
    .addColumn('dimension', 'varchar(16)')
    .addColumn('summary', 'text')
    .addColumn('key_figures', 'text')
    .addColumn('source_ids', 'text')
    .execute();
  await db.schema
    .createTable('governance_bodies')
    .addColumn('code', 'varchar(96)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'varchar(32)', (c) => c.notNull())
    .addColumn('established', 'varchar(16)')
    .addColumn('role', 'text')
    .addColumn('basis', 'varchar(32)')
    .addColumn('notes', 'text')
    .addColumn('source_ids', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('governance_bodies').execute();
  await db.schema.dropTable('programmes').execute();
  await db.schema.dropTable('plan_points').execute();
  await db.schema.dropTable('plans').execute();
}
