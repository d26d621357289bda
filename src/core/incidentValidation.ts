/**
 * Validation of incidents and of the values they are read from: counts are whole and
 * non-negative (`-99`, `NA` and blanks mean unknown), low ≤ best ≤ high, coordinates are in range,
 * dates exist and end no earlier than they start. Pure functions, shared by importers and forms.
 */
import { DATASET_PATTERN, type CountRange, type IncidentDraft } from './incidents';

export interface ValueProblem {
  field: string;
  value: string | null;
  reason: string;
}

export type Parsed<T> = { value: T } | { error: string };

export function isParseError<T>(result: Parsed<T>): result is { error: string } {
  return 'error' in result;
}

const UNKNOWN_TOKENS = new Set(['', '-99', '-9', 'na', 'n/a', 'n.a.', 'nil', 'unknown', 'null', 'none', '?', '-']);

/** True for the values data sets use for "unknown": blank, `-99` (GTD), `NA`, `N/A`… */
export function isUnknownValue(text: string): boolean {
  return UNKNOWN_TOKENS.has(text.trim().toLowerCase());
}

/** A casualty or hostage count: a whole number ≥ 0, or null when unknown. */
export function parseCount(text: string): Parsed<number | null> {
  const t = text.trim();
  if (isUnknownValue(t)) return { value: null };
  const plain = /^\d{1,3}(,\d{3})+$/.test(t) ? t.replace(/,/g, '') : t;
  if (!/^[+-]?\d+(\.\d+)?$/.test(plain)) return { error: `"${t}" is not a number` };
  const n = Number(plain);
  if (n < 0) return { error: `${t} is negative; counts are 0 or more` };
  if (!Number.isInteger(n)) return { error: `${t} is not a whole number` };
  if (n > 1_000_000) return { error: `${t} is not a plausible count` };
  return { value: n };
}

/** A latitude or longitude in decimal degrees, or null when blank. */
export function parseCoordinate(text: string, axis: 'latitude' | 'longitude'): Parsed<number | null> {
  const t = text.trim();
  if (t === '') return { value: null };
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return { error: `"${t}" is not a ${axis} in decimal degrees` };
  const n = Number(t);
  const limit = axis === 'latitude' ? 90 : 180;
  if (Math.abs(n) > limit) return { error: `${t} is outside −${limit}…${limit}` };
  return { value: n };
}

/** 0/1, yes/no, true/false; null when unknown. */
export function parseFlag(text: string): Parsed<boolean | null> {
  const t = text.trim().toLowerCase();
  if (isUnknownValue(t)) return { value: null };
  if (['1', 'yes', 'y', 'true', 't'].includes(t)) return { value: true };
  if (['0', 'no', 'n', 'false', 'f'].includes(t)) return { value: false };
  return { error: `"${text.trim()}" is not yes/no (1/0)` };
}

const RANGE_KEYS = ['low', 'best', 'high'] as const;

function show(v: number | null): string {
  return v === null ? '' : String(v);
}

// Runs for every row of an import: no closures or arrays made per call.
function checkRange(name: string, range: CountRange, problems: ValueProblem[]): void {
  for (const key of RANGE_KEYS) {
    const v = range[key];
    if (v !== null && (!Number.isInteger(v) || v < 0)) {
      problems.push({ field: `${name}_${key}`, value: String(v), reason: 'must be a whole number, 0 or more' });
    }
  }
  const { low, best, high } = range;
  if (low !== null && best !== null && low > best) {
    problems.push({ field: `${name}_low`, value: show(low), reason: `${name} low (${low}) is above best (${best}); need low ≤ best ≤ high` });
  }
  if (best !== null && high !== null && best > high) {
    problems.push({ field: `${name}_high`, value: show(high), reason: `${name} high (${high}) is below best (${best}); need low ≤ best ≤ high` });
  }
  if (low !== null && high !== null && best === null && low > high) {
    problems.push({ field: `${name}_high`, value: show(high), reason: `${name} high (${high}) is below low (${low}); need low ≤ high` });
  }
}

export interface ValidateOptions {
  /** Latest acceptable date (ISO); defaults to one year after today. */
  latest?: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const BREAKDOWN_FIELDS = ['killed_civilians', 'killed_security', 'killed_militants', 'killed_unknown'] as const;

/** Every problem of a normalised incident, by field; empty when it may be stored. */
export function validateDraft(draft: IncidentDraft, opts: ValidateOptions = {}): ValueProblem[] {
  const problems: ValueProblem[] = [];
  if (!DATASET_PATTERN.test(draft.dataset)) {
    problems.push({ field: 'dataset', value: draft.dataset, reason: 'must be 2–48 lowercase letters, digits or -, starting with a letter' });
  }
  if (draft.native_key.trim() === '') problems.push({ field: 'native_key', value: draft.native_key, reason: 'the record has no key' });
  else if (draft.native_key.length > 200) problems.push({ field: 'native_key', value: draft.native_key.slice(0, 40), reason: 'the key is longer than 200 characters' });
  if (!ISO.test(draft.date_start)) problems.push({ field: 'date_start', value: draft.date_start, reason: 'must be an ISO date (YYYY-MM-DD)' });
  if (!ISO.test(draft.date_end)) problems.push({ field: 'date_end', value: draft.date_end, reason: 'must be an ISO date (YYYY-MM-DD)' });
  if (ISO.test(draft.date_start) && ISO.test(draft.date_end)) {
    if (draft.date_end < draft.date_start) {
      problems.push({ field: 'date_end', value: draft.date_end, reason: `ends (${draft.date_end}) before it starts (${draft.date_start})` });
    }
    const latest = opts.latest ?? `${new Date().getUTCFullYear() + 1}-12-31`;
    if (draft.date_start < '1900-01-01' || draft.date_start > latest) {
      problems.push({ field: 'date_start', value: draft.date_start, reason: `outside the years 1900 to ${latest.slice(0, 4)}` });
    }
  }
  const { latitude: lat, longitude: lon } = draft;
  if ((lat === null) !== (lon === null)) {
    problems.push({ field: lat === null ? 'latitude' : 'longitude', value: null, reason: 'latitude and longitude go together: give both or neither' });
  }
  if (lat !== null && (!Number.isFinite(lat) || Math.abs(lat) > 90)) problems.push({ field: 'latitude', value: String(lat), reason: 'outside −90…90' });
  if (lon !== null && (!Number.isFinite(lon) || Math.abs(lon) > 180)) problems.push({ field: 'longitude', value: String(lon), reason: 'outside −180…180' });
  if (draft.geo_precision !== null && !(Number.isInteger(draft.geo_precision) && draft.geo_precision >= 1 && draft.geo_precision <= 7)) {
    problems.push({ field: 'geo_precision', value: String(draft.geo_precision), reason: 'must be 1–7 (UCDP where_prec scale)' });
  }
  checkRange('killed', draft.killed, problems);
  checkRange('injured', draft.injured, problems);
  checkRange('hostages', draft.hostages, problems);
  for (const field of BREAKDOWN_FIELDS) {
    const v = draft[field];
    if (v !== null && (!Number.isInteger(v) || v < 0)) problems.push({ field, value: String(v), reason: 'must be a whole number, 0 or more' });
  }
  return problems;
}
