import type { Kysely } from 'kysely';
import { idColumn } from './helpers';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('provinces')
    .addColumn('pcode', 'varchar(16)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('centroid_lat', 'double precision', (c) => c.notNull())
    .addColumn('centroid_lon', 'double precision', (c) => c.notNull())
    .addColumn('geometry', 'text')
    .execute();
  await db.schema
    .createTable('districts')
    .addColumn('pcode', 'varchar(16)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('province_pcode', 'varchar(16)', (c) => c.notNull().references('provinces.pcode'))
    .addColumn('alt_name_1', 'text')
    .addColumn('alt_name_2', 'text')
    .addColumn('centroid_lat', 'double precision', (c) => c.notNull())
    .addColumn('centroid_lon', 'double precision', (c) => c.notNull())
    .addColumn('area_km2', 'double precision')
    .addColumn('geometry', 'text')
    .execute();
  await db.schema.createIndex('districts_province_idx').on('districts').column('province_pcode').execute();
  await db.schema
    .createTable('tehsils')
    .addColumn('pcode', 'varchar(16)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('district_pcode', 'varchar(16)', (c) => c.notNull().references('districts.pcode'))
    .execute();
  const id = idColumn(db);
  await db.schema
    .createTable('place_aliases')
    .addColumn('id', id.type, id.build)
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('alias_key', 'text', (c) => c.notNull())
    .addColumn('adm_level', 'integer', (c) => c.notNull())
    .addColumn('pcode', 'varchar(16)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('valid_from', 'varchar(10)')
    .addColumn('valid_to', 'varchar(10)')
    .addColumn('notes', 'text')
    .addColumn('source_ids', 'text')
    .addUniqueConstraint('place_aliases_unique', ['alias_key', 'adm_level', 'pcode'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('place_aliases').execute();
  await db.schema.dropTable('tehsils').execute();
  await db.schema.dropTable('districts').execute();
  await db.schema.dropTable('provinces').execute();
}
