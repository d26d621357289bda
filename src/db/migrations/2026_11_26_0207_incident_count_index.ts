import type { Kysely } from 'kysely';

// Counts by district under filters the monthly summary does not hold (group, event type, attack
// type, data set, killed at least) read this index instead of the table: it starts with the date,
// so a period is one range of it, and holds every column those counts filter on or add up.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('incidents_counts_idx')
    .on('incidents')
    .columns([
      'date_start',
      'district_pcode',
      'province_pcode',
      'front',
      'category',
      'group_code',
      'event_type',
      'attack_type',
      'dataset',
      'deleted_at',
      'cluster_id',
      'killed_best',
      'killed_low',
      'killed_high',
      'injured_best',
      'injured_low',
      'injured_high',
    ])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('incidents_counts_idx').execute();
}
