import { describe, expect, it } from 'vitest';
import { ROLES, isProvincialRole, type Role } from '../../core/roles';
import { can, reportJurisdictions, type Capability, type SessionUser } from './session';
import { safeReturnPath } from './pages/SignInPage';

const user = (role: Role, disabled = false): SessionUser => ({
  id: 1,
  email: `${role}@example.org`,
  name: role,
  role,
  province: isProvincialRole(role) ? 'PK6' : null,
  disabled,
  created_at: '2026-01-01T00:00:00Z',
});
const rolesThat = (capability: Capability) => ROLES.filter((role) => can(user(role), capability));

describe('what the web app offers each role', () => {
  it('offers anonymous readers and disabled accounts nothing', () => {
    const all: Capability[] = ['reports.read', 'reports.create', 'reports.review', 'incidents.write', 'imports.manage', 'users.manage', 'audit.read'];
    for (const capability of all) {
      expect(can(null, capability)).toBe(false);
      expect(can(user('admin', true), capability)).toBe(false);
    }
  });

  it('follows the progress-report policy: authors, reviewers, readers', () => {
    expect(rolesThat('reports.read')).toEqual([...ROLES]);
    expect(rolesThat('reports.create')).toEqual(['national_coordinator', 'provincial_focal_person']);
    expect(rolesThat('reports.review')).toEqual(['national_coordinator', 'provincial_approver']);
    expect(reportJurisdictions(user('provincial_focal_person'))).toEqual(['PK6']);
    expect(reportJurisdictions(user('national_coordinator'))).toEqual(['federal']);
    expect(reportJurisdictions(user('provincial_approver'))).toEqual([]);
  });

  it('follows the incident, user and audit policies', () => {
    expect(rolesThat('incidents.write')).toEqual(['admin', 'national_coordinator', 'analyst']);
    expect(rolesThat('imports.manage')).toEqual(['admin', 'national_coordinator', 'analyst']);
    expect(rolesThat('users.manage')).toEqual(['admin']);
    expect(rolesThat('audit.read')).toEqual(['admin', 'national_coordinator']);
    expect(rolesThat('plans.manage')).toEqual(['national_coordinator']);
  });
});

describe('the page after sign-in', () => {
  it('follows only paths of this site', () => {
    expect(safeReturnPath('/tracker?plan=NAP-2014')).toBe('/tracker?plan=NAP-2014');
    expect(safeReturnPath(null)).toBe('/work/reports');
    expect(safeReturnPath('https://evil.example/')).toBe('/work/reports');
    expect(safeReturnPath('//evil.example/')).toBe('/work/reports');
    expect(safeReturnPath('/\\evil.example/')).toBe('/work/reports');
    expect(safeReturnPath('/signin?next=/x')).toBe('/work/reports');
  });
});
