import type { Kysely } from 'kysely';

// District counts and sums for a perpetrator group read the month facts of that group only: the
// index starts with the group and the month (a period is one range of it) and holds what the
// counts add up, so neither the table nor other groups' rows are read.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('incident_month_facts_group_idx')
    .on('incident_month_facts')
    .columns(['group_code', 'month', 'district_pcode', 'incidents', 'killed_best', 'injured_best'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('incident_month_facts_group_idx').execute();
}
