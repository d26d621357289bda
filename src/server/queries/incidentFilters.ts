/**
 * The incident filter language, defined once and composed into every incident query (list,
 * exports, counts by district), so the API, the exports and the CLI filter alike.
 */
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Front, IncidentCategory } from '../../core/incidents';
import type { Database } from '../../db/tables';

export interface IncidentFilters {
  /** Start date on or after (ISO date). */
  from?: string;
  /** Start date on or before (ISO date). */
  to?: string;
  province?: string;
  district?: string;
  front?: Front[];
  group?: string[];
  category?: IncidentCategory[];
  event_type?: string[];
  attack_type?: string[];
  /** Killed (best estimate, else low, else high) at least this many. */
  min_killed?: number;
  dataset?: string[];
  /** Text in the notes, title or place, case-insensitive. */
  q?: string;
  /** Changed (created, edited, deleted, re-linked) at or after this instant (ISO). */
  updated_since?: string;
  /** Include tombstones of deleted incidents (for delta sync). */
  include_deleted?: boolean;
  /** One incident per duplicate cluster (its representative). */
  dedupe?: boolean;
}

type Eb = ExpressionBuilder<Database, 'incidents'>;

/** The killed figure counted for an incident: best, else low, else high. */
export function killedFigure(eb: Eb) {
  return eb.fn.coalesce('incidents.killed_best', 'incidents.killed_low', 'incidents.killed_high');
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The WHERE condition of a filter set. */
export function incidentWhere(eb: Eb, f: IncidentFilters): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (!f.include_deleted) conditions.push(eb('incidents.deleted_at', 'is', null));
  if (f.dedupe) conditions.push(eb.or([eb('incidents.cluster_id', 'is', null), eb('incidents.cluster_id', '=', eb.ref('incidents.id'))]));
  if (f.from) conditions.push(eb('incidents.date_start', '>=', f.from));
  if (f.to) conditions.push(eb('incidents.date_start', '<=', f.to));
  if (f.province) conditions.push(eb('incidents.province_pcode', '=', f.province));
  if (f.district) conditions.push(eb('incidents.district_pcode', '=', f.district));
  if (f.front?.length) conditions.push(eb('incidents.front', 'in', f.front));
  if (f.group?.length) conditions.push(eb('incidents.group_code', 'in', f.group));
  if (f.category?.length) conditions.push(eb('incidents.category', 'in', f.category));
  if (f.event_type?.length) conditions.push(eb('incidents.event_type', 'in', f.event_type));
  if (f.attack_type?.length) conditions.push(eb('incidents.attack_type', 'in', f.attack_type));
  if (f.dataset?.length) conditions.push(eb('incidents.dataset', 'in', f.dataset));
  if (f.min_killed !== undefined) conditions.push(eb(killedFigure(eb), '>=', f.min_killed));
  if (f.updated_since) conditions.push(eb('incidents.updated_at', '>=', f.updated_since));
  if (f.q) {
    const pattern = `%${escapeLike(f.q.toLowerCase())}%`;
    const like = (column: 'notes' | 'place' | 'title') => sql<SqlBool>`lower(${eb.ref(`incidents.${column}`)}) like ${pattern} escape '\\'`;
    conditions.push(eb.or([like('notes'), like('place'), like('title')]));
  }
  return eb.and(conditions);
}
