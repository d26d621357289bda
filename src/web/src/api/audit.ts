import { getJson } from './client';

// The hash-chained audit trail (national coordinators and administrators).

export interface AuditEntry {
  id: number;
  seq: number;
  actor_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  request_id: string | null;
  created_at: string;
  prev_hash: string;
  hash: string;
}

export interface AuditPage {
  data: AuditEntry[];
  pagination: { page: number; per_page: number; total: number };
}

export const AUDIT_FILTER_KEYS = ['entity_type', 'entity_id', 'action', 'actor', 'from', 'to'] as const;
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];
export type AuditFilters = Partial<Record<AuditFilterKey, string>>;

export interface ChainStatus {
  ok: boolean;
  entries: number;
  last_hash: string;
  problem: { id: number | null; seq: number | null; reason: string } | null;
}

export function listAudit(filters: AuditFilters, page: number, perPage: number, signal?: AbortSignal): Promise<AuditPage> {
  return getJson<AuditPage>('/api/v1/audit', { ...filters, page, per_page: perPage }, signal);
}

export function verifyAuditChain(signal?: AbortSignal): Promise<ChainStatus> {
  return getJson<ChainStatus>('/api/v1/audit/verify', {}, signal);
}
