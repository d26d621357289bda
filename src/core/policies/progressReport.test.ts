import { describe, expect, it } from 'vitest';
import type { Role } from '../roles';
import type { ReportStatus } from '../workflow';
import { allowedActions, canCreate, canRead, decide, readScope, type ReportForPolicy } from './progressReport';
import type { Actor } from './types';

const actor = (role: Role, province: string | null = null): NonNullable<Actor> => ({ id: 1, role, province_pcode: province });
const focalPK2 = actor('provincial_focal_person', 'PK2');
const approverPK2 = actor('provincial_approver', 'PK2');
const coordinator = actor('national_coordinator');
const analyst = actor('analyst');
const admin = actor('admin');
const report = (status: ReportStatus, jurisdiction = 'PK2', locked = false): ReportForPolicy => ({ status, jurisdiction, locked });

describe('reading reports', () => {
  it('shows anonymous readers accepted reports only', () => {
    expect(canRead(null, report('accepted'))).toBe(true);
    for (const status of ['draft', 'submitted', 'approved', 'returned'] as const) expect(canRead(null, report(status))).toBe(false);
    expect(readScope(null)).toEqual({ all: false, jurisdiction: null });
  });

  it('shows provincial users everything of their province and accepted reports elsewhere', () => {
    expect(canRead(focalPK2, report('draft', 'PK2'))).toBe(true);
    expect(canRead(focalPK2, report('draft', 'PK5'))).toBe(false);
    expect(canRead(approverPK2, report('submitted', 'PK5'))).toBe(false);
    expect(canRead(focalPK2, report('accepted', 'PK5'))).toBe(true);
    expect(canRead(focalPK2, report('draft', 'federal'))).toBe(false);
    expect(readScope(focalPK2)).toEqual({ all: false, jurisdiction: 'PK2' });
  });

  it('shows national users every report', () => {
    for (const who of [coordinator, analyst, admin]) {
      expect(canRead(who, report('draft', 'PK5'))).toBe(true);
      expect(readScope(who)).toEqual({ all: true });
    }
  });
});

describe('writing reports', () => {
  it('lets focal persons start reports for their own province, coordinators for federal, nobody else', () => {
    expect(canCreate(focalPK2, 'PK2')).toBe(true);
    expect(canCreate(focalPK2, 'PK5')).toBe(false);
    expect(canCreate(focalPK2, 'federal')).toBe(false);
    expect(canCreate(approverPK2, 'PK2')).toBe(false);
    expect(canCreate(coordinator, 'federal')).toBe(true);
    expect(canCreate(coordinator, 'PK2')).toBe(false);
    expect(canCreate(analyst, 'PK2')).toBe(false);
    expect(canCreate(admin, 'federal')).toBe(false);
    expect(canCreate(null, 'PK2')).toBe(false);
  });

  it('offers each role its next steps', () => {
    expect(allowedActions(focalPK2, report('draft'))).toEqual(['update', 'submit']);
    expect(allowedActions(focalPK2, report('returned'))).toEqual(['update', 'submit']);
    expect(allowedActions(focalPK2, report('submitted'))).toEqual([]);
    expect(allowedActions(approverPK2, report('submitted'))).toEqual(['approve', 'return']);
    expect(allowedActions(coordinator, report('approved'))).toEqual(['accept', 'return']);
    expect(allowedActions(coordinator, report('accepted', 'PK2', true))).toEqual(['reopen']);
    expect(allowedActions(coordinator, report('draft', 'federal'))).toEqual(['update', 'submit']);
    expect(allowedActions(coordinator, report('submitted', 'federal'))).toEqual(['accept', 'return']);
    expect(allowedActions(analyst, report('submitted'))).toEqual([]);
    expect(allowedActions(null, report('accepted'))).toEqual([]);
  });
});

describe('decide', () => {
  it('asks anonymous callers to sign in', () => {
    expect(decide(null, 'submit', report('draft'))).toEqual({ ok: false, reason: 'unauthenticated' });
  });

  it('forbids other provinces and roles without a part in the review (403)', () => {
    expect(decide(focalPK2, 'submit', report('draft', 'PK5'))).toEqual({ ok: false, reason: 'forbidden' });
    expect(decide(approverPK2, 'approve', report('submitted', 'PK5'))).toEqual({ ok: false, reason: 'forbidden' });
    expect(decide(analyst, 'accept', report('approved'))).toEqual({ ok: false, reason: 'forbidden' });
    expect(decide(admin, 'approve', report('submitted'))).toEqual({ ok: false, reason: 'forbidden' });
    expect(decide(approverPK2, 'update', report('draft'))).toEqual({ ok: false, reason: 'forbidden' });
    expect(decide(coordinator, 'update', report('draft', 'PK2'))).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('calls a step the state does not allow an illegal transition and lists what is allowed (409)', () => {
    expect(decide(coordinator, 'accept', report('draft'))).toEqual({ ok: false, reason: 'illegal_state', allowed: [] });
    expect(decide(focalPK2, 'approve', report('submitted'))).toEqual({ ok: false, reason: 'illegal_state', allowed: [] });
    expect(decide(focalPK2, 'accept', report('draft'))).toEqual({ ok: false, reason: 'illegal_state', allowed: ['update', 'submit'] });
    expect(decide(focalPK2, 'update', report('submitted'))).toEqual({ ok: false, reason: 'illegal_state', allowed: [] });
    expect(decide(coordinator, 'reopen', report('accepted'))).toEqual({ ok: false, reason: 'illegal_state', allowed: ['return'] });
  });

  it('refuses everything but reopening once the period is locked', () => {
    expect(decide(coordinator, 'return', report('accepted', 'PK2', true))).toEqual({ ok: false, reason: 'locked', allowed: ['reopen'] });
    expect(decide(coordinator, 'reopen', report('accepted', 'PK2', true))).toEqual({ ok: true });
  });

  it('allows the happy path', () => {
    expect(decide(focalPK2, 'submit', report('draft'))).toEqual({ ok: true });
    expect(decide(approverPK2, 'approve', report('submitted'))).toEqual({ ok: true });
    expect(decide(approverPK2, 'return', report('submitted'))).toEqual({ ok: true });
    expect(decide(coordinator, 'accept', report('approved'))).toEqual({ ok: true });
    expect(decide(null, 'read', report('accepted'))).toEqual({ ok: true });
  });
});
