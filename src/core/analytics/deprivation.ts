/**
 * District deprivation index: each chosen indicator is put on a 0–100 deprivation scale against
 * fixed goalposts, oriented by its direction, and the scores are combined by a weighted mean.
 *
 *   higher_is_worse:  s = 100 · (v − lo) / (hi − lo)
 *   higher_is_better: s = 100 · (hi − v) / (hi − lo)          (both clamped to 0–100)
 *   index = Σ w_i · s_i / Σ w_i   over the indicators the district has a value for
 *
 * A district is scored when at least `min_available_share` of the indicators (by count) have a
 * value; the weights of the missing ones are left out (renormalised). Otherwise its index is null.
 * The count of missing values is reported either way. Scores are rounded to 3 decimals.
 */
import { competitionRanks, round } from './impact';

export type Orientation = 'higher_is_worse' | 'higher_is_better';

export interface DeprivationSpec {
  code: string;
  direction: Orientation;
  weight: number;
  goalposts: readonly [number, number];
}

export interface YearValue {
  value: number;
  year: number;
}

export interface DeprivationArea {
  pcode: string;
  name: string;
  province_pcode: string;
  /** Value per indicator code; absent when the district has none. */
  values: ReadonlyMap<string, YearValue>;
}

export interface DeprivationComponent {
  code: string;
  value: number | null;
  year: number | null;
  /** 0–100, higher is more deprived; null when missing. */
  score: number | null;
  weight: number;
}

export interface DeprivationRow {
  pcode: string;
  name: string;
  province_pcode: string;
  rank: number | null;
  /** 0–100, higher is more deprived; null when too many values are missing. */
  index: number | null;
  available: number;
  missing: number;
  missing_codes: string[];
  components: DeprivationComponent[];
}

export interface DeprivationResult {
  rows: DeprivationRow[];
  /** Indicators needed for a score. */
  required: number;
  notes: string[];
}

/** One value on the 0–100 deprivation scale. */
export function deprivationScore(value: number, spec: Pick<DeprivationSpec, 'direction' | 'goalposts'>): number {
  const [lo, hi] = spec.goalposts;
  const share = spec.direction === 'higher_is_worse' ? (value - lo) / (hi - lo) : (hi - value) / (hi - lo);
  return 100 * Math.min(1, Math.max(0, share));
}

/** How many of n indicators a district needs: ⌈share · n⌉, at least 1. */
export function requiredIndicators(n: number, minShare: number): number {
  return Math.max(1, Math.ceil(minShare * n - 1e-9));
}

export function computeDeprivation(
  areas: readonly DeprivationArea[],
  specs: readonly DeprivationSpec[],
  minShare: number,
): DeprivationResult {
  const required = requiredIndicators(specs.length, minShare);
  const rows: DeprivationRow[] = areas.map((area) => {
    const components: DeprivationComponent[] = specs.map((spec) => {
      const v = area.values.get(spec.code);
      if (!v) return { code: spec.code, value: null, year: null, score: null, weight: spec.weight };
      return { code: spec.code, value: v.value, year: v.year, score: round(deprivationScore(v.value, spec)), weight: spec.weight };
    });
    const present = components.filter((c) => c.score !== null);
    const weightSum = present.reduce((s, c) => s + c.weight, 0);
    let index: number | null = null;
    if (present.length >= required && weightSum > 0) {
      // Weighted mean of the unrounded scores, so the index does not depend on display rounding.
      const exact = specs.reduce((s, spec) => {
        const v = area.values.get(spec.code);
        return v ? s + spec.weight * deprivationScore(v.value, spec) : s;
      }, 0);
      index = round(exact / weightSum);
    }
    const missingCodes = components.filter((c) => c.score === null).map((c) => c.code);
    return {
      pcode: area.pcode,
      name: area.name,
      province_pcode: area.province_pcode,
      rank: null,
      index,
      available: present.length,
      missing: missingCodes.length,
      missing_codes: missingCodes,
      components,
    };
  });
  rows.sort((a, b) => (b.index ?? -1) - (a.index ?? -1) || a.pcode.localeCompare(b.pcode));
  const scored = rows.filter((r) => r.index !== null);
  const ranks = competitionRanks(scored.map((r) => r.index!));
  scored.forEach((r, i) => {
    r.rank = ranks[i]!;
  });
  const notes: string[] = [];
  const unscored = rows.length - scored.length;
  if (unscored > 0) {
    notes.push(`${unscored} of ${rows.length} districts have fewer than ${required} of the ${specs.length} indicators and are not scored.`);
  }
  const missingValues = rows.reduce((s, r) => s + r.missing, 0);
  if (missingValues > 0) notes.push(`${missingValues} indicator values are missing across ${rows.filter((r) => r.missing > 0).length} districts.`);
  return { rows, required, notes };
}
