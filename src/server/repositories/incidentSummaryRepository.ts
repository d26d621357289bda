/**
 * Keeps `incident_district_months` (counts per district, month, front and category, clusters
 * counted once) in step with `incidents`: a change recounts the districts and months it touched,
 * from the incidents themselves, in the same transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../db/database';
import type { Database } from '../../db/tables';

type Queryable = Db | Kysely<Database>;

function q(db: Queryable): Kysely<Database> {
  return 'kysely' in db ? db.kysely : db;
}

export interface MonthScope {
  districts: readonly string[];
  /** First and last month (YYYY-MM), inclusive. */
  fromMonth: string;
  toMonth: string;
}

export async function refreshDistrictMonths(db: Queryable, scope: MonthScope | null): Promise<void> {
  if (!scope || scope.districts.length === 0) return;
  const k = q(db);
  for (let start = 0; start < scope.districts.length; start += 200) {
    const districts = scope.districts.slice(start, start + 200);
    await k
      .deleteFrom('incident_district_months')
      .where('district_pcode', 'in', districts)
      .where('month', '>=', scope.fromMonth)
      .where('month', '<=', scope.toMonth)
      .execute();
    await k
      .insertInto('incident_district_months')
      .columns(['district_pcode', 'month', 'front', 'category', 'province_pcode', 'incidents', 'killed', 'injured'])
      .expression((eb) =>
        eb
          .selectFrom('incidents')
          .select([
            'district_pcode',
            sql<string>`substr(date_start, 1, 7)`.as('month'),
            sql<string>`coalesce(front, '')`.as('front'),
            'category',
            sql<string>`coalesce(province_pcode, '')`.as('province_pcode'),
            sql<number>`count(*)`.as('incidents'),
            sql<number>`coalesce(sum(coalesce(killed_best, killed_low, killed_high)), 0)`.as('killed'),
            sql<number>`coalesce(sum(coalesce(injured_best, injured_low, injured_high)), 0)`.as('injured'),
          ])
          .where('deleted_at', 'is', null)
          .where((w) => w.or([w('cluster_id', 'is', null), w('cluster_id', '=', w.ref('id'))]))
          .where('district_pcode', 'in', districts)
          .where('date_start', '>=', `${scope.fromMonth}-01`)
          .where('date_start', '<=', `${scope.toMonth}-31`)
          .groupBy(['district_pcode', sql`substr(date_start, 1, 7)`, sql`coalesce(front, '')`, 'category', sql`coalesce(province_pcode, '')`]),
      )
      .execute();
  }
}
