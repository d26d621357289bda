import type { Db } from '../../db/database';

export async function listBatches(db: Db) {
  return db.kysely
    .selectFrom('import_batches')
    .select(['id', 'kind', 'format', 'file', 'status', 'created_at', 'undone_at'])
    .orderBy('id', 'desc')
    .execute();
}
