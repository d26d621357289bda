import crypto from 'node:crypto';
import type { Insertable } from 'kysely';
import { parsePeriod } from '../../src/core/periods';
import type { Db } from '../../src/db/database';
import type { ProgressReportTable } from '../../src/db/tables';
import { findPlan, insertPlan, insertPoint, type PointRow } from '../../src/server/repositories/planRepository';
import { findReport, insertReport, type ProgressReportRecord } from '../../src/server/repositories/progressRepository';

export const FACTORY_PLAN = 'FACTORY-PLAN';

/** A plan point of a plan made for tests (created on first use), with a fresh code each time. */
export async function buildPlanPoint(db: Db, opts: { plan?: string; code?: string; jurisdictions?: string | null } = {}): Promise<PointRow> {
  const plan = opts.plan ?? FACTORY_PLAN;
  if (!(await findPlan(db.kysely, plan))) {
    await insertPlan(db.kysely, { code: plan, name: `Plan ${plan}`, adopted_on: '2025-01-01', description: null, source_ids: null });
  }
  return insertPoint(db.kysely, {
    plan_code: plan,
    code: opts.code ?? `p-${crypto.randomBytes(4).toString('hex')}`,
    number: null,
    text: 'Strengthen counter-terrorism departments',
    variant_text: null,
    dimension: 'kinetic',
    dimension_basis: null,
    lead_agencies: null,
    basis: null,
    notes: null,
    source_ids: null,
    theme: null,
    jurisdictions: opts.jurisdictions ?? null,
  });
}

export type ReportOverrides = Partial<Insertable<ProgressReportTable>> & { point?: PointRow };

/**
 * A progress report in any state, written straight to the database (no workflow, no audit), on a
 * point of its own unless one is given. A complete, submittable assessment by default.
 */
export async function buildProgressReport(db: Db, overrides: ReportOverrides = {}): Promise<ProgressReportRecord> {
  const { point: given, ...fields } = overrides;
  const point = given ?? (await buildPlanPoint(db));
  const period = parsePeriod(fields.period ?? '2025Q1')!;
  const now = new Date().toISOString();
  const status = fields.status ?? 'draft';
  const id = await insertReport(db.kysely, {
    subject_key: `point:${point.id}`,
    point_id: point.id,
    measure_id: null,
    jurisdiction: 'PK5',
    period_start: period.start,
    period_end: period.end,
    status,
    completion: 'limited',
    trajectory: 'in_the_works',
    rating: 'amber_red',
    narrative: 'Recruitment for the counter-terrorism department is under way.',
    figures: JSON.stringify([{ metric: 'ctd_personnel', value: 1200, unit: 'personnel' }]),
    evidence: JSON.stringify([{ title: 'Provincial CTD notice', url: 'https://example.org/ctd', date: '2025-02-01', public: true }]),
    stall_reasons: '[]',
    origin: 'reported',
    source_ids: null,
    return_reason: null,
    version: 1,
    created_by: null,
    created_at: now,
    updated_by: null,
    updated_at: now,
    accepted_at: status === 'accepted' ? now : null,
    ...fields,
    period: period.code,
  });
  return (await findReport(db.kysely, id))!;
}

/** An accepted report whose acceptance lies far enough back for its period to be locked. */
export function lockedOverrides(): ReportOverrides {
  return { status: 'accepted', accepted_at: new Date(Date.now() - 400 * 86_400_000).toISOString() };
}
