import type { Db } from '../../db/database';

/** The bibliography: source ids (S1, S2, …) with their citations. */
export async function listSources(db: Db) {
  return db.kysely.selectFrom('sources').select(['id', 'citation', 'reliability_note']).orderBy('id').execute();
}
