import { locale, t } from './i18n';

const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
const oneDecimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });

/** "%", "percent" and "percent (0–100)" are shown as 45.3%; "percentage points" is not a percent. */
export function isPercent(unit: string | null | undefined): boolean {
  return unit !== null && unit !== undefined && /^(%|percent\b)/i.test(unit.trim());
}

/** A number for tables and legends: 1.2M, 45.3%, 3.25. Other units are not appended. */
export function formatNumber(value: number, unit?: string | null): string {
  if (isPercent(unit)) return `${oneDecimal.format(value)}%`;
  const magnitude = Math.abs(value);
  if (magnitude >= 10_000) return compact.format(value);
  if (magnitude >= 10 || Number.isInteger(value)) return oneDecimal.format(value);
  return twoDecimals.format(value);
}

/** A value with its unit, or "No data": 1.2M people, 45.3%. */
export function formatValue(value: number | null | undefined, unit?: string | null): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return t('map.noData');
  const number = formatNumber(value, unit);
  return unit && !isPercent(unit) ? `${number} ${unit}` : number;
}

/** The unit as headings show it in brackets: "%", "persons"; empty when there is none. */
export function unitLabel(unit: string | null | undefined): string {
  if (isPercent(unit)) return '%';
  return unit?.trim() ?? '';
}
