import type { Kysely } from 'kysely';
import { idColumn } from './helpers';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('indicators')
    .addColumn('code', 'varchar(96)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('direction', 'varchar(24)', (c) => c.notNull())
    .addColumn('domain', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('licence', 'text', (c) => c.notNull())
    .addColumn('definition', 'text')
    .addColumn('first_year', 'integer')
    .addColumn('last_year', 'integer')
    .execute();
  const id = idColumn(db);
  await db.schema
    .createTable('indicator_values')
    .addColumn('id', id.type, id.build)
    .addColumn('indicator_code', 'varchar(96)', (c) => c.notNull().references('indicators.code').onDelete('cascade'))
    .addColumn('area_pcode', 'varchar(16)', (c) => c.notNull())
    .addColumn('area_level', 'integer', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('batch_id', 'integer', (c) => c.references('import_batches.id'))
    .addUniqueConstraint('indicator_values_unique', ['indicator_code', 'area_pcode', 'year'])
    .execute();
  await db.schema.createIndex('indicator_values_area_idx').on('indicator_values').columns(['area_pcode', 'indicator_code']).execute();
  await db.schema.createIndex('indicator_values_batch_idx').on('indicator_values').column('batch_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('indicator_values').execute();
  await db.schema.dropTable('indicators').execute();
}
