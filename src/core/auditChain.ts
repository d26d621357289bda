import { canonicalJson } from './canonicalJson';

/**
 * What an audit entry's hash covers. Each entry stores SHA-256(canonical content), and the content
 * includes the previous entry's hash, so changing, removing or reordering any entry breaks every
 * hash after it. `before` and `after` are hashed as the stored JSON text, so verification reads
 * exactly the bytes that were hashed.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  seq: number;
  actor_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  created_at: string;
  prev_hash: string;
}

export function auditCanonicalContent(e: AuditContent): string {
  return canonicalJson({
    v: 1,
    seq: e.seq,
    actor_id: e.actor_id,
    action: e.action,
    entity_type: e.entity_type,
    entity_id: e.entity_id,
    before: e.before_json,
    after: e.after_json,
    request_id: e.request_id,
    created_at: e.created_at,
    prev_hash: e.prev_hash,
  });
}

/** Stored form of a before/after value: canonical JSON, or null when there is none. */
export function auditJson(value: unknown): string | null {
  return value === undefined || value === null ? null : canonicalJson(value);
}
