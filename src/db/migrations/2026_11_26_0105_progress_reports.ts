import type { Kysely } from 'kysely';
import { idColumn } from './helpers';

// Progress reports: one per subject (a point or a measure) × jurisdiction × period.
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(db);
  await db.schema
    .createTable('progress_reports')
    .addColumn('id', id.type, id.build)
    .addColumn('subject_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('point_id', 'integer', (c) => c.notNull().references('plan_points.id'))
    .addColumn('measure_id', 'integer', (c) => c.references('plan_measures.id'))
    .addColumn('jurisdiction', 'varchar(16)', (c) => c.notNull())
    .addColumn('period', 'varchar(8)', (c) => c.notNull())
    .addColumn('period_start', 'varchar(10)', (c) => c.notNull())
    .addColumn('period_end', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('completion', 'varchar(16)')
    .addColumn('trajectory', 'varchar(16)')
    .addColumn('rating', 'varchar(16)')
    .addColumn('narrative', 'text')
    .addColumn('figures', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('stall_reasons', 'text', (c) => c.notNull())
    .addColumn('origin', 'varchar(16)', (c) => c.notNull())
    .addColumn('source_ids', 'text')
    .addColumn('return_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('submitted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('submitted_at', 'varchar(32)')
    .addColumn('approved_by', 'integer', (c) => c.references('users.id'))
    .addColumn('approved_at', 'varchar(32)')
    .addColumn('accepted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('accepted_at', 'varchar(32)')
    .addColumn('returned_by', 'integer', (c) => c.references('users.id'))
    .addColumn('returned_at', 'varchar(32)')
    .addColumn('reopened_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reopened_at', 'varchar(32)')
    .addUniqueConstraint('progress_reports_unique', ['subject_key', 'jurisdiction', 'period'])
    .execute();
  await db.schema.createIndex('progress_reports_jurisdiction_idx').on('progress_reports').columns(['jurisdiction', 'period']).execute();
  await db.schema.createIndex('progress_reports_point_idx').on('progress_reports').columns(['point_id', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('progress_reports').execute();
}
