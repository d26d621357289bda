import { allowedActions } from '../../core/policies/progressReport';
import type { Actor } from '../../core/policies/types';
import type { Completion, Rating, ReportOrigin, StallReason, Trajectory } from '../../core/progress';
import type { ReportStatus } from '../../core/workflow';
import { splitList } from '../services/planService';
import type { DueReport, ReportView, Tracker } from '../services/progressService';

/**
 * How progress reports leave the server. Anonymous readers only ever receive accepted reports
 * (the service filters), and of those only the public evidence links; user ids stay internal.
 */
export function presentReport(view: ReportView, actor: Actor) {
  const r = view.record;
  const signedIn = actor !== null;
  const status = r.status as ReportStatus;
  return {
    id: r.id,
    plan: r.plan_code,
    point: r.point_code,
    measure: r.measure_code,
    jurisdiction: r.jurisdiction,
    period: r.period,
    period_start: r.period_start,
    period_end: r.period_end,
    status,
    completion: r.completion as Completion | null,
    trajectory: r.trajectory as Trajectory | null,
    rating: r.rating as Rating | null,
    narrative: r.narrative,
    figures: view.figures,
    evidence: signedIn ? view.evidence : view.evidence.filter((e) => e.public),
    stall_reasons: view.stall_reasons as StallReason[],
    origin: r.origin as ReportOrigin,
    source_ids: splitList(r.source_ids),
    return_reason: signedIn ? r.return_reason : null,
    version: r.version,
    locked: view.locked,
    created_at: r.created_at,
    updated_at: r.updated_at,
    submitted_at: r.submitted_at,
    approved_at: r.approved_at,
    accepted_at: r.accepted_at,
    returned_at: signedIn ? r.returned_at : null,
    reopened_at: r.reopened_at,
    /** What the reader may do next: the web app shows these buttons and no others. */
    actions: allowedActions(actor, { jurisdiction: r.jurisdiction, status, locked: view.locked }),
  };
}

export function presentTracker(t: Tracker) {
  return {
    plan: { code: t.plan.code, name: t.plan.name },
    period: t.period?.code ?? null,
    jurisdictions: t.jurisdictions,
    points: t.rows.map((row) => ({
      code: row.point.code,
      number: row.point.number,
      text: row.text,
      dimension: row.point.dimension,
      cells: row.cells,
    })),
  };
}

export function presentDueReport(d: DueReport) {
  return {
    plan: d.plan,
    period: d.period.code,
    due_date: d.due_date,
    past_due: d.past_due,
    summary: d.summary,
    items: d.items,
  };
}
