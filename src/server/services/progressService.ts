import type { Updateable } from 'kysely';
import { dueDate, latestDueQuarter, parsePeriod, type Period } from '../../core/periods';
import { ROLE_LABELS, type Role } from '../../core/roles';
import { canCreate, canRead, decide, readScope, type ReportAction } from '../../core/policies/progressReport';
import type { Actor } from '../../core/policies/types';
import {
  FEDERAL,
  assessmentProblems,
  submissionProblems,
  type Assessment,
  type Completion,
  type EvidenceLink,
  type Figure,
  type Rating,
  type StallReason,
  type Trajectory,
} from '../../core/progress';
import { ACTIONS_NEEDING_REASON, isLocked, nextStatus, type ReportStatus, type WorkflowAction } from '../../core/workflow';
import type { Db } from '../../db/database';
import type { ProgressReportTable } from '../../db/tables';
import { inTransaction, isUniqueViolation } from '../../db/transaction';
import { AppError, errors } from '../errors';
import { recordAudit } from '../repositories/auditRepository';
import { listProvinces } from '../repositories/gazetteerRepository';
import * as plans from '../repositories/planRepository';
import * as reports from '../repositories/progressRepository';
import type { AuditContext } from './auditService';
import { splitList } from './planService';
import { getSetting } from './settingsService';

/** A report as the service hands it to presenters: the row, its JSON parsed, and whether it is locked. */
export interface ReportView {
  record: reports.ProgressReportRecord;
  figures: Figure[];
  evidence: EvidenceLink[];
  stall_reasons: StallReason[];
  locked: boolean;
}

export interface AssessmentInput {
  completion?: Completion | null;
  trajectory?: Trajectory | null;
  rating?: Rating | null;
  narrative?: string | null;
  figures?: Figure[];
  evidence?: EvidenceLink[];
  stall_reasons?: StallReason[];
}

export interface NewReportInput extends AssessmentInput {
  plan: string;
  point: string;
  measure?: string | null;
  jurisdiction: string;
  period: string;
}

export interface Jurisdiction {
  code: string;
  name: string;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function toView(record: reports.ProgressReportRecord, lockAfterDays: number, now = new Date()): ReportView {
  return {
    record,
    figures: parseJson<Figure[]>(record.figures, []),
    evidence: parseJson<EvidenceLink[]>(record.evidence, []),
    stall_reasons: parseJson<StallReason[]>(record.stall_reasons, []),
    locked: isLocked(record.status as ReportStatus, record.accepted_at, lockAfterDays, now),
  };
}

function assessmentOf(v: { completion: string | null; trajectory: string | null; rating: string | null }, extra: Omit<Assessment, 'completion' | 'trajectory' | 'rating'>): Assessment {
  return {
    completion: v.completion as Completion | null,
    trajectory: v.trajectory as Trajectory | null,
    rating: v.rating as Rating | null,
    ...extra,
  };
}

function describe(record: { id: number; jurisdiction: string; period: string }): string {
  return `Report ${record.id} (${record.jurisdiction}, ${record.period})`;
}

/** Turns a refusal of the policy into the error the API reports. */
function refusal(actor: Actor, action: ReportAction, view: ReportView): AppError | null {
  const r = view.record;
  const decision = decide(actor, action, { jurisdiction: r.jurisdiction, status: r.status as ReportStatus, locked: view.locked });
  if (decision.ok) return null;
  switch (decision.reason) {
    case 'unauthenticated':
      return errors.unauthenticated();
    case 'forbidden':
      return errors.forbidden(forbiddenMessage(actor, action, r.jurisdiction));
    case 'locked':
      return errors.periodLocked(describe(r), lockedSince(r.accepted_at));
    case 'illegal_state':
      return errors.illegalTransition(action, r.status, decision.allowed);
  }
}

function forbiddenMessage(actor: Actor, action: string, jurisdiction: string): string {
  if (!actor) return 'Sign in to do this';
  const label = (ROLE_LABELS[actor.role as Role] ?? actor.role).toLowerCase();
  const who = `${/^[aeiou]/.test(label) ? 'An' : 'A'} ${label}`;
  if (actor.province_pcode && actor.province_pcode !== jurisdiction) {
    return `${who} acts only within ${actor.province_pcode}; this report is for ${jurisdiction}`;
  }
  return `${who} cannot ${action} this report`;
}

function lockedSince(acceptedAt: string | null): string {
  return acceptedAt ?? 'acceptance';
}

export async function listJurisdictions(db: Db): Promise<Jurisdiction[]> {
  const provinces = await listProvinces(db);
  return [{ code: FEDERAL, name: 'Federal' }, ...provinces.map((p) => ({ code: p.pcode, name: p.name }))];
}

async function lockDays(db: Db): Promise<number> {
  return getSetting(db, 'progress.lock_after_days');
}

export async function getReport(db: Db, actor: Actor, id: number): Promise<ReportView> {
  const record = await reports.findReport(db.kysely, id);
  // A report the reader may not see does not exist for them.
  if (!record || !canRead(actor, { jurisdiction: record.jurisdiction, status: record.status as ReportStatus })) {
    throw errors.notFound('Progress report', String(id));
  }
  return toView(record, await lockDays(db));
}

export interface ReportQuery {
  plan?: string;
  point?: string;
  jurisdiction?: string;
  period?: string;
  status?: ReportStatus;
  page: number;
  perPage: number;
}

export async function listReports(db: Db, actor: Actor, q: ReportQuery): Promise<{ rows: ReportView[]; total: number }> {
  let pointId: number | undefined;
  if (q.point !== undefined) {
    if (!q.plan) throw errors.badRequest('point', 'give plan together with point');
    const point = await plans.findPoint(db.kysely, q.plan, q.point);
    if (!point) throw errors.badRequest('point', `unknown point ${q.point} of plan ${q.plan}`);
    pointId = point.id;
  }
  const { rows, total } = await reports.listReports(
    db.kysely,
    { plan: q.plan, pointId, jurisdiction: q.jurisdiction, period: q.period, status: q.status },
    readScope(actor),
    { limit: q.perPage, offset: (q.page - 1) * q.perPage },
  );
  const days = await lockDays(db);
  const now = new Date();
  return { rows: rows.map((r) => toView(r, days, now)), total };
}

function problemsError(problems: Array<{ field: string; message: string }>): AppError | null {
  return problems.length ? errors.validation(problems) : null;
}

export async function createReport(db: Db, actor: NonNullable<Actor>, input: NewReportInput, ctx: AuditContext): Promise<ReportView> {
  const jurisdictions = await listJurisdictions(db);
  if (!jurisdictions.some((j) => j.code === input.jurisdiction)) {
    throw errors.badRequest('jurisdiction', `unknown jurisdiction ${input.jurisdiction}: give federal or a province P-code`);
  }
  if (!canCreate(actor, input.jurisdiction)) throw errors.forbidden(forbiddenMessage(actor, 'report for', input.jurisdiction));
  const period = parsePeriod(input.period);
  if (!period) throw errors.badRequest('period', 'is not a period');
  const point = await plans.findPoint(db.kysely, input.plan, input.point);
  if (!point) throw errors.badRequest('point', `unknown point ${input.point} of plan ${input.plan}`);
  const applies = splitList(point.jurisdictions);
  if (applies.length && !applies.includes(input.jurisdiction)) {
    throw errors.badRequest('jurisdiction', `point ${point.code} of ${input.plan} is reported only for ${applies.join(', ')}`);
  }
  let measureId: number | null = null;
  if (input.measure) {
    const measure = await plans.findMeasure(db.kysely, point.id, input.measure);
    if (!measure) throw errors.badRequest('measure', `unknown measure ${input.measure} of point ${point.code}`);
    measureId = measure.id;
  }
  const subjectKey = measureId === null ? `point:${point.id}` : `measure:${measureId}`;
  const days = await lockDays(db);
  const existing = await reports.findReportFor(db.kysely, { subject_key: subjectKey, jurisdiction: input.jurisdiction, period: period.code });
  if (existing) throw duplicateError(existing, days);

  const figures = input.figures ?? [];
  const evidence = input.evidence ?? [];
  const stall = input.stall_reasons ?? [];
  const invalid = problemsError(
    assessmentProblems(assessmentOf({ completion: input.completion ?? null, trajectory: input.trajectory ?? null, rating: input.rating ?? null }, { evidence, stall_reasons: stall })),
  );
  if (invalid) throw invalid;

  const now = new Date().toISOString();
  try {
    const id = await inTransaction(db, async (_tx, trx) => {
      const newId = await reports.insertReport(trx, {
        subject_key: subjectKey,
        point_id: point.id,
        measure_id: measureId,
        jurisdiction: input.jurisdiction,
        period: period.code,
        period_start: period.start,
        period_end: period.end,
        status: 'draft',
        completion: input.completion ?? null,
        trajectory: input.trajectory ?? null,
        rating: input.rating ?? null,
        narrative: input.narrative ?? null,
        figures: JSON.stringify(figures),
        evidence: JSON.stringify(evidence),
        stall_reasons: JSON.stringify(stall),
        origin: 'reported',
        source_ids: null,
        return_reason: null,
        version: 1,
        created_by: actor.id,
        created_at: now,
        updated_by: actor.id,
        updated_at: now,
      });
      const after = await reports.findReport(trx, newId);
      await recordAudit(trx, { ...auditOf(ctx, 'progress.create', newId), before: null, after });
      return newId;
    });
    return toView((await reports.findReport(db.kysely, id))!, days);
  } catch (error) {
    if (isUniqueViolation(error)) {
      const raced = await reports.findReportFor(db.kysely, { subject_key: subjectKey, jurisdiction: input.jurisdiction, period: period.code });
      if (raced) throw duplicateError(raced, days);
    }
    throw error;
  }
}

function duplicateError(existing: reports.ProgressReportRow, days: number): AppError {
  if (isLocked(existing.status as ReportStatus, existing.accepted_at, days, new Date())) {
    return errors.periodLocked(describe(existing), lockedSince(existing.accepted_at));
  }
  return new AppError(
    'conflict',
    409,
    `A report for this subject, ${existing.jurisdiction} and ${existing.period} already exists (report ${existing.id}, ${existing.status}); change that one instead`,
    undefined,
    { existing_report: existing.id, current_status: existing.status },
  );
}

export interface ReportChanges extends AssessmentInput {
  /** The version the editor read. */
  version: number;
}

export async function updateReport(db: Db, actor: Actor, id: number, changes: ReportChanges, ctx: AuditContext): Promise<ReportView> {
  const before = await findForWrite(db, id);
  const refused = refusal(actor, 'update', before);
  if (refused) throw refused;
  const r = before.record;
  if (changes.version !== r.version) throw errors.versionConflict(describe(r), changes.version, r.version);

  const merged = {
    completion: changes.completion !== undefined ? changes.completion : (r.completion as Completion | null),
    trajectory: changes.trajectory !== undefined ? changes.trajectory : (r.trajectory as Trajectory | null),
    rating: changes.rating !== undefined ? changes.rating : (r.rating as Rating | null),
    evidence: changes.evidence ?? before.evidence,
    stall_reasons: changes.stall_reasons ?? before.stall_reasons,
  };
  const invalid = problemsError(assessmentProblems(merged));
  if (invalid) throw invalid;

  const set: Updateable<ProgressReportTable> = { updated_by: ctx.actorId, updated_at: new Date().toISOString() };
  if (changes.completion !== undefined) set.completion = changes.completion;
  if (changes.trajectory !== undefined) set.trajectory = changes.trajectory;
  if (changes.rating !== undefined) set.rating = changes.rating;
  if (changes.narrative !== undefined) set.narrative = changes.narrative;
  if (changes.figures !== undefined) set.figures = JSON.stringify(changes.figures);
  if (changes.evidence !== undefined) set.evidence = JSON.stringify(changes.evidence);
  if (changes.stall_reasons !== undefined) set.stall_reasons = JSON.stringify(changes.stall_reasons);

  return writeChange(db, before, { version: r.version }, set, 'progress.update', ctx);
}

export interface TransitionInput {
  version?: number;
  reason?: string;
}

export async function transitionReport(
  db: Db,
  actor: Actor,
  id: number,
  action: WorkflowAction,
  input: TransitionInput,
  ctx: AuditContext,
): Promise<ReportView> {
  const before = await findForWrite(db, id);
  const refused = refusal(actor, action, before);
  if (refused) throw refused;
  const r = before.record;
  if (input.version !== undefined && input.version !== r.version) throw errors.versionConflict(describe(r), input.version, r.version);
  const reason = input.reason?.trim();
  if (ACTIONS_NEEDING_REASON.includes(action) && !reason) throw errors.badRequest('reason', `is required to ${action} a report`);
  if (action === 'submit') {
    const invalid = problemsError(submissionProblems(assessmentOf(r, { evidence: before.evidence, stall_reasons: before.stall_reasons })));
    if (invalid) throw invalid;
  }
  const state = { jurisdiction: r.jurisdiction, status: r.status as ReportStatus, locked: before.locked };
  const to = nextStatus(state, action);
  if (!to) throw errors.illegalTransition(action, r.status, []);

  const now = new Date().toISOString();
  const by = ctx.actorId;
  const set: Updateable<ProgressReportTable> = { status: to, updated_by: by, updated_at: now };
  switch (action) {
    case 'submit':
      Object.assign(set, { submitted_by: by, submitted_at: now, return_reason: null });
      break;
    case 'approve':
      Object.assign(set, { approved_by: by, approved_at: now });
      break;
    case 'accept':
      Object.assign(set, { accepted_by: by, accepted_at: now });
      break;
    case 'return':
    case 'reopen':
      Object.assign(set, { returned_by: by, returned_at: now, return_reason: reason, approved_by: null, approved_at: null, accepted_by: null, accepted_at: null });
      if (action === 'reopen') Object.assign(set, { reopened_by: by, reopened_at: now });
      break;
  }
  return writeChange(db, before, { version: r.version, status: r.status }, set, `progress.${action}`, ctx);
}

/** Loads a report for a write. Unknown ids are 404; whether the actor may write it is the policy's call. */
async function findForWrite(db: Db, id: number): Promise<ReportView> {
  const record = await reports.findReport(db.kysely, id);
  if (!record) throw errors.notFound('Progress report', String(id));
  return toView(record, await lockDays(db));
}

async function writeChange(
  db: Db,
  before: ReportView,
  expected: { version: number; status?: string },
  set: Updateable<ProgressReportTable>,
  action: string,
  ctx: AuditContext,
): Promise<ReportView> {
  const r = before.record;
  const days = await lockDays(db);
  const after = await inTransaction(db, async (_tx, trx) => {
    const ok = await reports.updateReportIfUnchanged(trx, r.id, expected, set);
    const current = (await reports.findReport(trx, r.id))!;
    if (!ok) throw errors.versionConflict(describe(r), expected.version, current.version);
    await recordAudit(trx, { ...auditOf(ctx, action, r.id), before: r, after: current });
    return current;
  });
  return toView(after, days);
}

function auditOf(ctx: AuditContext, action: string, id: number) {
  return { actorId: ctx.actorId, requestId: ctx.requestId, action, entityType: 'progress_report', entityId: String(id) };
}

/* ---------------------------------------------------------------- tracker and due reports */

export interface TrackerCell {
  report_id: number;
  period: string;
  completion: string | null;
  trajectory: string | null;
  rating: string | null;
  origin: string;
  accepted_at: string | null;
}

export interface Tracker {
  plan: plans.PlanRow;
  period: Period | null;
  jurisdictions: Jurisdiction[];
  rows: Array<{ point: plans.PointRow; text: string; cells: Record<string, TrackerCell | null> }>;
}

/**
 * Points × jurisdictions with the latest accepted report of each, for periods ending on or before
 * the chosen one (or ever). Only accepted reports count, so the tracker is the same for everyone.
 */
export async function tracker(db: Db, planCode: string, periodCode?: string): Promise<Tracker> {
  const plan = await plans.findPlan(db.kysely, planCode);
  if (!plan) throw errors.notFound('Plan', planCode);
  const period = periodCode ? parsePeriod(periodCode) : null;
  const points = await plans.listPoints(db.kysely, planCode);
  const versions = await plans.listPointVersions(db.kysely, points.map((p) => p.id));
  const accepted = await reports.listAcceptedReports(db.kysely, planCode, period?.end ?? '9999-12-31');
  const jurisdictions = await listJurisdictions(db);
  const latest = new Map<string, reports.ProgressReportRecord>();
  // Rows come latest first; for one period, a report on the point itself beats one on a measure.
  for (const r of accepted) {
    const key = `${r.point_id}|${r.jurisdiction}`;
    const seen = latest.get(key);
    if (!seen || (seen.period === r.period && seen.measure_id !== null && r.measure_id === null)) latest.set(key, r);
  }
  return {
    plan,
    period,
    jurisdictions,
    rows: points.map((point) => {
      const text = versions.filter((v) => v.point_id === point.id).at(-1)?.text ?? point.text;
      const cells: Record<string, TrackerCell | null> = {};
      for (const j of jurisdictions) {
        const r = latest.get(`${point.id}|${j.code}`);
        cells[j.code] = r
          ? {
              report_id: r.id,
              period: r.period,
              completion: r.completion,
              trajectory: r.trajectory,
              rating: r.rating,
              origin: r.origin,
              accepted_at: r.accepted_at,
            }
          : null;
      }
      return { point, text, cells };
    }),
  };
}

const STATUS_RANK: Record<string, number> = { draft: 1, returned: 2, submitted: 3, approved: 4, accepted: 5 };
const REPORTED: readonly string[] = ['submitted', 'approved', 'accepted'];

export interface DueItem {
  point: string;
  jurisdiction: string;
  /** The report's status, `missing` when there is none, `pending` when the reader may not see it. */
  status: string;
  report_id: number | null;
  overdue: boolean;
}

export interface DueSummary {
  jurisdiction: string;
  name: string;
  due: number;
  reported: number;
  accepted: number;
  overdue: number;
  reporting_rate: number | null;
}

export interface DueReport {
  plan: string;
  period: Period;
  due_date: string;
  past_due: boolean;
  summary: DueSummary[];
  items: DueItem[];
}

/**
 * The reports due for a plan and quarter: each point × each jurisdiction it applies to. A report
 * is overdue once the due date has passed and it has not been submitted; the reporting rate is
 * accepted ÷ due.
 */
export async function dueReports(db: Db, actor: Actor, q: { plan?: string; period?: string; jurisdiction?: string }, today = new Date()): Promise<DueReport> {
  const planCode = q.plan ?? (await getSetting(db, 'progress.current_plan'));
  const plan = await plans.findPlan(db.kysely, planCode);
  if (!plan) throw errors.notFound('Plan', planCode);
  const graceDays = await getSetting(db, 'progress.due_after_days');
  const day = today.toISOString().slice(0, 10);
  const period = q.period ? parsePeriod(q.period) : latestDueQuarter(day, graceDays);
  if (!period) throw errors.badRequest('period', 'is not a period');
  const due = dueDate(period, graceDays);
  const pastDue = day > due;
  const jurisdictions = (await listJurisdictions(db)).filter((j) => !q.jurisdiction || j.code === q.jurisdiction);
  const points = await plans.listPoints(db.kysely, planCode);
  const best = new Map<string, { id: number; status: string }>();
  for (const r of await reports.listReportsForPeriod(db.kysely, planCode, period.code)) {
    const key = `${r.point_id}|${r.jurisdiction}`;
    const seen = best.get(key);
    if (!seen || (STATUS_RANK[r.status] ?? 0) > (STATUS_RANK[seen.status] ?? 0)) best.set(key, r);
  }
  const items: DueItem[] = [];
  const summary = new Map<string, DueSummary>(
    jurisdictions.map((j) => [j.code, { jurisdiction: j.code, name: j.name, due: 0, reported: 0, accepted: 0, overdue: 0, reporting_rate: null }]),
  );
  for (const point of points) {
    const applies = splitList(point.jurisdictions);
    for (const j of jurisdictions) {
      if (applies.length && !applies.includes(j.code)) continue;
      const s = summary.get(j.code)!;
      const r = best.get(`${point.id}|${j.code}`);
      const reported = r !== undefined && REPORTED.includes(r.status);
      const overdue = pastDue && !reported;
      s.due += 1;
      if (reported) s.reported += 1;
      if (r?.status === 'accepted') s.accepted += 1;
      if (overdue) s.overdue += 1;
      const visible = r && canRead(actor, { jurisdiction: j.code, status: r.status as ReportStatus });
      items.push({
        point: point.code,
        jurisdiction: j.code,
        status: !r ? 'missing' : visible ? r.status : 'pending',
        report_id: visible ? r.id : null,
        overdue,
      });
    }
  }
  for (const s of summary.values()) s.reporting_rate = s.due ? s.accepted / s.due : null;
  return { plan: planCode, period, due_date: due, past_due: pastDue, summary: [...summary.values()], items };
}
