/**
 * Single incidents entered or corrected by hand, deletions, and links between duplicates. Every
 * change goes through the same validation, placement and group matching as an import, keeps the
 * previous state as a revision, re-links duplicates around it, and is audited in the same
 * transaction (`audit` below is the one place that writes the audit entry).
 */
import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import { choosePerpetrator } from '../../core/groups';
import { clusterIncidents, DUPLICATE_RULE, type ClusterLink } from '../../core/incidentClusters';
import { parseIncidentDate } from '../../core/incidentDates';
import { buildIncidentContent, parseDetails } from '../../core/incidentRecord';
import {
  emptyDraft,
  isCategory,
  SECURITY_FORCES,
  type CountRange,
  type DatePrecision,
  type Front,
  type IncidentCategory,
  type IncidentDraft,
  type SecurityForce,
} from '../../core/incidents';
import { validateDraft } from '../../core/incidentValidation';
import type { Db } from '../../db/database';
import type { Database } from '../../db/tables';
import { reclusterRows, ScopeTracker } from '../../importers/incidents/clusters';
import { incidentFingerprint } from '../../importers/incidents/fingerprint';
import type { ImportContext } from '../../importers/incidents/importIncidents';
import { errors, type FieldProblem } from '../errors';
import { recordAudit } from '../repositories/auditRepository';
import { refreshDistrictMonths } from '../repositories/incidentSummaryRepository';
import {
  clusterRowsByIds,
  clusterRowsInScope,
  getIncidentRow,
  insertIncident,
  insertRevisions,
  linkDecisionsFor,
  membersOfCluster,
  revisionsOfIncident,
  saveLinkDecision,
  sourcesByIds,
  updateIncident,
  type ClusterRow,
  type IncidentRow,
} from '../repositories/incidentRepository';
import type { AuditContext } from './auditService';

/** The fields a person may give for an incident; absent fields keep their value on edit. */
export interface IncidentInput {
  title?: string | null;
  date_start?: string;
  date_end?: string | null;
  date_precision?: DatePrecision | null;
  province_pcode?: string | null;
  district_pcode?: string | null;
  tehsil_pcode?: string | null;
  admin1?: string | null;
  admin2?: string | null;
  admin3?: string | null;
  location?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  geo_precision?: number | null;
  category?: IncidentCategory;
  event_type?: string | null;
  sub_event_type?: string | null;
  attack_type?: string | null;
  target_type?: string | null;
  weapon_type?: string | null;
  suicide?: boolean | null;
  success?: boolean | null;
  group_code?: string | null;
  front?: Front | null;
  perpetrator?: string | null;
  actor1?: string | null;
  actor2?: string | null;
  target?: string | null;
  killed?: Partial<CountRange>;
  injured?: Partial<CountRange>;
  hostages?: Partial<CountRange>;
  killed_civilians?: number | null;
  killed_security?: number | null;
  killed_security_by_force?: Partial<Record<SecurityForce, number>> | null;
  killed_militants?: number | null;
  notes?: string | null;
  source?: string | null;
  source_ids?: string[];
}

export const MANUAL_DATASET = 'manual';

function audit(trx: Transaction<Database>, ctx: AuditContext, action: string, id: number, before: unknown, after: unknown) {
  return recordAudit(trx, { actorId: ctx.actorId, action, entityType: 'incident', entityId: String(id), before, after, requestId: ctx.requestId });
}

/** The draft an incident was stored from, so an edit can change some fields and keep the rest. */
export function draftOfRow(row: IncidentRow): IncidentDraft {
  const d = parseDetails(row.details);
  const draft = emptyDraft(row.dataset, row.native_key, { start: row.date_start, end: row.date_end, precision: row.date_precision as DatePrecision });
  Object.assign(draft, {
    title: row.title,
    admin1: d.admin1,
    admin2: d.admin2,
    admin3: d.admin3,
    location: d.location,
    latitude: row.latitude,
    longitude: row.longitude,
    geo_precision: row.geo_precision,
    geo_precision_native: d.geo_precision_native,
    category: isCategory(row.category) ? row.category : 'other',
    disorder_type: d.disorder_type,
    event_type: row.event_type,
    sub_event_type: d.sub_event_type,
    attack_type: row.attack_type,
    target_type: d.target_type,
    weapon_type: d.weapon_type,
    suicide: row.suicide === null ? null : row.suicide === 1,
    success: d.success,
    actor1: d.actor1,
    actor2: d.actor2,
    assoc_actor1: d.assoc_actor1,
    assoc_actor2: d.assoc_actor2,
    perpetrator: d.perpetrator,
    group_code: row.group_code,
    front: row.front as Front | null,
    target: d.target,
    killed: { low: row.killed_low, best: row.killed_best, high: row.killed_high },
    injured: { low: row.injured_low, best: row.injured_best, high: row.injured_high },
    hostages: { low: row.hostages_low, best: row.hostages_best, high: row.hostages_high },
    killed_civilians: row.killed_civilians,
    killed_security: row.killed_security,
    killed_militants: row.killed_militants,
    killed_unknown: d.killed_unknown,
    security_by_force: d.security_by_force,
    notes: row.notes,
    source: d.source,
    source_ids: d.source_ids,
    native: d.native,
  } satisfies Partial<IncidentDraft>);
  // A district given by hand stays given; one found from coordinates or names is found again.
  if (d.placement === 'given' || d.placement === 'province') {
    draft.given_district = row.district_pcode;
    draft.given_province = row.province_pcode;
    draft.given_tehsil = row.tehsil_pcode;
  }
  return draft;
}

function tidy(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  return t === '' ? null : t;
}

/** Applies the given fields to a draft; returns the problems with dates. */
function applyInput(draft: IncidentDraft, input: IncidentInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.date_start !== undefined || input.date_end !== undefined || input.date_precision !== undefined) {
    const start = parseIncidentDate(input.date_start ?? draft.date_start);
    // A new start date resets the end unless an end is given with it.
    const endText = input.date_end !== undefined ? input.date_end : input.date_start !== undefined ? null : draft.date_end;
    const end = endText ? parseIncidentDate(endText) : null;
    if ('error' in start) problems.push({ field: 'date_start', message: start.error });
    if (end && 'error' in end) problems.push({ field: 'date_end', message: end.error });
    if (!('error' in start) && !(end && 'error' in end)) {
      draft.date_start = start.start;
      draft.date_end = end ? end.end : start.end;
      draft.date_precision = input.date_precision ?? (input.date_start !== undefined ? start.precision : draft.date_precision);
    }
  }
  const text = ['title', 'admin1', 'admin2', 'admin3', 'location', 'event_type', 'sub_event_type', 'attack_type', 'target_type', 'weapon_type', 'perpetrator', 'actor1', 'actor2', 'target', 'notes', 'source'] as const;
  for (const key of text) if (input[key] !== undefined) draft[key] = tidy(input[key]);
  if (input.group_code !== undefined) draft.group_code = tidy(input.group_code);
  if (input.front !== undefined) draft.front = input.front;
  if (input.category !== undefined) draft.category = input.category;
  if (input.suicide !== undefined) draft.suicide = input.suicide;
  if (input.success !== undefined) draft.success = input.success;
  if (input.latitude !== undefined) draft.latitude = input.latitude;
  if (input.longitude !== undefined) draft.longitude = input.longitude;
  if (input.geo_precision !== undefined) draft.geo_precision = input.geo_precision;
  for (const key of ['killed', 'injured', 'hostages'] as const) {
    const given = input[key];
    if (given) draft[key] = { low: given.low ?? null, best: given.best ?? null, high: given.high ?? null };
  }
  for (const key of ['killed_civilians', 'killed_security', 'killed_militants'] as const) if (input[key] !== undefined) draft[key] = input[key];
  if (input.killed_security_by_force !== undefined) {
    const byForce: Partial<Record<SecurityForce, number>> = {};
    for (const force of SECURITY_FORCES) {
      const n = input.killed_security_by_force?.[force];
      if (n !== undefined) byForce[force] = n;
    }
    draft.security_by_force = Object.keys(byForce).length ? byForce : null;
  }
  if (input.source_ids !== undefined) draft.source_ids = input.source_ids.map((s) => s.trim()).filter((s) => s !== '');
  const placeChanged = ['admin1', 'admin2', 'admin3', 'location', 'latitude', 'longitude', 'geo_precision'].some((k) => input[k as keyof IncidentInput] !== undefined);
  if (input.district_pcode !== undefined || input.province_pcode !== undefined || input.tehsil_pcode !== undefined) {
    draft.given_district = tidy(input.district_pcode ?? null);
    draft.given_province = tidy(input.province_pcode ?? null);
    draft.given_tehsil = tidy(input.tehsil_pcode ?? null);
    draft.given_placement = null;
    draft.given_placement_note = null;
  } else if (placeChanged) {
    draft.given_district = null;
    draft.given_province = null;
    draft.given_tehsil = null;
  }
  return problems;
}

/** Validates, places and matches a draft; 400 with every problem by field. */
function contentOf(ctx: ImportContext, draft: IncidentDraft, problems: FieldProblem[]) {
  const given = new Set(problems.map((p) => p.field));
  for (const p of validateDraft(draft)) {
    // Range problems are reported at the field of the request body: `killed.low`, not `killed_low`.
    const field = p.field.replace(/^(killed|injured|hostages)_(low|best|high)$/, '$1.$2');
    if (!given.has(field) && !(p.field.startsWith('date_') && (given.has('date_start') || given.has('date_end')))) problems.push({ field, message: p.reason });
  }
  const place = ctx.placer.place(draft);
  if (place.error) problems.push({ field: place.error.field, message: place.error.reason });
  const perpetrator = choosePerpetrator(ctx.groups, draft);
  if (perpetrator.error !== undefined) problems.push({ field: 'group_code', message: perpetrator.error });
  if (problems.length || place.error || perpetrator.error !== undefined) throw errors.validation(problems);
  const content = buildIncidentContent(draft, place, { group_code: perpetrator.group?.code ?? null, front: perpetrator.front });
  return { content, hash: incidentFingerprint(content), warning: place.warning };
}

/** Re-links duplicates around the changed incidents and recounts the districts and months touched. */
async function reclusterAround(trx: Transaction<Database>, rows: Pick<IncidentRow, 'id' | 'district_pcode' | 'date_start' | 'date_end'>[], at: string): Promise<void> {
  const touched = new ScopeTracker();
  for (const r of rows) touched.add(r.district_pcode, r.date_start, r.date_end);
  const s = touched.scope();
  const byId = new Map<number, ClusterRow>();
  if (s) for (const r of await clusterRowsInScope(trx, s)) byId.set(r.id, r);
  for (const r of await clusterRowsByIds(trx, rows.map((r) => r.id))) byId.set(r.id, r);
  const clusters = [...new Set([...byId.values()].map((r) => r.cluster_id).filter((c): c is number => c !== null))];
  for (const c of clusters) for (const r of await membersOfCluster(trx, c)) byId.set(r.id, r);
  for (const r of await reclusterRows(trx, [...byId.values()], at)) touched.add(r.district_pcode, r.date_start, r.date_end);
  await refreshDistrictMonths(trx, touched.months());
}

export async function createIncident(db: Db, ctx: ImportContext, input: IncidentInput, audited: AuditContext): Promise<{ row: IncidentRow; warning: string | null }> {
  const draft = emptyDraft(MANUAL_DATASET, crypto.randomUUID(), { start: '', end: '', precision: 'day' });
  const problems = applyInput(draft, { ...input, date_start: input.date_start ?? '' });
  const { content, hash, warning } = contentOf(ctx, draft, problems);
  const now = new Date().toISOString();
  const row = await db.kysely.transaction().execute(async (trx) => {
    const id = await insertIncident(trx, { ...content, content_hash: hash, batch_id: null, created_batch_id: null, created_at: now, updated_at: now });
    const created = (await getIncidentRow(trx, id))!;
    await reclusterAround(trx, [created], now);
    const after = (await getIncidentRow(trx, id))!;
    await audit(trx, audited, 'incident.create', id, null, after);
    return after;
  });
  return { row, warning };
}

/**
 * The incident to change; `read`, the `updated_at` the editor read, refuses the change when
 * someone else's has been saved since (rather than overwriting it field by field).
 */
async function liveIncident(db: Db | Transaction<Database>, id: number, read?: string): Promise<IncidentRow> {
  const row = await getIncidentRow(db, id);
  if (!row) throw errors.notFound('Incident', String(id));
  if (row.deleted_at) throw errors.conflict(`Incident ${id} was deleted on ${row.deleted_at.slice(0, 10)}; it cannot be changed`);
  if (read !== undefined && Date.parse(read) !== Date.parse(row.updated_at)) throw errors.incidentChanged(id, read, row.updated_at);
  return row;
}

export async function updateIncidentById(
  db: Db,
  ctx: ImportContext,
  id: number,
  input: IncidentInput,
  audited: AuditContext,
  read?: string,
): Promise<{ row: IncidentRow; warning: string | null }> {
  const now = new Date().toISOString();
  return db.kysely.transaction().execute(async (trx) => {
    const before = await liveIncident(trx, id, read);
    const draft = draftOfRow(before);
    const problems = applyInput(draft, input);
    const { content, hash, warning } = contentOf(ctx, draft, problems);
    if (hash === incidentFingerprint(before)) return { row: before, warning };
    await insertRevisions(trx, [{ incident_id: id, batch_id: null, action: 'edit', previous: JSON.stringify(before), actor_id: audited.actorId, created_at: now }]);
    // An imported incident keeps the fingerprint of its source row: re-importing the same source
    // then finds it unchanged and keeps the correction.
    const fingerprint = before.dataset === MANUAL_DATASET ? hash : before.content_hash;
    await updateIncident(trx, id, { ...content, content_hash: fingerprint, updated_at: now });
    const edited = (await getIncidentRow(trx, id))!;
    await reclusterAround(trx, [before, edited], now);
    const after = (await getIncidentRow(trx, id))!;
    await audit(trx, audited, 'incident.update', id, before, after);
    return { row: after, warning };
  });
}

/** Deletes an incident as a tombstone; `reason`, when given, is kept with the audit entry of the deletion. */
export async function deleteIncidentById(db: Db, id: number, audited: AuditContext, reason?: string, read?: string): Promise<IncidentRow> {
  const now = new Date().toISOString();
  return db.kysely.transaction().execute(async (trx) => {
    const before = await liveIncident(trx, id, read);
    await insertRevisions(trx, [{ incident_id: id, batch_id: null, action: 'delete', previous: JSON.stringify(before), actor_id: audited.actorId, created_at: now }]);
    await updateIncident(trx, id, { deleted_at: now, deleted_reason: 'deleted', updated_at: now, cluster_id: null });
    await reclusterAround(trx, [before], now);
    const after = (await getIncidentRow(trx, id))!;
    await audit(trx, audited, 'incident.delete', id, before, reason === undefined ? after : { ...after, reason });
    return after;
  });
}

export interface ClusterView {
  id: number;
  rule: string;
  members: IncidentRow[];
  links: ClusterLink[];
}

/** The cluster an incident is in, with the link that joined each member and why. */
export async function clusterOf(db: Db | Transaction<Database>, row: IncidentRow): Promise<ClusterView | null> {
  if (row.cluster_id === null) return null;
  const k = 'kysely' in db ? db.kysely : db;
  const members = await membersOfCluster(k, row.cluster_id);
  const decisions = await linkDecisionsFor(k, members.map((m) => m.id));
  const ids = new Set(members.map((m) => m.id));
  const result = clusterIncidents(
    members.map((m) => ({ ...m, date_precision: m.date_precision as DatePrecision, category: isCategory(m.category) ? m.category : 'other' })),
    {
      links: decisions.filter((d) => d.decision === 'link' && ids.has(d.incident_a) && ids.has(d.incident_b)).map((d) => [d.incident_a, d.incident_b] as const),
      separations: decisions.filter((d) => d.decision === 'separate').map((d) => [d.incident_a, d.incident_b] as const),
    },
  );
  const full = await Promise.all(members.map((m) => getIncidentRow(k, m.id)));
  return { id: row.cluster_id, rule: DUPLICATE_RULE, members: full.filter((r): r is IncidentRow => r !== undefined), links: result.links };
}

async function decide(db: Db, a: number, b: number, decision: 'link' | 'separate', audited: AuditContext): Promise<IncidentRow> {
  if (a === b) throw errors.badRequest('incident', 'an incident cannot be linked to itself');
  const now = new Date().toISOString();
  return db.kysely.transaction().execute(async (trx) => {
    const first = await liveIncident(trx, a);
    const second = await liveIncident(trx, b);
    await saveLinkDecision(trx, a, b, decision, audited.actorId, now);
    await reclusterAround(trx, [first, second], now);
    const after = (await getIncidentRow(trx, a))!;
    const partner = (await getIncidentRow(trx, b))!;
    await audit(trx, audited, decision === 'link' ? 'incident.link' : 'incident.unlink', a, { incident: a, other: b, cluster_id: first.cluster_id, other_cluster_id: second.cluster_id }, {
      incident: a,
      other: b,
      decision,
      cluster_id: after.cluster_id,
      other_cluster_id: partner.cluster_id,
    });
    return after;
  });
}

/** Links two incidents as the same event, whatever the automatic rule says. */
export function linkIncidents(db: Db, a: number, b: number, audited: AuditContext): Promise<IncidentRow> {
  return decide(db, a, b, 'link', audited);
}

/** Keeps two incidents apart, whatever the automatic rule says. */
export function separateIncidents(db: Db, a: number, b: number, audited: AuditContext): Promise<IncidentRow> {
  return decide(db, a, b, 'separate', audited);
}

export async function getIncidentDetail(db: Db, id: number) {
  const row = await getIncidentRow(db, id);
  if (!row) throw errors.notFound('Incident', String(id));
  const details = parseDetails(row.details);
  const [sources, cluster, revisions] = await Promise.all([sourcesByIds(db, details.source_ids), clusterOf(db, row), revisionsOfIncident(db, id)]);
  return { row, sources, cluster, revisions };
}
