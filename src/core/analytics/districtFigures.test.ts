import { describe, expect, it } from 'vitest';
import { buildDistrictFigures, choosePopulation, districtFiguresTable, type DistrictPlace, type PlacedTotals } from './districtFigures';

function fact(province: string, district: string, incidents: number, killed: [number, number, number] = [0, 0, 0], injured = 0): PlacedTotals {
  return {
    province,
    district,
    incidents,
    suicide: 0,
    killed: { low: killed[0], best: killed[1], high: killed[2] },
    injured: { low: injured, best: injured, high: injured },
    hostages: { low: 0, best: 0, high: 0 },
  };
}

const provinces = [
  { pcode: 'PK2', name: 'Balochistan' },
  { pcode: 'PK5', name: 'Khyber Pakhtunkhwa' },
];
const districts: DistrictPlace[] = [
  { pcode: 'PK201', name: 'Quetta', province_pcode: 'PK2' },
  { pcode: 'PK202', name: 'Pishin', province_pcode: 'PK2' },
  { pcode: 'PK501', name: 'Peshawar', province_pcode: 'PK5' },
];

describe('choosePopulation', () => {
  const values = [
    { pcode: 'A', year: 2017, value: 100 },
    { pcode: 'A', year: 2023, value: 120 },
    { pcode: 'B', year: 2023, value: 50 },
    { pcode: 'B', year: 2030, value: 70 },
    { pcode: 'C', year: 2017, value: 0 },
  ];

  it('takes the latest year at or before the end of the period', () => {
    const chosen = choosePopulation(values, 2020);
    expect(chosen.get('A')).toEqual({ value: 100, year: 2017, later: false });
    expect(choosePopulation(values, 2023).get('A')).toEqual({ value: 120, year: 2023, later: false });
    expect(choosePopulation(values, null).get('A')).toEqual({ value: 120, year: 2023, later: false });
  });

  it('falls back to the earliest later year, marked, when none is that early', () => {
    expect(choosePopulation(values, 2020).get('B')).toEqual({ value: 50, year: 2023, later: true });
    expect(choosePopulation(values, 2010).get('A')).toEqual({ value: 100, year: 2017, later: true });
  });

  it('ignores values that cannot divide (zero or negative)', () => {
    expect(choosePopulation(values, null).has('C')).toBe(false);
  });
});

describe('buildDistrictFigures', () => {
  const population = choosePopulation(
    [
      { pcode: 'PK201', year: 2023, value: 2_000_000 },
      { pcode: 'PK202', year: 2017, value: 500_000 },
      { pcode: 'PK501', year: 2023, value: 4_000_000 },
    ],
    2023,
  );

  it('hand-worked rates per 100,000 and province totals', () => {
    const r = buildDistrictFigures({
      facts: [fact('PK2', 'PK201', 4, [10, 12, 20], 30), fact('PK2', '', 1, [1, 1, 1]), fact('PK5', 'PK501', 2, [0, 2, 3])],
      districts,
      provinces,
      population,
    });
    const quetta = r.districts.find((d) => d.pcode === 'PK201')!;
    expect(quetta).toMatchObject({ name: 'Quetta', province_name: 'Balochistan', incidents: 4, population: 2_000_000, population_year: 2023 });
    // 4 / 2,000,000 × 100,000 = 0.2; killed 10, 12, 20 → 0.5, 0.6, 1; injured 30 → 1.5.
    expect(quetta.per_100k).toEqual({ incidents: 0.2, killed: { low: 0.5, best: 0.6, high: 1 }, injured: { low: 1.5, best: 1.5, high: 1.5 } });
    // A listed district without incidents is a real zero (the period has data).
    const pishin = r.districts.find((d) => d.pcode === 'PK202')!;
    expect(pishin).toMatchObject({ incidents: 0, population: 500_000, per_100k: { incidents: 0 } });
    // Balochistan: 4 in Quetta + 1 with no district; population 2,000,000 + 500,000.
    const bal = r.provinces.find((p) => p.pcode === 'PK2')!;
    expect(bal).toMatchObject({ incidents: 5, without_district: 1, population: 2_500_000, population_years: [2017, 2023] });
    expect(bal.killed).toEqual({ low: 11, best: 13, high: 21 });
    expect(bal.per_100k.incidents).toBe(0.2);
    expect(r.counts).toMatchObject({ districts: 3, without_population: 0, without_district: 1, unplaced: 0 });
    expect(r.total.incidents).toBe(7);
  });

  it('orders districts by incidents, then killed, then P-code', () => {
    const r = buildDistrictFigures({ facts: [fact('PK5', 'PK501', 1, [0, 5, 5]), fact('PK2', 'PK201', 1, [0, 1, 1])], districts, provinces, population });
    expect(r.districts.map((d) => d.pcode)).toEqual(['PK501', 'PK201', 'PK202']);
  });

  it('a district without population gets null rates, and its province no population', () => {
    const partial = new Map(population);
    partial.delete('PK202');
    const r = buildDistrictFigures({ facts: [fact('PK2', 'PK202', 3)], districts, provinces, population: partial });
    expect(r.districts.find((d) => d.pcode === 'PK202')).toMatchObject({ incidents: 3, population: null, per_100k: { incidents: null, killed: null, injured: null } });
    expect(r.provinces.find((p) => p.pcode === 'PK2')).toMatchObject({ incidents: 3, population: null, per_100k: { incidents: null } });
    expect(r.counts.without_population).toBe(1);
  });

  it('counts populations taken from after the period', () => {
    const later = choosePopulation([{ pcode: 'PK201', year: 2023, value: 1_000_000 }], 2010);
    const r = buildDistrictFigures({ facts: [fact('PK2', 'PK201', 1)], districts: districts.slice(0, 1), provinces, population: later });
    expect(r.counts.population_after_period).toBe(1);
    expect(r.districts[0]!.per_100k.incidents).toBe(0.1);
  });

  it('one district: its province is the one listed and its population the province population', () => {
    const r = buildDistrictFigures({ facts: [fact('PK5', 'PK501', 8)], districts: districts.slice(2), provinces, population });
    expect(r.districts).toHaveLength(1);
    expect(r.provinces).toEqual([expect.objectContaining({ pcode: 'PK5', incidents: 8, population: 4_000_000, per_100k: expect.objectContaining({ incidents: 0.2 }) })]);
  });

  it('incidents with no place at all count in no district or province, only in the total', () => {
    const r = buildDistrictFigures({ facts: [fact('', '', 2), fact('PK5', 'PK501', 1)], districts, provinces, population });
    expect(r.counts.unplaced).toBe(2);
    expect(r.total.incidents).toBe(3);
    expect(r.provinces.reduce((s, p) => s + p.incidents, 0)).toBe(1);
  });

  it('no incidents: nothing, not a map of zeros', () => {
    const r = buildDistrictFigures({ facts: [], districts, provinces, population });
    expect(r.districts).toEqual([]);
    expect(r.provinces).toEqual([]);
    expect(districtFiguresTable(r).rows).toEqual([]);
  });

  it('the table has one row per district with the best rates', () => {
    const r = buildDistrictFigures({ facts: [fact('PK2', 'PK201', 4, [10, 12, 20])], districts, provinces, population });
    const t = districtFiguresTable(r);
    expect(t.rows).toHaveLength(3);
    expect(t.rows[0]).toMatchObject({ pcode: 'PK201', incidents: 4, killed_best: 12, killed_low: 10, incidents_per_100k: 0.2, killed_per_100k: 0.6 });
  });
});
