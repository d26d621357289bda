import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLong } from './long';
import { IndicatorFileError } from './rows';
import { parseWide } from './wide';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../../../test/fixtures/indicators', name);

describe('parseWide', () => {
  it('reads one column per indicator code', async () => {
    const parsed = await parseWide(fixture('wide_districts.csv'));
    expect(parsed.rows).toHaveLength(6);
    expect(parsed.rows.filter((r) => r.area_name === 'Quetta').map((r) => [r.indicator_code, r.value, r.year, r.line])).toEqual([
      ['literacy_rate', 59.2, 2020, 4],
      ['population', 2275699, 2020, 4],
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('takes the year from the options when the file has none, and reads names as codes', async () => {
    const parsed = await parseWide(fixture('wide_bom.csv'), { year: 2021, columns: { area: 'district' } });
    expect(parsed.rows.map((r) => [r.area_name, r.province_name, r.year, r.value])).toEqual([
      ['Peshawar', 'KP', 2021, 4269079],
      ['Abbottabad', 'KP', 2021, 1332912],
    ]);
    await expect(parseWide(fixture('wide_bom.csv'))).rejects.toThrow(/no year column/);
  });

  it('refuses a file without a district column', async () => {
    await expect(parseWide(fixture('wide_districts.csv'), { columns: { area: 'tehsil' } })).rejects.toThrow(IndicatorFileError);
  });
});

describe('parseLong', () => {
  it('lists each malformed row with its line, column and reason, and keeps the valid ones', async () => {
    const parsed = await parseLong(fixture('long_malformed.csv'));
    expect(parsed.rejected).toEqual([
      { line: 3, column: 'value', value: 'seventy', reason: 'value is not a number' },
      { line: 4, column: 'year', value: '20x1', reason: 'year is not a whole number between 1900 and 2100' },
      { line: 5, column: 'district', value: '', reason: 'district name is missing' },
      { line: 11, column: null, value: null, reason: 'expected 6 fields as in the header, found 5' },
    ]);
    expect(parsed.rows.map((r) => [r.area_name, r.line, r.value])).toEqual([
      ['Peshawar', 2, 56.1],
      ['Multan', 6, 58.3],
      ['Nowhereabad', 8, 33.3],
      ['Karachi City', 9, 70],
      ['Larkana', 12, 48],
    ]);
  });

  it('reads Windows-1252 files and turns indicator names into codes with a warning', async () => {
    const parsed = await parseLong(fixture('long_windows1252.csv'));
    expect(parsed.rows.map((r) => r.indicator_code)).toEqual(['literacy_rate', 'literacy_rate']);
    expect(parsed.warnings).toEqual([]);

    const named = await parseLong(Buffer.from('district,year,indicator,value\nSwat,2020,Literacy Rate (%),51\n'));
    expect(named.rows[0]!.indicator_code).toBe('literacy_rate_pct');
    expect(named.warnings).toEqual(['indicator "Literacy Rate (%)" is read as code literacy_rate_pct']);
  });

  it('uses configured column names', async () => {
    const text = 'area,region,period,code,amount\nSwat,KP,2020,population,2687384\n';
    const parsed = await parseLong(Buffer.from(text), {
      columns: { area: 'area', province: 'region', year: 'period', indicator: 'code', value: 'amount' },
    });
    expect(parsed.rows).toEqual([
      { indicator_code: 'population', area_name: 'Swat', province_name: 'KP', year: 2020, value: 2687384, raw: '2687384', line: 2, column: 'amount' },
    ]);
  });
});
