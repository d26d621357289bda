import { sql, type Kysely } from 'kysely';

// The month facts also by data set, so district counts and sums for one data set (or several)
// read the facts instead of every incident of the period. The table is made again with the
// column in its key, and with the indexes it had (0301, 0304), and filled from the incidents with
// the same sums as before, written out here so the migration stays frozen whatever the
// application code becomes. The province and district tables are sums over data sets: unchanged.

const MEASURES = ['incidents', 'suicide', 'killed_low', 'killed_best', 'killed_high', 'injured_low', 'injured_best', 'injured_high', 'hostages_low', 'hostages_best', 'hostages_high'];
const KEYS = ['district_pcode', 'month', 'province_pcode', 'front', 'group_code', 'category', 'attack_type', 'dataset'];

async function createFacts(db: Kysely<unknown>, keys: readonly string[]): Promise<void> {
  let table = db.schema
    .createTable('incident_month_facts')
    .addColumn('district_pcode', 'varchar(16)', (c) => c.notNull())
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('province_pcode', 'varchar(16)', (c) => c.notNull())
    .addColumn('front', 'varchar(32)', (c) => c.notNull())
    .addColumn('group_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('category', 'varchar(32)', (c) => c.notNull())
    .addColumn('attack_type', 'varchar(100)', (c) => c.notNull());
  if (keys.includes('dataset')) table = table.addColumn('dataset', 'varchar(48)', (c) => c.notNull());
  for (const m of MEASURES) table = table.addColumn(m, 'integer', (c) => c.notNull());
  await table.addPrimaryKeyConstraint('incident_month_facts_pk', [...keys] as never).execute();
  await db.schema.createIndex('incident_month_facts_month_idx').on('incident_month_facts').columns(['month', 'district_pcode']).execute();
  await db.schema.createIndex('incident_month_facts_province_idx').on('incident_month_facts').columns(['province_pcode', 'month']).execute();
  await db.schema
    .createIndex('incident_month_facts_group_idx')
    .on('incident_month_facts')
    .columns(['group_code', 'month', 'district_pcode', 'incidents', 'killed_best', 'injured_best'])
    .execute();
}

async function fill(db: Kysely<unknown>, keys: readonly string[]): Promise<void> {
  const expressions: Record<string, string> = {
    district_pcode: "coalesce(district_pcode, '')",
    month: 'substr(date_start, 1, 7)',
    province_pcode: "coalesce(province_pcode, '')",
    front: "coalesce(front, '')",
    group_code: "coalesce(group_code, '')",
    category: 'category',
    attack_type: "coalesce(attack_type, '')",
    dataset: 'dataset',
  };
  const range = (name: string) => [
    `coalesce(sum(coalesce(${name}_low, ${name}_best, ${name}_high)), 0)`,
    `coalesce(sum(coalesce(${name}_best, ${name}_low, ${name}_high)), 0)`,
    `coalesce(sum(coalesce(${name}_high, ${name}_best, ${name}_low)), 0)`,
  ];
  const sums = ['count(*)', 'coalesce(sum(case when suicide = 1 then 1 else 0 end), 0)', ...range('killed'), ...range('injured'), ...range('hostages')].join(', ');
  const grouped = keys.map((k) => expressions[k]!).join(', ');
  await sql
    .raw(
      `insert into incident_month_facts (${keys.join(', ')}, ${MEASURES.join(', ')}) ` +
        `select ${grouped}, ${sums} from incidents where deleted_at is null and (cluster_id is null or cluster_id = id) group by ${grouped}`,
    )
    .execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incident_month_facts').execute();
  await createFacts(db, KEYS);
  await fill(db, KEYS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incident_month_facts').execute();
  const keys = KEYS.filter((k) => k !== 'dataset');
  await createFacts(db, keys);
  await fill(db, keys);
}
