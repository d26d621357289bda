import type { CountRange } from '../../api/incidents';
import type { IncidentInput, IncidentRecord } from '../../api/incidentsWrite';

// The incident form as text fields, and the request body it makes: everything for a new
// incident, only what changed for a correction (a field sent is a field set: sending the district
// unchanged would still mark it as given by hand).

export const RANGES = ['killed', 'injured', 'hostages'] as const;
export const RANGE_PARTS = ['low', 'best', 'high'] as const;
export type RangeName = (typeof RANGES)[number];
type RangeKey = `${RangeName}_${(typeof RANGE_PARTS)[number]}`;

export interface IncidentFormState extends Record<RangeKey, string> {
  title: string;
  date_start: string;
  date_end: string;
  /** Empty: as precise as the date is written. */
  date_precision: string;
  province_pcode: string;
  district_pcode: string;
  location: string;
  latitude: string;
  longitude: string;
  geo_precision: string;
  category: string;
  event_type: string;
  attack_type: string;
  suicide: '' | 'yes' | 'no';
  group_code: string;
  notes: string;
  source: string;
  /** Source catalogue ids, separated by commas or spaces. */
  source_ids: string;
}

export const EMPTY_FORM: IncidentFormState = {
  title: '',
  date_start: '',
  date_end: '',
  date_precision: '',
  province_pcode: '',
  district_pcode: '',
  location: '',
  latitude: '',
  longitude: '',
  geo_precision: '',
  category: 'militant_attack',
  event_type: '',
  attack_type: '',
  suicide: '',
  group_code: '',
  killed_low: '',
  killed_best: '',
  killed_high: '',
  injured_low: '',
  injured_best: '',
  injured_high: '',
  hostages_low: '',
  hostages_best: '',
  hostages_high: '',
  notes: '',
  source: '',
  source_ids: '',
};

const text = (value: string | null | undefined) => value ?? '';
const num = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));

export function formOf(record: IncidentRecord): IncidentFormState {
  const form: IncidentFormState = {
    ...EMPTY_FORM,
    title: text(record.title),
    date_start: record.date_start,
    date_end: record.date_end === record.date_start ? '' : record.date_end,
    date_precision: record.date_precision,
    province_pcode: text(record.province_pcode),
    district_pcode: text(record.district_pcode),
    location: text(record.location),
    latitude: num(record.latitude),
    longitude: num(record.longitude),
    geo_precision: num(record.geo_precision),
    category: record.category,
    event_type: text(record.event_type),
    attack_type: text(record.attack_type),
    suicide: record.suicide === null ? '' : record.suicide ? 'yes' : 'no',
    group_code: text(record.group_code),
    notes: text(record.notes),
    source: text(record.source),
    source_ids: record.source_ids.join(', '),
  };
  for (const range of RANGES) {
    for (const part of RANGE_PARTS) form[`${range}_${part}`] = num(record[range][part]);
  }
  return form;
}

/** A problem found before anything is sent, by the field of the request body ("killed.low"). */
export interface FormProblem {
  field: string;
  message: 'wholeNumber' | 'number' | 'required';
}

export interface Built {
  input: IncidentInput;
  problems: FormProblem[];
}

const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

function parseCount(value: string, field: string, problems: FormProblem[]): number | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) {
    problems.push({ field, message: 'wholeNumber' });
    return null;
  }
  return Number(trimmed);
}

function parseDecimal(value: string, field: string, problems: FormProblem[]): number | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  if (!Number.isFinite(n)) {
    problems.push({ field, message: 'number' });
    return null;
  }
  return n;
}

/** The whole body for a new incident. */
function fullInput(form: IncidentFormState, problems: FormProblem[]): Required<Omit<IncidentInput, 'date_start' | 'category'>> & Pick<IncidentInput, 'date_start' | 'category'> {
  const range = (name: RangeName): CountRange => ({
    low: parseCount(form[`${name}_low`], `${name}.low`, problems),
    best: parseCount(form[`${name}_best`], `${name}.best`, problems),
    high: parseCount(form[`${name}_high`], `${name}.high`, problems),
  });
  const geoPrecision = parseCount(form.geo_precision, 'geo_precision', problems);
  return {
    title: orNull(form.title),
    date_start: form.date_start.trim(),
    date_end: orNull(form.date_end),
    date_precision: orNull(form.date_precision),
    province_pcode: orNull(form.province_pcode),
    district_pcode: orNull(form.district_pcode),
    location: orNull(form.location),
    latitude: parseDecimal(form.latitude, 'latitude', problems),
    longitude: parseDecimal(form.longitude, 'longitude', problems),
    geo_precision: geoPrecision,
    category: form.category,
    event_type: orNull(form.event_type),
    attack_type: orNull(form.attack_type),
    suicide: form.suicide === '' ? null : form.suicide === 'yes',
    group_code: orNull(form.group_code),
    killed: range('killed'),
    injured: range('injured'),
    hostages: range('hostages'),
    notes: orNull(form.notes),
    source: orNull(form.source),
    source_ids: form.source_ids
      .split(/[\s,;]+/)
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  };
}

/** The body of POST /incidents. */
export function buildCreate(form: IncidentFormState): Built {
  const problems: FormProblem[] = [];
  const input: IncidentInput = fullInput(form, problems);
  if (form.date_start.trim() === '') problems.push({ field: 'date_start', message: 'required' });
  // Unknown counts are left out rather than sent as nulls.
  for (const range of RANGES) {
    const r = input[range]!;
    if (r.low === null && r.best === null && r.high === null) delete input[range];
  }
  if (input.source_ids?.length === 0) delete input.source_ids;
  return { input, problems };
}

/** The body of PATCH /incidents/:id: the fields that differ from `initial`; empty when nothing changed. */
export function buildUpdate(initial: IncidentFormState, form: IncidentFormState): Built {
  const problems: FormProblem[] = [];
  const before = fullInput(initial, []);
  const after = fullInput(form, problems);
  const input: IncidentInput = {};
  const changed = (key: keyof typeof after) => JSON.stringify(before[key]) !== JSON.stringify(after[key]);
  const keys = Object.keys(after) as (keyof typeof after)[];
  for (const key of keys) {
    if (key === 'province_pcode' || key === 'district_pcode') continue;
    if (changed(key)) (input as Record<string, unknown>)[key] = after[key];
  }
  // Province and district are one choice: a changed one sends both.
  if (changed('province_pcode') || changed('district_pcode')) {
    input.province_pcode = after.province_pcode;
    input.district_pcode = after.district_pcode;
  }
  if (input.date_start !== undefined && input.date_start === '') problems.push({ field: 'date_start', message: 'required' });
  // A new start date resets the end on the server unless the end is sent with it.
  if (input.date_start !== undefined && input.date_end === undefined && after.date_end !== null) input.date_end = after.date_end;
  return { input, problems };
}
