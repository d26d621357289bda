/**
 * Names for the values an analysis splits or lists by: province and district names from the
 * gazetteer, group names from the groups catalogue. Fronts and categories are named by the
 * vocabulary in src/core/incidents.ts and need no query.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../../db/database';
import type { Database } from '../../db/tables';
import type { FactDimension } from './incidentFacts';

/** Names of the given keys of one dimension (only province, district and group need one); unknown keys are left out. */
export async function dimensionLabels(db: Db | Kysely<Database>, dimension: FactDimension, keys: readonly string[]): Promise<Record<string, string>> {
  const k = 'kysely' in db ? db.kysely : db;
  const wanted = [...new Set(keys.filter(Boolean))];
  if (wanted.length === 0) return {};
  let rows: { key: string; name: string }[] = [];
  if (dimension === 'province') {
    rows = await k.selectFrom('provinces').select(['pcode as key', 'name']).where('pcode', 'in', wanted).execute();
  } else if (dimension === 'district') {
    rows = await k.selectFrom('districts').select(['pcode as key', 'name']).where('pcode', 'in', wanted).execute();
  } else if (dimension === 'group') {
    rows = await k.selectFrom('incident_groups').select(['code as key', 'name']).where('code', 'in', wanted).execute();
  }
  return Object.fromEntries(rows.map((r) => [r.key, r.name]));
}
