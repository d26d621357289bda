import { FEDERAL } from '../progress';
import { actionsFor, isEditable, type ReportStatus, type Stage, type WorkflowAction } from '../workflow';
import type { Actor } from './types';

/**
 * Who may do what with a progress report.
 *
 * - Anonymous readers see accepted reports only.
 * - Provincial focal persons write and submit their own province's reports; provincial approvers
 *   approve or return them. Both read everything of their own province, and accepted reports
 *   elsewhere.
 * - National coordinators write and submit federal reports, accept or return every report, and
 *   reopen locked ones.
 * - Analysts, coordinators and administrators read every report; analysts and administrators take
 *   no part in the workflow.
 */
export interface ReportForPolicy {
  jurisdiction: string;
  status: ReportStatus;
  locked: boolean;
}

export type ReportAction = 'read' | 'update' | WorkflowAction;

/** The parts the actor plays in the review of a report for this jurisdiction. */
export function stagesFor(actor: Actor, jurisdiction: string): Stage[] {
  if (!actor) return [];
  const ownProvince = jurisdiction !== FEDERAL && actor.province_pcode === jurisdiction;
  switch (actor.role) {
    case 'provincial_focal_person':
      return ownProvince ? ['author'] : [];
    case 'provincial_approver':
      return ownProvince ? ['provincial_reviewer'] : [];
    case 'national_coordinator':
      return jurisdiction === FEDERAL ? ['author', 'national_reviewer'] : ['national_reviewer'];
    default:
      return [];
  }
}

/** Which reports an actor may list: every one, or accepted ones plus everything of one province. */
export type ReadScope = { all: true } | { all: false; jurisdiction: string | null };

export function readScope(actor: Actor): ReadScope {
  if (!actor) return { all: false, jurisdiction: null };
  if (actor.province_pcode === null) return { all: true };
  return { all: false, jurisdiction: actor.province_pcode };
}

export function canRead(actor: Actor, report: Pick<ReportForPolicy, 'jurisdiction' | 'status'>): boolean {
  if (report.status === 'accepted') return true;
  const scope = readScope(actor);
  return scope.all || scope.jurisdiction === report.jurisdiction;
}

/** Whether the actor may start a report for the jurisdiction. */
export function canCreate(actor: Actor, jurisdiction: string): boolean {
  return stagesFor(actor, jurisdiction).includes('author');
}

/** Workflow actions open to the actor now (for buttons, and for the 409 message). */
export function allowedActions(actor: Actor, report: ReportForPolicy): Array<WorkflowAction | 'update'> {
  const stages = stagesFor(actor, report.jurisdiction);
  const actions: Array<WorkflowAction | 'update'> = actionsFor(report, stages);
  if (stages.includes('author') && isEditable(report.status)) actions.unshift('update');
  return actions;
}

export type Decision =
  | { ok: true }
  | { ok: false; reason: 'unauthenticated' | 'forbidden' }
  | { ok: false; reason: 'locked' | 'illegal_state'; allowed: Array<WorkflowAction | 'update'> };

/**
 * The decision for one action, in the order the API reports problems: sign in first, then role and
 * province (403), then the lock (409), then the state of the workflow (409 with what is allowed).
 */
export function decide(actor: Actor, action: ReportAction, report: ReportForPolicy): Decision {
  if (action === 'read') {
    if (canRead(actor, report)) return { ok: true };
    return actor ? { ok: false, reason: 'forbidden' } : { ok: false, reason: 'unauthenticated' };
  }
  if (!actor) return { ok: false, reason: 'unauthenticated' };
  const stages = stagesFor(actor, report.jurisdiction);
  if (!stages.length) return { ok: false, reason: 'forbidden' };
  if (action === 'update' && !stages.includes('author')) return { ok: false, reason: 'forbidden' };
  const allowed = allowedActions(actor, report);
  if (report.locked && action !== 'reopen') return { ok: false, reason: 'locked', allowed };
  return allowed.includes(action) ? { ok: true } : { ok: false, reason: 'illegal_state', allowed };
}

export function can(actor: Actor, action: ReportAction, report: ReportForPolicy): boolean {
  return decide(actor, action, report).ok;
}
