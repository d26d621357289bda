import { describe, expect, it } from 'vitest';
import { bootstrapPercentile, mulberry32, quantileSorted } from './bootstrap';

describe('mulberry32', () => {
  it('gives the same sequence for the same seed and another for another seed, all in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const sa = Array.from({ length: 1000 }, () => a());
    const sb = Array.from({ length: 1000 }, () => b());
    const sc = Array.from({ length: 1000 }, () => c());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    expect(sa.every((v) => v >= 0 && v < 1)).toBe(true);
    // Roughly uniform: the mean of 1000 draws is near 0.5.
    expect(Math.abs(sa.reduce((s, v) => s + v, 0) / sa.length - 0.5)).toBeLessThan(0.05);
  });
});

describe('quantileSorted', () => {
  it('interpolates linearly between order statistics', () => {
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantileSorted([7], 0.975)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNull();
  });
});

describe('bootstrapPercentile', () => {
  const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
  const meanOf = (idx: readonly number[]) => idx.reduce((s, i) => s + values[i]!, 0) / idx.length;

  it('is reproducible with a seed and changes with another seed', () => {
    const opts = { resamples: 500, seed: 7, level: 0.95 };
    const a = bootstrapPercentile(values.length, meanOf, opts);
    const b = bootstrapPercentile(values.length, meanOf, opts);
    const c = bootstrapPercentile(values.length, meanOf, { ...opts, seed: 8 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.used).toBe(500);
    // The sample mean (3.9) lies inside its own bootstrap interval.
    expect(a.low!).toBeLessThan(3.9);
    expect(a.high!).toBeGreaterThan(3.9);
  });

  it('draws indices uniformly from 0 to n − 1', () => {
    const seen = new Set<number>();
    bootstrapPercentile(4, (idx) => (idx.forEach((i) => seen.add(i)), 0), { resamples: 50, seed: 1, level: 0.95 });
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });

  it('gives a point interval for a constant statistic and leaves out undefined ones', () => {
    expect(bootstrapPercentile(5, () => 2, { resamples: 100, seed: 3, level: 0.95 })).toEqual({ low: 2, high: 2, resamples: 100, used: 100 });
    let k = 0;
    const half = bootstrapPercentile(5, () => (k++ % 2 === 0 ? null : 1), { resamples: 100, seed: 3, level: 0.95 });
    expect(half.used).toBe(50);
    const none = bootstrapPercentile(5, () => null, { resamples: 10, seed: 3, level: 0.95 });
    expect(none).toEqual({ low: null, high: null, resamples: 10, used: 0 });
  });
});
