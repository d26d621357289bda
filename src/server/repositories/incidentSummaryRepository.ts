/**
 * Keeps the incident aggregate tables in step with `incidents`: a change recounts the districts
 * and months it touched, from the incidents themselves, in the same transaction. Each duplicate
 * cluster is counted once (by its representative) and tombstones are left out.
 *
 * - `incident_month_facts`: district × month × province × front × group × category × attack type ×
 *   data set, recounted from `incidents` for the districts and months touched;
 * - `incident_district_month_totals` and `incident_district_months` (counts by district, month,
 *   front and category): summed from it for the same districts and months;
 * - `incident_province_month_facts`: summed from it for the provinces and months touched.
 *
 * Incidents without a district are not in a change's scope (the duplicate rule works within
 * districts), so every refresh recounts them all, through the district index; they are few, and
 * only a difference from what is stored is written.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database';
import type { Database, IncidentFactMeasures, IncidentMonthFactTable } from '../../db/tables';

type Queryable = Db | Kysely<Database>;

function q(db: Queryable): Kysely<Database> {
  return 'kysely' in db ? db.kysely : db;
}

export interface MonthScope {
  districts: readonly string[];
  /** First and last month (YYYY-MM), inclusive. */
  fromMonth: string;
  toMonth: string;
}

export const MEASURES = [
  'incidents',
  'suicide',
  'killed_low',
  'killed_best',
  'killed_high',
  'injured_low',
  'injured_best',
  'injured_high',
  'hostages_low',
  'hostages_best',
  'hostages_high',
] as const satisfies readonly (keyof IncidentFactMeasures)[];

/** `best` is the best estimate, else the low, else the high; `low` and `high` fall back the same way. */
function rangeSums(name: 'killed' | 'injured' | 'hostages'): string[] {
  return [
    `coalesce(sum(coalesce(${name}_low, ${name}_best, ${name}_high)), 0)`,
    `coalesce(sum(coalesce(${name}_best, ${name}_low, ${name}_high)), 0)`,
    `coalesce(sum(coalesce(${name}_high, ${name}_best, ${name}_low)), 0)`,
  ];
}

/** The measures summed over incident rows, in the order of MEASURES. */
const INCIDENT_SUMS = [
  'count(*)',
  'coalesce(sum(case when suicide = 1 then 1 else 0 end), 0)',
  ...rangeSums('killed'),
  ...rangeSums('injured'),
  ...rangeSums('hostages'),
];
export const INCIDENT_SUMS_SQL = INCIDENT_SUMS.join(', ');

/** A row of incidents counts when it is live and represents its cluster. */
export const COUNTED_SQL = 'deleted_at is null and (cluster_id is null or cluster_id = id)';

const FACT_KEYS = ['district_pcode', 'month', 'province_pcode', 'front', 'group_code', 'category', 'attack_type', 'dataset'] as const;
const FACT_KEY_EXPRESSIONS = [
  "coalesce(district_pcode, '')",
  'substr(date_start, 1, 7)',
  "coalesce(province_pcode, '')",
  "coalesce(front, '')",
  "coalesce(group_code, '')",
  'category',
  "coalesce(attack_type, '')",
  'dataset',
];
const FACT_KEYS_FROM_INCIDENTS = FACT_KEY_EXPRESSIONS.join(', ');
// The same, named as the columns of incident_month_facts.
const FACT_ROW_FROM_INCIDENTS = [...FACT_KEY_EXPRESSIONS.map((e, i) => `${e} as ${FACT_KEYS[i]}`), ...INCIDENT_SUMS.map((e, i) => `${e} as ${MEASURES[i]}`)].join(', ');
const PROVINCE_KEYS = 'province_pcode, month, front, group_code, category, attack_type';
const MEASURE_LIST = MEASURES.join(', ');
const SUMMED = MEASURES.map((m) => `sum(${m})`).join(', ');
const CHUNK = 200;

const list = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`));

function monthRange(from: string, to: string): RawBuilder<unknown> {
  return sql`month >= ${from} and month <= ${to}`;
}

/** The provinces with stored facts in these districts and months. */
async function provincesOf(k: Kysely<Database>, districts: readonly string[], from: string, to: string): Promise<string[]> {
  const rows = await sql<{ province_pcode: string }>`select distinct province_pcode from incident_month_facts where district_pcode in (${list(districts)}) and ${monthRange(from, to)}`.execute(k);
  return rows.rows.map((r) => r.province_pcode);
}

/**
 * Whether recounting these districts and months reads most of the table: then one pass over all
 * incidents is faster than reaching each row through the district index (the end of a large
 * import). Both counts read index entries only, and the total only for a large scope.
 */
async function readsMostIncidents(k: Kysely<Database>, districts: readonly string[], from: string, to: string): Promise<boolean> {
  const count = async (where: RawBuilder<unknown>) => Number((await sql<{ n: number }>`select count(*) as n from incidents where ${where}`.execute(k)).rows[0]?.n ?? 0);
  const inScope = await count(sql`district_pcode in (${list(districts)}) and date_start >= ${`${from}-01`} and date_start <= ${`${to}-31`}`);
  if (inScope < 20_000) return false;
  return inScope * 4 > (await count(sql`1 = 1`));
}

/** Recounts the districts' facts for the months from `incidents`, and sums the district tables from them. */
async function refreshDistricts(k: Kysely<Database>, districts: readonly string[], from: string, to: string): Promise<void> {
  const inDistricts = sql`district_pcode in (${list(districts)}) and ${monthRange(from, to)}`;
  // The same condition written so that no index matches it, for one pass over the table.
  const scan = await readsMostIncidents(k, districts, from, to);
  const inScope = scan
    ? sql`coalesce(district_pcode, '') in (${list(districts)}) and substr(date_start, 1, 7) >= ${from} and substr(date_start, 1, 7) <= ${to}`
    : sql`district_pcode in (${list(districts)}) and date_start >= ${`${from}-01`} and date_start <= ${`${to}-31`}`;
  await sql`delete from incident_month_facts where ${inDistricts}`.execute(k);
  await sql`insert into incident_month_facts (${sql.raw(FACT_KEYS.join(', '))}, ${sql.raw(MEASURE_LIST)})
    select ${sql.raw(FACT_KEYS_FROM_INCIDENTS)}, ${sql.raw(INCIDENT_SUMS_SQL)} from incidents
    where ${sql.raw(COUNTED_SQL)} and ${inScope}
    group by ${sql.raw(FACT_KEYS_FROM_INCIDENTS)}`.execute(k);
  await sumDistrictTables(k, inDistricts);
}

/** incident_district_month_totals and incident_district_months for the rows of incident_month_facts matching `where`. */
async function sumDistrictTables(k: Kysely<Database>, where: RawBuilder<unknown>): Promise<void> {
  await sql`delete from incident_district_month_totals where ${where}`.execute(k);
  await sql`insert into incident_district_month_totals (district_pcode, month, province_pcode, ${sql.raw(MEASURE_LIST)})
    select district_pcode, month, province_pcode, ${sql.raw(SUMMED)} from incident_month_facts where ${where}
    group by district_pcode, month, province_pcode`.execute(k);
  // The older summary by district, month, front and category (read by the district counts) holds
  // placed incidents only.
  await sql`delete from incident_district_months where ${where}`.execute(k);
  await sql`insert into incident_district_months (district_pcode, month, front, category, province_pcode, incidents, killed, injured)
    select district_pcode, month, front, category, province_pcode, sum(incidents), sum(killed_best), sum(injured_best) from incident_month_facts
    where ${where} and district_pcode <> ''
    group by district_pcode, month, front, category, province_pcode`.execute(k);
}

async function refreshProvinces(k: Kysely<Database>, where: RawBuilder<unknown>): Promise<void> {
  await sql`delete from incident_province_month_facts where ${where}`.execute(k);
  await sql`insert into incident_province_month_facts (${sql.raw(PROVINCE_KEYS)}, ${sql.raw(MEASURE_LIST)})
    select ${sql.raw(PROVINCE_KEYS)}, ${sql.raw(SUMMED)} from incident_month_facts where ${where}
    group by ${sql.raw(PROVINCE_KEYS)}`.execute(k);
}

type FactRow = IncidentMonthFactTable;
const factKey = (r: FactRow) => FACT_KEYS.map((c) => r[c]).join('\u0001');
const sameMeasures = (a: FactRow, b: FactRow) => MEASURES.every((m) => Number(a[m]) === Number(b[m]));

/**
 * Recounts incidents without a district; returns the provinces and months whose sums changed
 * (as `province\u0001month`).
 */
async function refreshUnplaced(k: Kysely<Database>): Promise<Set<string>> {
  const fresh = await sql<FactRow>`select ${sql.raw(FACT_ROW_FROM_INCIDENTS)} from incidents
    where ${sql.raw(COUNTED_SQL)} and district_pcode is null group by ${sql.raw(FACT_KEYS_FROM_INCIDENTS)}`.execute(k);
  const stored = await k.selectFrom('incident_month_facts').selectAll().where('district_pcode', '=', '').execute();
  const before = new Map(stored.map((r) => [factKey(r), r]));
  const after = new Map(fresh.rows.map((r) => [factKey(r), r]));
  const changed = new Set<string>();
  for (const [key, r] of after) {
    const old = before.get(key);
    if (!old || !sameMeasures(old, r)) changed.add(`${r.province_pcode}\u0001${r.month}`);
  }
  for (const [key, r] of before) if (!after.has(key)) changed.add(`${r.province_pcode}\u0001${r.month}`);
  if (changed.size === 0) return changed;
  await k.deleteFrom('incident_month_facts').where('district_pcode', '=', '').execute();
  const rows = fresh.rows.map((r) => {
    const row = { ...r };
    for (const m of MEASURES) row[m] = Number(r[m]);
    return row;
  });
  for (let start = 0; start < rows.length; start += 500) await k.insertInto('incident_month_facts').values(rows.slice(start, start + 500)).execute();
  await sumDistrictTables(k, sql`district_pcode = ''`);
  return changed;
}

/**
 * Brings every aggregate table in step after a change to incidents: the districts and months of
 * `scope` (null when no placed incident changed), and all incidents without a district.
 */
export async function refreshIncidentAggregates(db: Queryable, scope: MonthScope | null): Promise<void> {
  const k = q(db);
  const provinces = new Set<string>();
  if (scope && scope.districts.length > 0) {
    for (let start = 0; start < scope.districts.length; start += CHUNK) {
      const districts = scope.districts.slice(start, start + CHUNK);
      for (const p of await provincesOf(k, districts, scope.fromMonth, scope.toMonth)) provinces.add(p);
      await refreshDistricts(k, districts, scope.fromMonth, scope.toMonth);
      for (const p of await provincesOf(k, districts, scope.fromMonth, scope.toMonth)) provinces.add(p);
    }
  }
  const unplaced = await refreshUnplaced(k);
  if (scope && provinces.size > 0) {
    await refreshProvinces(k, sql`province_pcode in (${list([...provinces])}) and ${monthRange(scope.fromMonth, scope.toMonth)}`);
  }
  // Provinces and months changed only by incidents without a district.
  const months = new Map<string, string[]>();
  for (const pair of unplaced) {
    const [province, month] = pair.split('\u0001') as [string, string];
    if (scope && provinces.has(province) && month >= scope.fromMonth && month <= scope.toMonth) continue;
    months.set(province, [...(months.get(province) ?? []), month]);
  }
  for (const [province, list_] of months) {
    for (let start = 0; start < list_.length; start += CHUNK) {
      await refreshProvinces(k, sql`province_pcode = ${province} and month in (${list(list_.slice(start, start + CHUNK))})`);
    }
  }
}

/** The name the change paths (imports, undo, edits, links) call it by. */
export const refreshDistrictMonths = refreshIncidentAggregates;
