import { sql, type CreateTableBuilder, type Kysely } from 'kysely';

// Pre-aggregated incident figures, so analyses read thousands of rows instead of every incident.
// Each duplicate cluster is counted once (by its representative) and tombstones are left out; a
// missing place, front, group or attack type is stored as ''. Every table holds the incident and
// suicide-attack counts and the low, best and high sums of killed, injured and hostages (each
// falling back to the other estimates when missing). Kept in step with `incidents` in the same
// transaction as every change to it.
//
// - incident_month_facts: district × month × province × front × group × category × attack type,
//   the finest level: the other two are sums of it.
// - incident_province_month_facts: province × month × front × group × category × attack type.
// - incident_district_month_totals: district × month (with its province), for maps and surges.
//
// Existing incidents are counted into the new tables here.

const MEASURES = ['incidents', 'suicide', 'killed_low', 'killed_best', 'killed_high', 'injured_low', 'injured_best', 'injured_high', 'hostages_low', 'hostages_best', 'hostages_high'];

function withMeasures<T extends string, C extends string>(table: CreateTableBuilder<T, C>): CreateTableBuilder<T, C> {
  let t = table;
  for (const m of MEASURES) t = t.addColumn(m, 'integer', (c) => c.notNull()) as unknown as CreateTableBuilder<T, C>;
  return t;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await withMeasures(
    db.schema
      .createTable('incident_month_facts')
      .addColumn('district_pcode', 'varchar(16)', (c) => c.notNull())
      .addColumn('month', 'varchar(7)', (c) => c.notNull())
      .addColumn('province_pcode', 'varchar(16)', (c) => c.notNull())
      .addColumn('front', 'varchar(32)', (c) => c.notNull())
      .addColumn('group_code', 'varchar(64)', (c) => c.notNull())
      .addColumn('category', 'varchar(32)', (c) => c.notNull())
      .addColumn('attack_type', 'varchar(100)', (c) => c.notNull())
      .addPrimaryKeyConstraint('incident_month_facts_pk', ['district_pcode', 'month', 'province_pcode', 'front', 'group_code', 'category', 'attack_type']),
  ).execute();
  await db.schema.createIndex('incident_month_facts_month_idx').on('incident_month_facts').columns(['month', 'district_pcode']).execute();
  await db.schema.createIndex('incident_month_facts_province_idx').on('incident_month_facts').columns(['province_pcode', 'month']).execute();

  await withMeasures(
    db.schema
      .createTable('incident_province_month_facts')
      .addColumn('province_pcode', 'varchar(16)', (c) => c.notNull())
      .addColumn('month', 'varchar(7)', (c) => c.notNull())
      .addColumn('front', 'varchar(32)', (c) => c.notNull())
      .addColumn('group_code', 'varchar(64)', (c) => c.notNull())
      .addColumn('category', 'varchar(32)', (c) => c.notNull())
      .addColumn('attack_type', 'varchar(100)', (c) => c.notNull())
      .addPrimaryKeyConstraint('incident_province_month_facts_pk', ['province_pcode', 'month', 'front', 'group_code', 'category', 'attack_type']),
  ).execute();
  await db.schema.createIndex('incident_province_month_facts_month_idx').on('incident_province_month_facts').columns(['month', 'province_pcode']).execute();

  await withMeasures(
    db.schema
      .createTable('incident_district_month_totals')
      .addColumn('district_pcode', 'varchar(16)', (c) => c.notNull())
      .addColumn('month', 'varchar(7)', (c) => c.notNull())
      .addColumn('province_pcode', 'varchar(16)', (c) => c.notNull())
      .addPrimaryKeyConstraint('incident_district_month_totals_pk', ['district_pcode', 'month', 'province_pcode']),
  ).execute();
  await db.schema.createIndex('incident_district_month_totals_month_idx').on('incident_district_month_totals').columns(['month', 'district_pcode']).execute();

  // Existing incidents: the same sums the application keeps, written out here so the migration
  // stays frozen whatever the application code becomes.
  const range = (name: string) => [
    `coalesce(sum(coalesce(${name}_low, ${name}_best, ${name}_high)), 0)`,
    `coalesce(sum(coalesce(${name}_best, ${name}_low, ${name}_high)), 0)`,
    `coalesce(sum(coalesce(${name}_high, ${name}_best, ${name}_low)), 0)`,
  ];
  const sums = ['count(*)', 'coalesce(sum(case when suicide = 1 then 1 else 0 end), 0)', ...range('killed'), ...range('injured'), ...range('hostages')].join(', ');
  const keys = [
    "coalesce(district_pcode, '')",
    'substr(date_start, 1, 7)',
    "coalesce(province_pcode, '')",
    "coalesce(front, '')",
    "coalesce(group_code, '')",
    'category',
    "coalesce(attack_type, '')",
  ].join(', ');
  const measures = MEASURES.join(', ');
  const summed = MEASURES.map((m) => `sum(${m})`).join(', ');
  await sql
    .raw(
      `insert into incident_month_facts (district_pcode, month, province_pcode, front, group_code, category, attack_type, ${measures}) ` +
        `select ${keys}, ${sums} from incidents where deleted_at is null and (cluster_id is null or cluster_id = id) group by ${keys}`,
    )
    .execute(db);
  await sql
    .raw(
      `insert into incident_province_month_facts (province_pcode, month, front, group_code, category, attack_type, ${measures}) ` +
        `select province_pcode, month, front, group_code, category, attack_type, ${summed} from incident_month_facts ` +
        'group by province_pcode, month, front, group_code, category, attack_type',
    )
    .execute(db);
  await sql
    .raw(
      `insert into incident_district_month_totals (district_pcode, month, province_pcode, ${measures}) ` +
        `select district_pcode, month, province_pcode, ${summed} from incident_month_facts group by district_pcode, month, province_pcode`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incident_district_month_totals').execute();
  await db.schema.dropTable('incident_province_month_facts').execute();
  await db.schema.dropTable('incident_month_facts').execute();
}
