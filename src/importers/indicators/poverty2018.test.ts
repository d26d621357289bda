import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePoverty2018 } from './poverty2018';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../../../test/fixtures/indicators', name);

describe('parsePoverty2018', () => {
  it('stores the rate in percent and the error as a standard error in percentage points', async () => {
    const parsed = await parsePoverty2018(fixture('poverty2018_sample.csv'));
    const abbottabad = parsed.rows.filter((r) => r.area_name === 'Abbottabad');
    expect(abbottabad.map((r) => r.indicator_code)).toEqual(['poverty_rate', 'poverty_rate_se', 'poverty_headcount']);
    expect(abbottabad[0]!.value).toBeCloseTo(8.56001980982853, 10);
    expect(abbottabad[1]!.value).toBeCloseTo(Math.sqrt(0.0002069286856567487) * 100, 10);
    expect(abbottabad[1]!.raw).toBe('0.0002069286856567487');
    expect(abbottabad[2]!.value).toBe(125321);
    expect(parsed.rows.every((r) => r.year === 2018)).toBe(true);
  });

  it('keeps rows without a province, skips blank cells and rows, and rejects a spreadsheet formula', async () => {
    const parsed = await parsePoverty2018(fixture('poverty2018_sample.csv'));
    const fr = parsed.rows.filter((r) => r.area_name === 'FR Bannu');
    expect(fr).toHaveLength(3);
    expect(fr[0]!.province_name).toBeUndefined();
    expect(parsed.rows.filter((r) => r.area_name === 'Bannu').map((r) => r.indicator_code)).toEqual(['poverty_rate', 'poverty_rate_se']);
    expect(parsed.rows.some((r) => r.area_name === 'Lehri')).toBe(false);
    expect(parsed.rejected).toEqual([{ line: 5, column: 'povertyheadcount', value: '=E49*D49', reason: 'value is not a number' }]);
  });
});
