import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../roles';
import * as apiToken from './apiToken';
import * as auditLog from './auditLog';
import * as plan from './plan';
import * as setting from './setting';
import * as user from './user';
import type { Actor } from './types';

const as = (role: Role, id = 1): NonNullable<Actor> => ({
  id,
  role,
  province_pcode: role.startsWith('provincial') ? 'PK2' : null,
});
const rolesWhere = (check: (a: Actor) => boolean) => ROLES.filter((r) => check(as(r)));

describe('resource policies', () => {
  it('plans: everyone reads, national coordinators manage', () => {
    expect(plan.can(null, 'read')).toBe(true);
    expect(rolesWhere((a) => plan.can(a, 'create'))).toEqual(['national_coordinator']);
    expect(rolesWhere((a) => plan.can(a, 'update'))).toEqual(['national_coordinator']);
    expect(plan.can(null, 'update')).toBe(false);
  });

  it('audit trail: coordinators and administrators read it', () => {
    expect(rolesWhere((a) => auditLog.can(a, 'read'))).toEqual(['admin', 'national_coordinator']);
    expect(auditLog.can(null, 'read')).toBe(false);
  });

  it('users: administrators only, and not against their own account', () => {
    expect(rolesWhere((a) => user.can(a, 'create'))).toEqual(['admin']);
    expect(user.can(as('admin', 1), 'update', { id: 2 })).toBe(true);
    expect(user.can(as('admin', 1), 'update', { id: 1 })).toBe(false);
    expect(user.can(null, 'read')).toBe(false);
  });

  it('settings: administrators change them, coordinators read them', () => {
    expect(rolesWhere((a) => setting.can(a, 'update'))).toEqual(['admin']);
    expect(rolesWhere((a) => setting.can(a, 'read'))).toEqual(['admin', 'national_coordinator']);
  });

  it('API tokens: anyone signed in manages their own; administrators may revoke any', () => {
    expect(rolesWhere((a) => apiToken.can(a, 'create'))).toEqual([...ROLES]);
    expect(apiToken.can(null, 'create')).toBe(false);
    expect(apiToken.can(as('analyst', 1), 'revoke', { user_id: 1 })).toBe(true);
    expect(apiToken.can(as('analyst', 1), 'revoke', { user_id: 2 })).toBe(false);
    expect(apiToken.can(as('admin', 1), 'revoke', { user_id: 2 })).toBe(true);
    expect(apiToken.can(as('admin', 1), 'read', { user_id: 2 })).toBe(false);
  });
});
