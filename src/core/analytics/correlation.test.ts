import { describe, expect, it } from 'vitest';
import { correlate, describeAssociation, per100k, rankScatter } from './correlation';
import { spearman } from './spearman';

const pairs = (xs: number[], ys: number[]) => xs.map((x, i) => ({ x, y: ys[i]! }));
const quick = { resamples: 400, seed: 11, minimum: 5 };

describe('correlate', () => {
  it('reports ρ, n and the p-value of the t-approximation', () => {
    const r = correlate(pairs([1, 2, 3, 4, 5], [20, 10, 40, 30, 50]), quick);
    expect(r.n).toBe(5);
    expect(r.rho).toBeCloseTo(0.8, 12);
    // t = 0.8·√(3/0.36) on 3 df; for 3 df, P(|T| ≥ t) = 1 − (2/π)(θ + sin θ cos θ) with θ = atan(t/√3)
    const t = 0.8 * Math.sqrt(3 / 0.36);
    const theta = Math.atan(t / Math.sqrt(3));
    expect(r.p_value!).toBeCloseTo(1 - (2 / Math.PI) * (theta + Math.sin(theta) * Math.cos(theta)), 10);
    expect(r.note).toBeNull();
  });

  it('gives the same interval for the same seed and contains ρ', () => {
    const xs = [12, 40, 33, 8, 51, 27, 19, 45, 30, 5, 22, 37];
    const ys = [3, 9, 5, 1, 8, 6, 2, 7, 4, 0, 5, 9];
    const a = correlate(pairs(xs, ys), quick);
    const b = correlate(pairs(xs, ys), quick);
    const c = correlate(pairs(xs, ys), { ...quick, seed: 12 });
    expect(a).toEqual(b);
    expect([c.ci_low, c.ci_high]).not.toEqual([a.ci_low, a.ci_high]);
    expect(a.rho).toBeCloseTo(spearman(xs, ys)!, 12);
    expect(a.ci_low!).toBeLessThanOrEqual(a.rho!);
    expect(a.ci_high!).toBeGreaterThanOrEqual(a.rho!);
    expect(a.resamples).toBe(400);
  });

  it('gives the interval [1, 1] when y rises with x in every district', () => {
    // Any resample keeps the order (repeated districts tie on both), so ρ = 1 whenever it is defined.
    const r = correlate(pairs([1, 2, 3, 4, 5, 6], [2, 3, 5, 8, 13, 21]), quick);
    expect(r.rho).toBe(1);
    expect(r.ci_low).toBe(1);
    expect(r.ci_high).toBe(1);
    expect(r.p_value).toBe(0);
  });

  it('names the count when there are too few districts, including one', () => {
    const four = correlate(pairs([1, 2, 3, 4], [4, 3, 2, 1]), quick);
    expect(four).toMatchObject({ n: 4, rho: null, p_value: null, ci_low: null, ci_high: null });
    expect(four.note).toBe('4 districts with both values; at least 5 are needed for a correlation');
    expect(correlate(pairs([1], [1]), quick).note).toBe('1 district with both values; at least 5 are needed for a correlation');
    expect(correlate([], quick).note).toMatch(/^0 districts/);
  });

  it('is undefined, with a note, when all values are equal', () => {
    const flatY = correlate(pairs([1, 2, 3, 4, 5], [0, 0, 0, 0, 0]), quick);
    expect(flatY.rho).toBeNull();
    expect(flatY.note).toBe('y is the same in all 5 districts, so the rank correlation is undefined');
    expect(correlate(pairs([2, 2, 2, 2, 2], [1, 2, 3, 4, 5]), quick).note).toMatch(/^x is the same/);
    expect(correlate(pairs([2, 2, 2, 2, 2], [1, 1, 1, 1, 1]), quick).note).toMatch(/^x and y are the same/);
  });
});

describe('rankScatter', () => {
  it('adds the average ranks of x and y', () => {
    const pts = [
      { district: 'A', name: 'A', province: 'P', x: 10, y: 0 },
      { district: 'B', name: 'B', province: 'P', x: 30, y: 2 },
      { district: 'C', name: 'C', province: 'P', x: 20, y: 0 },
    ];
    expect(rankScatter(pts).map((p) => [p.district, p.x_rank, p.y_rank])).toEqual([
      ['A', 1, 1.5],
      ['B', 3, 3],
      ['C', 2, 1.5],
    ]);
  });
});

describe('helpers', () => {
  it('computes rates per 100,000 people', () => {
    expect(per100k(5, 200_000)).toBe(2.5);
    expect(per100k(0, 1000)).toBe(0);
    expect(per100k(3, 0)).toBeNull();
    expect(per100k(3, undefined)).toBeNull();
  });

  it('describes association, never cause', () => {
    const texts = [
      describeAssociation({ rho: 0.62, ci_low: 0.4, ci_high: 0.8 }, 'poverty rate', 'incident rate'),
      describeAssociation({ rho: -0.2, ci_low: -0.4, ci_high: 0.05 }, 'literacy', 'incident rate'),
      describeAssociation({ rho: 0.05, ci_low: -0.1, ci_high: 0.2 }, 'literacy', 'incident rate'),
    ];
    expect(texts[0]).toContain('a higher poverty rate is associated with a higher incident rate: a strong positive');
    expect(texts[1]).toContain('a weak negative');
    expect(texts[1]).toContain('consistent with no association');
    expect(texts[2]).toContain('no clear association');
    for (const t of texts) expect(t).not.toMatch(/caus/i);
    expect(describeAssociation({ rho: null, ci_low: null, ci_high: null }, 'a', 'b')).toBeNull();
  });
});
