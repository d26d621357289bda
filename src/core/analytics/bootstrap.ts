/**
 * A seeded bootstrap: the same seed gives the same resamples on every machine, so an interval
 * can be reproduced exactly from the metadata of the result that reported it.
 */

/** mulberry32: a small, fast 32-bit PRNG; returns a function giving numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The q-quantile (0 ≤ q ≤ 1) of ascending-sorted values, linear between order statistics (type 7). */
export function quantileSorted(sorted: readonly number[], q: number): number | null {
  if (!sorted.length) return null;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export interface BootstrapOptions {
  resamples: number;
  seed: number;
  /** Coverage of the interval, e.g. 0.95. */
  level: number;
}

export interface BootstrapInterval {
  low: number | null;
  high: number | null;
  /** Resamples drawn. */
  resamples: number;
  /** Resamples on which the statistic was defined (the interval is over these). */
  used: number;
}

/**
 * Percentile bootstrap interval: draws `resamples` samples of n indices with replacement, computes
 * the statistic on each, drops those where it is undefined (null), and takes the (1 − level)/2
 * and (1 + level)/2 quantiles of the rest.
 */
export function bootstrapPercentile(
  n: number,
  statistic: (indices: readonly number[]) => number | null,
  options: BootstrapOptions,
): BootstrapInterval {
  const random = mulberry32(options.seed);
  const values: number[] = [];
  const indices = new Array<number>(n);
  for (let b = 0; b < options.resamples; b++) {
    for (let i = 0; i < n; i++) indices[i] = Math.floor(random() * n);
    const s = statistic(indices);
    if (s !== null && Number.isFinite(s)) values.push(s);
  }
  values.sort((a, b) => a - b);
  const tail = (1 - options.level) / 2;
  return { low: quantileSorted(values, tail), high: quantileSorted(values, 1 - tail), resamples: options.resamples, used: values.length };
}
