import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCensus2023 } from './census2023';
import { IndicatorFileError } from './rows';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../../../test/fixtures/indicators', name);

describe('parseCensus2023', () => {
  it('reads six indicators per district for 2023, shares as percentages', async () => {
    const parsed = await parseCensus2023(fixture('census2023_sample.csv'));
    expect(parsed.indicators.map((i) => [i.code, i.unit, i.direction])).toEqual([
      ['population', 'persons', 'neutral'],
      ['households', 'households', 'neutral'],
      ['area_km2', 'km²', 'neutral'],
      ['literacy_rate', 'percent (0–100)', 'higher_is_better'],
      ['improved_water', 'percent (0–100)', 'higher_is_better'],
      ['flush_toilet', 'percent (0–100)', 'higher_is_better'],
    ]);
    const abbottabad = parsed.rows.filter((r) => r.area_name === 'Abbotabad');
    expect(abbottabad).toHaveLength(6);
    expect(abbottabad.every((r) => r.year === 2023 && r.line === 2 && r.province_name === 'Khyber Pakhtunkhwa')).toBe(true);
    expect(abbottabad.find((r) => r.indicator_code === 'population')!.value).toBe(1419072);
    expect(abbottabad.find((r) => r.indicator_code === 'literacy_rate')!.value).toBeCloseTo(77.3441, 6);
    expect(abbottabad.find((r) => r.indicator_code === 'area_km2')!.column).toBe('areaSqKm');
  });

  it('rejects a non-numeric cell and keeps the rest of its row', async () => {
    const parsed = await parseCensus2023(fixture('census2023_sample.csv'));
    expect(parsed.rejected).toEqual([{ line: 4, column: 'households', value: '12x', reason: 'value is not a number' }]);
    expect(parsed.rows.filter((r) => r.line === 4)).toHaveLength(5);
    expect(parsed.rows).toHaveLength(17);
  });

  it('refuses a file of another layout', async () => {
    await expect(parseCensus2023(fixture('census2017_sample.csv'))).rejects.toThrow(IndicatorFileError);
  });
});
