import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indicatorCode } from '../../core/indicators';
import { readData4PakistanCatalogue } from './data4pakistan';
import { parsePslm2019 } from './pslm2019';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../../../test/fixtures/indicators', name);

describe('parsePslm2019', () => {
  it('builds catalogue entries from the metadata columns, directions from the Data4Pakistan catalogue', async () => {
    const catalogue = await readData4PakistanCatalogue(fixture('data4pakistan_indicator_catalogue.csv'));
    const parsed = await parsePslm2019(fixture('pslm2019_sample.csv'), { catalogue });
    const size = parsed.indicators.find((i) => i.code === 'household_size')!;
    expect(size).toMatchObject({ name: 'Household size', unit: null, direction: 'higher_is_worse', domain: 'Household Characteristics' });
    expect(size.definition).toBe('Mean household size. Counted over all households, including single-person ones.');
    const dpt = indicatorCode('Immunization, DPT three doses (% children 12-24 months)');
    expect(parsed.indicators.find((i) => i.code === dpt)).toMatchObject({ direction: 'neutral', unit: 'percent (0–100)' });
    expect(parsed.warnings.join(' ')).toMatch(/no direction known.*DPT/);
  });

  it('numbers rows by the line they start on, past multi-line definitions, and skips NaN', async () => {
    const parsed = await parsePslm2019(fixture('pslm2019_sample.csv'));
    expect(parsed.rows.map((r) => [r.area_name, r.line, r.value])).toEqual([
      ['Abbottabad', 2, 6.43],
      ['Abbottabad', 4, 40.5],
      ['Chitral', 5, 7.1],
      ['Bannu', 6, 81],
    ]);
    expect(parsed.rejected).toEqual([]);
    expect(parsed.rows.every((r) => r.year === 2019 && r.column === 'value')).toBe(true);
  });
});
