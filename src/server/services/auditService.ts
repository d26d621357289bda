import { GENESIS_HASH } from '../../core/auditChain';
import type { Db } from '../../db/database';
import { hashAuditContent, listAuditEntries, readAuditChain, readAuditChainHead, type AuditFilters } from '../repositories/auditRepository';

/** Who is acting and in which request: what every audited service call needs to know. */
export interface AuditContext {
  actorId: number | null;
  requestId: string | null;
}

/** Changes made by the command line or the seed: no user, no request. */
export const SYSTEM_CONTEXT: AuditContext = { actorId: null, requestId: null };

export interface ChainProblem {
  id: number | null;
  seq: number | null;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  lastHash: string;
  problem: ChainProblem | null;
}

const BATCH = 1000;

/**
 * Walks the audit trail in order and recomputes every hash. Stops at the first entry that does not
 * match: its content was changed (hash), an entry before it was changed, removed or inserted
 * (prev_hash, seq), or entries were removed from the end (the chain head disagrees).
 */
export async function verifyAuditChain(db: Db): Promise<VerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const rows = await readAuditChain(db.kysely, expectedSeq - 1, BATCH);
    for (const row of rows) {
      const fail = (reason: string): VerifyResult => ({
        ok: false,
        entries: count,
        lastHash: prevHash,
        problem: { id: row.id, seq: row.seq, reason },
      });
      if (row.seq !== expectedSeq) return fail(`expected entry #${expectedSeq} next, found #${row.seq}: entries are missing`);
      if (row.prev_hash !== prevHash) return fail(`its previous-entry hash does not match entry #${expectedSeq - 1}`);
      const recomputed = hashAuditContent(row);
      if (recomputed !== row.hash) return fail('its content does not match its hash (the entry was changed)');
      prevHash = row.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length < BATCH) break;
  }
  const head = await readAuditChainHead(db.kysely);
  const headSeq = head?.last_seq ?? 0;
  const headHash = head?.last_hash ?? GENESIS_HASH;
  if (headSeq !== count || headHash !== prevHash) {
    return {
      ok: false,
      entries: count,
      lastHash: prevHash,
      problem: {
        id: null,
        seq: headSeq,
        reason: `the chain head records ${headSeq} entries but the log holds ${count} valid ones: entries after #${count} were removed or changed`,
      },
    };
  }
  return { ok: true, entries: count, lastHash: prevHash, problem: null };
}

export function listAudit(db: Db, filters: AuditFilters, page: { page: number; perPage: number }) {
  return listAuditEntries(db.kysely, filters, { limit: page.perPage, offset: (page.page - 1) * page.perPage });
}
