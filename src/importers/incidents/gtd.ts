/**
 * Global Terrorism Database CSV: the full layout of about 135 columns, read by header name (any
 * other column is ignored). `-99` and `-9` (and blanks) mean unknown; a day of 0 means only the
 * month is known, a month of 0 only the year. The native key is `eventid`.
 */
import { gtdDate, parseIncidentDate } from '../../core/incidentDates';
import { emptyDraft } from '../../core/incidents';
import { Columns, RowCells, rejected, type RowReader } from './rows';

export const GTD_REQUIRED = ['eventid', 'iyear', 'imonth', 'iday', 'country_txt', 'provstate', 'city', 'latitude', 'longitude'] as const;

// specificity: 1 the town's own coordinates; 2 the town is known but geocoded to the centroid of
// its smallest administrative unit; 3 outside a town, the same centroid; 4 only the province is
// known (its centroid); 5 not even the province.
const SPECIFICITY: Record<string, number> = { '1': 1, '2': 3, '3': 3, '4': 4, '5': 6 };

const NATIVE = [
  'extended',
  'approxdate',
  'resolution',
  'specificity',
  'vicinity',
  'crit1',
  'crit2',
  'crit3',
  'doubtterr',
  'alternative_txt',
  'multiple',
  'attacktype1',
  'attacktype2_txt',
  'attacktype3_txt',
  'targtype1',
  'targsubtype1_txt',
  'natlty1_txt',
  'weaptype1',
  'weapsubtype1_txt',
  'claimed',
  'claimmode_txt',
  'nperps',
  'nkillter',
  'nwoundte',
  'ishostkid',
  'nhostkid',
  'ransom',
  'propextent_txt',
  'INT_LOG',
  'INT_IDEO',
  'dbsource',
] as const;

export function gtdReader(header: readonly string[]): RowReader {
  const columns = new Columns(header);
  columns.require(GTD_REQUIRED, 'GTD');
  return (fields, line) => {
    const c = new RowCells(columns, fields, line);
    const key = c.text('eventid');
    if (key === null) c.problem('eventid', '', 'the event has no eventid');
    const span = c.date('iday', gtdDate(c.raw('iyear'), c.raw('imonth'), c.raw('iday')));
    const latitude = c.coordinate('latitude', 'latitude');
    const longitude = c.coordinate('longitude', 'longitude');
    const specificity = c.text('specificity');
    if (specificity !== null && specificity !== '-9' && !SPECIFICITY[specificity]) c.problem('specificity', specificity, 'must be 1–5');
    const killed = c.count('nkill');
    const militantsKilled = c.count('nkillter');
    const wounded = c.count('nwound');
    const hostageTaking = c.flag('ishostkid');
    const hostages = c.count('nhostkid');
    const suicide = c.flag('suicide');
    const success = c.flag('success');
    if (!c.ok || !span || key === null) return rejected(c);

    // An extended incident ends on its resolution date, when one is given.
    let end = span.end;
    const resolution = c.text('resolution');
    if (c.text('extended') === '1' && resolution !== null) {
      const r = parseIncidentDate(resolution);
      if (!('error' in r) && r.end >= span.start) end = r.end;
    }
    const draft = emptyDraft('gtd', key, { start: span.start, end, precision: span.precision });
    draft.country = c.text('country_txt');
    draft.admin1 = c.text('provstate');
    draft.location = c.text('city');
    draft.latitude = latitude;
    draft.longitude = longitude;
    draft.geo_precision = specificity === null ? null : (SPECIFICITY[specificity] ?? null);
    draft.geo_precision_native = specificity;
    draft.category = 'militant_attack';
    draft.attack_type = c.text('attacktype1_txt');
    draft.target_type = c.text('targtype1_txt');
    draft.weapon_type = c.text('weaptype1_txt');
    draft.target = c.text('target1');
    draft.suicide = suicide;
    draft.success = success;
    draft.perpetrator = c.text('gname');
    draft.actor1 = c.text('gname2');
    draft.actor2 = c.text('gname3');
    draft.killed = { low: null, best: killed, high: null };
    draft.killed_militants = militantsKilled;
    draft.injured = { low: null, best: wounded, high: null };
    // Hostages: none when no hostages were taken; the count when given; unknown otherwise.
    draft.hostages = { low: null, best: hostageTaking === false ? 0 : hostages, high: null };
    draft.notes = c.text('summary');
    draft.source = [c.text('scite1'), c.text('scite2'), c.text('scite3')].filter((s) => s !== null).join('; ') || null;
    draft.native = c.native(NATIVE);
    return { kind: 'draft', draft };
  };
}
