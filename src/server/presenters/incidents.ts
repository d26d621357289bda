/**
 * The shapes in which incidents leave the server: JSON for the API, flat rows for the CSV export
 * (which the `nap-monitor-export` mapping reads back to the same incidents), and GeoJSON features.
 * Internal columns (the content fingerprint, the creating batch, the deletion reason) stay inside.
 */
import { parseDetails } from '../../core/incidentRecord';
import type { CountRange } from '../../core/incidents';
import type { IncidentRow } from '../repositories/incidentRepository';

function range(low: number | null, best: number | null, high: number | null): CountRange {
  return { low, best, high };
}

function flag(value: number | null): boolean | null {
  return value === null ? null : value === 1;
}

export function presentIncident(row: IncidentRow) {
  const d = parseDetails(row.details);
  return {
    id: row.id,
    dataset: row.dataset,
    native_key: row.native_key,
    title: row.title,
    date_start: row.date_start,
    date_end: row.date_end,
    date_precision: row.date_precision,
    province_pcode: row.province_pcode,
    district_pcode: row.district_pcode,
    tehsil_pcode: row.tehsil_pcode,
    placement: d.placement,
    placement_note: d.placement_note,
    place: row.place,
    admin1: d.admin1,
    admin2: d.admin2,
    admin3: d.admin3,
    location: d.location,
    latitude: row.latitude,
    longitude: row.longitude,
    geo_precision: row.geo_precision,
    geo_precision_native: d.geo_precision_native,
    category: row.category,
    disorder_type: d.disorder_type,
    event_type: row.event_type,
    sub_event_type: d.sub_event_type,
    attack_type: row.attack_type,
    target_type: d.target_type,
    weapon_type: d.weapon_type,
    suicide: flag(row.suicide),
    success: d.success,
    group_code: row.group_code,
    front: row.front,
    perpetrator: d.perpetrator,
    actor1: d.actor1,
    actor2: d.actor2,
    assoc_actor1: d.assoc_actor1,
    assoc_actor2: d.assoc_actor2,
    target: d.target,
    killed: range(row.killed_low, row.killed_best, row.killed_high),
    injured: range(row.injured_low, row.injured_best, row.injured_high),
    hostages: range(row.hostages_low, row.hostages_best, row.hostages_high),
    killed_civilians: row.killed_civilians,
    killed_security: row.killed_security,
    killed_security_by_force: d.security_by_force,
    killed_militants: row.killed_militants,
    killed_unknown: d.killed_unknown,
    notes: row.notes,
    source: d.source,
    source_ids: d.source_ids,
    native: d.native,
    batch_id: row.batch_id,
    cluster_id: row.cluster_id,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deleted_at: row.deleted_at,
  };
}

export type PresentedIncident = ReturnType<typeof presentIncident>;

/** Columns of the CSV export, in order. */
export const EXPORT_COLUMNS = [
  'id',
  'dataset',
  'native_key',
  'title',
  'date_start',
  'date_end',
  'date_precision',
  'province_pcode',
  'district_pcode',
  'tehsil_pcode',
  'placement',
  'placement_note',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'geo_precision_native',
  'category',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'attack_type',
  'target_type',
  'weapon_type',
  'suicide',
  'success',
  'group_code',
  'front',
  'perpetrator',
  'actor1',
  'actor2',
  'assoc_actor1',
  'assoc_actor2',
  'target',
  'killed_low',
  'killed_best',
  'killed_high',
  'injured_low',
  'injured_best',
  'injured_high',
  'hostages_low',
  'hostages_best',
  'hostages_high',
  'killed_civilians',
  'killed_security',
  'killed_army',
  'killed_fc',
  'killed_police',
  'killed_levies',
  'killed_rangers',
  'killed_militants',
  'killed_unknown',
  'notes',
  'source',
  'source_ids',
  'native',
  'cluster_id',
  'created_at',
  'updated_at',
  'deleted_at',
] as const;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function exportHeader(): string {
  return `${EXPORT_COLUMNS.join(',')}\r\n`;
}

export function exportRow(row: IncidentRow): string {
  const i = presentIncident(row);
  const byForce = i.killed_security_by_force ?? {};
  const values: Record<(typeof EXPORT_COLUMNS)[number], unknown> = {
    id: i.id,
    dataset: i.dataset,
    native_key: i.native_key,
    title: i.title,
    date_start: i.date_start,
    date_end: i.date_end,
    date_precision: i.date_precision,
    province_pcode: i.province_pcode,
    district_pcode: i.district_pcode,
    tehsil_pcode: i.tehsil_pcode,
    placement: i.placement,
    placement_note: i.placement_note,
    admin1: i.admin1,
    admin2: i.admin2,
    admin3: i.admin3,
    location: i.location,
    latitude: i.latitude,
    longitude: i.longitude,
    geo_precision: i.geo_precision,
    geo_precision_native: i.geo_precision_native,
    category: i.category,
    disorder_type: i.disorder_type,
    event_type: i.event_type,
    sub_event_type: i.sub_event_type,
    attack_type: i.attack_type,
    target_type: i.target_type,
    weapon_type: i.weapon_type,
    suicide: i.suicide,
    success: i.success,
    group_code: i.group_code,
    front: i.front,
    perpetrator: i.perpetrator,
    actor1: i.actor1,
    actor2: i.actor2,
    assoc_actor1: i.assoc_actor1,
    assoc_actor2: i.assoc_actor2,
    target: i.target,
    killed_low: i.killed.low,
    killed_best: i.killed.best,
    killed_high: i.killed.high,
    injured_low: i.injured.low,
    injured_best: i.injured.best,
    injured_high: i.injured.high,
    hostages_low: i.hostages.low,
    hostages_best: i.hostages.best,
    hostages_high: i.hostages.high,
    killed_civilians: i.killed_civilians,
    killed_security: i.killed_security,
    killed_army: byForce.army,
    killed_fc: byForce.fc,
    killed_police: byForce.police,
    killed_levies: byForce.levies,
    killed_rangers: byForce.rangers,
    killed_militants: i.killed_militants,
    killed_unknown: i.killed_unknown,
    notes: i.notes,
    source: i.source,
    source_ids: i.source_ids.join(';'),
    native: Object.keys(i.native).length ? JSON.stringify(i.native) : null,
    cluster_id: i.cluster_id,
    created_at: i.created_at,
    updated_at: i.updated_at,
    deleted_at: i.deleted_at,
  };
  return `${EXPORT_COLUMNS.map((c) => cell(values[c])).join(',')}\r\n`;
}

/** A GeoJSON feature: a point where the incident has coordinates, no geometry otherwise. */
export function geoJsonFeature(row: IncidentRow): string {
  const i = presentIncident(row);
  const geometry = i.latitude !== null && i.longitude !== null ? { type: 'Point', coordinates: [i.longitude, i.latitude] } : null;
  return JSON.stringify({
    type: 'Feature',
    id: i.id,
    geometry,
    properties: {
      id: i.id,
      dataset: i.dataset,
      native_key: i.native_key,
      title: i.title,
      date_start: i.date_start,
      date_end: i.date_end,
      date_precision: i.date_precision,
      province_pcode: i.province_pcode,
      district_pcode: i.district_pcode,
      place: i.place,
      geo_precision: i.geo_precision,
      category: i.category,
      event_type: i.event_type,
      attack_type: i.attack_type,
      suicide: i.suicide,
      group_code: i.group_code,
      front: i.front,
      killed_low: i.killed.low,
      killed_best: i.killed.best,
      killed_high: i.killed.high,
      injured_best: i.injured.best,
      cluster_id: i.cluster_id,
      deleted_at: i.deleted_at,
    },
  });
}
