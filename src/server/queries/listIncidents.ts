/**
 * Incidents matching the filters, in a stable order, a page at a time. Pages are cursors (the
 * sort value and id of the last row), not offsets, so paging through a million rows stays fast
 * and a row inserted meanwhile does not shift the pages.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables';
import type { IncidentRow } from '../repositories/incidentRepository';
import { incidentWhere, killedFigure, textMatchesFew, type IncidentFilters } from './incidentFilters';

/** `-date` newest first (the default), `date` oldest first, `-killed` deadliest first, `updated` for sync. */
export const INCIDENT_SORTS = ['-date', 'date', '-killed', 'updated'] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

export interface Cursor {
  sort: IncidentSort;
  value: string | number;
  id: number;
}

export class CursorError extends Error {}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.id])).toString('base64url');
}

/** @throws CursorError when the cursor is not one this API gave, or was made for another sort. */
export function decodeCursor(text: string, sort: IncidentSort): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('is not a cursor returned by this API');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || typeof parsed[2] !== 'number' || !['string', 'number'].includes(typeof parsed[1])) {
    throw new CursorError('is not a cursor returned by this API');
  }
  if (parsed[0] !== sort) throw new CursorError(`was made for sort=${String(parsed[0])}; use the same sort to page on`);
  return { sort, value: parsed[1] as string | number, id: parsed[2] as number };
}

export interface IncidentPage {
  rows: IncidentRow[];
  next: Cursor | null;
}

/** One page of incidents; `limit` rows at most, and a cursor when there are more. */
export async function listIncidents(db: Kysely<Database>, given: IncidentFilters, sort: IncidentSort, limit: number, after?: Cursor): Promise<IncidentPage> {
  const filters = await withTextWay(db, given);
  let query = db
    .selectFrom('incidents')
    .selectAll('incidents')
    .where((eb) => incidentWhere(eb, filters));
  if (after) {
    query = query.where((eb) => {
      switch (sort) {
        case '-date':
          return eb.or([eb('date_start', '<', String(after.value)), eb.and([eb('date_start', '=', String(after.value)), eb('id', '<', after.id)])]);
        case 'date':
          return eb.or([eb('date_start', '>', String(after.value)), eb.and([eb('date_start', '=', String(after.value)), eb('id', '>', after.id)])]);
        case 'updated':
          return eb.or([eb('updated_at', '>', String(after.value)), eb.and([eb('updated_at', '=', String(after.value)), eb('id', '>', after.id)])]);
        case '-killed': {
          const killed = eb.fn.coalesce(killedFigure(eb), eb.val(-1));
          return eb.or([eb(killed, '<', Number(after.value)), eb.and([eb(killed, '=', Number(after.value)), eb('id', '<', after.id)])]);
        }
      }
    });
  }
  switch (sort) {
    case '-date':
      query = query.orderBy('date_start', 'desc').orderBy('id', 'desc');
      break;
    case 'date':
      query = query.orderBy('date_start', 'asc').orderBy('id', 'asc');
      break;
    case 'updated':
      query = query.orderBy('updated_at', 'asc').orderBy('id', 'asc');
      break;
    case '-killed':
      query = query.orderBy((eb) => eb.fn.coalesce(killedFigure(eb), eb.val(-1)), 'desc').orderBy('id', 'desc');
      break;
  }
  const rows = await query.limit(limit + 1).execute();
  const page = rows.slice(0, limit).map((r) => ({ ...r, id: Number(r.id) }));
  if (rows.length <= limit) return { rows: page, next: null };
  const last = page[page.length - 1]!;
  const value =
    sort === '-date' || sort === 'date' ? last.date_start : sort === 'updated' ? last.updated_at : (last.killed_best ?? last.killed_low ?? last.killed_high ?? -1);
  return { rows: page, next: { sort, value, id: last.id } };
}

/**
 * A text search starts from its matches when they are few; otherwise the page walks the sort's
 * index and checks each incident against them, stopping when the page is full.
 */
async function withTextWay(db: Kysely<Database>, filters: IncidentFilters): Promise<IncidentFilters> {
  if (!filters.q || filters.text_way) return filters;
  return { ...filters, text_way: (await textMatchesFew(db, filters)) ? 'first' : 'filter' };
}

/** Every matching incident, streamed a page at a time (for exports). */
export async function* streamIncidents(db: Kysely<Database>, given: IncidentFilters, sort: IncidentSort = 'date', pageSize = 1000): AsyncGenerator<IncidentRow[]> {
  const filters = await withTextWay(db, given);
  let after: Cursor | undefined;
  for (;;) {
    const page = await listIncidents(db, filters, sort, pageSize, after);
    if (page.rows.length) yield page.rows;
    if (!page.next) return;
    after = page.next;
  }
}
