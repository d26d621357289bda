/**
 * Index definitions and releases. Both are append-only: there is deliberately no function here
 * that updates or deletes a row, so a published release stays what it was.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Db } from '../../db/database';
import type { Database, IndexDefinitionTable, IndexReleaseTable } from '../../db/tables';

type Queryable = Db | Kysely<Database>;
const q = (db: Queryable): Kysely<Database> => ('kysely' in db ? db.kysely : db);

export type IndexDefinitionRow = Selectable<IndexDefinitionTable>;
export type IndexReleaseRow = Selectable<IndexReleaseTable>;
export type IndexReleaseSummaryRow = Omit<IndexReleaseRow, 'values_json' | 'notes'>;

export async function listIndexDefinitions(db: Queryable): Promise<IndexDefinitionRow[]> {
  return q(db).selectFrom('index_definitions').selectAll().orderBy('name').orderBy('version').execute();
}

/** One version of a definition, or the newest when `version` is not given. */
export async function findIndexDefinition(db: Queryable, name: string, version?: number): Promise<IndexDefinitionRow | undefined> {
  let query = q(db).selectFrom('index_definitions').selectAll().where('name', '=', name);
  query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  return query.executeTakeFirst();
}

export async function insertIndexDefinition(
  db: Queryable,
  row: { name: string; version: number; description: string | null; parameters: string; created_at: string; created_by: number | null },
): Promise<IndexDefinitionRow> {
  return q(db).insertInto('index_definitions').values(row).returningAll().executeTakeFirstOrThrow();
}

const SUMMARY_COLUMNS = ['id', 'name', 'release', 'definition_version', 'parameters', 'options', 'inputs_hash', 'created_at', 'created_by'] as const;

export async function listIndexReleases(db: Queryable, name?: string): Promise<IndexReleaseSummaryRow[]> {
  return q(db)
    .selectFrom('index_releases')
    .select([...SUMMARY_COLUMNS])
    .$if(name !== undefined, (query) => query.where('name', '=', name!))
    .orderBy('name')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findIndexRelease(db: Queryable, name: string, release: string): Promise<IndexReleaseRow | undefined> {
  return q(db).selectFrom('index_releases').selectAll().where('name', '=', name).where('release', '=', release).executeTakeFirst();
}

export async function insertIndexRelease(db: Queryable, row: Omit<IndexReleaseRow, 'id'>): Promise<IndexReleaseRow> {
  return q(db).insertInto('index_releases').values(row).returningAll().executeTakeFirstOrThrow();
}
