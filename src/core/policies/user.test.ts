import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../roles';
import { can } from './user';

const as = (role: Role, id = 1) => ({ id, role, province_pcode: role.startsWith('provincial') ? 'PK5' : null });

describe('user policy: changing a role', () => {
  it('is for administrators only', () => {
    expect(ROLES.filter((role) => can(as(role), 'changeRole'))).toEqual(['admin']);
    expect(ROLES.filter((role) => can(as(role, 1), 'changeRole', { id: 2 }))).toEqual(['admin']);
    expect(can(null, 'changeRole', { id: 2 })).toBe(false);
  });

  it('never against the administrator’s own account', () => {
    expect(can(as('admin', 7), 'changeRole', { id: 7 })).toBe(false);
    expect(can(as('admin', 7), 'changeRole', { id: 8 })).toBe(true);
  });
});
