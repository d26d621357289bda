/**
 * World Bank small-area poverty estimates for 2018, provisional
 * (`poverty_headcount_2018_provisional.csv`), CC BY 4.0. The rate is published as a 0–1 share
 * and stored in percent; its mean squared error is stored as a standard error in percentage
 * points (√MSE × 100) so it reads on the rate's own scale. `nIndividuals`, the population the
 * model used, is not imported: the census gives population.
 */
import { UNITS, type IndicatorEntryInput } from '../../core/indicators';
import type { CsvInput } from '../csvSource';
import { catalogue, emptyParse, requireColumns, type ParsedIndicators } from './rows';
import { openIndicatorCsv, readWide } from './wide';

export const WORLD_BANK_LICENCE = 'CC BY 4.0';
const SOURCE = 'World Bank, small-area poverty estimates for Pakistan, 2018 (provisional)';

export const POVERTY_2018_INDICATORS: IndicatorEntryInput[] = [
  {
    code: 'poverty_rate',
    name: 'Poverty headcount rate',
    unit: UNITS.percent,
    direction: 'higher_is_worse',
    domain: 'Household Welfare',
    source: SOURCE,
    licence: WORLD_BANK_LICENCE,
    definition: 'Share of the population living below the official national poverty line, in percent (small-area estimate).',
  },
  {
    code: 'poverty_rate_se',
    name: 'Poverty headcount rate, standard error',
    unit: UNITS.percentagePoints,
    direction: 'neutral',
    domain: 'Household Welfare',
    source: SOURCE,
    licence: WORLD_BANK_LICENCE,
    definition: 'Standard error of the small-area poverty rate estimate: the square root of the published mean squared error, in percentage points.',
  },
  {
    code: 'poverty_headcount',
    name: 'People living in poverty',
    unit: UNITS.persons,
    direction: 'higher_is_worse',
    domain: 'Household Welfare',
    source: SOURCE,
    licence: WORLD_BANK_LICENCE,
    definition: 'Number of people living below the official national poverty line (small-area estimate).',
  },
];

export async function parsePoverty2018(input: CsvInput): Promise<ParsedIndicators> {
  const out = emptyParse();
  out.indicators = catalogue(POVERTY_2018_INDICATORS);
  const csv = await openIndicatorCsv(input, out);
  requireColumns(csv.header, 'poverty2018', ['Province', 'District', 'povrate', 'msepovrate', 'povertyheadcount']);
  await readWide(
    csv,
    {
      area: 'District',
      province: 'Province',
      year: { value: 2018 },
      columns: [
        { column: 'povrate', code: 'poverty_rate', transform: (share) => share * 100 },
        { column: 'msepovrate', code: 'poverty_rate_se', transform: (mse) => (mse < 0 ? Number.NaN : Math.sqrt(mse) * 100) },
        { column: 'povertyheadcount', code: 'poverty_headcount' },
      ],
    },
    out,
  );
  return out;
}
