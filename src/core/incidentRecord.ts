/**
 * The stored form of an incident: the columns that are filtered, sorted and counted, and `details`
 * (JSON) for the rest of what the source says. Built from a draft, its placement and its
 * perpetrator, the same way by every importer and by the incident form, so that the same input
 * always gives the same stored record (which is how a re-import recognises unchanged rows).
 */
import type { IncidentCategory, IncidentDraft, Front, Placement, SecurityForce } from './incidents';
import type { PlaceResult } from './placement';

export interface IncidentDetails {
  admin1: string | null;
  admin2: string | null;
  admin3: string | null;
  location: string | null;
  geo_precision_native: string | null;
  placement: Placement;
  placement_note: string | null;
  disorder_type: string | null;
  sub_event_type: string | null;
  target_type: string | null;
  weapon_type: string | null;
  success: boolean | null;
  actor1: string | null;
  actor2: string | null;
  assoc_actor1: string | null;
  assoc_actor2: string | null;
  perpetrator: string | null;
  target: string | null;
  killed_unknown: number | null;
  security_by_force: Partial<Record<SecurityForce, number>> | null;
  source: string | null;
  source_ids: string[];
  native: Record<string, string>;
}

/** The stored columns of an incident (besides identity, batch and timestamps). */
export interface IncidentContentFields {
  dataset: string;
  native_key: string;
  title: string | null;
  date_start: string;
  date_end: string;
  date_precision: string;
  province_pcode: string | null;
  district_pcode: string | null;
  tehsil_pcode: string | null;
  place: string | null;
  latitude: number | null;
  longitude: number | null;
  geo_precision: number | null;
  category: string;
  event_type: string | null;
  attack_type: string | null;
  suicide: number | null;
  group_code: string | null;
  front: string | null;
  killed_low: number | null;
  killed_best: number | null;
  killed_high: number | null;
  injured_low: number | null;
  injured_best: number | null;
  injured_high: number | null;
  hostages_low: number | null;
  hostages_best: number | null;
  hostages_high: number | null;
  killed_civilians: number | null;
  killed_security: number | null;
  killed_militants: number | null;
  notes: string | null;
  details: string;
}

const DETAIL_DEFAULTS: IncidentDetails = {
  admin1: null,
  admin2: null,
  admin3: null,
  location: null,
  geo_precision_native: null,
  placement: 'none',
  placement_note: null,
  disorder_type: null,
  sub_event_type: null,
  target_type: null,
  weapon_type: null,
  success: null,
  actor1: null,
  actor2: null,
  assoc_actor1: null,
  assoc_actor2: null,
  perpetrator: null,
  target: null,
  killed_unknown: null,
  security_by_force: null,
  source: null,
  source_ids: [],
  native: {},
};

/** The place as one line of text (location, then wider units), for display and text search. */
export function placeText(draft: Pick<IncidentDraft, 'location' | 'admin3' | 'admin2' | 'admin1'>): string | null {
  let text: string | null = null;
  const seen: string[] = [];
  for (const p of [draft.location, draft.admin3, draft.admin2, draft.admin1]) {
    if (!p) continue;
    const lower = p.toLowerCase();
    if (seen.includes(lower)) continue;
    seen.push(lower);
    text = text === null ? p : `${text}, ${p}`;
  }
  return text;
}

function flag(value: boolean | null): number | null {
  return value === null ? null : value ? 1 : 0;
}

export function parseDetails(json: string | null): IncidentDetails {
  if (!json) return { ...DETAIL_DEFAULTS };
  try {
    return { ...DETAIL_DEFAULTS, ...(JSON.parse(json) as Partial<IncidentDetails>) };
  } catch {
    return { ...DETAIL_DEFAULTS };
  }
}

export interface PerpetratorChoice {
  group_code: string | null;
  front: Front | null;
}

/** Whether a details value is left out: null, or an empty list or object. */
function empty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value !== 'object') return false;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

/** `details` as JSON: written field by field in the fixed order of IncidentDetails, leaving out what is empty. */
function detailsJson(draft: IncidentDraft, place: PlaceResult): string {
  // Built without a closure per call: this runs for every row of an import.
  const details: Record<string, unknown> = {};
  if (!empty(draft.admin1)) details.admin1 = draft.admin1;
  if (!empty(draft.admin2)) details.admin2 = draft.admin2;
  if (!empty(draft.admin3)) details.admin3 = draft.admin3;
  if (!empty(draft.location)) details.location = draft.location;
  if (!empty(draft.geo_precision_native)) details.geo_precision_native = draft.geo_precision_native;
  if (!empty(place.placement)) details.placement = place.placement;
  if (!empty(place.note)) details.placement_note = place.note;
  if (!empty(draft.disorder_type)) details.disorder_type = draft.disorder_type;
  if (!empty(draft.sub_event_type)) details.sub_event_type = draft.sub_event_type;
  if (!empty(draft.target_type)) details.target_type = draft.target_type;
  if (!empty(draft.weapon_type)) details.weapon_type = draft.weapon_type;
  if (!empty(draft.success)) details.success = draft.success;
  if (!empty(draft.actor1)) details.actor1 = draft.actor1;
  if (!empty(draft.actor2)) details.actor2 = draft.actor2;
  if (!empty(draft.assoc_actor1)) details.assoc_actor1 = draft.assoc_actor1;
  if (!empty(draft.assoc_actor2)) details.assoc_actor2 = draft.assoc_actor2;
  if (!empty(draft.perpetrator)) details.perpetrator = draft.perpetrator;
  if (!empty(draft.target)) details.target = draft.target;
  if (!empty(draft.killed_unknown)) details.killed_unknown = draft.killed_unknown;
  if (!empty(draft.security_by_force)) details.security_by_force = draft.security_by_force;
  if (!empty(draft.source)) details.source = draft.source;
  if (!empty(draft.source_ids)) details.source_ids = draft.source_ids;
  if (!empty(draft.native)) details.native = draft.native;
  return JSON.stringify(details);
}

/** The stored columns of an incident, from its draft, placement and perpetrator. */
export function buildIncidentContent(draft: IncidentDraft, place: PlaceResult, perpetrator: PerpetratorChoice): IncidentContentFields {
  const details = detailsJson(draft, place);
  return {
    dataset: draft.dataset,
    native_key: draft.native_key,
    title: draft.title,
    date_start: draft.date_start,
    date_end: draft.date_end,
    date_precision: draft.date_precision,
    province_pcode: place.province_pcode,
    district_pcode: place.district_pcode,
    tehsil_pcode: place.tehsil_pcode,
    place: placeText(draft),
    latitude: draft.latitude,
    longitude: draft.longitude,
    geo_precision: draft.geo_precision,
    category: draft.category satisfies IncidentCategory,
    event_type: draft.event_type,
    attack_type: draft.attack_type,
    suicide: flag(draft.suicide),
    group_code: perpetrator.group_code,
    front: draft.front ?? perpetrator.front,
    killed_low: draft.killed.low,
    killed_best: draft.killed.best,
    killed_high: draft.killed.high,
    injured_low: draft.injured.low,
    injured_best: draft.injured.best,
    injured_high: draft.injured.high,
    hostages_low: draft.hostages.low,
    hostages_best: draft.hostages.best,
    hostages_high: draft.hostages.high,
    killed_civilians: draft.killed_civilians,
    killed_security: draft.killed_security,
    killed_militants: draft.killed_militants,
    notes: draft.notes,
    details,
  };
}

const HASHED_COLUMNS = [
  'dataset',
  'native_key',
  'title',
  'date_start',
  'date_end',
  'date_precision',
  'province_pcode',
  'district_pcode',
  'tehsil_pcode',
  'place',
  'latitude',
  'longitude',
  'geo_precision',
  'category',
  'event_type',
  'attack_type',
  'suicide',
  'group_code',
  'front',
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
  'killed_militants',
  'notes',
  'details',
] as const satisfies readonly (keyof IncidentContentFields)[];

/**
 * The text that identifies an incident's stored content: every stored column in a fixed order,
 * joined with separators that cannot occur in the values (a null is marked apart from any text).
 * Importers and the incident form hash it, so equal content gives an equal fingerprint.
 */
export function contentSignature(content: IncidentContentFields): string {
  let text = '';
  for (const column of HASHED_COLUMNS) {
    const value = content[column];
    text += value === null ? '\u0002\u0001' : `${value}\u0001`;
  }
  return text;
}
