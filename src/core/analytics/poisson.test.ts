import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, logGamma, poissonUpperTail, regularizedGammaP, regularizedGammaQ } from './poisson';

/** P(X ≥ x) summed term by term: fine for the small cases it checks. */
function naiveTail(x: number, lambda: number): number {
  let below = 0;
  let term = Math.exp(-lambda);
  for (let k = 0; k < x; k++) {
    below += term;
    term *= lambda / (k + 1);
  }
  return 1 - below;
}

describe('logGamma', () => {
  it('matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });

  it('refuses z ≤ 0', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
  });
});

describe('regularized incomplete gamma', () => {
  it('P(1, x) = 1 − e^−x on both evaluation paths', () => {
    for (const x of [0.1, 1.5, 2, 8, 30]) expect(regularizedGammaP(1, x)).toBeCloseTo(1 - Math.exp(-x), 13);
  });

  it('P + Q = 1 and the edges are exact', () => {
    for (const [a, x] of [[3, 1], [3, 7], [50, 49], [0.5, 0.2]] as const) {
      expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 13);
    }
    expect(regularizedGammaP(4, 0)).toBe(0);
    expect(regularizedGammaQ(4, 0)).toBe(1);
  });
});

describe('poissonUpperTail', () => {
  // Reference values: 1 − Σ_{k<x} e^−λ λ^k / k!, worked out exactly with 60-digit decimals.
  it.each([
    [5, 2, 0.052653017343711],
    [1, 1, 0.632120558828558],
    [20, 10, 0.003454341975857],
    [3, 0.5, 0.014387677966971],
    [7, 2.5, 0.01418731199091],
    [10, 10, 0.5420702855281],
    [2, 5.5, 0.97343598565],
    [1, 0.001, 0.000999500166625],
  ])('P(X ≥ %d | λ = %d) = %d', (x, lambda, expected) => {
    const { p, note } = poissonUpperTail(x, lambda);
    expect(p).toBeCloseTo(expected, 11);
    expect(note).toBeNull();
  });

  it('stays accurate for large counts where naive factorial sums overflow', () => {
    expect(poissonUpperTail(200, 150).p / 5.709688574208e-5).toBeCloseTo(1, 9);
    expect(poissonUpperTail(1000, 900).p / 5.499022657118e-4).toBeCloseTo(1, 8);
  });

  it('agrees with the direct sum across a grid of small cases', () => {
    for (const lambda of [0.3, 1, 2.25, 4, 9.5]) {
      for (let x = 1; x <= 15; x++) expect(poissonUpperTail(x, lambda).p).toBeCloseTo(naiveTail(x, lambda), 12);
    }
  });

  it('a count of zero is never a surge: p = 1 whatever the baseline', () => {
    expect(poissonUpperTail(0, 3)).toEqual({ p: 1, note: null });
    expect(poissonUpperTail(0, 0)).toEqual({ p: 1, note: null });
  });

  it('with a baseline of zero any incident gives p = 0, flagged', () => {
    expect(poissonUpperTail(1, 0)).toEqual({ p: 0, note: 'no_baseline' });
    expect(poissonUpperTail(12, 0)).toEqual({ p: 0, note: 'no_baseline' });
  });

  it('p falls as the count rises above the same baseline', () => {
    const ps = [2, 4, 6, 8].map((x) => poissonUpperTail(x, 3).p);
    expect([...ps].sort((a, b) => b - a)).toEqual(ps);
  });

  it('refuses counts that are not whole numbers and negative means', () => {
    expect(() => poissonUpperTail(1.5, 2)).toThrow(RangeError);
    expect(() => poissonUpperTail(-1, 2)).toThrow(RangeError);
    expect(() => poissonUpperTail(1, -2)).toThrow(RangeError);
  });
});

describe('benjaminiHochberg', () => {
  it('matches a hand-worked list and keeps the input order', () => {
    // Sorted: 0.01 (×4/1 = 0.04), 0.02 (×4/2 = 0.04), 0.03 (×4/3 = 0.04), 0.5 (×4/4 = 0.5).
    const q = benjaminiHochberg([0.5, 0.01, 0.03, 0.02]);
    expect(q[0]).toBeCloseTo(0.5, 12);
    expect(q[1]).toBeCloseTo(0.04, 12);
    expect(q[2]).toBeCloseTo(0.04, 12);
    expect(q[3]).toBeCloseTo(0.04, 12);
  });

  it('takes the running minimum from the top so adjusted values never decrease with rank', () => {
    // Sorted 0.01, 0.04, 0.045: raw 0.03, 0.06, 0.045 → monotone 0.03, 0.045, 0.045.
    const q = benjaminiHochberg([0.045, 0.01, 0.04]);
    expect(q[1]).toBeCloseTo(0.03, 12);
    expect(q[2]).toBeCloseTo(0.045, 12);
    expect(q[0]).toBeCloseTo(0.045, 12);
  });

  it('caps at 1, leaves nulls out of m, and handles empty and single lists', () => {
    expect(benjaminiHochberg([1, 1, null])).toEqual([1, 1, null]);
    const q = benjaminiHochberg([0.02, null, 0.04]);
    expect(q[0]).toBeCloseTo(0.04, 12);
    expect(q[1]).toBeNull();
    expect(q[2]).toBeCloseTo(0.04, 12);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(benjaminiHochberg([0.2])).toEqual([0.2]);
  });
});
