/**
 * The incident filter language, defined once and composed into every incident query (list,
 * exports, counts by district), so the API, the exports and the CLI filter alike.
 */
import { PostgresAdapter, sql, type ExpressionBuilder, type Expression, type Kysely, type SqlBool } from 'kysely';
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
  /** Words in the notes, title or place: each word as the start of a word, all of them (see `searchWords`). */
  q?: string;
  /** Changed (created, edited, deleted, re-linked) at or after this instant (ISO). */
  updated_since?: string;
  /** Include tombstones of deleted incidents (for delta sync). */
  include_deleted?: boolean;
  /** One incident per duplicate cluster (its representative). */
  dedupe?: boolean;
  /**
   * How `q` is used (set by the queries, never by a request): `filter` (the default) checks the
   * rows of the period against the text matches; `first` starts from the matches, for when they
   * are few (see `textMatchesFew`).
   */
  text_way?: 'filter' | 'first';
}

type Eb = ExpressionBuilder<Database, 'incidents'>;

/** The killed figure counted for an incident: best, else low, else high. */
export function killedFigure(eb: Eb) {
  return eb.fn.coalesce('incidents.killed_best', 'incidents.killed_low', 'incidents.killed_high');
}

/**
 * The words of a text search: runs of letters and digits of any script (and private-use
 * characters), as the text indexes split the stored text (SQLite FTS5 `unicode61`, PostgreSQL's
 * `simple` configuration). Everything else (spaces, punctuation, combining marks, operators of
 * either search syntax) only separates words, so no input can make a malformed search.
 */
export function searchWords(q: string): string[] {
  return q.replace(SEPARATING_LETTERS, ' ').match(/[\p{L}\p{N}\p{Co}]+/gu) ?? [];
}

// Letters that `unicode61` (which follows Unicode 6.1, where they were marks) reads as separators.
// Left inside a word they would make it two words in one quoted string: a phrase, which the index
// (it keeps no word positions) cannot search.
const SEPARATING_LETTERS = /[\u19B0-\u19C0\u19C8\u19C9\u1CF2\u1CF3]/gu;

// A period of at most this many calendar years narrows a text search inside the index by year.
const INDEXED_YEARS = 5;

/** The years from `from` to `to` when few enough to narrow a search by; else none. */
function yearsOf(from: string | undefined, to: string | undefined): string[] {
  const first = Number(from?.slice(0, 4));
  const last = Number(to?.slice(0, 4));
  if (!Number.isInteger(first) || !Number.isInteger(last) || last < first || last - first >= INDEXED_YEARS) return [];
  return Array.from({ length: last - first + 1 }, (_, i) => String(first + i));
}

/**
 * The text condition: every word of `q` begins a word of the title, place or notes. The ids come
 * from the text index (migration 2026_11_26_0303) through `incidents_fts(query)`, one query text
 * for both dialects (the filter is a fragment of its caller's query and does not know which
 * database runs it): on SQLite the FTS5 table read as a table-valued function, on PostgreSQL a
 * SQL function over the GIN index. Each word is quoted and marked as a prefix, so no input is
 * read as an operator; a `q` without a word matches nothing. A period of a few years is given to
 * the index as years too, so SQLite intersects the words' incidents with the period's inside the
 * index (the date condition stays, exact).
 *
 * `is true` makes the match a filter rather than a way in: SQLite would read each matching
 * incident by id (tens of thousands of reads for a common word, then a sort), PostgreSQL join
 * the matches to the table. Both instead read the period's range of a date index (or walk it
 * newest first until a page is full) and check each id against the matches, gathered once.
 */
function textCondition(eb: Eb, f: IncidentFilters): Expression<SqlBool> {
  const query = textQuery(f);
  if (query === null) return sql<SqlBool>`1 = 0`;
  if (f.text_way === 'first') return sql<SqlBool>`${eb.ref('incidents.id')} in (select rowid from incidents_fts(${query}))`;
  return sql<SqlBool>`(${eb.ref('incidents.id')} in (select rowid from incidents_fts(${query}))) is true`;
}

/** The text index's query for the filters' `q` and period; null when `q` has no word. */
function textQuery(f: IncidentFilters): string | null {
  const words = searchWords(f.q ?? '');
  if (words.length === 0) return null;
  let query = `{title place notes} : (${words.map((w) => `"${w}"*`).join(' ')})`;
  const years = yearsOf(f.from, f.to);
  if (years.length) query += ` AND date_start : (${years.map((y) => `"${y}"`).join(' OR ')})`;
  return query;
}

/** Text matches below this many are read first, each incident by its id. */
export const FEW_TEXT_MATCHES = 2000;

/**
 * Whether the text search of these filters surely matches fewer than FEW_TEXT_MATCHES incidents:
 * when its longest word alone does (read from the index, stopping there; all words must match, so
 * the search matches no more than any one of them). Walking a date index and
 * checking every id against the matches is then slower than reading the few matching incidents
 * by id: a word no incident holds would walk the whole index. Counting the words together would
 * cost as much as the search itself when they are all common.
 */
export async function textMatchesFew(db: Kysely<Database>, f: IncidentFilters): Promise<boolean> {
  // The longest word only: usually the rarest, and the cheapest to read as a prefix (a short
  // common prefix gathers the incidents of every word it begins).
  const word = searchWords(f.q ?? '').sort((a, b) => b.length - a.length)[0];
  if (word === undefined) return false;
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from (${firstMatches(db, word)}) as matches`.execute(db);
  return Number(rows[0]?.n ?? 0) < FEW_TEXT_MATCHES;
}

/**
 * Up to FEW_TEXT_MATCHES incidents beginning a word with `word`. PostgreSQL's `incidents_fts`
 * gathers every match before the first is returned, so the count stops early only against the
 * index itself: its expression, as migration 2026_11_26_0303 wrote it.
 */
function firstMatches(db: Kysely<Database>, word: string) {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return sql`select 1 from incidents where to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(place, '') || ' ' || coalesce(notes, '')) @@ to_tsquery('simple'::regconfig, ${`'${word}':*`}) limit ${FEW_TEXT_MATCHES}`;
  }
  return sql`select rowid from incidents_fts(${`{title place notes} : ("${word}"*)`}) limit ${FEW_TEXT_MATCHES}`;
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
  if (f.q) conditions.push(textCondition(eb, f));
  return eb.and(conditions);
}
