/**
 * Pakistan Bureau of Statistics, 6th Population and Housing Census 2017, provisional district
 * population (`census2017_provisional_population.csv`), in the district units of 2017: the
 * tribal agencies and Frontier Regions appear as such.
 */
import type { CsvInput } from '../csvSource';
import { POPULATION } from './census2023';
import { catalogue, emptyParse, requireColumns, type ParsedIndicators } from './rows';
import { openIndicatorCsv, readWide } from './wide';

const VALUE_COLUMN = 'population_census2017_provisional';

export async function parseCensus2017(input: CsvInput): Promise<ParsedIndicators> {
  const out = emptyParse();
  out.indicators = catalogue([POPULATION]);
  const csv = await openIndicatorCsv(input, out);
  requireColumns(csv.header, 'census2017', ['province', 'district', VALUE_COLUMN]);
  await readWide(
    csv,
    { area: 'district', province: 'province', year: { value: 2017 }, columns: [{ column: VALUE_COLUMN, code: 'population' }] },
    out,
  );
  return out;
}
