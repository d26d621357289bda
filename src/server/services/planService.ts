import type { Dimension } from '../../core/plans';
import type { MeasureFrequency } from '../../core/progress';
import type { Db } from '../../db/database';
import { inTransaction, isUniqueViolation } from '../../db/transaction';
import { errors } from '../errors';
import { recordAudit } from '../repositories/auditRepository';
import { listProvinces } from '../repositories/gazetteerRepository';
import * as plans from '../repositories/planRepository';
import type { AuditContext } from './auditService';

/** A point with its current text (the latest version), measures and links to other plans. */
export interface PointView {
  point: plans.PointRow;
  text: string;
  textVersion: number;
  measures: plans.MeasureRow[];
  links: plans.PointLinkRow[];
}

/** A `;`-separated list column as an array. */
export function splitList(value: string | null): string[] {
  return value ? value.split(';').map((s) => s.trim()).filter(Boolean) : [];
}

function currentText(point: plans.PointRow, versions: plans.PointVersionRow[]): { text: string; version: number } {
  const latest = versions.filter((v) => v.point_id === point.id).at(-1);
  return latest ? { text: latest.text, version: latest.version } : { text: point.text, version: 1 };
}

export async function listPlans(db: Db) {
  return plans.listPlans(db.kysely);
}

export async function getPlan(db: Db, code: string): Promise<plans.PlanRow> {
  const plan = await plans.findPlan(db.kysely, code);
  if (!plan) throw errors.notFound('Plan', code);
  return plan;
}

export async function listPointViews(db: Db, planCode: string): Promise<PointView[]> {
  await getPlan(db, planCode);
  const points = await plans.listPoints(db.kysely, planCode);
  const ids = points.map((p) => p.id);
  const [versions, measures, links] = await Promise.all([
    plans.listPointVersions(db.kysely, ids),
    plans.listMeasures(db.kysely, ids),
    plans.listPointLinks(db.kysely, planCode),
  ]);
  return points.map((point) => {
    const { text, version } = currentText(point, versions);
    return {
      point,
      text,
      textVersion: version,
      measures: measures.filter((m) => m.point_id === point.id),
      links: links.filter(
        (l) => (l.from_plan === planCode && l.from_point === point.code) || (l.to_plan === planCode && l.to_point === point.code),
      ),
    };
  });
}

export async function getPointView(db: Db, planCode: string, pointCode: string): Promise<PointView> {
  const view = (await listPointViews(db, planCode)).find((v) => v.point.code === pointCode);
  if (!view) throw errors.notFound('Point', `${pointCode} of plan ${planCode}`);
  return view;
}

/** Every version of a point's text, oldest first; version 1 is the text as first loaded. */
export async function listPointTextVersions(db: Db, planCode: string, pointCode: string) {
  const point = await plans.findPoint(db.kysely, planCode, pointCode);
  if (!point) throw errors.notFound('Point', `${pointCode} of plan ${planCode}`);
  const versions = await plans.listPointVersions(db.kysely, [point.id]);
  if (!versions.length) return [{ version: 1, text: point.text, reason: null, changed_at: null }];
  return versions.map((v) => ({ version: v.version, text: v.text, reason: v.reason, changed_at: v.changed_at }));
}

export interface PlanInput {
  code: string;
  name: string;
  adopted_on?: string | null;
  description?: string | null;
}

export async function createPlan(db: Db, input: PlanInput, ctx: AuditContext): Promise<plans.PlanRow> {
  if (await plans.findPlan(db.kysely, input.code)) throw errors.conflict(`Plan ${input.code} already exists`);
  try {
    return await inTransaction(db, async (_tx, trx) => {
      const plan = await plans.insertPlan(trx, {
        code: input.code,
        name: input.name,
        adopted_on: input.adopted_on ?? null,
        description: input.description ?? null,
        source_ids: null,
      });
      await recordAudit(trx, { ...audit(ctx, 'plan.create', 'plan', plan.code), before: null, after: plan });
      return plan;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw errors.conflict(`Plan ${input.code} already exists`);
    throw error;
  }
}

export async function updatePlan(
  db: Db,
  code: string,
  changes: { name?: string; adopted_on?: string | null; description?: string | null },
  ctx: AuditContext,
): Promise<plans.PlanRow> {
  const before = await getPlan(db, code);
  return inTransaction(db, async (_tx, trx) => {
    await plans.updatePlan(trx, code, changes);
    const after = (await plans.findPlan(trx, code))!;
    await recordAudit(trx, { ...audit(ctx, 'plan.update', 'plan', code), before, after });
    return after;
  });
}

export interface PointInput {
  code: string;
  number?: number | null;
  text: string;
  dimension?: Dimension | null;
  theme?: string | null;
  lead_agencies?: string[];
  jurisdictions?: string[];
}

async function checkJurisdictions(db: Db, list: string[] | undefined): Promise<void> {
  if (!list?.length) return;
  const known = new Set(['federal', ...(await listProvinces(db)).map((p) => p.pcode)]);
  list.forEach((j, i) => {
    if (!known.has(j)) throw errors.badRequest(`jurisdictions.${i}`, `unknown jurisdiction ${j}: give federal or a province P-code`);
  });
}

export async function createPoint(db: Db, planCode: string, input: PointInput, ctx: AuditContext): Promise<PointView> {
  await getPlan(db, planCode);
  await checkJurisdictions(db, input.jurisdictions);
  if (await plans.findPoint(db.kysely, planCode, input.code)) throw errors.conflict(`Point ${input.code} of plan ${planCode} already exists`);
  await inTransaction(db, async (_tx, trx) => {
    const point = await plans.insertPoint(trx, {
      plan_code: planCode,
      code: input.code,
      number: input.number ?? null,
      text: input.text,
      variant_text: null,
      dimension: input.dimension ?? null,
      dimension_basis: input.dimension ? 'coordinator' : null,
      lead_agencies: input.lead_agencies?.length ? input.lead_agencies.join('; ') : null,
      basis: null,
      notes: null,
      source_ids: null,
      theme: input.theme ?? null,
      jurisdictions: input.jurisdictions?.length ? input.jurisdictions.join(';') : null,
    });
    await recordAudit(trx, { ...audit(ctx, 'plan_point.create', 'plan_point', `${planCode}/${input.code}`), before: null, after: point });
  });
  return getPointView(db, planCode, input.code);
}

export interface PointChanges {
  /** The text version the editor read: a stale one is refused, so no edit is lost. */
  version: number;
  text?: string;
  reason?: string | null;
  number?: number | null;
  dimension?: Dimension | null;
  theme?: string | null;
  lead_agencies?: string[];
  jurisdictions?: string[];
}

/**
 * Changes a point. A new text becomes a new version (the earlier ones stay readable); the other
 * fields change in place. Both are audited.
 */
export async function updatePoint(db: Db, planCode: string, pointCode: string, changes: PointChanges, ctx: AuditContext): Promise<PointView> {
  const before = await getPointView(db, planCode, pointCode);
  if (changes.version !== before.textVersion) throw errors.versionConflict(`Point ${pointCode} of plan ${planCode}`, changes.version, before.textVersion);
  await checkJurisdictions(db, changes.jurisdictions);
  const now = new Date().toISOString();
  try {
    await inTransaction(db, async (_tx, trx) => {
      const id = before.point.id;
      if (changes.text !== undefined && changes.text !== before.text) {
        if (before.textVersion === 1) {
          const existing = await plans.listPointVersions(trx, [id]);
          if (!existing.length) {
            await plans.insertPointVersion(trx, { point_id: id, version: 1, text: before.point.text, reason: null, changed_at: null, changed_by: null });
          }
        }
        await plans.insertPointVersion(trx, {
          point_id: id,
          version: before.textVersion + 1,
          text: changes.text,
          reason: changes.reason ?? null,
          changed_at: now,
          changed_by: ctx.actorId,
        });
      }
      const fields: Parameters<typeof plans.updatePoint>[2] = {};
      if (changes.number !== undefined) fields.number = changes.number;
      if (changes.dimension !== undefined) {
        fields.dimension = changes.dimension;
        fields.dimension_basis = changes.dimension ? 'coordinator' : null;
      }
      if (changes.theme !== undefined) fields.theme = changes.theme;
      if (changes.lead_agencies !== undefined) fields.lead_agencies = changes.lead_agencies.length ? changes.lead_agencies.join('; ') : null;
      if (changes.jurisdictions !== undefined) fields.jurisdictions = changes.jurisdictions.length ? changes.jurisdictions.join(';') : null;
      if (Object.keys(fields).length) await plans.updatePoint(trx, id, fields);
      const after = await plans.findPointById(trx, id);
      const versions = await plans.listPointVersions(trx, [id]);
      const current = currentText(after!, versions);
      await recordAudit(trx, {
        ...audit(ctx, 'plan_point.update', 'plan_point', `${planCode}/${pointCode}`),
        before: { ...before.point, current_text: before.text, text_version: before.textVersion },
        after: { ...after, current_text: current.text, text_version: current.version },
      });
    });
  } catch (error) {
    // Two editors saving the same version: the second insert of that version number fails.
    if (isUniqueViolation(error)) {
      const latest = await getPointView(db, planCode, pointCode);
      throw errors.versionConflict(`Point ${pointCode} of plan ${planCode}`, changes.version, latest.textVersion);
    }
    throw error;
  }
  return getPointView(db, planCode, pointCode);
}

export interface MeasureInput {
  code: string;
  indicator: string;
  unit?: string | null;
  baseline?: number | null;
  baseline_date?: string | null;
  target?: number | null;
  due_date?: string | null;
  frequency: MeasureFrequency;
}

async function pointOrThrow(db: Db, planCode: string, pointCode: string): Promise<plans.PointRow> {
  await getPlan(db, planCode);
  const point = await plans.findPoint(db.kysely, planCode, pointCode);
  if (!point) throw errors.notFound('Point', `${pointCode} of plan ${planCode}`);
  return point;
}

export async function createMeasure(db: Db, planCode: string, pointCode: string, input: MeasureInput, ctx: AuditContext): Promise<plans.MeasureRow> {
  const point = await pointOrThrow(db, planCode, pointCode);
  if (await plans.findMeasure(db.kysely, point.id, input.code)) {
    throw errors.conflict(`Measure ${input.code} of point ${pointCode} (${planCode}) already exists`);
  }
  const now = new Date().toISOString();
  return inTransaction(db, async (_tx, trx) => {
    const measure = await plans.insertMeasure(trx, {
      point_id: point.id,
      code: input.code,
      indicator: input.indicator,
      unit: input.unit ?? null,
      baseline: input.baseline ?? null,
      baseline_date: input.baseline_date ?? null,
      target: input.target ?? null,
      due_date: input.due_date ?? null,
      frequency: input.frequency,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, { ...audit(ctx, 'plan_measure.create', 'plan_measure', String(measure.id)), before: null, after: measure });
    return measure;
  });
}

export async function updateMeasure(
  db: Db,
  planCode: string,
  pointCode: string,
  measureCode: string,
  changes: Partial<Omit<MeasureInput, 'code'>> & { version: number },
  ctx: AuditContext,
): Promise<plans.MeasureRow> {
  const point = await pointOrThrow(db, planCode, pointCode);
  const before = await plans.findMeasure(db.kysely, point.id, measureCode);
  if (!before) throw errors.notFound('Measure', `${measureCode} of point ${pointCode} (${planCode})`);
  const what = `Measure ${measureCode} of point ${pointCode} (${planCode})`;
  if (changes.version !== before.version) throw errors.versionConflict(what, changes.version, before.version);
  const { version, ...fields } = changes;
  return inTransaction(db, async (_tx, trx) => {
    const ok = await plans.updateMeasure(trx, before.id, version, { ...fields, updated_at: new Date().toISOString() });
    const after = (await plans.findMeasureById(trx, before.id))!;
    if (!ok) throw errors.versionConflict(what, version, after.version);
    await recordAudit(trx, { ...audit(ctx, 'plan_measure.update', 'plan_measure', String(before.id)), before, after });
    return after;
  });
}

function audit(ctx: AuditContext, action: string, entityType: string, entityId: string) {
  return { actorId: ctx.actorId, requestId: ctx.requestId, action, entityType, entityId };
}
