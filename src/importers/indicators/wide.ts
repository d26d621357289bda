/**
 * Wide indicator files: one row per area (and year), one column per indicator. The engine here
 * reads the bundled wide formats; `parseWide` reads any such file whose indicator columns are
 * named by indicator code: `district,province,year,literacy_rate,population`.
 */
import { indicatorCode, indicatorCodeSchema, type IndicatorEntryInput } from '../../core/indicators';
import { findColumn, openCsv, type CsvFile, type CsvInput } from '../csvSource';
import {
  AREA_REASON,
  NUMBER_REASON,
  IndicatorFileError,
  catalogue,
  cleanText,
  emptyParse,
  parseNumber,
  rowYear,
  type ParsedIndicators,
  type YearSource,
} from './rows';

export interface WideColumn {
  /** Header of the column holding the values. */
  column: string;
  code: string;
  /** Converts the published number to the stored one (a 0–1 share to a percentage, say). */
  transform?: (value: number) => number;
  /** The year this column's values are about, whatever the row's year. */
  year?: number;
}

export interface WideLayout {
  area: string;
  province?: string;
  /** The column holding the year, or the one year every row is about. */
  year: YearSource;
  columns: WideColumn[];
}

/** Column names of generic files; the defaults are looked up case-insensitively. */
export interface ColumnNames {
  area?: string;
  province?: string;
  year?: string;
  indicator?: string;
  value?: string;
}

export interface GenericOptions {
  columns?: ColumnNames;
  /** The year of every row, for files without a year column. */
  year?: number;
  /** Catalogue entries for indicators the file carries; others must already be in the catalogue. */
  indicators?: IndicatorEntryInput[];
}

/** Opens a CSV file, turning rows with the wrong number of fields into rejections. */
export function openIndicatorCsv(input: CsvInput, out: ParsedIndicators): Promise<CsvFile> {
  return openCsv(input, {
    onBadRow: (issue) => out.rejected.push({ line: issue.line, column: null, value: null, reason: issue.reason }),
  });
}

/** Reads value cells into `out`: blank cells are missing (not zero), bad cells are rejected. */
export async function readWide(csv: CsvFile, layout: WideLayout, out: ParsedIndicators): Promise<void> {
  for await (const { line, record } of csv.records()) {
    const cells = layout.columns.map((spec) => ({ spec, raw: record[spec.column] ?? '', parsed: parseNumber(record[spec.column]) }));
    const present = cells.filter((c) => c.parsed.kind !== 'missing');
    // A row without any value carries nothing to import, whatever its other fields say.
    if (present.length === 0) continue;

    const area = cleanText(record[layout.area]);
    if (!area) {
      out.rejected.push({ line, column: layout.area, value: record[layout.area] ?? '', reason: AREA_REASON });
      continue;
    }
    const year = rowYear(record, layout.year, line, out.rejected);
    if (year === null) continue;
    const province = layout.province ? cleanText(record[layout.province]) : undefined;

    for (const { spec, raw, parsed } of present) {
      if (parsed.kind !== 'number') {
        out.rejected.push({ line, column: spec.column, value: raw, reason: NUMBER_REASON });
        continue;
      }
      const value = spec.transform ? spec.transform(parsed.value) : parsed.value;
      if (!Number.isFinite(value)) {
        out.rejected.push({ line, column: spec.column, value: raw, reason: 'value cannot be converted to the stored unit' });
        continue;
      }
      out.rows.push({
        indicator_code: spec.code,
        area_name: area,
        ...(province ? { province_name: province } : {}),
        year: spec.year ?? year,
        value,
        raw: raw.trim(),
        line,
        column: spec.column,
      });
    }
  }
}

export function requiredColumn(header: readonly string[], given: string | undefined, what: string, ...defaults: string[]): string {
  const column = given !== undefined ? findColumn(header, given) : findColumn(header, ...defaults);
  if (!column) {
    const names = given !== undefined ? `"${given}"` : defaults.map((d) => `"${d}"`).join(' or ');
    throw new IndicatorFileError(`no ${what} column (looked for ${names})`);
  }
  return column;
}

export function optionalColumn(header: readonly string[], given: string | undefined, ...defaults: string[]): string | undefined {
  if (given !== undefined) {
    const column = findColumn(header, given);
    if (!column) throw new IndicatorFileError(`no column "${given}"`);
    return column;
  }
  return findColumn(header, ...defaults);
}

export const AREA_COLUMNS = ['district', 'area', 'area_name', 'district_name', 'name'];
export const PROVINCE_COLUMNS = ['province', 'province_name', 'region'];
export const YEAR_COLUMNS = ['year'];

/**
 * A generic wide file: area, optional province, year (or `year` option), then one column per
 * indicator. A header that is not a valid code is read through `indicatorCode` ("Literacy rate"
 * → `literacy_rate`) and a warning says so.
 */
export async function parseWide(input: CsvInput, opts: GenericOptions = {}): Promise<ParsedIndicators> {
  const out = emptyParse();
  out.indicators = catalogue(opts.indicators ?? []);
  const csv = await openIndicatorCsv(input, out);
  const names = opts.columns ?? {};
  const area = requiredColumn(csv.header, names.area, 'district', ...AREA_COLUMNS);
  const province = optionalColumn(csv.header, names.province, ...PROVINCE_COLUMNS);
  let year: WideLayout['year'];
  const yearColumn = optionalColumn(csv.header, names.year, ...YEAR_COLUMNS);
  if (yearColumn) year = { column: yearColumn };
  else if (opts.year !== undefined) year = { value: opts.year };
  else throw new IndicatorFileError('no year column: add one or give the year of the file');

  const fixed = new Set([area, province, yearColumn].filter((c): c is string => c !== undefined));
  const columns: WideColumn[] = [];
  for (const column of csv.header) {
    if (fixed.has(column) || column === '') continue;
    const code = indicatorCodeSchema.safeParse(column).success ? column : indicatorCode(column);
    if (code !== column) out.warnings.push(`column "${column}" is read as indicator ${code}`);
    columns.push({ column, code });
  }
  if (columns.length === 0) throw new IndicatorFileError('no indicator columns besides district, province and year');
  await readWide(csv, { area, province, year, columns }, out);
  return out;
}
