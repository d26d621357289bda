import type { Actor } from './types';

/**
 * API tokens let scripts act as their owner. Any signed-in user manages their own; an
 * administrator may also revoke anyone's.
 */
export type ApiTokenAction = 'read' | 'create' | 'revoke';

export function can(actor: Actor, action: ApiTokenAction, token?: { user_id: number }): boolean {
  if (!actor) return false;
  if (action === 'create' || !token) return true;
  if (token.user_id === actor.id) return true;
  return action === 'revoke' && actor.role === 'admin';
}
