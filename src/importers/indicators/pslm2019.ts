/**
 * Pakistan Social and Living Standards Measurement survey 2019–20 (PBS), district tabulation by
 * the World Bank Data4Pakistan project (`pslm2019_districts_long.csv`): one row per district and
 * indicator, with the indicator's units, domain and definition on every row. The file gives no
 * direction; it is taken from the Data4Pakistan catalogue when one is given, since the names are
 * the same.
 */
import { UNITS, indicatorCode, type IndicatorEntryInput } from '../../core/indicators';
import type { CsvInput } from '../csvSource';
import type { Data4PakistanCatalogue } from './data4pakistan';
import { readLong } from './long';
import { WORLD_BANK_LICENCE } from './poverty2018';
import { catalogue, cleanText, emptyParse, requireColumns, type ParsedIndicators } from './rows';
import { openIndicatorCsv } from './wide';

const SOURCE = 'Pakistan Bureau of Statistics, PSLM 2019–20, district tabulation by World Bank Data4Pakistan';

export interface Pslm2019Options {
  /** Supplies the direction of each indicator. */
  catalogue?: Data4PakistanCatalogue;
}

export async function parsePslm2019(input: CsvInput, opts: Pslm2019Options = {}): Promise<ParsedIndicators> {
  const out = emptyParse();
  const csv = await openIndicatorCsv(input, out);
  requireColumns(csv.header, 'pslm2019', ['province', 'district', 'year', 'indicator', 'value', 'units', 'domain', 'definition']);

  const entries = new Map<string, IndicatorEntryInput>();
  const withoutDirection = new Set<string>();
  await readLong(
    csv,
    {
      area: 'district',
      province: 'province',
      year: { column: 'year' },
      indicator: 'indicator',
      value: 'value',
      code: (name, record) => {
        const code = indicatorCode(name);
        if (!entries.has(code)) {
          const direction = opts.catalogue?.lookup(name)?.direction ?? null;
          if (!direction) withoutDirection.add(name);
          const unit = cleanText(record.units);
          entries.set(code, {
            code,
            name,
            unit: unit === '%' ? UNITS.percent : (unit ?? null),
            direction: direction ?? 'neutral',
            domain: cleanText(record.domain)?.replace(/Charactersitics/g, 'Characteristics') ?? null,
            source: SOURCE,
            licence: WORLD_BANK_LICENCE,
            definition: cleanText(record.definition) ?? null,
          });
        }
        return { code };
      },
    },
    out,
  );
  if (withoutDirection.size > 0) {
    out.warnings.push(`no direction known (imported as neutral): ${[...withoutDirection].map((n) => `"${n}"`).join(', ')}`);
  }
  out.indicators = catalogue([...entries.values()]);
  return out;
}
