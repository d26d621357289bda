import crypto from 'node:crypto';
import { PostgresAdapter, type Kysely, type Selectable, type Transaction } from 'kysely';
import { GENESIS_HASH, auditCanonicalContent, auditJson, type AuditContent } from '../../core/auditChain';
import type { AuditLogTable, Database } from '../../db/tables';

export type AuditRow = Selectable<AuditLogTable>;

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

const HEAD_ID = 1;

export function hashAuditContent(content: AuditContent): string {
  return crypto.createHash('sha256').update(auditCanonicalContent(content), 'utf8').digest('hex');
}

function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Appends one entry to the audit trail. Call it with the transaction that makes the change, so the
 * change and its entry commit or roll back together; given a plain connection it opens its own
 * transaction.
 *
 * Entries are chained: the head row (`audit_chain_head`) holds the last sequence number and hash.
 * On PostgreSQL the head row is read `FOR UPDATE`, so concurrent writers queue behind each other
 * until commit; SQLite runs one write transaction at a time. The head is then advanced with a
 * compare-and-set, and `seq` and `prev_hash` are unique, so a fork can never be written silently.
 */
export async function recordAudit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry): Promise<AuditRow> {
  if (!db.isTransaction) return db.transaction().execute((trx) => recordAudit(trx, entry));
  await db
    .insertInto('audit_chain_head')
    .values({ id: HEAD_ID, last_seq: 0, last_hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  let query = db.selectFrom('audit_chain_head').selectAll().where('id', '=', HEAD_ID);
  if (isPostgres(db)) query = query.forUpdate();
  const head = await query.executeTakeFirstOrThrow();

  const content: AuditContent = {
    seq: head.last_seq + 1,
    actor_id: entry.actorId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    before_json: auditJson(entry.before),
    after_json: auditJson(entry.after),
    request_id: entry.requestId,
    created_at: new Date().toISOString(),
    prev_hash: head.last_hash,
  };
  const hash = hashAuditContent(content);
  const row = await db
    .insertInto('audit_log')
    .values({ ...content, hash })
    .returningAll()
    .executeTakeFirstOrThrow();
  const moved = await db
    .updateTable('audit_chain_head')
    .set({ last_seq: content.seq, last_hash: hash })
    .where('id', '=', HEAD_ID)
    .where('last_seq', '=', head.last_seq)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw new Error('audit chain head moved during append');
  return row;
}

export interface AuditFilters {
  entityType?: string;
  entityId?: string;
  actorId?: number;
  action?: string;
  from?: string;
  to?: string;
}

export async function listAuditEntries(
  db: Kysely<Database>,
  filters: AuditFilters,
  page: { limit: number; offset: number },
): Promise<{ rows: AuditRow[]; total: number }> {
  let q = db.selectFrom('audit_log');
  if (filters.entityType) q = q.where('entity_type', '=', filters.entityType);
  if (filters.entityId) q = q.where('entity_id', '=', filters.entityId);
  if (filters.actorId !== undefined) q = q.where('actor_id', '=', filters.actorId);
  if (filters.action) q = q.where('action', '=', filters.action);
  if (filters.from) q = q.where('created_at', '>=', filters.from);
  if (filters.to) q = q.where('created_at', '<=', filters.to);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('seq', 'desc').limit(page.limit).offset(page.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** A slice of the chain in order, for verification: entries with `seq` after the given one. */
export async function readAuditChain(db: Kysely<Database>, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

export async function readAuditChainHead(db: Kysely<Database>) {
  return db.selectFrom('audit_chain_head').selectAll().where('id', '=', HEAD_ID).executeTakeFirst();
}
