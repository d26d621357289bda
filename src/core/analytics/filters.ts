/**
 * The filters every analysis takes: a period in whole months and the place, front, group and
 * category it is limited to. An empty list means "all".
 */
import type { Front, IncidentCategory } from '../incidents';

export interface AnalysisFilters {
  /** First month, YYYY-MM, inclusive; null for "from the first data". */
  from: string | null;
  /** Last month, YYYY-MM, inclusive; null for "to the latest data". */
  to: string | null;
  provinces: string[];
  districts: string[];
  fronts: Front[];
  groups: string[];
  categories: IncidentCategory[];
}

export const NO_FILTERS: AnalysisFilters = { from: null, to: null, provinces: [], districts: [], fronts: [], groups: [], categories: [] };

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const YEAR = /^\d{4}$/;

/**
 * Reads `2025`, `2025-03` or `2025-03-17` as a month. A bare year is its first month when `edge`
 * is 'start' and its last month when 'end'. Null when the text is none of these.
 */
export function toMonth(text: string, edge: 'start' | 'end'): string | null {
  const value = text.trim();
  if (YEAR.test(value)) return `${value}-${edge === 'start' ? '01' : '12'}`;
  const month = value.slice(0, 7);
  if (!MONTH.test(month)) return null;
  if (value.length > 7 && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  return month;
}

/** The month `n` months after `month` (negative n goes back). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, inclusive; empty when `to` is before `from`. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** `2025Q1` for a month. */
export function quarterOfMonth(month: string): string {
  const m = Number(month.slice(5, 7));
  return `${month.slice(0, 4)}Q${Math.ceil(m / 3)}`;
}
