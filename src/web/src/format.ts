import { getLocale, t, type MessageKey } from './i18n';

// Numbers and dates are formatted with Intl for the current language (en, or ur-PK with its
// lakh and crore). Formatters are cached per locale and option set.
const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const locale = getLocale();
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

/** "%", "percent" and "percent (0–100)" are shown as 45.3%; "percentage points" is not a percent. */
export function isPercent(unit: string | null | undefined): boolean {
  return unit !== null && unit !== undefined && /^(%|percent\b)/i.test(unit.trim());
}

/** A number for tables and legends: 1.2M, 45.3%, 3.25. Other units are not appended. */
export function formatNumber(value: number, unit?: string | null): string {
  if (isPercent(unit)) return numberFormat({ style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
  const magnitude = Math.abs(value);
  if (magnitude >= 10_000) return numberFormat({ notation: 'compact', maximumFractionDigits: 1 }).format(value);
  if (magnitude >= 10 || Number.isInteger(value)) return numberFormat({ maximumFractionDigits: 1 }).format(value);
  return numberFormat({ maximumFractionDigits: 2 }).format(value);
}

/** A count or other whole number in full, with grouping: 1,234. */
export function formatInteger(value: number): string {
  return numberFormat({ maximumFractionDigits: 0 }).format(value);
}

/** A year without grouping: 2019. */
export function formatYear(year: number): string {
  return numberFormat({ useGrouping: false, maximumFractionDigits: 0 }).format(year);
}

/** A calendar date (ISO YYYY-MM-DD) in words: "9 September 2022", "9 ستمبر، 2022". */
export function formatDate(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** A value with its unit, or "No data": 1.2M persons, 45.3%. */
export function formatValue(value: number | null | undefined, unit?: string | null): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return t('map.noData');
  const number = formatNumber(value, unit);
  return unit && !isPercent(unit) ? `${number} ${unitLabel(unit)}` : number;
}

// The unit vocabulary of the bundled catalogue, shown in the reader's language; other units are
// shown as the API gives them.
const UNIT_KEYS: Record<string, MessageKey> = {
  persons: 'unit.persons',
  'thousand persons': 'unit.thousandPersons',
  households: 'unit.households',
  'km²': 'unit.squareKilometres',
  'percentage points': 'unit.percentagePoints',
  ratio: 'unit.ratio',
  rank: 'unit.rank',
};

/** The unit as headings show it in brackets: "%", "persons"; empty when there is none. */
export function unitLabel(unit: string | null | undefined): string {
  if (isPercent(unit)) return '%';
  const trimmed = unit?.trim() ?? '';
  const key = UNIT_KEYS[trimmed.toLowerCase()];
  return key ? t(key) : trimmed;
}

/** The singular or plural string for a count, by the language's plural rules; `{count}` is filled in. */
export function plural(count: number, one: MessageKey, other: MessageKey): string {
  const rule = new Intl.PluralRules(getLocale()).select(count);
  return t(rule === 'one' ? one : other, { count: formatInteger(count) });
}
