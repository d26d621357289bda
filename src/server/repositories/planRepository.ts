import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, PlanMeasureTable, PlanPointTable, PlanPointVersionTable, PlanTable } from '../../db/tables';

export type PlanRow = Selectable<PlanTable>;
export type PointRow = Selectable<PlanPointTable>;
export type PointVersionRow = Selectable<PlanPointVersionTable>;
export type MeasureRow = Selectable<PlanMeasureTable>;

export interface PointLinkRow {
  relation: string;
  basis: string;
  notes: string | null;
  from_plan: string;
  from_point: string;
  to_plan: string;
  to_point: string;
}

export async function listPlans(db: Kysely<Database>): Promise<Array<PlanRow & { points: number }>> {
  const rows = await db
    .selectFrom('plans')
    .leftJoin('plan_points', 'plan_points.plan_code', 'plans.code')
    .select(['plans.code', 'plans.name', 'plans.adopted_on', 'plans.description', 'plans.source_ids'])
    .select((eb) => eb.fn.count<number>('plan_points.id').as('points'))
    .groupBy(['plans.code', 'plans.name', 'plans.adopted_on', 'plans.description', 'plans.source_ids'])
    .orderBy('plans.adopted_on')
    .orderBy('plans.code')
    .execute();
  return rows.map((r) => ({ ...r, points: Number(r.points) }));
}

export async function findPlan(db: Kysely<Database>, code: string): Promise<PlanRow | undefined> {
  return db.selectFrom('plans').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertPlan(db: Kysely<Database>, plan: Insertable<PlanTable>): Promise<PlanRow> {
  return db.insertInto('plans').values(plan).returningAll().executeTakeFirstOrThrow();
}

export async function updatePlan(db: Kysely<Database>, code: string, changes: Updateable<PlanTable>): Promise<void> {
  await db.updateTable('plans').set(changes).where('code', '=', code).execute();
}

export async function listPoints(db: Kysely<Database>, planCode: string): Promise<PointRow[]> {
  return db.selectFrom('plan_points').selectAll().where('plan_code', '=', planCode).orderBy('number').orderBy('id').execute();
}

export async function findPoint(db: Kysely<Database>, planCode: string, code: string): Promise<PointRow | undefined> {
  return db.selectFrom('plan_points').selectAll().where('plan_code', '=', planCode).where('code', '=', code).executeTakeFirst();
}

export async function insertPoint(db: Kysely<Database>, point: Insertable<PlanPointTable>): Promise<PointRow> {
  return db.insertInto('plan_points').values(point).returningAll().executeTakeFirstOrThrow();
}

export async function updatePoint(db: Kysely<Database>, id: number, changes: Updateable<PlanPointTable>): Promise<void> {
  await db.updateTable('plan_points').set(changes).where('id', '=', id).execute();
}

/** Text revisions of the given points, oldest first. */
export async function listPointVersions(db: Kysely<Database>, pointIds: number[]): Promise<PointVersionRow[]> {
  if (!pointIds.length) return [];
  return db.selectFrom('plan_point_versions').selectAll().where('point_id', 'in', pointIds).orderBy('point_id').orderBy('version').execute();
}

export async function insertPointVersion(db: Kysely<Database>, version: Insertable<PlanPointVersionTable>): Promise<void> {
  await db.insertInto('plan_point_versions').values(version).execute();
}

/** Links that start or end at a point of the plan, with both ends named by plan and point code. */
export async function listPointLinks(db: Kysely<Database>, planCode: string): Promise<PointLinkRow[]> {
  return db
    .selectFrom('plan_point_links as l')
    .innerJoin('plan_points as f', 'f.id', 'l.from_point_id')
    .innerJoin('plan_points as t', 't.id', 'l.to_point_id')
    .select(['l.relation', 'l.basis', 'l.notes', 'f.plan_code as from_plan', 'f.code as from_point', 't.plan_code as to_plan', 't.code as to_point'])
    .where((eb) => eb.or([eb('f.plan_code', '=', planCode), eb('t.plan_code', '=', planCode)]))
    .orderBy('f.plan_code')
    .orderBy('f.number')
    .orderBy('t.code')
    .execute();
}

/** Adds a link unless it exists; returns whether it was added. */
export async function insertPointLink(
  db: Kysely<Database>,
  link: { from_point_id: number; to_point_id: number; relation: string; basis: string; notes: string | null },
): Promise<boolean> {
  const result = await db
    .insertInto('plan_point_links')
    .values(link)
    .onConflict((oc) => oc.columns(['from_point_id', 'to_point_id', 'relation']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function listMeasures(db: Kysely<Database>, pointIds: number[]): Promise<MeasureRow[]> {
  if (!pointIds.length) return [];
  return db.selectFrom('plan_measures').selectAll().where('point_id', 'in', pointIds).orderBy('point_id').orderBy('code').execute();
}

export async function findMeasure(db: Kysely<Database>, pointId: number, code: string): Promise<MeasureRow | undefined> {
  return db.selectFrom('plan_measures').selectAll().where('point_id', '=', pointId).where('code', '=', code).executeTakeFirst();
}

export async function findMeasureById(db: Kysely<Database>, id: number): Promise<MeasureRow | undefined> {
  return db.selectFrom('plan_measures').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertMeasure(db: Kysely<Database>, measure: Insertable<PlanMeasureTable>): Promise<MeasureRow> {
  return db.insertInto('plan_measures').values(measure).returningAll().executeTakeFirstOrThrow();
}

/** Updates a measure only if it is still at `version`; returns whether it was. */
export async function updateMeasure(db: Kysely<Database>, id: number, version: number, changes: Updateable<PlanMeasureTable>): Promise<boolean> {
  const result = await db
    .updateTable('plan_measures')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findPointById(db: Kysely<Database>, id: number): Promise<PointRow | undefined> {
  return db.selectFrom('plan_points').selectAll().where('id', '=', id).executeTakeFirst();
}
