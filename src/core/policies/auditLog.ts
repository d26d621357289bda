import type { Actor } from './types';

/** The audit trail is read by national coordinators and administrators; nobody writes it directly. */
export type AuditLogAction = 'read';

export function can(actor: Actor, _action: AuditLogAction): boolean {
  return actor?.role === 'national_coordinator' || actor?.role === 'admin';
}
