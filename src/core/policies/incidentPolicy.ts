import type { Role } from '../roles';
import type { Actor } from './types';

/**
 * Incidents and their imports.
 *
 * - Everyone, signed in or not, reads incidents (including tombstones of deleted ones, which
 *   delta sync needs) and downloads them.
 * - Analysts, national coordinators and administrators create, correct and delete single
 *   incidents, link or separate duplicates, and import or undo data files.
 * - Provincial roles take no part: incident data is national, not a province's own record.
 */
export type IncidentAction = 'read' | 'create' | 'update' | 'delete' | 'link' | 'import' | 'undo_import';

const EDITORS: readonly Role[] = ['analyst', 'national_coordinator', 'admin'];

export function can(actor: Actor, action: IncidentAction): boolean {
  if (action === 'read') return true;
  return actor !== null && EDITORS.includes(actor.role);
}
