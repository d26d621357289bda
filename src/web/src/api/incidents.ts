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
export const FILTER_KEYS = ['from', 'to', 'province', 'district', 'front', 'category', 'dataset', 'q'] as const;
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

/** Incidents, killed and injured in one district for a filter set (each duplicate cluster once). */
export interface DistrictIncidentCount {
  district_pcode: string;
  incidents: number;
  killed: number;
  injured: number;
}

export async function countIncidentsByDistrict(filters: IncidentFilters, signal?: AbortSignal): Promise<DistrictIncidentCount[]> {
  return (await getJson<{ data: DistrictIncidentCount[] }>('/api/v1/incidents/by-district', { ...filters }, signal)).data;
}

/** Above this many matching incidents the map shows district counts only, without points. */
export const MAP_POINT_LIMIT = 2000;

/** One incident with coordinates, as the map draws it. */
export interface IncidentPoint {
  id: number;
  longitude: number;
  latitude: number;
  date: string;
  place: string | null;
  category: string;
  killed: number | null;
}

interface GeoJsonIncident {
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: { id: number; date_start: string; place: string | null; category: string; killed_low: number | null; killed_best: number | null; killed_high: number | null };
}

/**
 * The incidents with coordinates among those matching the filters, one per duplicate cluster so
 * the points agree with the district counts.
 */
export async function listIncidentPoints(filters: IncidentFilters, signal?: AbortSignal): Promise<IncidentPoint[]> {
  const answer = await getJson<{ features: GeoJsonIncident[] }>('/api/v1/incidents.geojson', { ...filters, dedupe: 'true' }, signal);
  const points: IncidentPoint[] = [];
  for (const { geometry, properties: p } of answer.features) {
    if (geometry?.type !== 'Point') continue;
    const [longitude, latitude] = geometry.coordinates;
    points.push({ id: p.id, longitude, latitude, date: p.date_start, place: p.place, category: p.category, killed: p.killed_best ?? p.killed_low ?? p.killed_high });
  }
  return points;
}
