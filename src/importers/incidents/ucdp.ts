/**
 * UCDP Georeferenced Event Dataset (GED) CSV. Dates are written `YYYY-MM-DD 00:00:00.000`; place
 * names carry `… province` / `… district` suffixes (the gazetteer reads through them); deaths come
 * as best/low/high estimates and by side. The native key is the event `id`.
 */
import { parseIncidentDate } from '../../core/incidentDates';
import { emptyDraft, type DatePrecision, type IncidentCategory } from '../../core/incidents';
import { Columns, RowCells, rejected, type RowReader } from './rows';

export const UCDP_REQUIRED = [
  'id',
  'type_of_violence',
  'side_a',
  'side_b',
  'where_prec',
  'adm_1',
  'adm_2',
  'latitude',
  'longitude',
  'country',
  'date_prec',
  'date_start',
  'date_end',
  'best',
  'high',
  'low',
] as const;

// date_prec: 1 the day; 2 a span of 2–6 days; 3 the week; 4 the month; 5 the year or longer.
const DATE_PRECISION: Record<string, DatePrecision> = { '1': 'day', '2': 'week', '3': 'week', '4': 'month', '5': 'year' };

export const UCDP_VIOLENCE_TYPES: Record<string, string> = {
  '1': 'State-based conflict',
  '2': 'Non-state conflict',
  '3': 'One-sided violence',
};

const GOVERNMENT = /^government of /i;

export function ucdpCategory(typeOfViolence: string, sideA: string): IncidentCategory {
  if (typeOfViolence === '3') return GOVERNMENT.test(sideA) ? 'other' : 'militant_attack';
  return 'armed_clash';
}

const NATIVE = [
  'relid',
  'year',
  'type_of_violence',
  'conflict_new_id',
  'conflict_name',
  'dyad_new_id',
  'dyad_name',
  'side_a_new_id',
  'side_b_new_id',
  'where_prec',
  'date_prec',
  'event_clarity',
  'number_of_sources',
  'country_id',
  'priogrid_gid',
  'deaths_a',
  'deaths_b',
  'deaths_civilians',
  'deaths_unknown',
] as const;

export function ucdpReader(header: readonly string[]): RowReader {
  const columns = new Columns(header);
  columns.require(UCDP_REQUIRED, 'UCDP GED');
  return (fields, line) => {
    const c = new RowCells(columns, fields, line);
    const key = c.text('id');
    if (key === null) c.problem('id', '', 'the event has no id');
    const start = c.date('date_start', parseIncidentDate(c.raw('date_start')));
    const end = c.date('date_end', parseIncidentDate(c.raw('date_end')));
    const datePrec = c.text('date_prec');
    const precision = datePrec === null ? 'day' : DATE_PRECISION[datePrec];
    if (!precision) c.problem('date_prec', datePrec, 'must be 1–5');
    const type = c.text('type_of_violence') ?? '';
    if (!UCDP_VIOLENCE_TYPES[type]) c.problem('type_of_violence', type, 'must be 1 (state-based), 2 (non-state) or 3 (one-sided)');
    const wherePrec = c.text('where_prec');
    const geoPrecision = wherePrec === null ? null : Number(wherePrec);
    if (wherePrec !== null && !/^[1-7]$/.test(wherePrec)) c.problem('where_prec', wherePrec, 'must be 1–7');
    const latitude = c.coordinate('latitude', 'latitude');
    const longitude = c.coordinate('longitude', 'longitude');
    const best = c.count('best');
    const low = c.count('low');
    const high = c.count('high');
    const deathsA = c.count('deaths_a');
    const deathsB = c.count('deaths_b');
    const civilians = c.count('deaths_civilians');
    const unknown = c.count('deaths_unknown');
    if (start && end && end.end < start.start) c.problem('date_end', c.raw('date_end'), `ends (${end.end}) before it starts (${start.start})`);
    if (!c.ok || !start || !end || key === null || !precision) return rejected(c);

    const sideA = c.text('side_a') ?? '';
    const draft = emptyDraft('ucdp', key, { start: start.start, end: end.end, precision });
    draft.country = c.text('country');
    draft.admin1 = c.text('adm_1');
    draft.admin2 = c.text('adm_2');
    draft.location = c.text('where_coordinates');
    draft.latitude = latitude;
    draft.longitude = longitude;
    draft.geo_precision = wherePrec === null ? null : geoPrecision;
    draft.geo_precision_native = wherePrec;
    draft.category = ucdpCategory(type, sideA);
    draft.event_type = UCDP_VIOLENCE_TYPES[type] ?? null;
    draft.actor1 = sideA || null;
    draft.actor2 = c.text('side_b');
    draft.killed = { low, best, high };
    draft.killed_civilians = civilians;
    draft.killed_unknown = unknown;
    // Side A of a state-based conflict is the government: its deaths are security forces', side
    // B's are militants'. In non-state conflicts and one-sided violence the sides are armed groups.
    if (type === '1' && GOVERNMENT.test(sideA)) {
      draft.killed_security = deathsA;
      draft.killed_militants = deathsB;
    } else if (type === '2') {
      draft.killed_militants = deathsA === null && deathsB === null ? null : (deathsA ?? 0) + (deathsB ?? 0);
    } else if (type === '3' && !GOVERNMENT.test(sideA)) {
      draft.killed_militants = deathsA;
    }
    draft.notes = c.text('where_description');
    draft.source = [c.text('source_office'), c.text('source_headline')].filter((s) => s !== null).join(': ') || null;
    draft.native = c.native(NATIVE);
    return { kind: 'draft', draft };
  };
}
