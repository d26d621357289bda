import type { Db } from '../../db/database';

export async function listBatches(db: Db) {
  return db.kysely
    .selectFrom('import_batches')
    .select(['id', 'kind', 'format', 'file', 'status', 'created_at', 'undone_at'])
    .orderBy('id', 'desc')
    .execute();
}

/** One batch with its stored report (JSON text), or undefined. */
export async function getBatch(db: Db, id: number) {
  const row = await db.kysely
    .selectFrom('import_batches')
    .select(['id', 'kind', 'format', 'file', 'status', 'created_at', 'created_by', 'undone_at', 'report'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { ...row, id: Number(row.id) };
}

/** Batches with their reports, newest first, optionally of one kind. */
export async function listBatchReports(db: Db, opts: { kind?: string; limit: number }) {
  let query = db.kysely
    .selectFrom('import_batches')
    .select(['id', 'kind', 'format', 'file', 'status', 'created_at', 'created_by', 'undone_at', 'report'])
    .orderBy('id', 'desc')
    .limit(opts.limit);
  if (opts.kind) query = query.where('kind', '=', opts.kind);
  return (await query.execute()).map((r) => ({ ...r, id: Number(r.id) }));
}
