/**
 * Reporting periods. Progress is reported per quarter by default (`2025Q1`); half-years
 * (`2025H2`) and whole years (`2016`) exist for history that public sources date only that
 * precisely. Every period has an inclusive first and last day, so periods of different lengths
 * still order and compare.
 */
export const GRANULARITIES = ['quarter', 'half', 'year'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export interface Period {
  code: string;
  granularity: Granularity;
  year: number;
  /** 1–4 for a quarter, 1–2 for a half-year, 1 for a year. */
  index: number;
  /** First day, `YYYY-MM-DD`. */
  start: string;
  /** Last day, `YYYY-MM-DD`. */
  end: string;
}

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

export const PERIOD_FORMAT = 'a period such as 2025Q1 (quarter), 2025H1 (half-year) or 2025 (year)';

const PATTERN = /^(\d{4})(?:([QH])(\d))?$/;

function isoDay(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function lastDay(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

function build(year: number, granularity: Granularity, index: number): Period {
  if (granularity === 'year') return { code: String(year), granularity, year, index: 1, start: isoDay(year, 1, 1), end: lastDay(year, 12) };
  const months = granularity === 'quarter' ? 3 : 6;
  const first = (index - 1) * months + 1;
  const code = `${year}${granularity === 'quarter' ? 'Q' : 'H'}${index}`;
  return { code, granularity, year, index, start: isoDay(year, first, 1), end: lastDay(year, first + months - 1) };
}

/** Parses `2025Q1`, `2025H2` or `2025` (case-insensitive); anything else is `null`. */
export function parsePeriod(input: string): Period | null {
  const m = PATTERN.exec(input.trim().toUpperCase());
  if (!m) return null;
  const year = Number(m[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  if (!m[2]) return build(year, 'year', 1);
  const index = Number(m[3]);
  if (m[2] === 'Q') return index >= 1 && index <= 4 ? build(year, 'quarter', index) : null;
  return index >= 1 && index <= 2 ? build(year, 'half', index) : null;
}

/** A problem with a period as written, or `null` when it parses. */
export function periodProblem(input: string): string | null {
  const m = PATTERN.exec(input.trim().toUpperCase());
  if (m) {
    const year = Number(m[1]);
    if (year < MIN_YEAR || year > MAX_YEAR) return `year must be between ${MIN_YEAR} and ${MAX_YEAR}`;
  }
  return parsePeriod(input) ? null : `must be ${PERIOD_FORMAT}`;
}

/** The quarter containing a date (`YYYY-MM-DD` or `YYYY-MM`). */
export function quarterOf(date: string): Period {
  const m = /^(\d{4})-(\d{2})/.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  const month = Number(m[2]);
  if (month < 1 || month > 12) throw new Error(`not a date: ${date}`);
  return build(Number(m[1]), 'quarter', Math.floor((month - 1) / 3) + 1);
}

export function previousQuarter(p: Period): Period {
  if (p.granularity !== 'quarter') throw new Error(`${p.code} is not a quarter`);
  return p.index === 1 ? build(p.year - 1, 'quarter', 4) : build(p.year, 'quarter', p.index - 1);
}

/** Orders periods by their last day, then longer periods first (2016 before 2016Q4). */
export function comparePeriods(a: Period, b: Period): number {
  if (a.end !== b.end) return a.end < b.end ? -1 : 1;
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  return 0;
}

/** The day a report for the period falls due: its last day plus a number of grace days. */
export function dueDate(p: Period, graceDays: number): string {
  const [y, m, d] = p.end.split('-').map(Number) as [number, number, number];
  return isoDay(y, m, d + graceDays);
}

/** The latest quarter whose report is already due on `today` (`YYYY-MM-DD`). */
export function latestDueQuarter(today: string, graceDays: number): Period {
  let q = quarterOf(today);
  while (dueDate(q, graceDays) > today) q = previousQuarter(q);
  return q;
}
