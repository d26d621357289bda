import type { Kysely, Selectable } from 'kysely';
import type { Database, SettingTable } from '../../db/tables';

export type SettingRow = Selectable<SettingTable>;

export async function listSettingRows(db: Kysely<Database>): Promise<SettingRow[]> {
  return db.selectFrom('settings').selectAll().orderBy('key').execute();
}

export async function findSettingRow(db: Kysely<Database>, key: string): Promise<SettingRow | undefined> {
  return db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function upsertSettingRow(db: Kysely<Database>, row: SettingRow): Promise<void> {
  await db
    .insertInto('settings')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: row.updated_at, updated_by: row.updated_by }))
    .execute();
}
