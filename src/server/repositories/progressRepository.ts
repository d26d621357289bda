import type { ExpressionBuilder, Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { ReadScope } from '../../core/policies/progressReport';
import type { Database, ProgressReportTable } from '../../db/tables';

export type ProgressReportRow = Selectable<ProgressReportTable>;
/** A report with the codes of its plan, point and measure. */
export type ProgressReportRecord = ProgressReportRow & { plan_code: string; point_code: string; measure_code: string | null };

function withCodes(db: Kysely<Database>) {
  return db
    .selectFrom('progress_reports as r')
    .innerJoin('plan_points as p', 'p.id', 'r.point_id')
    .leftJoin('plan_measures as m', 'm.id', 'r.measure_id')
    .selectAll('r')
    .select(['p.plan_code as plan_code', 'p.code as point_code', 'm.code as measure_code']);
}

/** Limits a query to the reports the reader may see (see policies/progressReport.ts). */
function visibleTo(scope: ReadScope) {
  return (eb: ExpressionBuilder<Database & { r: ProgressReportTable }, 'r'>) => {
    if (scope.all) return eb.lit(true);
    const accepted = eb('r.status', '=', 'accepted');
    return scope.jurisdiction ? eb.or([accepted, eb('r.jurisdiction', '=', scope.jurisdiction)]) : accepted;
  };
}

export async function insertReport(db: Kysely<Database>, report: Insertable<ProgressReportTable>): Promise<number> {
  const row = await db.insertInto('progress_reports').values(report).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findReport(db: Kysely<Database>, id: number): Promise<ProgressReportRecord | undefined> {
  return withCodes(db).where('r.id', '=', id).executeTakeFirst();
}

export async function findReportFor(
  db: Kysely<Database>,
  key: { subject_key: string; jurisdiction: string; period: string },
): Promise<ProgressReportRow | undefined> {
  return db
    .selectFrom('progress_reports')
    .selectAll()
    .where('subject_key', '=', key.subject_key)
    .where('jurisdiction', '=', key.jurisdiction)
    .where('period', '=', key.period)
    .executeTakeFirst();
}

/**
 * Writes changes only if the report is still at `version` (and, when given, in `status`), and
 * moves it to the next version. Returns false when someone else changed it first.
 */
export async function updateReportIfUnchanged(
  db: Kysely<Database>,
  id: number,
  expected: { version: number; status?: string },
  changes: Updateable<ProgressReportTable>,
): Promise<boolean> {
  let q = db
    .updateTable('progress_reports')
    .set({ ...changes, version: expected.version + 1 })
    .where('id', '=', id)
    .where('version', '=', expected.version);
  if (expected.status) q = q.where('status', '=', expected.status);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface ReportFilters {
  plan?: string;
  pointId?: number;
  jurisdiction?: string;
  period?: string;
  status?: string;
}

export async function listReports(
  db: Kysely<Database>,
  filters: ReportFilters,
  scope: ReadScope,
  page: { limit: number; offset: number },
): Promise<{ rows: ProgressReportRecord[]; total: number }> {
  let q = withCodes(db).where(visibleTo(scope));
  if (filters.plan) q = q.where('p.plan_code', '=', filters.plan);
  if (filters.pointId !== undefined) q = q.where('r.point_id', '=', filters.pointId);
  if (filters.jurisdiction) q = q.where('r.jurisdiction', '=', filters.jurisdiction);
  if (filters.period) q = q.where('r.period', '=', filters.period);
  if (filters.status) q = q.where('r.status', '=', filters.status);
  const counted = q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n'));
  const [rows, count] = await Promise.all([
    q.orderBy('r.period_end', 'desc').orderBy('r.id', 'desc').limit(page.limit).offset(page.offset).execute(),
    counted.executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Accepted reports of a plan's points for periods that end on or before a day, latest first. */
export async function listAcceptedReports(db: Kysely<Database>, plan: string, endingBy: string): Promise<ProgressReportRecord[]> {
  return withCodes(db)
    .where('p.plan_code', '=', plan)
    .where('r.status', '=', 'accepted')
    .where('r.period_end', '<=', endingBy)
    .orderBy('r.period_end', 'desc')
    .orderBy('r.period_start', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
}

/** Every report of a plan's points for one period: what the due-and-overdue view counts. */
export async function listReportsForPeriod(db: Kysely<Database>, plan: string, period: string) {
  return db
    .selectFrom('progress_reports as r')
    .innerJoin('plan_points as p', 'p.id', 'r.point_id')
    .select(['r.id', 'r.point_id', 'r.jurisdiction', 'r.status'])
    .where('p.plan_code', '=', plan)
    .where('r.period', '=', period)
    .execute();
}
