import { sql, type Kysely } from 'kysely';
import { isPostgres } from './helpers';

// A text index over the title, place and notes of incidents, which the `q` filter reads instead of
// scanning every row of the period. Both dialects answer `incidents_fts(query)` with the ids of the
// incidents matching an FTS5 query of the form
//   {title place notes} : ("pesh"* "market"*) [AND date_start : ("2023" OR "2024")]
// (each word quoted, of letters and digits only, as the start of a word, all of them required;
// the years optional, a narrowing the date condition of the query repeats exactly), so
// `incidentFilters.ts` writes one query for both.
//
// - SQLite: an FTS5 table with `incidents` as its external content (it stores only the index, the
//   text stays in `incidents`), read as a table-valued function. `unicode61` splits text into
//   words of letters and digits of any script, so Urdu as well as English, and folds Latin
//   accents. `detail=column` keeps which column a word is in but not where: searches are of
//   single words (quoted, each a prefix), never phrases, and the index is then a fifth faster to
//   build and smaller. `date_start` is indexed too (its tokens are year, month and day), so a search within
//   a period intersects the words' incidents with the period's inside the index. Kept in step by
//   triggers on insert, delete and an update that changes one of the four columns; a bulk import
//   may drop the insert trigger and index its new rows in one statement at its end
//   (`dropIncidentIndexes`, which reads the trigger's SQL back from `sqlite_master`).
// - PostgreSQL: a GIN index over the three columns as one `simple` text search vector (words
//   lower-cased, not stemmed): an expression index, kept in step by PostgreSQL itself. The
//   function takes the quoted prefixes of the query as the tsquery `'pesh':* & 'market':*` and
//   leaves the years to the query's own date condition.
//
// Existing incidents are indexed here.

const SQLITE_STATEMENTS = [
  `create virtual table incidents_fts using fts5(title, place, notes, date_start, content='incidents', content_rowid='id', tokenize='unicode61 remove_diacritics 2', detail=column)`,
  `create trigger incidents_fts_insert after insert on incidents begin
  insert into incidents_fts (rowid, title, place, notes, date_start) values (new.id, new.title, new.place, new.notes, new.date_start);
end`,
  `create trigger incidents_fts_delete after delete on incidents begin
  insert into incidents_fts (incidents_fts, rowid, title, place, notes, date_start) values ('delete', old.id, old.title, old.place, old.notes, old.date_start);
end`,
  `create trigger incidents_fts_update after update of title, place, notes, date_start on incidents
when old.title is not new.title or old.place is not new.place or old.notes is not new.notes or old.date_start is not new.date_start begin
  insert into incidents_fts (incidents_fts, rowid, title, place, notes, date_start) values ('delete', old.id, old.title, old.place, old.notes, old.date_start);
  insert into incidents_fts (rowid, title, place, notes, date_start) values (new.id, new.title, new.place, new.notes, new.date_start);
end`,
];

// The indexed text on PostgreSQL: a query must repeat this expression to use the index.
const PG_DOCUMENT = `to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(place, '') || ' ' || coalesce(notes, ''))`;

// PL/pgSQL, so that it is never inlined into the query that calls it: inlined, PostgreSQL may walk
// a date index and compute each incident's text vector to check it (35 s for a word no incident
// holds, at a million incidents); called, it reads the matches from the GIN index once.
const PG_FUNCTION =
  `create function incidents_fts(query text) returns table (rowid integer) language plpgsql stable as $$ begin return query ` +
  `select id from incidents where ${PG_DOCUMENT} @@ to_tsquery('simple'::regconfig, ` +
  `(select string_agg('''' || m[1] || ''':*', ' & ') from regexp_matches(query, '"([^"]+)"\\*', 'g') as m)); end $$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql.raw(`create index incidents_text_idx on incidents using gin (${PG_DOCUMENT})`).execute(db);
    await sql.raw(PG_FUNCTION).execute(db);
    return;
  }
  for (const statement of SQLITE_STATEMENTS) await sql.raw(statement).execute(db);
  await sql`insert into incidents_fts (incidents_fts) values ('rebuild')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop function incidents_fts(text)`.execute(db);
    await sql`drop index incidents_text_idx`.execute(db);
    return;
  }
  for (const name of ['incidents_fts_update', 'incidents_fts_delete', 'incidents_fts_insert']) await sql.raw(`drop trigger ${name}`).execute(db);
  await sql`drop table incidents_fts`.execute(db);
}
