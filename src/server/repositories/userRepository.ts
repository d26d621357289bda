import type { Selectable } from 'kysely';
import type { Db } from '../../db/database';
import type { UserTable } from '../../db/tables';

export type UserRow = Selectable<UserTable>;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.kysely.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.kysely.selectFrom('users').selectAll().orderBy('id').execute();
}

export async function insertUser(
  db: Db,
  user: { email: string; name: string; role: string; province_pcode: string | null; password_hash: string },
): Promise<UserRow> {
  return db.kysely
    .insertInto('users')
    .values({ ...user, email: user.email.toLowerCase(), created_at: new Date().toISOString(), disabled_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setUserDisabled(db: Db, id: number, disabledAt: string | null): Promise<void> {
  await db.kysely.updateTable('users').set({ disabled_at: disabledAt }).where('id', '=', id).execute();
}

export async function setUserRole(db: Db, id: number, role: string, provincePcode: string | null): Promise<void> {
  await db.kysely.updateTable('users').set({ role, province_pcode: provincePcode }).where('id', '=', id).execute();
}

/**
 * Ids of the active administrators. On PostgreSQL the rows stay locked until the transaction ends,
 * so two changes that would each leave one administrator queue, and the second sees the first;
 * SQLite runs one write transaction at a time.
 */
export async function lockActiveAdminIds(db: Db): Promise<number[]> {
  let query = db.kysely.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).orderBy('id');
  if (db.dialect === 'postgres') query = query.forUpdate();
  return (await query.execute()).map((row) => row.id);
}

export async function provinceExists(db: Db, pcode: string): Promise<boolean> {
  const row = await db.kysely.selectFrom('provinces').select('pcode').where('pcode', '=', pcode).executeTakeFirst();
  return row !== undefined;
}

export async function insertSession(db: Db, session: { id: string; user_id: number; expires_at: string }): Promise<void> {
  await db.kysely
    .insertInto('sessions')
    .values({ ...session, created_at: new Date().toISOString() })
    .execute();
}

export async function findSessionUser(db: Db, sessionId: string, now: string): Promise<UserRow | undefined> {
  return db.kysely
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', now)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteUserSessions(db: Db, userId: number): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}
