/**
 * A timeline of implementation laid over violence: milestones (a point's first accepted
 * assessment, each later accepted assessment whose completion or rating differs from the one
 * before, and programme start dates) beside monthly incidents and people killed.
 */
import { monthsBetween } from './filters';
import { compareLatestFirst, type ReportFact } from './scorecards';

export interface MilestoneReport extends ReportFact {
  plan_code: string;
  point_code: string;
  dimension: string | null;
}

export interface ImplementationMilestone {
  kind: 'first_assessment' | 'change';
  /** The month the assessed period ends in: where the milestone sits on the monthly series. */
  month: string;
  period: string;
  plan: string;
  point: string;
  dimension: string | null;
  jurisdiction: string;
  report_id: number;
  completion: string;
  rating: string | null;
  previous_completion: string | null;
  previous_rating: string | null;
}

/**
 * Walks each point × jurisdiction's accepted reports oldest first, considering only reports that
 * state a completion level (figures-only reports assess nothing). The first is a
 * `first_assessment`; each later one whose completion or rating differs from the one before is a
 * `change`. Sorted by month, then plan, point (numbers in numeric order) and jurisdiction.
 */
export function implementationMilestones(reports: readonly MilestoneReport[]): ImplementationMilestone[] {
  const byKey = new Map<string, MilestoneReport[]>();
  for (const r of reports) {
    if (r.completion === null) continue;
    const key = `${r.point_id}|${r.jurisdiction}`;
    const list = byKey.get(key) ?? [];
    list.push(r);
    byKey.set(key, list);
  }
  const out: ImplementationMilestone[] = [];
  for (const list of byKey.values()) {
    list.sort((a, b) => compareLatestFirst(b, a));
    let previous: MilestoneReport | null = null;
    for (const r of list) {
      const changed = previous === null || previous.completion !== r.completion || previous.rating !== r.rating;
      if (changed) {
        out.push({
          kind: previous === null ? 'first_assessment' : 'change',
          month: r.period_end.slice(0, 7),
          period: r.period,
          plan: r.plan_code,
          point: r.point_code,
          dimension: r.dimension,
          jurisdiction: r.jurisdiction,
          report_id: r.id,
          completion: r.completion!,
          rating: r.rating,
          previous_completion: previous?.completion ?? null,
          previous_rating: previous?.rating ?? null,
        });
      }
      previous = r;
    }
  }
  return out.sort(
    (a, b) =>
      a.month.localeCompare(b.month) ||
      a.plan.localeCompare(b.plan) ||
      a.point.localeCompare(b.point, 'en', { numeric: true }) ||
      a.jurisdiction.localeCompare(b.jurisdiction),
  );
}

export interface ProgrammeFact {
  code: string;
  name: string;
  kind: string;
  dimension: string | null;
  start_date: string | null;
}

export interface ProgrammeMilestone {
  kind: 'programme_start';
  month: string;
  /** How precisely the reference data dates the start. */
  precision: 'day' | 'month' | 'year';
  start_date: string;
  programme: string;
  name: string;
  programme_kind: string;
  dimension: string | null;
}

/** Programme starts as milestones; a start known only to the year sits in its January. Undated programmes are left out. */
export function programmeMilestones(programmes: readonly ProgrammeFact[]): ProgrammeMilestone[] {
  const out: ProgrammeMilestone[] = [];
  for (const p of programmes) {
    const d = p.start_date?.trim();
    if (!d || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(d)) continue;
    const precision = d.length === 4 ? 'year' : d.length === 7 ? 'month' : 'day';
    out.push({
      kind: 'programme_start',
      month: d.length === 4 ? `${d}-01` : d.slice(0, 7),
      precision,
      start_date: d,
      programme: p.code,
      name: p.name,
      programme_kind: p.kind,
      dimension: p.dimension,
    });
  }
  return out.sort((a, b) => a.month.localeCompare(b.month) || a.programme.localeCompare(b.programme));
}

export interface MonthFigures {
  incidents: number;
  killed: number;
}

export interface TimelineRow {
  month: string;
  incidents: number;
  killed: number;
  /** Milestones in the month, as short labels. */
  milestones: string[];
}

export function milestoneLabel(m: ImplementationMilestone | ProgrammeMilestone): string {
  if (m.kind === 'programme_start') return `start: ${m.name}`;
  const where = m.jurisdiction;
  const what = `${m.plan} ${m.point} (${where}) ${m.completion}${m.rating ? `/${m.rating}` : ''}`;
  return m.kind === 'first_assessment' ? `first assessed: ${what}` : `changed: ${m.plan} ${m.point} (${where}) ${m.previous_completion}/${m.previous_rating ?? '–'} → ${m.completion}/${m.rating ?? '–'}`;
}

/**
 * One row per month from `from` to `to`: incidents and killed (months without incidents are 0:
 * within the covered period no recorded incident is a count of zero) and the milestones of the month.
 */
export function mergeTimeline(
  from: string,
  to: string,
  figures: ReadonlyMap<string, MonthFigures>,
  milestones: ReadonlyArray<ImplementationMilestone | ProgrammeMilestone>,
): TimelineRow[] {
  const byMonth = new Map<string, string[]>();
  for (const m of milestones) {
    const list = byMonth.get(m.month) ?? [];
    list.push(milestoneLabel(m));
    byMonth.set(m.month, list);
  }
  return monthsBetween(from, to).map((month) => ({
    month,
    incidents: figures.get(month)?.incidents ?? 0,
    killed: figures.get(month)?.killed ?? 0,
    milestones: byMonth.get(month) ?? [],
  }));
}

/** The months a timeline spans: the filters' period, else from the earliest to the latest of incidents and milestones. */
export function timelineSpan(
  filters: { from: string | null; to: string | null },
  incidentRange: { first: string; last: string } | null,
  milestoneMonths: readonly string[],
): { from: string; to: string } | null {
  const firsts = [incidentRange?.first, ...milestoneMonths].filter((m): m is string => !!m).sort();
  const lasts = [incidentRange?.last, ...milestoneMonths].filter((m): m is string => !!m).sort();
  const from = filters.from ?? firsts[0] ?? null;
  const to = filters.to ?? lasts.at(-1) ?? null;
  if (!from || !to || to < from) return null;
  return { from, to };
}
