import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indicatorCode } from '../../core/indicators';
import { parseData4Pakistan, readData4PakistanCatalogue } from './data4pakistan';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../../../test/fixtures/indicators', name);

describe('Data4Pakistan catalogue', () => {
  it('finds entries by exact name, by spacing and girls/female variants, and by the short name', async () => {
    const catalogue = await readData4PakistanCatalogue(fixture('data4pakistan_indicator_catalogue.csv'));
    expect(catalogue.lookup('Poverty Rate (%)')?.direction).toBe('higher_is_worse');
    expect(catalogue.lookup('Access to improved drinking water, excl. piped water -  MICS (% of population)')?.direction).toBe('higher_is_better');
    expect(catalogue.lookup('Primary completion rate, 14-17 years old, female (% of girls aged 14-17)')?.unit).toBe('percent (0–100)');
    expect(
      catalogue.lookup('Diarrhea treatment- ORS (% of children under 5 who had diarrhea during a 30-day recall period)')?.direction,
    ).toBe('higher_is_better');
    expect(catalogue.lookup('Household size')).toMatchObject({ domain: 'Household Characteristics', unit: null, source: 'PSLM' });
    expect(catalogue.lookup('Hospital Services')).toMatchObject({ source: null, definition: null });
    expect(catalogue.lookup('Immunization, DPT three doses (% children 12-24 months)')).toBeUndefined();
  });
});

describe('parseData4Pakistan', () => {
  it('reads one value per non-blank cell, with metadata and direction from the catalogue', async () => {
    const catalogue = await readData4PakistanCatalogue(fixture('data4pakistan_indicator_catalogue.csv'));
    const parsed = await parseData4Pakistan(fixture('data4pakistan_sample.csv'), { catalogue });
    expect(parsed.rejected).toEqual([]);
    const poverty = parsed.indicators.find((i) => i.code === 'poverty_rate_pct')!;
    expect(poverty).toMatchObject({ name: 'Poverty Rate (%)', direction: 'higher_is_worse', unit: 'percent (0–100)', licence: 'CC BY 4.0' });
    expect(poverty.source).toBe('World Bank Data4Pakistan (from HIES/PSLM)');
    expect(parsed.indicators.find((i) => i.code === 'number_of_poor_1_000s')!.unit).toBe('thousand persons');

    const bannu = parsed.rows.filter((r) => r.area_name === 'Bannu');
    expect(bannu.map((r) => [r.indicator_code, r.year, r.value, r.line])).toEqual([
      ['poverty_rate_pct', 2004, 41, 4],
      ['number_of_poor_1_000s', 2004, 390, 4],
    ]);
    // AJ&K carries no value at all: no row, no rejection.
    expect(parsed.rows.some((r) => r.area_name === 'AJ&K')).toBe(false);
    expect(parsed.rows).toHaveLength(12);
  });

  it('reads the census column as 2017 population and leaves amounts mislabelled "%" without a unit', async () => {
    const catalogue = await readData4PakistanCatalogue(fixture('data4pakistan_indicator_catalogue.csv'));
    const parsed = await parseData4Pakistan(fixture('data4pakistan_sample.csv'), { catalogue });
    expect(parsed.rows.find((r) => r.indicator_code === 'population')).toMatchObject({ area_name: 'Abbottabad', year: 2017, value: 1332912 });
    expect(parsed.indicators.find((i) => i.code === 'hospital_services')!.unit).toBeNull();
    expect(parsed.warnings.some((w) => w.includes('"Hospital Services"'))).toBe(true);
    const female = indicatorCode('Primary completion rate, 14-17 years old, female (% of girls aged 14-17)');
    expect(parsed.indicators.find((i) => i.code === female)!.direction).toBe('higher_is_better');
  });

  it('imports every indicator as neutral when no catalogue is given, and says so', async () => {
    const parsed = await parseData4Pakistan(fixture('data4pakistan_sample.csv'));
    expect(parsed.indicators.filter((i) => i.code !== 'population').every((i) => i.direction === 'neutral')).toBe(true);
    expect(parsed.warnings[0]).toMatch(/no indicator catalogue/);
  });
});
