import { describe, expect, it } from 'vitest';
import { competitionRanks, computeImpact, latestCompleteYear, logScale, rawImpact, windowedImpact, type ImpactArea, type ImpactComponents } from './impact';
import { DEFAULT_DEFINITIONS } from './indexDefinitions';

const P = DEFAULT_DEFINITIONS.impact;
const c = (incidents: number, deaths = 0, injuries = 0, hostages = 0): ImpactComponents => ({ incidents, deaths, injuries, hostages });
const area = (pcode: string, years: [number, ImpactComponents][]): ImpactArea => ({ pcode, name: `District ${pcode}`, province_pcode: 'PK5', years: new Map(years) });

describe('rawImpact', () => {
  it('weighs incidents 1, deaths 3, injuries 0.5 and hostages 0.5 by default', () => {
    // 2 + 3·10 + 0.5·4 + 0.5·2 = 35
    expect(rawImpact(c(2, 10, 4, 2), P.weights)).toBe(35);
    expect(rawImpact(c(0), P.weights)).toBe(0);
  });

  it('uses the weights it is given', () => {
    expect(rawImpact(c(2, 10, 4, 2), { incidents: 1, deaths: 1, injuries: 1, hostages: 1 })).toBe(18);
  });
});

describe('windowedImpact', () => {
  it('weighs the scored year 16, then 8, 4, 2, 1, divided by their sum 31', () => {
    // (16·31 + 8·0 + 4·62) / 31 = 744 / 31 = 24
    const raw = new Map([
      [2013, 31],
      [2011, 62],
      [2008, 1000], // outside the window
    ]);
    expect(windowedImpact(raw, 2013, P.window_weights)).toBe(24);
  });

  it('is 0 without incidents', () => {
    expect(windowedImpact(new Map(), 2013, P.window_weights)).toBe(0);
  });
});

describe('logScale', () => {
  it('is 10·ln(1+x)/ln(1+max)', () => {
    expect(logScale(15, 15)).toBe(10);
    // 10·ln 4 / ln 16 = 5
    expect(logScale(3, 15)).toBeCloseTo(5, 12);
    // 10·ln 2 / ln 100 = 5·log10 2
    expect(logScale(1, 99)).toBeCloseTo(1.50515, 5);
    expect(logScale(0, 15)).toBe(0);
  });

  it('is 0 for everyone when the top is 0', () => {
    expect(logScale(0, 0)).toBe(0);
  });
});

describe('competitionRanks', () => {
  it('gives ties the same rank and skips the next', () => {
    expect(competitionRanks([9, 5, 5, 3, 0, 0])).toEqual([1, 2, 2, 4, 5, 5]);
  });
});

describe('computeImpact', () => {
  // A: 2013 raw 2 + 3·9 = 29, 2009 raw 1 → x = (16·29 + 1·1)/31 = 465/31 = 15 (the top)
  // B: 2013 raw 1 + 0.5·8 = 5, 2011 raw 2 + 0.5·2 = 3, 2009 raw 1 → x = (80 + 12 + 1)/31 = 3 → 10·ln 4/ln 16 = 5
  // C: nothing; D: only 2008, outside the window → 0
  const areas = [
    area('PK1', [
      [2013, c(2, 9)],
      [2009, c(1)],
    ]),
    area('PK2', [
      [2013, c(1, 0, 8)],
      [2011, c(2, 0, 0, 2)],
      [2009, c(1)],
    ]),
    area('PK3', []),
    area('PK4', [[2008, c(5, 50)]]),
  ];

  it('scores against the highest windowed value, with components beside the score', () => {
    const result = computeImpact(areas, 2013, P);
    expect(result.window).toEqual({ first: 2009, last: 2013, weights: [16, 8, 4, 2, 1] });
    expect(result.max_windowed).toBe(15);
    expect(result.rows.map((r) => [r.pcode, r.rank, r.score, r.windowed])).toEqual([
      ['PK1', 1, 10, 15],
      ['PK2', 2, 5, 3],
      ['PK3', 3, 0, 0],
      ['PK4', 3, 0, 0],
    ]);
    const a = result.rows[0]!;
    expect(a.current).toEqual({ incidents: 2, deaths: 9, injuries: 0, hostages: 0, raw: 29 });
    expect(a.window).toEqual({ incidents: 3, deaths: 9, injuries: 0, hostages: 0 });
    expect(a.by_year.map((y) => [y.year, y.weight, y.raw])).toEqual([
      [2013, 16, 29],
      [2012, 8, 0],
      [2011, 4, 0],
      [2010, 2, 0],
      [2009, 1, 1],
    ]);
    expect(result.rows[1]!.window).toEqual({ incidents: 4, deaths: 0, injuries: 8, hostages: 2 });
    expect(result.notes).toEqual([]);
  });

  it('keeps the national top when the rows are limited to some areas', () => {
    const result = computeImpact(areas, 2013, P, (x) => x.pcode === 'PK2');
    expect(result.rows.map((r) => [r.pcode, r.rank, r.score])).toEqual([['PK2', 1, 5]]);
    expect(result.max_windowed).toBe(15);
  });

  it('gives every area 0 with a note when there are no incidents in the window', () => {
    const result = computeImpact([area('PK3', []), area('PK4', [[2005, c(3)]])], 2013, P);
    expect(result.rows.map((r) => r.score)).toEqual([0, 0]);
    expect(result.rows.map((r) => r.rank)).toEqual([1, 1]);
    expect(result.max_windowed).toBe(0);
    expect(result.notes).toEqual(['No counted incidents in 2009–2013: every area scores 0 (the scale has no top).']);
  });

  it('gives a single district with incidents the top score', () => {
    const result = computeImpact([area('PK9', [[2012, c(1)]])], 2013, P);
    // x = 8·1/31
    expect(result.rows[0]).toMatchObject({ score: 10, windowed: 0.258, rank: 1 });
  });

  it('gives all areas 10 when all are equal', () => {
    const same = ['PK1', 'PK2', 'PK3'].map((p) => area(p, [[2013, c(1, 1)]]));
    const result = computeImpact(same, 2013, P);
    expect(result.rows.map((r) => [r.score, r.rank])).toEqual([
      [10, 1],
      [10, 1],
      [10, 1],
    ]);
  });

  it('follows a definition with other weights and window', () => {
    // One-year window, deaths only: A x = 9, B x = 0 + ... = 0 in 2013 → B 0; scale top 100
    const result = computeImpact(areas, 2013, { weights: { incidents: 0, deaths: 1, injuries: 0, hostages: 0 }, window_weights: [1], top: 100 });
    expect(result.rows.map((r) => [r.pcode, r.score, r.windowed])).toEqual([
      ['PK1', 100, 9],
      ['PK2', 0, 0],
      ['PK3', 0, 0],
      ['PK4', 0, 0],
    ]);
    expect(result.window).toEqual({ first: 2013, last: 2013, weights: [1] });
  });
});

describe('latestCompleteYear', () => {
  it('is the year whose December the data reach', () => {
    expect(latestCompleteYear('2025-05')).toBe(2024);
    expect(latestCompleteYear('2024-12')).toBe(2024);
    expect(latestCompleteYear(null)).toBeNull();
  });
});
