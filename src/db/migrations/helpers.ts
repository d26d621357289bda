// Frozen helpers for migrations only: they import nothing from the application.
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { PostgresAdapter } from 'kysely';

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An auto-incrementing integer primary key on either dialect. */
export function idColumn(db: Kysely<unknown>) {
  const pg = isPostgres(db);
  return {
    type: (pg ? 'serial' : 'integer') as 'integer',
    build: (col: ColumnDefinitionBuilder) => (pg ? col.primaryKey() : col.primaryKey().autoIncrement()),
  };
}
