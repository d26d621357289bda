import { describe, expect, it } from 'vitest';
import { computeDeprivation, deprivationScore, requiredIndicators, type DeprivationArea, type DeprivationSpec } from './deprivation';

const specs: DeprivationSpec[] = [
  { code: 'poverty_rate', direction: 'higher_is_worse', weight: 1, goalposts: [0, 100] },
  { code: 'literacy_rate', direction: 'higher_is_better', weight: 1, goalposts: [0, 100] },
  { code: 'improved_water', direction: 'higher_is_better', weight: 1, goalposts: [0, 100] },
  { code: 'flush_toilet', direction: 'higher_is_better', weight: 1, goalposts: [0, 100] },
];

const district = (pcode: string, values: Record<string, number>): DeprivationArea => ({
  pcode,
  name: pcode,
  province_pcode: 'PK2',
  values: new Map(Object.entries(values).map(([code, value]) => [code, { value, year: 2023 }])),
});

describe('deprivationScore', () => {
  it('puts a value on 0–100 by its direction and goalposts, clamped', () => {
    expect(deprivationScore(30, { direction: 'higher_is_worse', goalposts: [0, 100] })).toBe(30);
    expect(deprivationScore(30, { direction: 'higher_is_better', goalposts: [0, 100] })).toBe(70);
    // (60 − 35) / (60 − 10) = 0.5
    expect(deprivationScore(35, { direction: 'higher_is_better', goalposts: [10, 60] })).toBe(50);
    expect(deprivationScore(120, { direction: 'higher_is_worse', goalposts: [0, 100] })).toBe(100);
    expect(deprivationScore(-5, { direction: 'higher_is_worse', goalposts: [0, 100] })).toBe(0);
  });
});

describe('requiredIndicators', () => {
  it('is at least half of the indicators, rounded up, and at least one', () => {
    expect(requiredIndicators(4, 0.5)).toBe(2);
    expect(requiredIndicators(3, 0.5)).toBe(2);
    expect(requiredIndicators(5, 0.5)).toBe(3);
    expect(requiredIndicators(1, 0.5)).toBe(1);
    expect(requiredIndicators(4, 0)).toBe(1);
  });
});

describe('computeDeprivation', () => {
  // X: poverty 40 → 40, literacy 60 → 40, water 80 → 20, toilet 50 → 50; mean 37.5
  // Y: poverty 20 → 20, literacy 90 → 10; two of four present → mean 15, 2 missing
  // Z: water 10 only → one of four, below two → no score, 3 missing
  const areas = [
    district('X', { poverty_rate: 40, literacy_rate: 60, improved_water: 80, flush_toilet: 50 }),
    district('Y', { poverty_rate: 20, literacy_rate: 90 }),
    district('Z', { improved_water: 10 }),
  ];

  it('averages the oriented scores, scoring districts with at least half the indicators', () => {
    const result = computeDeprivation(areas, specs, 0.5);
    expect(result.required).toBe(2);
    expect(result.rows.map((r) => [r.pcode, r.rank, r.index, r.available, r.missing])).toEqual([
      ['X', 1, 37.5, 4, 0],
      ['Y', 2, 15, 2, 2],
      ['Z', null, null, 1, 3],
    ]);
    expect(result.rows[1]!.missing_codes).toEqual(['improved_water', 'flush_toilet']);
    expect(result.rows[0]!.components.map((c) => c.score)).toEqual([40, 40, 20, 50]);
    expect(result.notes).toEqual([
      '1 of 3 districts have fewer than 2 of the 4 indicators and are not scored.',
      '5 indicator values are missing across 2 districts.',
    ]);
  });

  it('uses the stated weights and renormalises them over the indicators present', () => {
    const weighted = specs.map((s) => (s.code === 'poverty_rate' ? { ...s, weight: 2 } : s));
    const result = computeDeprivation(areas, weighted, 0.5);
    // X: (2·40 + 40 + 20 + 50) / 5 = 38; Y: (2·20 + 10) / 3 = 16.667
    expect(result.rows.map((r) => r.index)).toEqual([38, 16.667, null]);
  });

  it('scores a single district and ties equal districts', () => {
    expect(computeDeprivation([areas[0]!], specs, 0.5).rows[0]).toMatchObject({ index: 37.5, rank: 1 });
    const same = ['A', 'B', 'C'].map((p) => district(p, { poverty_rate: 10, literacy_rate: 90, improved_water: 90, flush_toilet: 90 }));
    expect(computeDeprivation(same, specs, 0.5).rows.map((r) => [r.index, r.rank])).toEqual([
      [10, 1],
      [10, 1],
      [10, 1],
    ]);
  });

  it('leaves every district unscored when none has values', () => {
    const result = computeDeprivation([district('A', {}), district('B', {})], specs, 0.5);
    expect(result.rows.every((r) => r.index === null && r.missing === 4)).toBe(true);
  });
});
