/**
 * ACLED export CSV. Read by header name, so column order and extra columns do not matter. Actor
 * types come as codes (1–8) or, in newer exports, as text labels; dates as `2025-03-11` or, in
 * older ones, `11 March 2025`. The native key is `event_id_cnty`.
 */
import { parseIncidentDate } from '../../core/incidentDates';
import { emptyDraft, type DatePrecision, type IncidentCategory } from '../../core/incidents';
import { Columns, RowCells, rejected, type RowReader } from './rows';

export const ACLED_REQUIRED = [
  'event_id_cnty',
  'event_date',
  'event_type',
  'sub_event_type',
  'actor1',
  'country',
  'admin1',
  'admin2',
  'latitude',
  'longitude',
  'fatalities',
] as const;

const ACTOR_TYPES: Record<string, string> = {
  'state forces': '1',
  'rebel group': '2',
  'rebel groups': '2',
  'political militia': '3',
  'political militias': '3',
  'identity militia': '4',
  'identity militias': '4',
  rioters: '5',
  protesters: '6',
  civilians: '7',
  'external/other forces': '8',
  'external/other force': '8',
};

/** ACLED actor type as its code 1–8, from a code or a text label; null when blank or unknown. */
export function acledActorType(value: string | null): string | null {
  if (value === null) return null;
  const v = value.trim().toLowerCase();
  if (/^[0-8]$/.test(v)) return v;
  return ACTOR_TYPES[v] ?? null;
}

const TIME_PRECISION: Record<string, DatePrecision> = { '1': 'day', '2': 'week', '3': 'month' };
// ACLED geo_precision 1 (the town) and 2 (near it, or a part of a region) keep their meaning on the
// UCDP scale; 3 (a larger region, coded at its capital or a representative point) says no more
// than the province.
const GEO_PRECISION: Record<string, number> = { '1': 1, '2': 2, '3': 4 };

/** The normalised category of an ACLED event. */
export function acledCategory(eventType: string, subEventType: string, actor1Type: string | null): IncidentCategory {
  const event = eventType.trim().toLowerCase();
  const sub = subEventType.trim().toLowerCase();
  const byState = actor1Type === '1';
  switch (event) {
    case 'battles':
      if (sub === 'government regains territory') return 'state_territory_regained';
      return 'armed_clash';
    case 'explosions/remote violence':
      return byState ? 'state_operation' : 'militant_attack';
    case 'violence against civilians':
      return byState ? 'other' : 'militant_attack';
    case 'protests':
    case 'riots':
      return 'protest_riot';
    case 'strategic developments':
      if (sub === 'arrests') return byState ? 'state_arrest' : 'other';
      if (sub === 'disrupted weapons use') return byState ? 'state_operation' : 'other';
      return 'other';
    default:
      return 'other';
  }
}

// Native codes kept beside the normalised fields (those already stored as fields, such as
// disorder_type and geo_precision, are not repeated).
const NATIVE = [
  'time_precision',
  'inter1',
  'inter2',
  'interaction',
  'civilian_targeting',
  'iso',
  'region',
  'source_scale',
  'tags',
  'timestamp',
] as const;

export function acledReader(header: readonly string[]): RowReader {
  const columns = new Columns(header);
  columns.require(ACLED_REQUIRED, 'ACLED');
  return (fields, line) => {
    const c = new RowCells(columns, fields, line);
    const key = c.text('event_id_cnty');
    if (key === null) c.problem('event_id_cnty', '', 'the event has no event_id_cnty');
    const span = c.date('event_date', parseIncidentDate(c.raw('event_date')));
    const timePrecision = c.text('time_precision');
    const precision = timePrecision === null ? null : TIME_PRECISION[timePrecision];
    if (timePrecision !== null && !precision) c.problem('time_precision', timePrecision, 'must be 1 (day), 2 (week) or 3 (month)');
    const latitude = c.coordinate('latitude', 'latitude');
    const longitude = c.coordinate('longitude', 'longitude');
    const geoNative = c.text('geo_precision');
    const geoPrecision = geoNative === null ? null : GEO_PRECISION[geoNative];
    if (geoNative !== null && geoPrecision === undefined) c.problem('geo_precision', geoNative, 'must be 1, 2 or 3');
    const fatalities = c.count('fatalities');
    if (!c.ok || !span || key === null) return rejected(c);

    const inter1 = acledActorType(c.text('inter1'));
    const eventType = c.text('event_type') ?? '';
    const subEventType = c.text('sub_event_type') ?? '';
    const draft = emptyDraft('acled', key, {
      start: span.start,
      end: span.end,
      precision: span.precision === 'day' && precision ? precision : span.precision,
    });
    draft.country = c.text('country');
    draft.admin1 = c.text('admin1');
    draft.admin2 = c.text('admin2');
    draft.admin3 = c.text('admin3');
    draft.location = c.text('location');
    draft.latitude = latitude;
    draft.longitude = longitude;
    draft.geo_precision = geoPrecision ?? null;
    draft.geo_precision_native = geoNative;
    draft.category = acledCategory(eventType, subEventType, inter1);
    draft.disorder_type = c.text('disorder_type');
    draft.event_type = eventType || null;
    draft.sub_event_type = subEventType || null;
    draft.suicide = subEventType.toLowerCase() === 'suicide bomb';
    draft.actor1 = c.text('actor1');
    draft.assoc_actor1 = c.text('assoc_actor_1');
    draft.actor2 = c.text('actor2');
    draft.assoc_actor2 = c.text('assoc_actor_2');
    draft.killed = { low: null, best: fatalities, high: null };
    draft.notes = c.text('notes');
    draft.source = c.text('source');
    draft.native = c.native(NATIVE);
    // Text labels (newer exports) are kept as written, with their code beside them.
    if (inter1 !== null && inter1 !== draft.native.inter1) draft.native.inter1_code = inter1;
    const inter2 = acledActorType(c.text('inter2'));
    if (inter2 !== null && inter2 !== draft.native.inter2) draft.native.inter2_code = inter2;
    return { kind: 'draft', draft };
  };
}
