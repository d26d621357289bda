import { getJson } from './client';

// Incidents as the API answers them.

export const FRONTS = ['ttp-and-affiliates', 'baloch-separatist', 'iskp', 'sectarian', 'other', 'unknown'] as const;
export const CATEGORIES = [
  'militant_attack',
  'armed_clash',
  'state_arrest',
  'state_operation',
  'state_territory_regained',
  'protest_riot',
  'other',
] as const;
export const SORTS = ['-date', 'date', '-killed'] as const;
export type IncidentSort = (typeof SORTS)[number];

export interface CountRange {
  low: number | null;
  best: number | null;
  high: number | null;
}

export interface Incident {
  id: number;
  dataset: string;
  native_key: string;
  title: string | null;
  date_start: string;
  date_end: string;
  date_precision: string;
  province_pcode: string | null;
  district_pcode: string | null;
  place: string | null;
  admin1: string | null;
  admin2: string | null;
  location: string | null;
  category: string;
  attack_type: string | null;
  target_type: string | null;
  group_code: string | null;
  front: string | null;
  perpetrator: string | null;
  target: string | null;
  killed: CountRange;
  injured: CountRange;
  hostages: CountRange;
  notes: string | null;
  source: string | null;
  source_ids: string[];
  cluster_id: number | null;
}

export interface IncidentDetail {
  incident: Incident;
  sources: { id: string; citation: string }[];
  cluster: { id: number; rule: string; members: Incident[] } | null;
}

/** The filters a reader can set; all optional, all kept in the page address. */
export const FILTER_KEYS = ['from', 'to', 'province', 'front', 'category', 'dataset', 'q'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type IncidentFilters = Partial<Record<FilterKey, string>>;

export function listIncidents(
  filters: IncidentFilters,
  sort: IncidentSort,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<{ data: Incident[]; next_cursor: string | null }> {
  return getJson('/api/v1/incidents', { ...filters, sort, cursor, limit: 50 }, signal);
}

export function getIncident(id: string, signal?: AbortSignal): Promise<IncidentDetail> {
  return getJson<IncidentDetail>(`/api/v1/incidents/${encodeURIComponent(id)}`, {}, signal);
}

export function incidentsCsvUrl(filters: IncidentFilters, sort: IncidentSort): string {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) query.set(key, filters[key]);
  query.set('sort', sort);
  return `/api/v1/incidents.csv?${query.toString()}`;
}
