/**
 * Loads the perpetrator groups catalogue (`data/incidents/groups.csv`): groups, their fronts and
 * every spelling of their names. Idempotent: rows already stored as they are in the file are left
 * alone, changed ones are updated, and spellings no longer in the file are removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { GroupCatalogue, groupKey, splitAliases, type GroupRecord } from '../../core/groups';
import { isFront } from '../../core/incidents';
import type { Db } from '../../db/database';
import {
  deleteAliases,
  insertAliases,
  insertGroups,
  readAliasRows,
  readGroupRows,
  updateGroup,
  type GroupRow,
} from '../../server/repositories/groupRepository';

export const GROUPS_FILE = 'incidents/groups.csv';

export interface GroupFileEntry extends GroupRow {
  aliases: string[];
}

/** Reads and checks the catalogue file. @throws Error naming the line of a bad row. */
export function readGroupsFile(dataDir: string): GroupFileEntry[] {
  const file = path.join(dataDir, GROUPS_FILE);
  const rows = parse(fs.readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  const entries = rows.map((r, i) => {
    const code = (r.code ?? '').trim();
    const front = (r.front ?? '').trim();
    if (!/^[a-z][a-z0-9-]*$/.test(code)) throw new Error(`${file} line ${i + 2}: code "${code}" must be lowercase letters, digits and -`);
    if (!isFront(front)) throw new Error(`${file} line ${i + 2}: front "${front}" is not a front`);
    return {
      code,
      name: (r.name ?? '').trim(),
      front,
      parent_code: (r.parent_code ?? '').trim() || null,
      notes: (r.notes ?? '').trim() || null,
      aliases: splitAliases(r.aliases),
    };
  });
  const codes = new Set(entries.map((e) => e.code));
  for (const e of entries) {
    if (e.parent_code && !codes.has(e.parent_code)) throw new Error(`${file}: group ${e.code} names an unknown parent ${e.parent_code}`);
  }
  // Building the catalogue checks that no spelling names two groups.
  new GroupCatalogue(entries.map((e) => ({ ...e, front: e.front as GroupRecord['front'] })));
  return entries;
}

export interface GroupLoadCounts {
  groups: number;
  aliases: number;
  created: number;
  updated: number;
}

export async function loadGroups(db: Db, dataDir: string): Promise<GroupLoadCounts> {
  const entries = readGroupsFile(dataDir);
  return db.kysely.transaction().execute(async (trx) => {
    const stored = new Map((await readGroupRows(trx)).map((g) => [g.code, g]));
    const create: GroupRow[] = [];
    let updated = 0;
    for (const e of entries) {
      const row: GroupRow = { code: e.code, name: e.name, front: e.front, parent_code: e.parent_code, notes: e.notes };
      const current = stored.get(e.code);
      if (!current) create.push(row);
      else if (current.name !== row.name || current.front !== row.front || current.parent_code !== row.parent_code || current.notes !== row.notes) {
        await updateGroup(trx, row);
        updated++;
      }
    }
    await insertGroups(trx, create);

    const wanted = new Map<string, { group_code: string; alias: string; alias_key: string }>();
    for (const e of entries) {
      for (const alias of [e.name, ...e.aliases]) {
        const key = groupKey(alias);
        if (key && !wanted.has(key)) wanted.set(key, { group_code: e.code, alias, alias_key: key });
      }
    }
    const existing = await readAliasRows(trx);
    const stale = existing.filter((a) => {
      const w = wanted.get(a.alias_key);
      return !w || w.group_code !== a.group_code || w.alias !== a.alias;
    });
    await deleteAliases(
      trx,
      stale.map((a) => a.id),
    );
    const kept = new Set(existing.filter((a) => !stale.includes(a)).map((a) => a.alias_key));
    await insertAliases(
      trx,
      [...wanted.values()].filter((w) => !kept.has(w.alias_key)),
    );
    return { groups: entries.length, aliases: wanted.size, created: create.length, updated };
  });
}
