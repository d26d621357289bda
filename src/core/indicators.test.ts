import { describe, expect, it } from 'vitest';
import {
  INDICATOR_CODE_MAX,
  UNITS,
  indicatorCode,
  indicatorCodeSchema,
  indicatorEntry,
  isAdditiveUnit,
  parseDirection,
} from './indicators';

describe('indicatorCode', () => {
  it('slugs a name into lowercase a-z, 0-9 and _', () => {
    expect(indicatorCode('Access to electricity (% of population)')).toBe('access_to_electricity_pct_of_population');
    expect(indicatorCode("Households' mobile phone ownership")).toBe('households_mobile_phone_ownership');
    expect(indicatorCode('R&D Health')).toBe('r_and_d_health');
    expect(indicatorCode('  Literacy   rate  ')).toBe('literacy_rate');
  });

  it('starts with a letter and is never empty', () => {
    expect(indicatorCode('2017 census')).toBe('i_2017_census');
    expect(indicatorCode('%%%')).toBe('pct_pct_pct');
    expect(indicatorCode('—')).toBe('indicator');
  });

  it('is stable: the same name always gives the same code', () => {
    const name = 'Gross school enrollment, primary school, 6-10 years old, female (% gross female)';
    expect(indicatorCode(name)).toBe(indicatorCode(name));
    expect(indicatorCode(name)).toBe(indicatorCode(name.toUpperCase()));
  });

  it('keeps long names short and distinct where they share a beginning', () => {
    const liquid =
      'Diarrhea treatment- less than regular liquid (% of children under 5 who had diarrhea episode in the two weeks prior to the survey)';
    const food =
      'Diarrhea treatment- less than regular food (% of children under 5 who had a diarrhea episode in the two weeks prior to the survey)';
    const a = indicatorCode(`${liquid}`);
    const b = indicatorCode(`${food}`);
    const c = indicatorCode(`${liquid} again`);
    for (const code of [a, b, c]) {
      expect(code.length).toBeLessThanOrEqual(INDICATOR_CODE_MAX);
      expect(indicatorCodeSchema.safeParse(code).success).toBe(true);
    }
    expect(new Set([a, b, c]).size).toBe(3);
    expect(a.startsWith('diarrhea_treatment_less_than_regular_liquid')).toBe(true);
  });
});

describe('catalogue entries', () => {
  const base = {
    code: 'literacy_rate',
    name: 'Literacy rate',
    unit: UNITS.percent,
    direction: 'higher_is_better' as const,
    domain: 'Education',
    source: 'PBS',
    licence: 'Official statistics',
    definition: '  ',
  };

  it('validates and normalises blanks to null', () => {
    const entry = indicatorEntry(base);
    expect(entry.definition).toBeNull();
    expect(entry.first_year).toBeNull();
  });

  it('rejects a bad code, direction or missing licence', () => {
    expect(() => indicatorEntry({ ...base, code: 'Literacy Rate' })).toThrow();
    expect(() => indicatorEntry({ ...base, direction: 'up' as never })).toThrow();
    expect(() => indicatorEntry({ ...base, licence: '' })).toThrow();
  });
});

describe('vocabulary', () => {
  it('reads publisher directions', () => {
    expect(parseDirection('positive')).toBe('higher_is_better');
    expect(parseDirection(' Negative ')).toBe('higher_is_worse');
    expect(parseDirection('higher is better')).toBe('higher_is_better');
    expect(parseDirection('neutral')).toBe('neutral');
    expect(parseDirection('')).toBeNull();
    expect(parseDirection('sideways')).toBeNull();
  });

  it('knows which units add up across districts', () => {
    expect(isAdditiveUnit(UNITS.persons)).toBe(true);
    expect(isAdditiveUnit(UNITS.households)).toBe(true);
    expect(isAdditiveUnit(UNITS.squareKilometres)).toBe(true);
    expect(isAdditiveUnit(UNITS.thousandPersons)).toBe(true);
    expect(isAdditiveUnit(UNITS.percent)).toBe(false);
    expect(isAdditiveUnit(null)).toBe(false);
  });
});
