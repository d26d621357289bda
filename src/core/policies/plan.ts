import type { Actor } from './types';

/**
 * Plans, their action points and measures. Everyone, signed in or not, reads them; national
 * coordinators create and change them (point text changes are kept as versions).
 */
export type PlanAction = 'read' | 'create' | 'update';

export function can(actor: Actor, action: PlanAction): boolean {
  if (action === 'read') return true;
  return actor?.role === 'national_coordinator';
}
