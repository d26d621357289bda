import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCensus2017 } from './census2017';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../../../test/fixtures/indicators', name);

describe('parseCensus2017', () => {
  it('reads the provisional population into the population series for 2017', async () => {
    const parsed = await parseCensus2017(fixture('census2017_sample.csv'));
    expect(parsed.indicators.map((i) => i.code)).toEqual(['population']);
    expect(parsed.rejected).toEqual([]);
    expect(parsed.rows.map((r) => [r.area_name, r.province_name, r.year, r.value, r.line])).toEqual([
      ['Bannu', 'Khyber Pakhtunkhwa', 2017, 1167892, 2],
      ['FR Bannu', 'Khyber Pakhtunkhwa', 2017, 43114, 3],
      ['Bajaur Agency', 'Khyber Pakhtunkhwa', 2017, 1093684, 4],
      ['Islamabad', 'Federal Capital Territory', 2017, 2001579, 5],
    ]);
  });
});
