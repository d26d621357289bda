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

/**
 * A stamp that changes whenever the data a published page shows may have changed: every change to
 * plans, reports, incidents, users and settings is an audit entry, and every import or undo a
 * batch row. Cheap (two single-row reads), for caching what is made from the whole database.
 */
export async function dataStamp(db: Db): Promise<string> {
  const [audit, batches] = await Promise.all([
    db.kysely.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst(),
    db.kysely
      .selectFrom('import_batches')
      .select((eb) => [eb.fn.max('id').as('id'), eb.fn.max('undone_at').as('undone'), eb.fn.countAll().as('n')])
      .executeTakeFirst(),
  ]);
  return [audit?.seq ?? 0, batches?.id ?? 0, batches?.n ?? 0, batches?.undone ?? ''].map(String).join(':');
}
