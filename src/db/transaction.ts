import type { Transaction } from 'kysely';
import type { Db } from './database';
import type { Database } from './tables';

/**
 * Runs `fn` in one transaction. It receives the transaction twice: as a `Db`, for repository
 * functions written against `Db`, and as the Kysely transaction itself. Inside, use only these:
 * on SQLite the one connection is held by the transaction until it ends.
 */
export function inTransaction<T>(db: Db, fn: (tx: Db, trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.kysely.transaction().execute((trx) => fn({ kysely: trx, dialect: db.dialect, location: db.location, close: async () => undefined }, trx));
}

/** True when an error is a unique-constraint violation, on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}
