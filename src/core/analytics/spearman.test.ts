import { describe, expect, it } from 'vitest';
import { averageRanks, pearson, regularizedBeta, spearman, spearmanPValue, studentTTwoSided } from './spearman';

describe('averageRanks', () => {
  it('ranks from 1 and gives ties the mean of the ranks they span', () => {
    expect(averageRanks([30, 10, 20])).toEqual([3, 1, 2]);
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(averageRanks([5, 5, 5])).toEqual([2, 2, 2]);
    expect(averageRanks([2, 1, 2, 1, 3])).toEqual([3.5, 1.5, 3.5, 1.5, 5]);
    expect(averageRanks([])).toEqual([]);
  });
});

describe('spearman', () => {
  it('matches 1 − 6Σd²/(n(n²−1)) without ties', () => {
    // ranks of y: 2,1,4,3,5 → d = −1,1,−1,1,0, Σd² = 4 → 1 − 24/120 = 0.8
    expect(spearman([1, 2, 3, 4, 5], [20, 10, 40, 30, 50])).toBeCloseTo(0.8, 12);
  });

  it('uses average ranks for ties (Pearson of the ranks)', () => {
    // x ranks 1,2,3,4; y ranks 1,2.5,2.5,4: Sxy = 4.5, Sxx = 5, Syy = 4.5 → ρ = √0.9
    expect(spearman([1, 2, 3, 4], [1, 2, 2, 3])).toBeCloseTo(Math.sqrt(0.9), 12);
  });

  it('is 1 for any increasing relation and −1 for any decreasing one', () => {
    expect(spearman([1, 2, 3, 4, 5], [1, 4, 9, 16, 1000])).toBe(1);
    expect(spearman([1, 2, 3, 4, 5], [9, 7, 5, 3, 1])).toBe(-1);
  });

  it('is undefined when a variable does not vary or there is one pair', () => {
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNull();
    expect(spearman([7, 7, 7], [1, 2, 3])).toBeNull();
    expect(spearman([1], [2])).toBeNull();
    expect(pearson([], [])).toBeNull();
  });

  it('refuses vectors of different lengths', () => {
    expect(() => spearman([1, 2], [1])).toThrow(RangeError);
  });
});

describe('p-value by the t-approximation', () => {
  it('matches the closed forms of Student t with 1 and 2 degrees of freedom', () => {
    for (const t of [0.3, 1, 2.5, 7]) {
      // df = 1 (Cauchy): P(|T| ≥ t) = 1 − (2/π)·atan(t); df = 2: 1 − t/√(t² + 2)
      expect(studentTTwoSided(t, 1)).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(t), 10);
      expect(studentTTwoSided(t, 2)).toBeCloseTo(1 - t / Math.sqrt(t * t + 2), 10);
    }
    expect(studentTTwoSided(0, 5)).toBeCloseTo(1, 12);
  });

  it('computes t = ρ√((n−2)/(1−ρ²)) on n − 2 degrees of freedom', () => {
    // n = 4, ρ = 0.6: t = 0.6·√(2/0.64) = 1.0607, df = 2 → 1 − t/√(t² + 2)
    const t = 0.6 * Math.sqrt(2 / 0.64);
    expect(spearmanPValue(0.6, 4)).toBeCloseTo(1 - t / Math.sqrt(t * t + 2), 10);
    expect(spearmanPValue(-0.6, 4)).toBeCloseTo(spearmanPValue(0.6, 4)!, 12);
    expect(spearmanPValue(1, 10)).toBe(0);
    expect(spearmanPValue(0, 10)).toBeCloseTo(1, 12);
    expect(spearmanPValue(null, 10)).toBeNull();
    expect(spearmanPValue(0.5, 2)).toBeNull();
  });

  it('keeps the regularized incomplete beta within its bounds and symmetric', () => {
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
    // I_x(1, 1) = x; I_x(a, b) = 1 − I_{1−x}(b, a)
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularizedBeta(0.3, 2.5, 4)).toBeCloseTo(1 - regularizedBeta(0.7, 4, 2.5), 12);
  });
});
