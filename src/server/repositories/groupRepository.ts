/** The SQL for the perpetrator groups catalogue and its aliases. */
import type { Kysely } from 'kysely';
import type { Db } from '../../db/database';
import type { Database } from '../../db/tables';
import { isFront, type Front } from '../../core/incidents';
import type { GroupRecord } from '../../core/groups';

type Queryable = Db | Kysely<Database>;

function q(db: Queryable): Kysely<Database> {
  return 'kysely' in db ? db.kysely : db;
}

/** Every group with its aliases, by code. */
export async function readGroups(db: Queryable): Promise<GroupRecord[]> {
  const [groups, aliases] = await Promise.all([
    q(db).selectFrom('incident_groups').selectAll().orderBy('code').execute(),
    q(db).selectFrom('incident_group_aliases').select(['group_code', 'alias']).orderBy('id').execute(),
  ]);
  const byGroup = new Map<string, string[]>();
  for (const a of aliases) {
    const list = byGroup.get(a.group_code);
    if (list) list.push(a.alias);
    else byGroup.set(a.group_code, [a.alias]);
  }
  return groups.map((g) => ({
    code: g.code,
    name: g.name,
    front: (isFront(g.front) ? g.front : 'other') as Front,
    parent_code: g.parent_code,
    aliases: byGroup.get(g.code) ?? [],
  }));
}

export interface GroupRow {
  code: string;
  name: string;
  front: string;
  parent_code: string | null;
  notes: string | null;
}

export async function readGroupRows(db: Queryable): Promise<GroupRow[]> {
  return q(db).selectFrom('incident_groups').selectAll().orderBy('code').execute();
}

export async function readAliasRows(db: Queryable): Promise<{ id: number; group_code: string; alias: string; alias_key: string }[]> {
  const rows = await q(db).selectFrom('incident_group_aliases').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function insertGroups(db: Queryable, rows: readonly GroupRow[]): Promise<void> {
  if (rows.length) await q(db).insertInto('incident_groups').values([...rows]).execute();
}

export async function updateGroup(db: Queryable, row: GroupRow): Promise<void> {
  await q(db)
    .updateTable('incident_groups')
    .set({ name: row.name, front: row.front, parent_code: row.parent_code, notes: row.notes })
    .where('code', '=', row.code)
    .execute();
}

export async function insertAliases(db: Queryable, rows: readonly { group_code: string; alias: string; alias_key: string }[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    await q(db)
      .insertInto('incident_group_aliases')
      .values(rows.slice(start, start + 500))
      .execute();
  }
}

export async function deleteAliases(db: Queryable, ids: readonly number[]): Promise<void> {
  for (let start = 0; start < ids.length; start += 500) {
    await q(db)
      .deleteFrom('incident_group_aliases')
      .where('id', 'in', ids.slice(start, start + 500))
      .execute();
  }
}

/** Incidents per group (live ones), for the catalogue endpoint. */
export async function incidentsPerGroup(db: Queryable): Promise<Map<string, number>> {
  const rows = await q(db)
    .selectFrom('incidents')
    .select(['group_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('deleted_at', 'is', null)
    .where('group_code', 'is not', null)
    .groupBy('group_code')
    .execute();
  return new Map(rows.map((r) => [r.group_code!, Number(r.n)]));
}
