import type { Kysely } from 'kysely';
import { idColumn } from './helpers';

// One event model for every data set. Columns hold what is filtered, sorted or counted; the rest of
// what a source says (raw place names, actors, sub-types, native codes, sources) is kept in
// `details` as JSON. Deletion is a tombstone (`deleted_at`); `cluster_id` names the representative
// of a cluster of duplicates.
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(db);
  await db.schema
    .createTable('incidents')
    .addColumn('id', id.type, id.build)
    .addColumn('dataset', 'varchar(48)', (c) => c.notNull())
    .addColumn('native_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('date_start', 'varchar(10)', (c) => c.notNull())
    .addColumn('date_end', 'varchar(10)', (c) => c.notNull())
    .addColumn('date_precision', 'varchar(8)', (c) => c.notNull())
    .addColumn('province_pcode', 'varchar(16)')
    .addColumn('district_pcode', 'varchar(16)')
    .addColumn('tehsil_pcode', 'varchar(16)')
    .addColumn('place', 'text')
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('geo_precision', 'integer')
    .addColumn('category', 'varchar(32)', (c) => c.notNull())
    .addColumn('event_type', 'varchar(128)')
    .addColumn('attack_type', 'varchar(128)')
    .addColumn('suicide', 'integer')
    .addColumn('group_code', 'varchar(64)')
    .addColumn('front', 'varchar(32)')
    .addColumn('killed_low', 'integer')
    .addColumn('killed_best', 'integer')
    .addColumn('killed_high', 'integer')
    .addColumn('injured_low', 'integer')
    .addColumn('injured_best', 'integer')
    .addColumn('injured_high', 'integer')
    .addColumn('hostages_low', 'integer')
    .addColumn('hostages_best', 'integer')
    .addColumn('hostages_high', 'integer')
    .addColumn('killed_civilians', 'integer')
    .addColumn('killed_security', 'integer')
    .addColumn('killed_militants', 'integer')
    .addColumn('notes', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'varchar(40)', (c) => c.notNull())
    .addColumn('batch_id', 'integer', (c) => c.references('import_batches.id'))
    .addColumn('created_batch_id', 'integer', (c) => c.references('import_batches.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('deleted_at', 'varchar(32)')
    .addColumn('deleted_reason', 'varchar(32)')
    .addColumn('cluster_id', 'integer')
    .addUniqueConstraint('incidents_native_key_unique', ['dataset', 'native_key'])
    .execute();
  await db.schema.createIndex('incidents_date_idx').on('incidents').columns(['date_start', 'id']).execute();
  await db.schema.createIndex('incidents_district_date_idx').on('incidents').columns(['district_pcode', 'date_start']).execute();
  await db.schema.createIndex('incidents_province_date_idx').on('incidents').columns(['province_pcode', 'date_start']).execute();
  await db.schema.createIndex('incidents_updated_idx').on('incidents').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('incidents_created_batch_idx').on('incidents').column('created_batch_id').execute();
  await db.schema
    .createIndex('incidents_cluster_idx')
    .on('incidents')
    .column('cluster_id')
    .where('cluster_id', 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incidents').execute();
}
