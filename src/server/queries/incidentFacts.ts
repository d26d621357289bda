/**
 * Sums of incidents and their casualties (low, best and high) by any of the analysis dimensions,
 * each duplicate cluster counted once: the one place the analyses get incident figures from.
 *
 * `best` is the best estimate, else the low, else the high figure; `low` and `high` fall back to
 * `best` the same way, so a band is never narrower than its data.
 *
 * The sums are read from the aggregate tables kept in step with `incidents` (see
 * repositories/incidentSummaryRepository.ts): each call reads the smallest table that holds every
 * dimension it groups or filters by, in whole months (the filters' period is in whole months):
 *   incident_district_month_totals  district × month                    (maps, surges, impact by place)
 *   incident_province_month_facts   province × month × front × group × category × attack type
 *   incident_month_facts            all of the above with the district (district with front, group,
 *                                   category or attack type)
 * Every dimension is in incident_month_facts, so no combination of `by` and filters scans
 * `incidents`; only a filter list holding an empty value (which the tables store for "none" and so
 * cannot tell apart) is counted from `incidents` itself.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { AnalysisFilters } from '../../core/analytics/filters';
import type { Db } from '../../db/database';
import type { Database } from '../../db/tables';
import { MEASURES } from '../repositories/incidentSummaryRepository';

export const FACT_DIMENSIONS = ['month', 'quarter', 'year', 'province', 'district', 'front', 'group', 'category', 'attack_type'] as const;
export type FactDimension = (typeof FACT_DIMENSIONS)[number];

export interface CountRangeSum {
  low: number;
  best: number;
  high: number;
}

export interface FactTotals {
  incidents: number;
  suicide: number;
  killed: CountRangeSum;
  injured: CountRangeSum;
  hostages: CountRangeSum;
}

export interface FactRow extends FactTotals {
  /** The value of each requested dimension; '' when the incident has none (no district, no group). */
  key: Partial<Record<FactDimension, string>>;
}

const DIMENSION_SQL: Record<FactDimension, string> = {
  month: 'substr(date_start, 1, 7)',
  quarter: "substr(date_start, 1, 4) || 'Q' || cast((cast(substr(date_start, 6, 2) as integer) + 2) / 3 as varchar)",
  year: 'substr(date_start, 1, 4)',
  province: "coalesce(province_pcode, '')",
  district: "coalesce(district_pcode, '')",
  front: "coalesce(front, '')",
  group: "coalesce(group_code, '')",
  category: 'category',
  attack_type: "coalesce(attack_type, '')",
};

/** The same dimensions on the aggregate tables, whose month column is `month` and missing values ''. */
const TABLE_DIMENSION_SQL: Record<FactDimension, string> = {
  month: 'month',
  quarter: "substr(month, 1, 4) || 'Q' || cast((cast(substr(month, 6, 2) as integer) + 2) / 3 as varchar)",
  year: 'substr(month, 1, 4)',
  province: 'province_pcode',
  district: 'district_pcode',
  front: 'front',
  group: 'group_code',
  category: 'category',
  attack_type: 'attack_type',
};

type FactTable = 'incident_district_month_totals' | 'incident_province_month_facts' | 'incident_month_facts';
const PERIOD: FactDimension[] = ['month', 'quarter', 'year'];

/** Smallest first. */
const FACT_TABLES: { table: FactTable; dimensions: ReadonlySet<FactDimension> }[] = [
  { table: 'incident_district_month_totals', dimensions: new Set([...PERIOD, 'province', 'district']) },
  { table: 'incident_province_month_facts', dimensions: new Set([...PERIOD, 'province', 'front', 'group', 'category', 'attack_type']) },
  { table: 'incident_month_facts', dimensions: new Set(FACT_DIMENSIONS) },
];

/** The dimensions a call needs from a table: those it groups by and those its filters limit. */
function neededDimensions(filters: AnalysisFilters, dims: readonly FactDimension[]): Set<FactDimension> {
  const needed = new Set<FactDimension>(dims);
  if (filters.from || filters.to) needed.add('month');
  if (filters.provinces.length) needed.add('province');
  if (filters.districts.length) needed.add('district');
  if (filters.fronts.length) needed.add('front');
  if (filters.groups.length) needed.add('group');
  if (filters.categories.length) needed.add('category');
  return needed;
}

/** The table to read, or null to count `incidents` (a filter value the tables cannot tell from "none"). */
export function factTableFor(filters: AnalysisFilters, by: readonly FactDimension[]): FactTable | null {
  const lists: readonly string[][] = [filters.provinces, filters.districts, filters.fronts, filters.groups, filters.categories];
  if (lists.some((values) => values.includes(''))) return null;
  const needed = neededDimensions(filters, by);
  return FACT_TABLES.find((t) => [...needed].every((d) => t.dimensions.has(d)))?.table ?? null;
}

async function fromTable(k: Kysely<Database>, table: FactTable, filters: AnalysisFilters, dims: FactDimension[]): Promise<Record<string, string | number>[]> {
  let query = k
    .selectFrom(table)
    .select(dims.map((d) => sql<string>`${sql.raw(TABLE_DIMENSION_SQL[d])}`.as(`k_${d}`)))
    .select(MEASURES.map((m) => sql<number>`coalesce(sum(${sql.ref(m)}), 0)`.as(m)));
  if (filters.from) query = query.where('month', '>=', filters.from);
  if (filters.to) query = query.where('month', '<=', filters.to);
  const inList = (column: string, values: readonly string[]) => sql<SqlBool>`${sql.ref(column)} in (${sql.join(values.map((v) => sql`${v}`))})`;
  if (filters.provinces.length) query = query.where(inList('province_pcode', filters.provinces));
  if (filters.districts.length) query = query.where(inList('district_pcode', filters.districts));
  if (filters.fronts.length) query = query.where(inList('front', filters.fronts));
  if (filters.groups.length) query = query.where(inList('group_code', filters.groups));
  if (filters.categories.length) query = query.where(inList('category', filters.categories));
  if (dims.length > 0) query = query.groupBy(dims.map((d) => sql.raw(TABLE_DIMENSION_SQL[d])));
  return (await query.execute()) as unknown as Record<string, string | number>[];
}

function rangeSums(name: 'killed' | 'injured' | 'hostages') {
  return [
    sql<number>`coalesce(sum(coalesce(${sql.ref(`${name}_low`)}, ${sql.ref(`${name}_best`)}, ${sql.ref(`${name}_high`)})), 0)`.as(`${name}_low`),
    sql<number>`coalesce(sum(coalesce(${sql.ref(`${name}_best`)}, ${sql.ref(`${name}_low`)}, ${sql.ref(`${name}_high`)})), 0)`.as(`${name}_best`),
    sql<number>`coalesce(sum(coalesce(${sql.ref(`${name}_high`)}, ${sql.ref(`${name}_best`)}, ${sql.ref(`${name}_low`)})), 0)`.as(`${name}_high`),
  ];
}

function where(filters: AnalysisFilters) {
  return (eb: ExpressionBuilder<Database, 'incidents'>): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [
      eb('deleted_at', 'is', null),
      eb.or([eb('cluster_id', 'is', null), eb('cluster_id', '=', eb.ref('id'))]),
    ];
    if (filters.from) parts.push(eb('date_start', '>=', `${filters.from}-01`));
    if (filters.to) parts.push(eb('date_start', '<=', `${filters.to}-31`));
    if (filters.provinces.length) parts.push(eb('province_pcode', 'in', filters.provinces));
    if (filters.districts.length) parts.push(eb('district_pcode', 'in', filters.districts));
    if (filters.fronts.length) parts.push(eb('front', 'in', filters.fronts));
    if (filters.groups.length) parts.push(eb('group_code', 'in', filters.groups));
    if (filters.categories.length) parts.push(eb('category', 'in', filters.categories));
    return eb.and(parts);
  };
}

async function fromIncidents(k: Kysely<Database>, filters: AnalysisFilters, dims: FactDimension[]): Promise<Record<string, string | number>[]> {
  const rows = await k
    .selectFrom('incidents')
    .select(dims.map((d) => sql<string>`${sql.raw(DIMENSION_SQL[d])}`.as(`k_${d}`)))
    .select([
      sql<number>`count(*)`.as('incidents'),
      sql<number>`coalesce(sum(case when suicide = 1 then 1 else 0 end), 0)`.as('suicide'),
      ...rangeSums('killed'),
      ...rangeSums('injured'),
      ...rangeSums('hostages'),
    ])
    .where(where(filters))
    .$if(dims.length > 0, (q) => q.groupBy(dims.map((d) => sql.raw(DIMENSION_SQL[d]))))
    .execute();
  return rows as unknown as Record<string, string | number>[];
}

function compareKeys(dims: readonly FactDimension[]) {
  return (a: FactRow, b: FactRow): number => {
    for (const d of dims) {
      const x = a.key[d]!;
      const y = b.key[d]!;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
}

function toFacts(rows: Record<string, string | number>[], dims: FactDimension[]): FactRow[] {
  const facts = rows.map((row): FactRow => {
    const key: Partial<Record<FactDimension, string>> = {};
    for (const d of dims) key[d] = String(row[`k_${d}`] ?? '');
    const range = (name: string): CountRangeSum => ({
      low: Number(row[`${name}_low`]),
      best: Number(row[`${name}_best`]),
      high: Number(row[`${name}_high`]),
    });
    return { key, incidents: Number(row.incidents), suicide: Number(row.suicide), killed: range('killed'), injured: range('injured'), hostages: range('hostages') };
  });
  return facts.sort(compareKeys(dims));
}

/** Sums per combination of the `by` dimensions (one row of totals when `by` is empty), ordered by the keys. */
export async function sumIncidentFacts(db: Db | Kysely<Database>, filters: AnalysisFilters, by: readonly FactDimension[]): Promise<FactRow[]> {
  const k = 'kysely' in db ? db.kysely : db;
  const dims = [...new Set(by)];
  observer?.(filters, dims);
  const table = factTableFor(filters, dims);
  return toFacts(table ? await fromTable(k, table, filters, dims) : await fromIncidents(k, filters, dims), dims);
}

/** The same sums counted from `incidents` row by row: what the aggregate tables are checked against. */
export async function scanIncidentFacts(db: Db | Kysely<Database>, filters: AnalysisFilters, by: readonly FactDimension[]): Promise<FactRow[]> {
  const k = 'kysely' in db ? db.kysely : db;
  const dims = [...new Set(by)];
  return toFacts(await fromIncidents(k, filters, dims), dims);
}

/**
 * The first and last month with any live incident (for "the latest complete month"): the first and
 * last live row along the date index, not a pass over the table.
 */
export async function incidentMonthRange(db: Db | Kysely<Database>): Promise<{ first: string; last: string } | null> {
  const k = 'kysely' in db ? db.kysely : db;
  const edge = (direction: 'asc' | 'desc') =>
    k.selectFrom('incidents').select('date_start').where('deleted_at', 'is', null).orderBy('date_start', direction).limit(1).executeTakeFirst();
  const [first, last] = await Promise.all([edge('asc'), edge('desc')]);
  if (!first || !last) return null;
  return { first: first.date_start.slice(0, 7), last: last.date_start.slice(0, 7) };
}

type FactQueryObserver = (filters: AnalysisFilters, by: readonly FactDimension[]) => void;
let observer: FactQueryObserver | null = null;

/** Sees every sum asked of sumIncidentFacts (the benchmark times the same sums in another engine); null to stop. */
export function observeFactQueries(fn: FactQueryObserver | null): void {
  observer = fn;
}
