/**
 * Incidents, killed and injured per district for the filters, counting each duplicate cluster
 * once (by its representative). Incidents placed only in a province are not in any district row.
 *
 * Two ways to the same answer: when the filters are only period, place, front, category, group,
 * attack type and data set, whole months are read from the month summaries (a few thousand rows
 * instead of a million) and only the partial months at either end from `incidents`; any other
 * filter (event type, killed at least, text, changed since) counts `incidents`.
 */
import { CompiledQuery, SqliteAdapter, sql, type Kysely, type SqlBool } from 'kysely';
import { lastDayOfMonth } from '../../core/incidentDates';
import type { Database } from '../../db/tables';
import { incidentWhere, textMatchesFew, type IncidentFilters } from './incidentFilters';

export interface DistrictIncidentCount {
  district_pcode: string;
  incidents: number;
  killed: number;
  injured: number;
}

const SUMMARY_FILTERS = new Set<keyof IncidentFilters>(['from', 'to', 'province', 'district', 'front', 'category', 'group', 'attack_type', 'dataset', 'dedupe']);

// Filters on columns that only the table holds.
const TABLE_FILTERS: readonly (keyof IncidentFilters)[] = ['q', 'updated_since'];
const FROM_INCIDENTS = 'from "incidents" where';

/**
 * SQLite, without statistics, takes an equality on the data set (the unique key's first column)
 * or the district index (for the grouping) as the cheaper way, and then reads a million rows from
 * the table; `incidents_counts_idx` answers the count from the index alone, reading only the
 * period's range of it. PostgreSQL plans from its statistics.
 */
function countsIndexed(db: Kysely<Database>, query: CompiledQuery, filters: IncidentFilters): CompiledQuery {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return query;
  if (TABLE_FILTERS.some((key) => filters[key] !== undefined)) return query;
  if (!query.sql.includes(FROM_INCIDENTS)) return query;
  return CompiledQuery.raw(query.sql.replace(FROM_INCIDENTS, 'from "incidents" indexed by "incidents_counts_idx" where'), [...query.parameters]);
}

async function fromIncidents(db: Kysely<Database>, filters: IncidentFilters): Promise<DistrictIncidentCount[]> {
  const query = db
    .selectFrom('incidents')
    .select([
      'district_pcode',
      sql<number>`count(*)`.as('incidents'),
      sql<number>`coalesce(sum(coalesce(killed_best, killed_low, killed_high)), 0)`.as('killed'),
      sql<number>`coalesce(sum(coalesce(injured_best, injured_low, injured_high)), 0)`.as('injured'),
    ])
    .where((eb) => incidentWhere(eb, { ...filters, dedupe: true }))
    .where('district_pcode', 'is not', null)
    .groupBy('district_pcode');
  const { rows } = await db.executeQuery<{ district_pcode: string | null; incidents: number; killed: number; injured: number }>(countsIndexed(db, query.compile(), filters));
  return rows.map((r) => ({ district_pcode: r.district_pcode!, incidents: Number(r.incidents), killed: Number(r.killed), injured: Number(r.injured) }));
}

/**
 * Whole months from the aggregates: `incident_district_months` when the filters are only place,
 * front and category; `incident_month_facts` (which also holds group, attack type, '' for none,
 * and data set) when a group, attack type or data set is asked for.
 */
async function fromMonths(db: Kysely<Database>, filters: IncidentFilters, fromMonth: string | null, toMonth: string | null): Promise<DistrictIncidentCount[]> {
  const fine = Boolean(filters.group?.length || filters.attack_type?.length || filters.dataset?.length);
  const table = fine ? 'incident_month_facts' : 'incident_district_months';
  const [killed, injured] = fine ? ['killed_best', 'injured_best'] : ['killed', 'injured'];
  let query = db
    .selectFrom(table)
    .select([
      'district_pcode',
      sql<number>`sum(incidents)`.as('incidents'),
      sql<number>`sum(${sql.ref(killed)})`.as('killed'),
      sql<number>`sum(${sql.ref(injured)})`.as('injured'),
    ])
    .where('district_pcode', '!=', '')
    .groupBy('district_pcode');
  const inList = (column: string, values: readonly string[]) => sql<SqlBool>`${sql.ref(column)} in (${sql.join(values.map((v) => sql`${v}`))})`;
  if (fromMonth) query = query.where('month', '>=', fromMonth);
  if (toMonth) query = query.where('month', '<=', toMonth);
  if (filters.province) query = query.where('province_pcode', '=', filters.province);
  if (filters.district) query = query.where('district_pcode', '=', filters.district);
  if (filters.front?.length) query = query.where(inList('front', filters.front));
  if (filters.category?.length) query = query.where(inList('category', filters.category));
  if (filters.group?.length) query = query.where(inList('group_code', filters.group));
  if (filters.attack_type?.length) query = query.where(inList('attack_type', filters.attack_type));
  if (filters.dataset?.length) query = query.where(inList('dataset', filters.dataset));
  const rows = await query.execute();
  return rows.map((r) => ({ district_pcode: r.district_pcode, incidents: Number(r.incidents), killed: Number(r.killed), injured: Number(r.injured) }));
}

function shiftMonth(month: string, by: number): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

function monthEnd(month: string): string {
  return `${month}-${String(lastDayOfMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)))).padStart(2, '0')}`;
}

export async function countIncidentsByDistrict(db: Kysely<Database>, given: IncidentFilters): Promise<DistrictIncidentCount[]> {
  // A text search over an open period, or one that matches few incidents, is counted from its
  // matches; within a bounded period, from the period's incidents checked against the matches.
  const filters: IncidentFilters =
    given.q && !given.text_way ? { ...given, text_way: !given.from || !given.to || (await textMatchesFew(db, given)) ? 'first' : 'filter' } : given;
  const summarised = (Object.keys(filters) as (keyof IncidentFilters)[]).every((key) => filters[key] === undefined || SUMMARY_FILTERS.has(key));
  let parts: DistrictIncidentCount[][];
  if (!summarised) {
    parts = [await fromIncidents(db, filters)];
  } else {
    // Whole months inside [from, to] come from the summary; the days of a partial month at either end from incidents.
    const fromMonth = filters.from ? (filters.from.endsWith('-01') ? filters.from.slice(0, 7) : shiftMonth(filters.from.slice(0, 7), 1)) : null;
    const toMonth = filters.to ? (filters.to === monthEnd(filters.to.slice(0, 7)) ? filters.to.slice(0, 7) : shiftMonth(filters.to.slice(0, 7), -1)) : null;
    if (fromMonth && toMonth && fromMonth > toMonth) {
      parts = [await fromIncidents(db, filters)];
    } else {
      parts = [await fromMonths(db, filters, fromMonth, toMonth)];
      if (filters.from && fromMonth !== filters.from.slice(0, 7)) {
        parts.push(await fromIncidents(db, { ...filters, to: monthEnd(filters.from.slice(0, 7)) }));
      }
      if (filters.to && toMonth !== filters.to.slice(0, 7)) {
        parts.push(await fromIncidents(db, { ...filters, from: `${filters.to.slice(0, 7)}-01` }));
      }
    }
  }
  const byDistrict = new Map<string, DistrictIncidentCount>();
  for (const part of parts) {
    for (const row of part) {
      const total = byDistrict.get(row.district_pcode);
      if (!total) byDistrict.set(row.district_pcode, { ...row });
      else {
        total.incidents += row.incidents;
        total.killed += row.killed;
        total.injured += row.injured;
      }
    }
  }
  return [...byDistrict.values()].filter((r) => r.incidents > 0).sort((a, b) => a.district_pcode.localeCompare(b.district_pcode));
}
