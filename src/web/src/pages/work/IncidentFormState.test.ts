import { describe, expect, it } from 'vitest';
import type { IncidentRecord } from '../../api/incidentsWrite';
import { buildCreate, buildUpdate, EMPTY_FORM, formOf } from './IncidentFormState';

const record: IncidentRecord = {
  id: 7,
  dataset: 'acled',
  native_key: 'PAK1',
  title: 'Attack on a checkpoint',
  date_start: '2025-03-11',
  date_end: '2025-03-11',
  date_precision: 'day',
  province_pcode: 'PK2',
  district_pcode: 'PK201',
  tehsil_pcode: null,
  place: 'Mach',
  admin1: 'Balochistan',
  admin2: 'Kachhi',
  admin3: null,
  location: 'Mach',
  latitude: 29.7,
  longitude: 67.5,
  geo_precision: 2,
  category: 'militant_attack',
  event_type: 'Battles',
  sub_event_type: null,
  attack_type: null,
  target_type: null,
  weapon_type: null,
  suicide: null,
  group_code: 'bla',
  front: 'baloch-separatist',
  perpetrator: 'BLA',
  target: null,
  killed: { low: 10, best: 12, high: 15 },
  injured: { low: null, best: 4, high: null },
  hostages: { low: null, best: null, high: null },
  notes: 'From the press.',
  source: 'Dawn',
  source_ids: ['S1'],
  cluster_id: null,
  placement: 'coordinates',
  placement_note: null,
  created_at: '2025-03-12T00:00:00Z',
  updated_at: '2025-03-12T00:00:00Z',
  deleted_at: null,
};

describe('the incident form', () => {
  it('sends only the changed fields of a correction, a count range whole', () => {
    const initial = formOf(record);
    expect(buildUpdate(initial, initial)).toEqual({ input: {}, problems: [] });
    const { input, problems } = buildUpdate(initial, { ...initial, killed_best: '14', notes: '' });
    expect(problems).toEqual([]);
    expect(input).toEqual({ killed: { low: 10, best: 14, high: 15 }, notes: null });
  });

  it('sends province and district together when either changes', () => {
    const initial = formOf(record);
    expect(buildUpdate(initial, { ...initial, district_pcode: 'PK202' }).input).toEqual({ province_pcode: 'PK2', district_pcode: 'PK202' });
  });

  it('keeps a given end date when the start date changes', () => {
    const initial = { ...formOf(record), date_end: '2025-03-13' };
    expect(buildUpdate(initial, { ...initial, date_start: '2025-03-10' }).input).toEqual({ date_start: '2025-03-10', date_end: '2025-03-13' });
  });

  it('names fields that are not numbers before sending', () => {
    const { problems } = buildUpdate(formOf(record), { ...formOf(record), killed_low: 'ten', latitude: 'north' });
    expect(problems).toEqual([
      { field: 'latitude', message: 'number' },
      { field: 'killed.low', message: 'wholeNumber' },
    ]);
  });

  it('builds a new incident without empty counts and requires a date', () => {
    const empty = buildCreate(EMPTY_FORM);
    expect(empty.problems).toEqual([{ field: 'date_start', message: 'required' }]);
    const { input } = buildCreate({ ...EMPTY_FORM, date_start: '2025-01', killed_best: '3', suicide: 'yes', source_ids: 'S1, S2' });
    expect(input.killed).toEqual({ low: null, best: 3, high: null });
    expect(input.injured).toBeUndefined();
    expect(input).toMatchObject({ date_start: '2025-01', suicide: true, category: 'militant_attack', source_ids: ['S1', 'S2'], group_code: null });
  });
});
