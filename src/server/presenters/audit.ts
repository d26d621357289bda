import type { AuditRow } from '../repositories/auditRepository';

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Never carries secrets: services record user rows without password hashes and tokens without their hash. */
export function presentAuditEntry(e: AuditRow) {
  return {
    id: e.id,
    seq: e.seq,
    actor_id: e.actor_id,
    action: e.action,
    entity_type: e.entity_type,
    entity_id: e.entity_id,
    before: parse(e.before_json),
    after: parse(e.after_json),
    request_id: e.request_id,
    created_at: e.created_at,
    prev_hash: e.prev_hash,
    hash: e.hash,
  };
}
