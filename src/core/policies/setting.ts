import type { Actor } from './types';

/** Settings are read by administrators and national coordinators, and changed by administrators. */
export type SettingAction = 'read' | 'update';

export function can(actor: Actor, action: SettingAction): boolean {
  if (actor?.role === 'admin') return true;
  return action === 'read' && actor?.role === 'national_coordinator';
}
