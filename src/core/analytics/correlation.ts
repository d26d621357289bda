/**
 * The association between a district characteristic (x) and violence (y) across districts:
 * Spearman's ρ with average ranks for ties, a two-sided p-value by the t-approximation, and a
 * seeded percentile-bootstrap interval over districts. Describes association only.
 */
import { bootstrapPercentile } from './bootstrap';
import { averageRanks, spearman, spearmanPValue } from './spearman';

/** Fewer districts than this give no correlation (the estimate and its interval mean little). */
export const MIN_DISTRICTS = 5;
export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_SEED = 20141216;
export const CONFIDENCE_LEVEL = 0.95;

export interface ScatterInput {
  district: string;
  name: string;
  province: string;
  x: number;
  y: number;
}

export interface ScatterPoint extends ScatterInput {
  /** Average rank of x among the districts correlated (1 = lowest). */
  x_rank: number;
  y_rank: number;
}

export interface CorrelationResult {
  n: number;
  rho: number | null;
  p_value: number | null;
  ci_low: number | null;
  ci_high: number | null;
  resamples: number;
  /** Resamples on which ρ was defined (a resample of tied values has none). */
  resamples_used: number;
  /** Why ρ or its interval is missing, or null. */
  note: string | null;
}

export interface CorrelationOptions {
  resamples: number;
  seed: number;
  minimum: number;
}

export const DEFAULT_CORRELATION_OPTIONS: CorrelationOptions = { resamples: DEFAULT_RESAMPLES, seed: DEFAULT_SEED, minimum: MIN_DISTRICTS };

/** Ranks each point's x and y among the given points. */
export function rankScatter(points: readonly ScatterInput[]): ScatterPoint[] {
  const xr = averageRanks(points.map((p) => p.x));
  const yr = averageRanks(points.map((p) => p.y));
  return points.map((p, i) => ({ ...p, x_rank: xr[i]!, y_rank: yr[i]! }));
}

function allEqual(values: readonly number[]): boolean {
  return values.every((v) => v === values[0]);
}

/** ρ, its p-value and bootstrap interval for the given pairs; undefined parts are null with a note. */
export function correlate(pairs: ReadonlyArray<{ x: number; y: number }>, options: CorrelationOptions = DEFAULT_CORRELATION_OPTIONS): CorrelationResult {
  const n = pairs.length;
  const empty = { n, rho: null, p_value: null, ci_low: null, ci_high: null, resamples: 0, resamples_used: 0 };
  if (n < options.minimum) {
    return { ...empty, note: `${n} district${n === 1 ? '' : 's'} with both values; at least ${options.minimum} are needed for a correlation` };
  }
  const x = pairs.map((p) => p.x);
  const y = pairs.map((p) => p.y);
  if (allEqual(x) || allEqual(y)) {
    const which = allEqual(x) && allEqual(y) ? 'x and y are' : allEqual(x) ? 'x is' : 'y is';
    return { ...empty, note: `${which} the same in all ${n} districts, so the rank correlation is undefined` };
  }
  const rho = spearman(x, y);
  const bx = new Array<number>(n);
  const by = new Array<number>(n);
  const interval = bootstrapPercentile(
    n,
    (idx) => {
      for (let i = 0; i < n; i++) {
        bx[i] = x[idx[i]!]!;
        by[i] = y[idx[i]!]!;
      }
      return spearman(bx, by);
    },
    { resamples: options.resamples, seed: options.seed, level: CONFIDENCE_LEVEL },
  );
  return {
    n,
    rho,
    p_value: spearmanPValue(rho, n),
    ci_low: interval.low,
    ci_high: interval.high,
    resamples: interval.resamples,
    resamples_used: interval.used,
    note: interval.used < interval.resamples ? `${interval.resamples - interval.used} resamples had no variation and were left out of the interval` : null,
  };
}

/**
 * A plain-language reading of ρ that says "associated with", never more. Strength: |ρ| below 0.1
 * none, below 0.3 weak, below 0.5 moderate, else strong; an interval that spans 0 is said to.
 */
export function describeAssociation(result: Pick<CorrelationResult, 'rho' | 'ci_low' | 'ci_high'>, xLabel: string, yLabel: string): string | null {
  const { rho } = result;
  if (rho === null) return null;
  const size = Math.abs(rho);
  const spansZero = result.ci_low !== null && result.ci_high !== null && result.ci_low <= 0 && result.ci_high >= 0;
  const caveat = spansZero ? ' The 95% interval includes 0, so the data are also consistent with no association.' : '';
  if (size < 0.1) return `Across districts, ${xLabel} shows no clear association with ${yLabel} (ρ = ${rho.toFixed(2)}).${caveat}`;
  const strength = size < 0.3 ? 'weak' : size < 0.5 ? 'moderate' : 'strong';
  const direction = rho > 0 ? 'a higher' : 'a lower';
  return `Across districts, a higher ${xLabel} is associated with ${direction} ${yLabel}: a ${strength} ${rho > 0 ? 'positive' : 'negative'} rank correlation (ρ = ${rho.toFixed(2)}).${caveat}`;
}

/** Events per 100,000 people; null without a positive population. */
export function per100k(count: number, population: number | null | undefined): number | null {
  return population && population > 0 ? (count / population) * 100_000 : null;
}
