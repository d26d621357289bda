import { getJson } from './client';

// Plans, the tracker matrix and progress reports, as the API answers them.

export const RATINGS = ['green', 'green_amber', 'amber_red', 'red', 'unrated'] as const;
export type Rating = (typeof RATINGS)[number];
export const COMPLETIONS = ['no_evidence', 'not_started', 'limited', 'substantial', 'complete'] as const;
export type Completion = (typeof COMPLETIONS)[number];

export interface Plan {
  code: string;
  name: string;
  adopted_on: string | null;
  description: string | null;
  points: number;
}

export interface TrackerCell {
  report_id: number;
  period: string;
  completion: string | null;
  trajectory: string | null;
  rating: string | null;
  origin: string;
  accepted_at: string | null;
}

export interface TrackerPoint {
  code: string;
  number: number | null;
  text: string;
  dimension: string | null;
  cells: Record<string, TrackerCell | null>;
}

export interface Tracker {
  plan: { code: string; name: string };
  period: string | null;
  jurisdictions: { code: string; name: string }[];
  points: TrackerPoint[];
}

export interface ProgressReport {
  id: number;
  plan: string;
  point: string;
  jurisdiction: string;
  period: string;
  period_start: string;
  period_end: string;
  status: string;
  completion: string | null;
  trajectory: string | null;
  rating: string | null;
  narrative: string | null;
  evidence: { title: string; url: string; date: string | null; public: boolean }[];
  origin: string;
  source_ids: string[];
  accepted_at: string | null;
}

export async function listPlans(signal?: AbortSignal): Promise<Plan[]> {
  return (await getJson<{ data: Plan[] }>('/api/v1/plans', {}, signal)).data;
}

export function getTracker(plan: string, period: string | undefined, signal?: AbortSignal): Promise<Tracker> {
  return getJson<Tracker>('/api/v1/tracker', { plan, period }, signal);
}

export async function listCellHistory(plan: string, point: string, jurisdiction: string, signal?: AbortSignal): Promise<ProgressReport[]> {
  const { data } = await getJson<{ data: ProgressReport[] }>(
    '/api/v1/progress',
    { plan, point, jurisdiction, status: 'accepted', per_page: 100 },
    signal,
  );
  return data.filter((r) => r.status === 'accepted');
}

export function isRating(value: string | null | undefined): value is Rating {
  return typeof value === 'string' && (RATINGS as readonly string[]).includes(value);
}

export function isCompletion(value: string | null | undefined): value is Completion {
  return typeof value === 'string' && (COMPLETIONS as readonly string[]).includes(value);
}
