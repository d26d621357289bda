import type { Actor } from './types';

/**
 * Index releases and definitions are public to read; national coordinators and administrators
 * publish releases and add definition versions.
 */
export type IndexReleaseAction = 'read' | 'publish' | 'define';

export function can(actor: Actor, action: IndexReleaseAction): boolean {
  if (action === 'read') return true;
  return actor?.role === 'national_coordinator' || actor?.role === 'admin';
}
