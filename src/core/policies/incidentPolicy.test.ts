import { describe, expect, it } from 'vitest';
import { ROLES, isProvincialRole, type Role } from '../roles';
import { can, type IncidentAction } from './incidentPolicy';

const actor = (role: Role) => ({ id: 1, role, province_pcode: isProvincialRole(role) ? 'PK5' : null });
const WRITES: IncidentAction[] = ['create', 'update', 'delete', 'link', 'import', 'undo_import'];

describe('incident policy', () => {
  it('lets everyone read, signed in or not', () => {
    expect(can(null, 'read')).toBe(true);
    for (const role of ROLES) expect(can(actor(role), 'read')).toBe(true);
  });

  it('lets only analysts, national coordinators and administrators write', () => {
    for (const action of WRITES) {
      expect(can(null, action)).toBe(false);
      expect(can(actor('analyst'), action)).toBe(true);
      expect(can(actor('national_coordinator'), action)).toBe(true);
      expect(can(actor('admin'), action)).toBe(true);
      expect(can(actor('provincial_focal_person'), action)).toBe(false);
      expect(can(actor('provincial_approver'), action)).toBe(false);
    }
  });
});
