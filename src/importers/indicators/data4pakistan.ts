/**
 * World Bank Data4Pakistan district panel (`data4pakistan_districts_2004_2019.csv`), CC BY 4.0:
 * one row per district and survey year, one column per indicator, blank where not measured.
 * Names, units, domains, definitions and direction come from the companion catalogue
 * (`data4pakistan_indicator_catalogue.csv`), whose `context` says whether a higher value is
 * positive or negative. Indicator codes derive from the column names, so the PSLM 2019 long file,
 * which uses the same names, continues the same series.
 */
import { UNITS, indicatorCode, parseDirection, type Direction, type IndicatorEntryInput } from '../../core/indicators';
import { openCsv, type CsvInput } from '../csvSource';
import { POPULATION } from './census2023';
import { WORLD_BANK_LICENCE } from './poverty2018';
import { catalogue, cleanText, emptyParse, requireColumns, type ParsedIndicators } from './rows';
import { openIndicatorCsv, readWide, type WideColumn } from './wide';

export const DATA4PAKISTAN_CATALOGUE_FILE = 'data4pakistan_indicator_catalogue.csv';

export interface Data4PakistanMeta {
  name: string;
  direction: Direction | null;
  unit: string | null;
  domain: string | null;
  source: string | null;
  definition: string | null;
}

/** Name variants the catalogue and the data files disagree on. */
function matchKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/\bgirls\b/g, 'female')
    .replace(/\bboys\b/g, 'male')
    .replace(/\s+/g, ' ')
    .replace(/\s+([,)])/g, '$1')
    .trim();
}

const withoutBrackets = (name: string) => name.replace(/\s*[([][^()[\]]*[)\]]\s*$/, '').trim();

function unitOf(published: string | undefined): string | null {
  const unit = cleanText(published);
  if (!unit) return null;
  if (unit === '%') return UNITS.percent;
  if (unit === '(000s)') return UNITS.thousandPersons;
  return unit;
}

const tidyDomain = (domain: string | undefined) => cleanText(domain)?.replace(/Charactersitics/g, 'Characteristics') ?? null;
const meaningful = (text: string | undefined) => {
  const t = cleanText(text);
  return t && t.toUpperCase() !== 'N/A' ? t : null;
};

/** Looks indicator names up in the catalogue, by full name or, where unique, a short form. */
export class Data4PakistanCatalogue {
  private readonly byKey = new Map<string, Data4PakistanMeta>();

  constructor(entries: (Data4PakistanMeta & { shortName?: string })[]) {
    const counts = new Map<string, number>();
    const aliases = (e: Data4PakistanMeta & { shortName?: string }) =>
      [withoutBrackets(e.name), e.shortName ?? ''].filter((a) => a !== '').map(matchKey);
    for (const e of entries) for (const a of new Set(aliases(e))) counts.set(a, (counts.get(a) ?? 0) + 1);
    for (const e of entries) this.byKey.set(matchKey(e.name), e);
    for (const e of entries) {
      for (const a of aliases(e)) if (counts.get(a) === 1 && !this.byKey.has(a)) this.byKey.set(a, e);
    }
  }

  lookup(name: string): Data4PakistanMeta | undefined {
    return this.byKey.get(matchKey(name)) ?? this.byKey.get(matchKey(withoutBrackets(name)));
  }
}

export async function readData4PakistanCatalogue(input: CsvInput): Promise<Data4PakistanCatalogue> {
  const csv = await openCsv(input);
  requireColumns(csv.header, 'Data4Pakistan catalogue', ['indicator', 'context', 'units', 'domain', 'source', 'definition']);
  const entries: (Data4PakistanMeta & { shortName?: string })[] = [];
  for await (const { record } of csv.records()) {
    const name = cleanText(record.indicator);
    if (!name) continue;
    entries.push({
      name,
      shortName: cleanText(record.indicator_1),
      direction: parseDirection(record.context),
      unit: unitOf(record.units),
      domain: tidyDomain(record.domain),
      source: meaningful(record.source),
      definition: meaningful(record.definition),
    });
  }
  return new Data4PakistanCatalogue(entries);
}

export function data4PakistanSource(publisherSource: string | null): string {
  return publisherSource ? `World Bank Data4Pakistan (from ${publisherSource})` : 'World Bank Data4Pakistan';
}

// The panel repeats the provisional 2017 census population in its 2018 rows; it is read as the
// 2017 value of the census population series instead of a separate, mis-dated indicator.
const CENSUS_2017_COLUMN = /^Population \[Population Census 2017/;

export interface Data4PakistanOptions {
  /** The indicator catalogue; without it, every indicator is neutral and unit-less. */
  catalogue?: Data4PakistanCatalogue;
}

export async function parseData4Pakistan(input: CsvInput, opts: Data4PakistanOptions = {}): Promise<ParsedIndicators> {
  const out = emptyParse();
  const csv = await openIndicatorCsv(input, out);
  requireColumns(csv.header, 'data4pakistan', ['Province', 'District', 'Year']);
  if (!opts.catalogue) out.warnings.push('no indicator catalogue: directions are neutral and units unknown');

  const entries: IndicatorEntryInput[] = [];
  const columns: WideColumn[] = [];
  let census = false;
  const undescribed: string[] = [];
  for (const column of csv.header.slice(3)) {
    const name = cleanText(column);
    if (!name) continue;
    if (CENSUS_2017_COLUMN.test(name)) {
      columns.push({ column, code: POPULATION.code, year: 2017 });
      census = true;
      continue;
    }
    const meta = opts.catalogue?.lookup(name);
    if (opts.catalogue && !meta) undescribed.push(name);
    const code = indicatorCode(name);
    entries.push({
      code,
      name,
      unit: meta ? meta.unit : /\(%/.test(name) ? UNITS.percent : null,
      direction: meta?.direction ?? 'neutral',
      domain: meta?.domain ?? null,
      source: data4PakistanSource(meta?.source ?? null),
      licence: WORLD_BANK_LICENCE,
      definition: meta?.definition ?? null,
    });
    columns.push({ column, code });
  }
  if (undescribed.length > 0) {
    out.warnings.push(`not in the indicator catalogue (imported as neutral): ${undescribed.map((n) => `"${n}"`).join(', ')}`);
  }
  if (census) entries.push(POPULATION);

  await readWide(csv, { area: 'District', province: 'Province', year: { column: 'Year' }, columns }, out);

  // The catalogue gives "%" for the budget columns, whose values are amounts in the millions.
  // Gross enrolment ratios legitimately pass 100, so only values no percentage reaches count.
  const largest = new Map<string, number>();
  for (const row of out.rows) largest.set(row.indicator_code, Math.max(largest.get(row.indicator_code) ?? -Infinity, Math.abs(row.value)));
  const unitless: string[] = [];
  for (const entry of entries) {
    if (entry.unit === UNITS.percent && (largest.get(entry.code) ?? 0) > 1000) {
      entry.unit = null;
      unitless.push(entry.name);
    }
  }
  if (unitless.length > 0) {
    out.warnings.push(`catalogue says "%" but values exceed 1000, unit left blank: ${unitless.map((n) => `"${n}"`).join(', ')}`);
  }
  out.indicators = catalogue(entries);
  return out;
}
