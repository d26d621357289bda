import { describe, expect, it } from 'vitest';
import { computeRisk, geometricMean, lackOfCoping, serviceLack, type CopingInput, type RiskArea } from './risk';

const service = (code: string, value: number | null): CopingInput => ({ code, weight: 1, goalposts: [0, 100], value, year: value === null ? null : 2019 });

describe('geometricMean', () => {
  it('is the cube root of the product of three', () => {
    expect(geometricMean([2, 4, 8])).toBeCloseTo(4, 12);
    expect(geometricMean([1, 1, 1])).toBe(1);
    expect(geometricMean([0, 5, 9])).toBe(0);
  });
});

describe('lack of coping capacity', () => {
  it('is the lack of a service on 0–10', () => {
    expect(serviceLack(30, [0, 100])).toBe(7);
    expect(serviceLack(100, [0, 100])).toBe(0);
  });

  it('averages infrastructure (services) and institutional (10 − implementation / 10)', () => {
    // health 30 → 7, electricity 90 → 1: infrastructure 4; implementation 40 → 6; coping (4 + 6) / 2 = 5
    expect(lackOfCoping([service('health', 30), service('electricity', 90)], 40)).toEqual({ infrastructure: 4, institutional: 6, coping: 5 });
  });

  it('uses the category present when the other is missing, and none when both are', () => {
    expect(lackOfCoping([service('health', 30), service('electricity', null)], null)).toEqual({ infrastructure: 7, institutional: null, coping: 7 });
    // 10 − 75 / 10 = 2.5
    expect(lackOfCoping([service('health', null)], 75)).toEqual({ infrastructure: null, institutional: 2.5, coping: 2.5 });
    expect(lackOfCoping([service('health', null)], null)).toEqual({ infrastructure: null, institutional: null, coping: null });
  });
});

describe('computeRisk', () => {
  const base = (pcode: string, over: Partial<RiskArea>): RiskArea => ({
    pcode,
    name: pcode,
    province_pcode: 'PK5',
    hazard: 8,
    deprivation: 40,
    services: [service('health', 80), service('electricity', 80)],
    implementation: null,
    ...over,
  });

  it('is the geometric mean of hazard, vulnerability (deprivation / 10) and lack of coping', () => {
    // (8 · 4 · 2)^(1/3) = 64^(1/3) = 4
    const result = computeRisk([base('A', {})]);
    expect(result.rows[0]).toMatchObject({ pcode: 'A', risk: 4, hazard: 8, vulnerability: 4, coping: 2, rank: 1, missing: [] });
  });

  it('gives no risk when a dimension is missing and names it', () => {
    const result = computeRisk([base('A', {}), base('B', { deprivation: null }), base('C', { services: [service('health', null)], hazard: null })]);
    expect(result.rows.map((r) => [r.pcode, r.risk, r.rank, r.missing])).toEqual([
      ['A', 4, 1, []],
      ['B', null, null, ['vulnerability']],
      ['C', null, null, ['hazard', 'coping']],
    ]);
    expect(result.notes).toEqual([
      '1 of 3 districts have no hazard figure and get no risk score.',
      '1 of 3 districts have no vulnerability figure and get no risk score.',
      '1 of 3 districts have no lack of coping capacity figure and get no risk score.',
    ]);
  });

  it('is 0 without incidents, with a note', () => {
    const result = computeRisk([base('A', { hazard: 0 }), base('B', { hazard: 0 })]);
    expect(result.rows.map((r) => [r.risk, r.rank])).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(result.notes).toContain('2 districts have no counted incidents in the window (hazard 0), so their risk is 0.');
  });

  it('ties equal districts', () => {
    const result = computeRisk([base('A', {}), base('B', {}), base('C', {})]);
    expect(result.rows.map((r) => r.rank)).toEqual([1, 1, 1]);
  });
});
