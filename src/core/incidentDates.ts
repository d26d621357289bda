/**
 * Dates as the incident data sets write them: ISO (`2025-03-11`, UCDP's `2025-03-11 00:00:00.000`),
 * ACLED's older `11 March 2025`, month-first text with a weekday (`Sunday-November 19-1995`), GTD's
 * year, month and day columns where 0 means unknown, and declared patterns (`DD/MM/YYYY`). Every
 * parse yields whole ISO dates with a precision; a date that does not exist is an error.
 */
import type { DatePrecision } from './incidents';

export interface DateSpan {
  start: string;
  end: string;
  precision: DatePrecision;
}

export type DateResult = DateSpan | { error: string };

export function isDateError(result: DateResult): result is { error: string } {
  return 'error' in result;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Month number (1–12) of a month name or its three-letter (or `sept`) abbreviation. */
export function monthNumber(name: string): number | null {
  const key = name.trim().toLowerCase().replace(/\.$/, '');
  if (key.length < 3) return null;
  const index = MONTHS.findIndex((m) => m === key || (key.length >= 3 && m.startsWith(key) && (key.length === 3 || key === 'sept')));
  return index < 0 ? null : index + 1;
}

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= lastDayOfMonth(year, month)
  );
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function isoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Days since 1970-01-01 of an ISO date. */
export function dayNumber(iso: string): number {
  return Math.round(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000);
}

export function isoFromDayNumber(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The span of a day, a whole month (day unknown) or a whole year (month unknown). */
export function spanOf(year: number, month: number | null, day: number | null): DateResult {
  if (month === null) {
    if (!isRealDate(year, 1, 1)) return { error: `${year} is not a valid year` };
    return { start: isoDate(year, 1, 1), end: isoDate(year, 12, 31), precision: 'year' };
  }
  if (day === null) {
    if (!isRealDate(year, month, 1)) return { error: `${year}-${pad(month)} is not a real month` };
    return { start: isoDate(year, month, 1), end: isoDate(year, month, lastDayOfMonth(year, month)), precision: 'month' };
  }
  if (!isRealDate(year, month, day)) return { error: `${isoDate(year, month, day)} is not a real date` };
  const iso = isoDate(year, month, day);
  return { start: iso, end: iso, precision: 'day' };
}

function dayOnly(year: number, month: number, day: number): DateResult {
  return spanOf(year, month, day);
}

const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASH_ISO_DAY = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const ISO_MONTH = /^(\d{4})-(\d{1,2})$/;
const YEAR = /^(\d{4})$/;
const DAY_MONTH_YEAR = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4})$/i;
const MONTH_DAY_YEAR = /^([a-z]+)\.?[\s-]+(\d{1,2})(?:st|nd|rd|th)?,?[\s-]+(\d{4})$/i;
const MONTH_YEAR = /^([a-z]+)\.?[\s-]+(\d{4})$/i;
const LEADING_WEEKDAY = /^([a-z]+)[\s,.-]+/i;

function stripWeekday(text: string): string {
  const match = LEADING_WEEKDAY.exec(text);
  if (!match) return text;
  const word = match[1]!.toLowerCase();
  const isWeekday = WEEKDAYS.some((d) => d === word || (word.length >= 3 && d.startsWith(word) && word.length <= 4));
  return isWeekday ? text.slice(match[0].length) : text;
}

const EXPECTED = 'expected a date such as 2025-03-11 or 11 March 2025';

/**
 * Reads a date written in any of the common forms (see the module comment). Numeric day/month
 * orders (`03/11/2025`) are ambiguous and need a declared pattern (`parseDatePattern`).
 */
export function parseIncidentDate(value: string): DateResult {
  const text = value.trim();
  if (text === '') return { error: 'the date is empty' };
  let m = ISO_DAY.exec(text) ?? SLASH_ISO_DAY.exec(text);
  if (m) return dayOnly(Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = ISO_MONTH.exec(text))) return spanOf(Number(m[1]), Number(m[2]), null);
  if ((m = YEAR.exec(text))) return spanOf(Number(m[1]), null, null);
  const words = stripWeekday(text);
  if ((m = DAY_MONTH_YEAR.exec(words))) {
    const month = monthNumber(m[2]!);
    if (month !== null) return dayOnly(Number(m[3]), month, Number(m[1]));
  }
  if ((m = MONTH_DAY_YEAR.exec(words))) {
    const month = monthNumber(m[1]!);
    if (month !== null) return dayOnly(Number(m[3]), month, Number(m[2]));
  }
  if ((m = MONTH_YEAR.exec(words))) {
    const month = monthNumber(m[1]!);
    if (month !== null) return spanOf(Number(m[2]), month, null);
  }
  if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/.test(text)) {
    return { error: `"${text}" is ambiguous (day/month or month/day): declare the date format in the mapping` };
  }
  return { error: `"${text}" is not a date (${EXPECTED})` };
}

type DateToken = 'YYYY' | 'MM' | 'M' | 'DD' | 'D' | 'MMMM' | 'MMM' | 'dddd' | 'ddd';
const TOKENS: DateToken[] = ['YYYY', 'MMMM', 'MMM', 'MM', 'M', 'DD', 'D', 'dddd', 'ddd'];
const TOKEN_PATTERNS: Record<DateToken, string> = {
  YYYY: '(\\d{4})',
  MM: '(\\d{1,2})',
  M: '(\\d{1,2})',
  DD: '(\\d{1,2})',
  D: '(\\d{1,2})',
  MMMM: '([A-Za-z]+)\\.?',
  MMM: '([A-Za-z]+)\\.?',
  dddd: '(?:[A-Za-z]+)',
  ddd: '(?:[A-Za-z]+)',
};

export interface DatePattern {
  pattern: string;
  parse(value: string): DateResult;
}

/**
 * Compiles a declared date pattern: `YYYY` year, `MM`/`M` month number, `DD`/`D` day, `MMMM`/`MMM`
 * month name, `dddd`/`ddd` weekday name (ignored); any other character is literal, and a space
 * matches any run of spaces. `auto` reads every form `parseIncidentDate` knows.
 * @throws Error when the pattern has no year.
 */
export function compileDatePattern(pattern: string): DatePattern {
  if (pattern.trim().toLowerCase() === 'auto') return { pattern, parse: parseIncidentDate };
  const groups: DateToken[] = [];
  let source = '';
  let i = 0;
  while (i < pattern.length) {
    const token = TOKENS.find((t) => pattern.startsWith(t, i));
    if (token) {
      source += TOKEN_PATTERNS[token];
      if (!token.startsWith('d')) groups.push(token);
      i += token.length;
      continue;
    }
    const c = pattern[i]!;
    source += c === ' ' ? '\\s+' : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    i++;
  }
  if (!groups.includes('YYYY')) throw new Error(`date format "${pattern}" has no year (YYYY)`);
  const regex = new RegExp(`^${source}$`);
  return {
    pattern,
    parse(value: string): DateResult {
      const text = value.trim();
      if (text === '') return { error: 'the date is empty' };
      const m = regex.exec(text);
      if (!m) return { error: `"${text}" does not match the date format ${pattern}` };
      let year = 0;
      let month: number | null = null;
      let day: number | null = null;
      for (let g = 0; g < groups.length; g++) {
        const part = m[g + 1]!;
        const token = groups[g]!;
        if (token === 'YYYY') year = Number(part);
        else if (token === 'MM' || token === 'M') month = Number(part);
        else if (token === 'DD' || token === 'D') day = Number(part);
        else {
          month = monthNumber(part);
          if (month === null) return { error: `"${part}" is not a month name` };
        }
      }
      return spanOf(year, month, day);
    },
  };
}

/**
 * GTD's `iyear`, `imonth`, `iday`: a month of 0 means only the year is known, a day of 0 only the
 * month (the codebook's convention); `-99` or blank are read the same as 0.
 */
export function gtdDate(iyear: string, imonth: string, iday: string): DateResult {
  const year = Number(iyear.trim());
  if (!/^\d{4}$/.test(iyear.trim())) return { error: `iyear "${iyear}" is not a year` };
  const unknown = (v: string) => v.trim() === '' || v.trim() === '0' || v.trim() === '-99' || v.trim() === '-9';
  const whole = (v: string) => /^\d{1,2}$/.test(v.trim());
  if (unknown(imonth)) return spanOf(year, null, null);
  if (!whole(imonth)) return { error: `imonth "${imonth}" is not a month number` };
  if (unknown(iday)) return spanOf(year, Number(imonth), null);
  if (!whole(iday)) return { error: `iday "${iday}" is not a day number` };
  return spanOf(year, Number(imonth), Number(iday));
}
