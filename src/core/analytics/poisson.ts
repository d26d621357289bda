/**
 * The exact one-sided Poisson test behind surge detection, and the Benjamini–Hochberg adjustment
 * applied over a list of such tests. Plain numerics, no dependencies.
 *
 * P(X ≥ x | λ) for x ≥ 1 equals the regularized lower incomplete gamma function P(x, λ)
 * (the Poisson–gamma identity), which is evaluated by its series when λ < x + 1 and through the
 * continued fraction of its complement otherwise (Numerical Recipes §6.2). Neither path sums
 * factorials, so large counts and large means stay accurate.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(z) for z > 0 (Lanczos approximation, g = 7, about 15 significant digits). */
export function logGamma(z: number): number {
  if (!(z > 0)) throw new RangeError(`logGamma needs z > 0, got ${z}`);
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let a = LANCZOS[0]!;
  const t = x + 7.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

function lowerSeries(a: number, x: number): number {
  let sum = 1 / a;
  let term = sum;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function upperContinuedFraction(a: number, x: number): number {
  // Modified Lentz evaluation of the continued fraction for Q(a, x).
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a), for a > 0, x ≥ 0. */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`regularizedGammaP needs a > 0 and x ≥ 0, got a=${a}, x=${x}`);
  if (x === 0) return 0;
  if (x < a + 1) return Math.min(1, lowerSeries(a, x));
  return Math.max(0, 1 - upperContinuedFraction(a, x));
}

/** The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x). */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`regularizedGammaQ needs a > 0 and x ≥ 0, got a=${a}, x=${x}`);
  if (x === 0) return 1;
  if (x < a + 1) return Math.max(0, 1 - lowerSeries(a, x));
  return Math.min(1, upperContinuedFraction(a, x));
}

export interface PoissonTest {
  /** P(X ≥ observed | λ = expected). */
  p: number;
  /** Set when the test is degenerate: no baseline at all. */
  note: 'no_baseline' | null;
}

/**
 * One-sided exact Poisson test of "observed is at least as high as a Poisson(expected) count":
 * p = P(X ≥ observed | λ = expected). With λ = 0 any count above zero is impossible under the
 * baseline (p = 0, flagged), and a count of zero is p = 1.
 */
export function poissonUpperTail(observed: number, expected: number): PoissonTest {
  if (!Number.isInteger(observed) || observed < 0) throw new RangeError(`observed must be a whole number ≥ 0, got ${observed}`);
  if (!(expected >= 0) || !Number.isFinite(expected)) throw new RangeError(`expected must be a finite number ≥ 0, got ${expected}`);
  if (observed === 0) return { p: 1, note: null };
  if (expected === 0) return { p: 0, note: 'no_baseline' };
  return { p: regularizedGammaP(observed, expected), note: null };
}

/**
 * Benjamini–Hochberg adjusted p-values (false discovery rate), in the order given:
 * q(i) = min over j with rank ≥ rank(i) of p(j)·m / rank(j), capped at 1. Nulls stay null and do
 * not count towards m.
 */
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  const indexed = pValues.flatMap((p, i) => (p === null ? [] : [{ p, i }])).sort((a, b) => a.p - b.p || a.i - b.i);
  const m = indexed.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 1;
  for (let r = m; r >= 1; r--) {
    const { p, i } = indexed[r - 1]!;
    running = Math.min(running, (p * m) / r);
    out[i] = Math.min(1, running);
  }
  return out;
}
