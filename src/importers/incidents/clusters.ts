/**
 * Re-linking duplicates after a change: the incidents of the districts and dates a change touched
 * (widened by a month either side, the longest window the rule looks at) are clustered again by
 * the rule in core/incidentClusters.ts, with the links and separations made by hand, and only the
 * incidents whose cluster changed are written.
 */
import type { Kysely } from 'kysely';
import { clusterIncidents, type ClusterItem } from '../../core/incidentClusters';
import { dayNumber, isoFromDayNumber } from '../../core/incidentDates';
import { isCategory, type DatePrecision } from '../../core/incidents';
import type { Database } from '../../db/tables';
import {
  clusterRowsByIds,
  clusterRowsInScope,
  linkDecisionsFor,
  scopeMayCluster,
  setClusterIds,
  type ClusterRow,
  type ClusterScope,
} from '../../server/repositories/incidentRepository';
import { refreshDistrictMonths, type MonthScope } from '../../server/repositories/incidentSummaryRepository';

const MARGIN_DAYS = 35;

/** Collects the districts and the date span that a set of changes touched. */
export class ScopeTracker {
  private readonly districts = new Set<string>();
  // ISO dates compare as text, so no date arithmetic is needed per row.
  private from = '9999-12-31';
  private to = '0000-01-01';

  add(district: string | null, start: string, end: string): void {
    if (!district) return;
    this.districts.add(district);
    if (start < this.from) this.from = start;
    if (end > this.to) this.to = end;
  }

  /** The districts and months touched, exactly (for recounting). */
  months(): MonthScope | null {
    if (this.districts.size === 0) return null;
    return { districts: [...this.districts].sort(), fromMonth: this.from.slice(0, 7), toMonth: this.to.slice(0, 7) };
  }

  scope(): ClusterScope | null {
    if (this.districts.size === 0) return null;
    return {
      districts: [...this.districts].sort(),
      from: isoFromDayNumber(dayNumber(this.from) - MARGIN_DAYS),
      to: isoFromDayNumber(dayNumber(this.to) + MARGIN_DAYS),
    };
  }
}

function toItem(r: ClusterRow): ClusterItem {
  return {
    id: r.id,
    dataset: r.dataset,
    date_start: r.date_start,
    date_end: r.date_end,
    date_precision: r.date_precision as DatePrecision,
    district_pcode: r.district_pcode,
    category: isCategory(r.category) ? r.category : 'other',
    killed_low: r.killed_low,
    killed_best: r.killed_best,
    killed_high: r.killed_high,
  };
}

/** Clusters the given incidents (and their hand-linked partners) again; returns the incidents whose cluster changed. */
export async function reclusterRows(k: Kysely<Database>, rows: ClusterRow[], at: string): Promise<ClusterRow[]> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const decisions = await linkDecisionsFor(k, [...byId.keys()]);
  const missing = [...new Set(decisions.flatMap((d) => [d.incident_a, d.incident_b]))].filter((id) => !byId.has(id));
  for (const r of await clusterRowsByIds(k, missing)) byId.set(r.id, r);
  const live = [...byId.values()];
  const result = clusterIncidents(
    live.map(toItem),
    {
      links: decisions.filter((d) => d.decision === 'link').map((d) => [d.incident_a, d.incident_b] as const),
      separations: decisions.filter((d) => d.decision === 'separate').map((d) => [d.incident_a, d.incident_b] as const),
    },
  );
  const changed = live.filter((r) => (result.clusterOf.get(r.id) ?? null) !== r.cluster_id);
  await setClusterIds(
    k,
    changed.map((r) => ({ id: r.id, cluster_id: result.clusterOf.get(r.id) ?? null })),
    at,
  );
  return changed;
}

/**
 * Re-clusters a scope. Skipped when nothing in it could be a duplicate: only the data sets just
 * written, and no existing cluster (a first import of one data set into an empty database).
 */
export async function reclusterScope(k: Kysely<Database>, scope: ClusterScope | null, datasets: readonly string[], at: string, force = false): Promise<ClusterRow[]> {
  if (!scope) return [];
  if (!force && datasets.length <= 1 && !(await scopeMayCluster(k, scope, datasets))) return [];
  return reclusterRows(k, await clusterRowsInScope(k, scope), at);
}

/**
 * After a change: re-links duplicates around what it touched, then recounts the districts and
 * months it touched (including those of incidents whose cluster changed). Returns how many
 * incidents changed cluster.
 */
export async function settleChange(k: Kysely<Database>, touched: ScopeTracker, datasets: readonly string[], at: string, force = false): Promise<number> {
  const changed = await reclusterScope(k, touched.scope(), datasets, at, force);
  for (const r of changed) touched.add(r.district_pcode, r.date_start, r.date_end);
  await refreshDistrictMonths(k, touched.months());
  return changed.length;
}
