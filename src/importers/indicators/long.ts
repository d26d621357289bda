/**
 * Long indicator files: one row per area, year and indicator. `readLong` is the engine the
 * bundled long format uses; `parseLong` reads any long file whose indicator column holds codes
 * (or names, read through `indicatorCode`).
 */
import { indicatorCode, indicatorCodeSchema } from '../../core/indicators';
import type { CsvFile, CsvInput } from '../csvSource';
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
import {
  AREA_COLUMNS,
  PROVINCE_COLUMNS,
  YEAR_COLUMNS,
  openIndicatorCsv,
  optionalColumn,
  requiredColumn,
  type GenericOptions,
} from './wide';

export interface LongLayout {
  area: string;
  province?: string;
  year: YearSource;
  indicator: string;
  value: string;
  /**
   * The code for the indicator text of a row, or a reason to reject the row. Called
   * for every row, so it may also collect catalogue entries from metadata columns.
   */
  code: (indicator: string, record: Record<string, string>) => { code: string } | { reason: string };
}

export async function readLong(csv: CsvFile, layout: LongLayout, out: ParsedIndicators): Promise<void> {
  for await (const { line, record } of csv.records()) {
    const raw = record[layout.value] ?? '';
    const parsed = parseNumber(raw);
    if (parsed.kind === 'missing') continue;

    const indicator = cleanText(record[layout.indicator]);
    if (!indicator) {
      out.rejected.push({ line, column: layout.indicator, value: record[layout.indicator] ?? '', reason: 'indicator is missing' });
      continue;
    }
    const area = cleanText(record[layout.area]);
    if (!area) {
      out.rejected.push({ line, column: layout.area, value: record[layout.area] ?? '', reason: AREA_REASON });
      continue;
    }
    const year = rowYear(record, layout.year, line, out.rejected);
    if (year === null) continue;
    if (parsed.kind === 'invalid') {
      out.rejected.push({ line, column: layout.value, value: raw, reason: NUMBER_REASON });
      continue;
    }
    const code = layout.code(indicator, record);
    if ('reason' in code) {
      out.rejected.push({ line, column: layout.indicator, value: indicator, reason: code.reason });
      continue;
    }
    const province = layout.province ? cleanText(record[layout.province]) : undefined;
    out.rows.push({
      indicator_code: code.code,
      area_name: area,
      ...(province ? { province_name: province } : {}),
      year,
      value: parsed.value,
      raw: raw.trim(),
      line,
      column: layout.value,
    });
  }
}

/** A generic long file: district, optional province, year, indicator, value. */
export async function parseLong(input: CsvInput, opts: GenericOptions = {}): Promise<ParsedIndicators> {
  const out = emptyParse();
  out.indicators = catalogue(opts.indicators ?? []);
  const csv = await openIndicatorCsv(input, out);
  const names = opts.columns ?? {};
  const yearColumn = optionalColumn(csv.header, names.year, ...YEAR_COLUMNS);
  if (!yearColumn && opts.year === undefined) {
    throw new IndicatorFileError('no year column: add one or give the year of the file');
  }
  const renamed = new Map<string, string>();
  await readLong(
    csv,
    {
      area: requiredColumn(csv.header, names.area, 'district', ...AREA_COLUMNS),
      province: optionalColumn(csv.header, names.province, ...PROVINCE_COLUMNS),
      year: yearColumn ? { column: yearColumn } : { value: opts.year! },
      indicator: requiredColumn(csv.header, names.indicator, 'indicator', 'indicator', 'indicator_code', 'code'),
      value: requiredColumn(csv.header, names.value, 'value', 'value'),
      code: (indicator) => {
        if (indicatorCodeSchema.safeParse(indicator).success) return { code: indicator };
        const code = indicatorCode(indicator);
        renamed.set(indicator, code);
        return { code };
      },
    },
    out,
  );
  for (const [name, code] of renamed) out.warnings.push(`indicator "${name}" is read as code ${code}`);
  return out;
}
