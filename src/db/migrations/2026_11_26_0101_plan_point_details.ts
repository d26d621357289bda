import type { Kysely } from 'kysely';

// A point's theme and the jurisdictions it applies to (`;`-separated: `federal`, province P-codes;
// empty means every jurisdiction). SQLite adds one column per statement.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('plan_points').addColumn('theme', 'text').execute();
  await db.schema.alterTable('plan_points').addColumn('jurisdictions', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('plan_points').dropColumn('jurisdictions').execute();
  await db.schema.alterTable('plan_points').dropColumn('theme').execute();
}
