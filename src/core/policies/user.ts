import type { Actor } from './types';

/**
 * User accounts are listed, created, disabled, enabled and given another role by administrators
 * only. `update` is disabling or enabling; `changeRole` is a new role or province.
 */
export type UserAction = 'read' | 'create' | 'update' | 'changeRole';

export function can(actor: Actor, action: UserAction, target?: { id: number }): boolean {
  if (actor?.role !== 'admin') return false;
  // An administrator cannot lock themselves out by disabling their own account or giving up
  // their own role: another administrator has to do it.
  const ownAccount = target !== undefined && target.id === actor.id;
  return !((action === 'update' || action === 'changeRole') && ownAccount);
}
