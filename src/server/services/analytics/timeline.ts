/**
 * Timeline: implementation milestones (first accepted assessments and changes of completion or
 * rating, programme start dates) laid over monthly incidents and people killed, for a province
 * or the whole country. Formulas: src/core/analytics/timeline.ts.
 */
import { z } from 'zod';
import type { AnalysisFilters } from '../../../core/analytics/filters';
import type { AnalysisTable } from '../../../core/analytics/table';
import {
  implementationMilestones,
  mergeTimeline,
  programmeMilestones,
  timelineSpan,
  type ImplementationMilestone,
  type ProgrammeMilestone,
  type TimelineRow,
} from '../../../core/analytics/timeline';
import type { Db } from '../../../db/database';
import { errors } from '../../errors';
import { findPlan } from '../../repositories/planRepository';
import { incidentMonthRange, readAcceptedReports, readMonthlyIncidents, readProgrammes } from '../../queries/timeline';
import { defineAnalysis } from './analysis';

const options = {
  plan: z.string().trim().min(1).max(64).optional().describe('Only milestones of this plan (default: every plan)'),
};

export interface TimelineData {
  place: { level: 'national' | 'province'; provinces: string[] };
  span: { from: string; to: string } | null;
  /** Monthly incidents and people killed (best estimates), duplicates once. */
  incidents: Array<{ month: string; incidents: number; killed: number }>;
  milestones: { implementation: ImplementationMilestone[]; programmes: ProgrammeMilestone[] };
  /** The two merged: one row per month. */
  rows: TimelineRow[];
}

function timelineTable(rows: readonly TimelineRow[]): AnalysisTable {
  return {
    columns: [
      { key: 'month', label: 'Month' },
      { key: 'incidents', label: 'Incidents' },
      { key: 'killed', label: 'Killed' },
      { key: 'milestones', label: 'Milestones' },
    ],
    rows: rows.map((r) => ({ month: r.month, incidents: r.incidents, killed: r.killed, milestones: r.milestones.join(' | ') || null })),
  };
}

export async function computeTimeline(db: Db, filters: AnalysisFilters, o: { plan?: string }) {
  if (o.plan && !(await findPlan(db.kysely, o.plan))) throw errors.notFound('Plan', o.plan);
  const notes: string[] = [];
  const provinces = filters.provinces;
  const [reports, programmes, monthly, range] = await Promise.all([
    readAcceptedReports(db, provinces),
    readProgrammes(db),
    readMonthlyIncidents(db, filters),
    incidentMonthRange(db),
  ]);

  const inPlan = o.plan ? reports.filter((r) => r.plan_code === o.plan) : reports;
  const allImplementation = implementationMilestones(inPlan);
  const allProgrammes = programmeMilestones(programmes);
  const span = timelineSpan(filters, range, [...allImplementation, ...allProgrammes].map((m) => m.month));
  const within = <T extends { month: string }>(list: T[]) => (span ? list.filter((m) => m.month >= span.from && m.month <= span.to) : []);
  const implementation = within(allImplementation);
  const programmeStarts = within(allProgrammes);
  const rows = span ? mergeTimeline(span.from, span.to, monthly, [...implementation, ...programmeStarts]) : [];
  const incidents = rows.map((r) => ({ month: r.month, incidents: r.incidents, killed: r.killed }));
  const totalIncidents = incidents.reduce((s, r) => s + r.incidents, 0);

  const empty = totalIncidents === 0 && implementation.length === 0 && programmeStarts.length === 0;
  const where = provinces.length ? provinces.join(', ') : 'Pakistan (all jurisdictions)';
  if (empty) {
    notes.push(`No incidents and no milestones for ${where}${span ? ` from ${span.from} to ${span.to}` : ''}: the timeline is empty.`);
  } else {
    notes.push(
      `${where}, ${span!.from} to ${span!.to}: ${totalIncidents} incidents, ${implementation.length} implementation milestones, ${programmeStarts.length} programme starts.`,
    );
    if (totalIncidents === 0) notes.push('No incidents are recorded in this place and period; the incident series is zero throughout.');
  }
  notes.push(
    "Implementation milestones: a point's first accepted report stating a completion level, and each later accepted report whose completion or rating differs from the one before (figures-only reports are passed over); placed in the month its period ends.",
    provinces.length
      ? `Milestones are the accepted reports for ${provinces.join(', ')} (federal reports are not included).`
      : 'Milestones are the accepted reports of every jurisdiction (federal and provinces).',
    'Programme start dates come from the programmes reference data, which does not tie programmes to provinces: every dated programme is shown; a start known only to the year sits in January.',
  );
  const incidentOnly = (['districts', 'fronts', 'groups', 'categories'] as const).filter((k) => filters[k].length);
  if (incidentOnly.length) notes.push(`The filters ${incidentOnly.join(', ')} limit the incident series only; milestones are for provinces or the country.`);
  if (range && span && (span.from < range.first || span.to > range.last)) {
    notes.push(`Incident data run from ${range.first} to ${range.last}; months outside that show 0 because nothing was recorded, not because nothing happened.`);
  }

  const data: TimelineData = {
    place: { level: provinces.length ? 'province' : 'national', provinces: [...provinces] },
    span,
    incidents: empty ? [] : incidents,
    milestones: { implementation, programmes: programmeStarts },
    rows: empty ? [] : rows,
  };
  return {
    data,
    table: timelineTable(data.rows),
    notes,
    inputs: {
      provinces,
      plan: o.plan ?? null,
      span,
      reports: inPlan.map((r) => [r.id, r.jurisdiction, r.period, r.completion, r.rating]),
      programmes: programmes.map((p) => [p.code, p.start_date]),
      incidents: [...monthly.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([m, f]) => [m, f.incidents, f.killed]),
    },
    definition: {
      milestones: 'first accepted assessment, then each change of completion or rating; programme start dates',
      incidents: 'count per month, duplicates once; killed = best estimate',
      version: 1,
    },
  };
}

export const timelineAnalysis = defineAnalysis({
  name: 'timeline',
  title: 'Timeline',
  description:
    'Implementation milestones (first accepted assessments and changes of completion or rating, programme start dates) laid over monthly incidents and people killed, for a province or the whole country.',
  methodology: 'timeline',
  sources: [
    { title: 'Accepted progress reports (including history drawn from public sources, see /data)' },
    { title: 'Programmes reference data (data/domain/programmes.csv)' },
    { title: 'Incidents: Pakistan suicide-attack data set and curated incidents (see /data)' },
  ],
  options,
  run: (db, filters, o) => computeTimeline(db, filters, o),
});
