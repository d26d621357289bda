/**
 * What every indicator format turns a file into: value rows still named as the publisher wrote
 * them (district names are resolved later, by the importer), catalogue entries, and the cells
 * that could not be read, each with its line, column and reason.
 */
import { indicatorEntry, type IndicatorEntry, type IndicatorEntryInput } from '../../core/indicators';

export interface IndicatorValueRow {
  indicator_code: string;
  /** The area as written in the file. */
  area_name: string;
  province_name?: string;
  year: number;
  /** The value in the stored unit. */
  value: number;
  /** The value as written in the file. */
  raw: string;
  /** Physical line of the record (1-based, header = 1). */
  line: number;
  /** The column the value was read from. */
  column: string;
}

export interface Rejection {
  line: number;
  column: string | null;
  value: string | null;
  reason: string;
}

export interface ParsedIndicators {
  /** Catalogue entries the file describes (bundled formats) or that were given as options. */
  indicators: IndicatorEntry[];
  rows: IndicatorValueRow[];
  rejected: Rejection[];
  warnings: string[];
}

export function emptyParse(): ParsedIndicators {
  return { indicators: [], rows: [], rejected: [], warnings: [] };
}

/** The file does not have the layout its format expects (a column is missing, say). */
export class IndicatorFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndicatorFileError';
  }
}

// Written by publishers for "no data"; like a blank cell they mean missing, never zero.
const MISSING = new Set(['', 'na', 'n/a', 'n.a.', '..', '-', '—', 'nan', 'null']);

export type ParsedNumber = { kind: 'missing' } | { kind: 'number'; value: number } | { kind: 'invalid' };

/** Reads a number as publishers write it: "1234", "1,234,567", "-0.5", "1e3", " 12 ". */
export function parseNumber(raw: string | undefined): ParsedNumber {
  const text = (raw ?? '').trim();
  if (MISSING.has(text.toLowerCase())) return { kind: 'missing' };
  const plain = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replace(/,/g, '') : text;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(plain)) return { kind: 'invalid' };
  const value = Number(plain);
  return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'invalid' };
}

/** A calendar year as a whole number between 1900 and 2100, or null. */
export function parseYear(raw: string | undefined): number | null {
  const text = (raw ?? '').trim();
  if (!/^\d{4}(\.0+)?$/.test(text)) return null;
  const year = Number.parseInt(text, 10);
  return year >= 1900 && year <= 2100 ? year : null;
}

export const YEAR_REASON = 'year is not a whole number between 1900 and 2100';
export const AREA_REASON = 'district name is missing';

/** Where a row's year comes from: a column of the file, or one year given for the whole file. */
export type YearSource = { column: string } | { value: number };

/** The row's year, or null after recording why the row is rejected. */
export function rowYear(record: Record<string, string>, source: YearSource, line: number, rejected: Rejection[]): number | null {
  if ('value' in source) return source.value;
  const raw = record[source.column];
  const year = parseYear(raw);
  if (year === null) rejected.push({ line, column: source.column, value: raw ?? '', reason: YEAR_REASON });
  return year;
}
export const NUMBER_REASON = 'value is not a number';

/** Trims and collapses inner spaces; empty becomes undefined. */
export function cleanText(raw: string | undefined): string | undefined {
  const text = (raw ?? '').replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

/** Validates entries and keeps the first per code. */
export function catalogue(entries: IndicatorEntryInput[]): IndicatorEntry[] {
  const byCode = new Map<string, IndicatorEntry>();
  for (const input of entries) {
    const entry = indicatorEntry(input);
    if (!byCode.has(entry.code)) byCode.set(entry.code, entry);
  }
  return [...byCode.values()];
}

/** Checks the columns a format needs are present; names the missing ones. */
export function requireColumns(header: readonly string[], format: string, columns: readonly string[]): void {
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new IndicatorFileError(
      `not a ${format} file: missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}`,
    );
  }
}
