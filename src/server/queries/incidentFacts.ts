/**
 * Sums of incidents and their casualties (low, best and high) by any of the analysis dimensions,
 * each duplicate cluster counted once: the one place the analyses get incident figures from.
 *
 * `best` is the best estimate, else the low, else the high figure; `low` and `high` fall back to
 * `best` the same way, so a band is never narrower than its data.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { AnalysisFilters } from '../../core/analytics/filters';
import type { Db } from '../../db/database';
import type { Database } from '../../db/tables';

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

/** Sums per combination of the `by` dimensions (one row of totals when `by` is empty). */
export async function sumIncidentFacts(db: Db | Kysely<Database>, filters: AnalysisFilters, by: readonly FactDimension[]): Promise<FactRow[]> {
  const k = 'kysely' in db ? db.kysely : db;
  const dims = [...new Set(by)];
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
  return rows.map((r) => {
    const row = r as unknown as Record<string, string | number>;
    const key: Partial<Record<FactDimension, string>> = {};
    for (const d of dims) key[d] = String(row[`k_${d}`] ?? '');
    const range = (name: string): CountRangeSum => ({
      low: Number(row[`${name}_low`]),
      best: Number(row[`${name}_best`]),
      high: Number(row[`${name}_high`]),
    });
    return { key, incidents: Number(row.incidents), suicide: Number(row.suicide), killed: range('killed'), injured: range('injured'), hostages: range('hostages') };
  });
}

/** The first and last month with any counted incident (for "the latest complete month"). */
export async function incidentMonthRange(db: Db | Kysely<Database>): Promise<{ first: string; last: string } | null> {
  const k = 'kysely' in db ? db.kysely : db;
  const row = await k
    .selectFrom('incidents')
    .select([sql<string | null>`min(date_start)`.as('first'), sql<string | null>`max(date_start)`.as('last')])
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row?.first || !row.last) return null;
  return { first: row.first.slice(0, 7), last: row.last.slice(0, 7) };
}
