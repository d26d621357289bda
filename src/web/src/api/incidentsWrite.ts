import { getJson, sendJson } from './client';
import type { CountRange, Incident } from './incidents';

// Entering, correcting, deleting and linking incidents (analysts, national coordinators and
// administrators; the API enforces it).

/** An incident with every field the entry form shows. */
export interface IncidentRecord extends Incident {
  tehsil_pcode: string | null;
  admin3: string | null;
  latitude: number | null;
  longitude: number | null;
  geo_precision: number | null;
  event_type: string | null;
  sub_event_type: string | null;
  weapon_type: string | null;
  suicide: boolean | null;
  placement: string;
  placement_note: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface ClusterLink {
  a: number;
  b: number;
  by: 'rule' | 'manual';
  reason: string;
}

export interface IncidentCluster {
  id: number;
  rule: string;
  members: IncidentRecord[];
  links: ClusterLink[];
}

export interface IncidentRecordDetail {
  incident: IncidentRecord;
  sources: { id: string; citation: string }[];
  cluster: IncidentCluster | null;
}

/** The fields a person may send; on a correction, only the changed ones are sent. */
export interface IncidentInput {
  title?: string | null;
  date_start?: string;
  date_end?: string | null;
  date_precision?: string | null;
  province_pcode?: string | null;
  district_pcode?: string | null;
  location?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  geo_precision?: number | null;
  category?: string;
  event_type?: string | null;
  attack_type?: string | null;
  suicide?: boolean | null;
  group_code?: string | null;
  killed?: CountRange;
  injured?: CountRange;
  hostages?: CountRange;
  notes?: string | null;
  source?: string | null;
  source_ids?: string[];
}

export interface IncidentWriteAnswer {
  incident: IncidentRecord;
  /** A note about placing the incident (coordinates and names disagree, for example). */
  warning: string | null;
}

export interface IncidentGroup {
  code: string;
  name: string;
  front: string;
  parent_code: string | null;
  aliases: string[];
  incidents: number;
}

export function getIncidentRecord(id: string, signal?: AbortSignal): Promise<IncidentRecordDetail> {
  return getJson<IncidentRecordDetail>(`/api/v1/incidents/${encodeURIComponent(id)}`, {}, signal);
}

export async function listGroups(signal?: AbortSignal): Promise<IncidentGroup[]> {
  return (await getJson<{ data: IncidentGroup[] }>('/api/v1/incident-groups', {}, signal)).data;
}

export function createIncident(input: IncidentInput): Promise<IncidentWriteAnswer> {
  return sendJson<IncidentWriteAnswer>('POST', '/api/v1/incidents', input);
}

/**
 * Saves a correction; `read` is the incident's `updated_at` when the form was opened, so a change
 * someone else saved since is refused (409 `version_conflict`) instead of overwritten.
 */
export function updateIncident(id: number, input: IncidentInput, read: string): Promise<IncidentWriteAnswer> {
  return sendJson<IncidentWriteAnswer>('PATCH', `/api/v1/incidents/${id}`, { ...input, updated_at: read });
}

/** Deletes an incident: it stays as a tombstone, and the reason goes into the audit trail. */
export function deleteIncident(id: number, reason: string, read: string): Promise<{ incident: IncidentRecord }> {
  return sendJson<{ incident: IncidentRecord }>('DELETE', `/api/v1/incidents/${id}`, { reason, updated_at: read });
}

export function linkIncident(id: number, other: number): Promise<{ incident: IncidentRecord; cluster: IncidentCluster | null }> {
  return sendJson('POST', `/api/v1/incidents/${id}/links`, { incident: other });
}

export function unlinkIncident(id: number, other: number): Promise<{ incident: IncidentRecord; cluster: IncidentCluster | null }> {
  return sendJson('DELETE', `/api/v1/incidents/${id}/links/${other}`);
}
