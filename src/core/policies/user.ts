import type { Actor } from './types';

/** User accounts are listed, created, disabled and enabled by administrators only. */
export type UserAction = 'read' | 'create' | 'update';

export function can(actor: Actor, action: UserAction, target?: { id: number }): boolean {
  if (actor?.role !== 'admin') return false;
  // An administrator cannot lock themselves out by disabling their own account.
  return !(action === 'update' && target !== undefined && target.id === actor.id);
}
