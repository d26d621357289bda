/**
 * Pakistan Bureau of Statistics, 7th Population and Housing Census 2023, district table
 * (`census2023_districts.csv`): 136 districts of the four provinces and Islamabad.
 * Shares published as 0–1 are stored as percentages (0–100).
 */
import { UNITS, type IndicatorEntryInput } from '../../core/indicators';
import type { CsvInput } from '../csvSource';
import { catalogue, emptyParse, requireColumns, type ParsedIndicators } from './rows';
import { openIndicatorCsv, readWide } from './wide';

export const PBS_LICENCE = 'Official statistics of the Government of Pakistan (PBS); reuse with attribution';
const CENSUS_2023 = 'Pakistan Bureau of Statistics, 7th Population and Housing Census 2023';

/** One population series across census rounds (2017 provisional, 2023). */
export const POPULATION: IndicatorEntryInput = {
  code: 'population',
  name: 'Population',
  unit: UNITS.persons,
  direction: 'neutral',
  domain: 'Demographics',
  source: 'Pakistan Bureau of Statistics, Population and Housing Census (2017 provisional results, 2023)',
  licence: PBS_LICENCE,
  definition: 'Enumerated population of the district on census day.',
};

export const CENSUS_2023_INDICATORS: IndicatorEntryInput[] = [
  POPULATION,
  {
    code: 'households',
    name: 'Households',
    unit: UNITS.households,
    direction: 'neutral',
    domain: 'Demographics',
    source: CENSUS_2023,
    licence: PBS_LICENCE,
    definition: 'Number of households enumerated in the district.',
  },
  {
    code: 'area_km2',
    name: 'Area',
    unit: UNITS.squareKilometres,
    direction: 'neutral',
    domain: 'Geography',
    source: CENSUS_2023,
    licence: PBS_LICENCE,
    definition: 'District area in square kilometres as published with the census.',
  },
  {
    code: 'literacy_rate',
    name: 'Literacy rate, population aged 10 and over',
    unit: UNITS.percent,
    direction: 'higher_is_better',
    domain: 'Education',
    source: CENSUS_2023,
    licence: PBS_LICENCE,
    definition: 'Share of the population aged 10 and over who can read and write, in percent.',
  },
  {
    code: 'improved_water',
    name: 'Households with an improved drinking water source',
    unit: UNITS.percent,
    direction: 'higher_is_better',
    domain: 'Water and Sanitation',
    source: CENSUS_2023,
    licence: PBS_LICENCE,
    definition: 'Share of households whose main drinking water source is improved, in percent.',
  },
  {
    code: 'flush_toilet',
    name: 'Households with a flush toilet',
    unit: UNITS.percent,
    direction: 'higher_is_better',
    domain: 'Water and Sanitation',
    source: CENSUS_2023,
    licence: PBS_LICENCE,
    definition: 'Share of households with a flush toilet, in percent.',
  },
];

const toPercent = (share: number) => share * 100;

export async function parseCensus2023(input: CsvInput): Promise<ParsedIndicators> {
  const out = emptyParse();
  out.indicators = catalogue(CENSUS_2023_INDICATORS);
  const csv = await openIndicatorCsv(input, out);
  const columns = [
    { column: 'population', code: 'population' },
    { column: 'households', code: 'households' },
    { column: 'areaSqKm', code: 'area_km2' },
    { column: 'literacy10plus_rate', code: 'literacy_rate', transform: toPercent },
    { column: 'improved_water_share', code: 'improved_water', transform: toPercent },
    { column: 'flush_toilet_share', code: 'flush_toilet', transform: toPercent },
  ];
  requireColumns(csv.header, 'census2023', ['district', 'province', ...columns.map((c) => c.column)]);
  await readWide(csv, { area: 'district', province: 'province', year: { value: 2023 }, columns }, out);
  return out;
}
