/**
 * The review workflow of a progress report, as data:
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved ──accept──▶ accepted
 *     ▲                  │ (province)            │                   │
 *     └── returned ◀─────┴──────return───────────┴───return──────────┘ (until locked)
 *                 ◀──────────────────reopen─────────────────────────── (once locked)
 *
 * A provincial report is approved in its province before the national coordinator accepts it;
 * a federal report has no provincial step, so the coordinator accepts (or returns) it straight
 * from `submitted`. Who may act is the policy's business (policies/progressReport.ts); this file
 * only knows which stage of the review may take which step from which state.
 */
export const REPORT_STATUSES = ['draft', 'submitted', 'approved', 'accepted', 'returned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const WORKFLOW_ACTIONS = ['submit', 'approve', 'accept', 'return', 'reopen'] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

/** The part someone plays in a report's review. */
export type Stage = 'author' | 'provincial_reviewer' | 'national_reviewer';

/** Statuses in which the author may still change the report. */
export const EDITABLE_STATUSES: readonly ReportStatus[] = ['draft', 'returned'];

/** Actions that must say why. */
export const ACTIONS_NEEDING_REASON: readonly WorkflowAction[] = ['return', 'reopen'];

interface Transition {
  from: ReportStatus;
  action: WorkflowAction;
  to: ReportStatus;
  by: Stage;
  /** Only for reports of a province, or only for federal ones; both when absent. */
  level?: 'province' | 'federal';
  /** Only before the accepted period locks, or only after. */
  lock?: 'open' | 'locked';
}

export const TRANSITIONS: readonly Transition[] = [
  { from: 'draft', action: 'submit', to: 'submitted', by: 'author' },
  { from: 'returned', action: 'submit', to: 'submitted', by: 'author' },
  { from: 'submitted', action: 'approve', to: 'approved', by: 'provincial_reviewer', level: 'province' },
  { from: 'submitted', action: 'return', to: 'returned', by: 'provincial_reviewer', level: 'province' },
  { from: 'submitted', action: 'accept', to: 'accepted', by: 'national_reviewer', level: 'federal' },
  { from: 'submitted', action: 'return', to: 'returned', by: 'national_reviewer', level: 'federal' },
  { from: 'approved', action: 'accept', to: 'accepted', by: 'national_reviewer' },
  { from: 'approved', action: 'return', to: 'returned', by: 'national_reviewer' },
  { from: 'accepted', action: 'return', to: 'returned', by: 'national_reviewer', lock: 'open' },
  { from: 'accepted', action: 'reopen', to: 'returned', by: 'national_reviewer', lock: 'locked' },
];

export interface WorkflowState {
  status: ReportStatus;
  /** `federal` or a province P-code. */
  jurisdiction: string;
  /** True once an accepted report's period has locked. */
  locked: boolean;
}

function applies(t: Transition, s: WorkflowState): boolean {
  if (t.from !== s.status) return false;
  const level = s.jurisdiction === 'federal' ? 'federal' : 'province';
  if (t.level && t.level !== level) return false;
  if (t.lock === 'open' && s.locked) return false;
  if (t.lock === 'locked' && !s.locked) return false;
  return true;
}

/** The actions the given stages may take from this state, in workflow order, without duplicates. */
export function actionsFor(s: WorkflowState, stages: readonly Stage[]): WorkflowAction[] {
  const actions = TRANSITIONS.filter((t) => applies(t, s) && stages.includes(t.by)).map((t) => t.action);
  return WORKFLOW_ACTIONS.filter((a) => actions.includes(a));
}

/** The status an action leads to, or `null` when no stage may take it from this state. */
export function nextStatus(s: WorkflowState, action: WorkflowAction): ReportStatus | null {
  return TRANSITIONS.find((t) => t.action === action && applies(t, s))?.to ?? null;
}

export function isEditable(status: ReportStatus): boolean {
  return EDITABLE_STATUSES.includes(status);
}

/** An accepted report locks a number of days after its acceptance. */
export function isLocked(status: ReportStatus, acceptedAt: string | null, lockAfterDays: number, now: Date): boolean {
  if (status !== 'accepted' || !acceptedAt) return false;
  return now.getTime() - Date.parse(acceptedAt) >= lockAfterDays * 86_400_000;
}
