import { describe, expect, it } from 'vitest';
import { actionsFor, isLocked, nextStatus, type Stage, type WorkflowState } from './workflow';

const ALL: Stage[] = ['author', 'provincial_reviewer', 'national_reviewer'];
const province = (status: WorkflowState['status'], locked = false): WorkflowState => ({ status, jurisdiction: 'PK5', locked });
const federal = (status: WorkflowState['status'], locked = false): WorkflowState => ({ status, jurisdiction: 'federal', locked });

describe('report workflow', () => {
  it('takes a provincial report from draft to accepted through provincial approval', () => {
    expect(nextStatus(province('draft'), 'submit')).toBe('submitted');
    expect(nextStatus(province('submitted'), 'approve')).toBe('approved');
    expect(nextStatus(province('approved'), 'accept')).toBe('accepted');
  });

  it('does not let a provincial report skip approval', () => {
    expect(nextStatus(province('submitted'), 'accept')).toBeNull();
    expect(nextStatus(province('draft'), 'accept')).toBeNull();
    expect(nextStatus(province('draft'), 'approve')).toBeNull();
  });

  it('accepts a federal report straight from submitted: there is no provincial step', () => {
    expect(nextStatus(federal('submitted'), 'accept')).toBe('accepted');
    expect(nextStatus(federal('submitted'), 'approve')).toBeNull();
  });

  it('returns from any review state, and a returned report can be submitted again', () => {
    for (const status of ['submitted', 'approved', 'accepted'] as const) expect(nextStatus(province(status), 'return')).toBe('returned');
    expect(nextStatus(province('draft'), 'return')).toBeNull();
    expect(nextStatus(province('returned'), 'submit')).toBe('submitted');
  });

  it('once locked, an accepted report can only be reopened; before, it cannot', () => {
    expect(nextStatus(province('accepted', true), 'return')).toBeNull();
    expect(nextStatus(province('accepted', true), 'reopen')).toBe('returned');
    expect(nextStatus(province('accepted', false), 'reopen')).toBeNull();
  });

  it('offers each stage its own steps only', () => {
    expect(actionsFor(province('draft'), ['author'])).toEqual(['submit']);
    expect(actionsFor(province('draft'), ['provincial_reviewer', 'national_reviewer'])).toEqual([]);
    expect(actionsFor(province('submitted'), ['author'])).toEqual([]);
    expect(actionsFor(province('submitted'), ['provincial_reviewer'])).toEqual(['approve', 'return']);
    expect(actionsFor(province('submitted'), ['national_reviewer'])).toEqual([]);
    expect(actionsFor(province('approved'), ['national_reviewer'])).toEqual(['accept', 'return']);
    expect(actionsFor(federal('submitted'), ['author', 'national_reviewer'])).toEqual(['accept', 'return']);
    expect(actionsFor(province('accepted', true), ALL)).toEqual(['reopen']);
    expect(actionsFor(province('accepted', false), ALL)).toEqual(['return']);
  });
});

describe('isLocked', () => {
  const now = new Date('2025-06-30T00:00:00Z');
  it('locks an accepted report the given number of days after acceptance', () => {
    expect(isLocked('accepted', '2025-05-31T00:00:00Z', 30, now)).toBe(true);
    expect(isLocked('accepted', '2025-06-01T00:00:01Z', 30, now)).toBe(false);
    expect(isLocked('accepted', '2025-06-30T00:00:00Z', 0, now)).toBe(true);
  });
  it('never locks a report that is not accepted', () => {
    expect(isLocked('approved', '2020-01-01T00:00:00Z', 30, now)).toBe(false);
    expect(isLocked('accepted', null, 30, now)).toBe(false);
  });
});
