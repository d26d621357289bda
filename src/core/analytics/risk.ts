/**
 * District risk index in the manner of INFORM (European Commission JRC): the geometric mean of
 * three dimensions on 0–10,
 *
 *   risk = (hazard · vulnerability · lack of coping capacity)^(1/3)
 *
 *   hazard         = the terrorism impact score (0–10)
 *   vulnerability  = the deprivation index (0–100) / 10
 *   lack of coping = mean of the categories present:
 *                      infrastructure = weighted mean over the service indicators present of
 *                                       10 · (hi − v) / (hi − lo), clamped to 0–10
 *                      institutional  = 10 − (province implementation score, 0–100) / 10
 *
 * A district missing any dimension gets no risk score; the missing dimensions are named. The
 * dimensions are taken as published (hazard and coping rounded to 3 decimals, vulnerability to 4)
 * before the mean, so the published figures reproduce the risk (rounded to 3 decimals).
 */
import { deprivationScore } from './deprivation';
import { competitionRanks, round } from './impact';

export interface CopingInput {
  code: string;
  weight: number;
  goalposts: readonly [number, number];
  value: number | null;
  year: number | null;
}

export interface RiskArea {
  pcode: string;
  name: string;
  province_pcode: string;
  /** Impact score, 0–10; null when not computed. */
  hazard: number | null;
  /** Deprivation index, 0–100; null when the district was not scored. */
  deprivation: number | null;
  services: readonly CopingInput[];
  /** The province's implementation score, 0–100; null when it has none. */
  implementation: number | null;
}

export type RiskDimension = 'hazard' | 'vulnerability' | 'coping';

export interface RiskRow {
  pcode: string;
  name: string;
  province_pcode: string;
  rank: number | null;
  risk: number | null;
  hazard: number | null;
  vulnerability: number | null;
  coping: number | null;
  coping_parts: {
    infrastructure: number | null;
    institutional: number | null;
    services: { code: string; value: number | null; year: number | null; lack: number | null }[];
    implementation_score: number | null;
  };
  missing: RiskDimension[];
}

export interface RiskResult {
  rows: RiskRow[];
  notes: string[];
}

/** (a·b·c)^(1/3); 0 when any is 0. */
export function geometricMean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  if (values.some((v) => v <= 0)) return 0;
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}

/** Lack of a service on 0–10 (10 = no access at all). */
export function serviceLack(value: number, goalposts: readonly [number, number]): number {
  return deprivationScore(value, { direction: 'higher_is_better', goalposts }) / 10;
}

/** Lack of coping capacity from its categories; null when neither has data. */
export function lackOfCoping(services: readonly CopingInput[], implementation: number | null) {
  const present = services.filter((s) => s.value !== null);
  const weightSum = present.reduce((s, c) => s + c.weight, 0);
  const infrastructure =
    present.length > 0 && weightSum > 0 ? round(present.reduce((s, c) => s + c.weight * serviceLack(c.value!, c.goalposts), 0) / weightSum) : null;
  const institutional = implementation === null ? null : round(10 - Math.min(100, Math.max(0, implementation)) / 10);
  const parts = [infrastructure, institutional].filter((v): v is number => v !== null);
  const coping = parts.length > 0 ? round(parts.reduce((s, v) => s + v, 0) / parts.length) : null;
  return { infrastructure, institutional, coping };
}

export function computeRisk(areas: readonly RiskArea[]): RiskResult {
  const rows: RiskRow[] = areas.map((area) => {
    const { infrastructure, institutional, coping } = lackOfCoping(area.services, area.implementation);
    const hazard = area.hazard === null ? null : round(area.hazard);
    // Deprivation has 3 decimals, so a tenth of it is exact at 4.
    const vulnerability = area.deprivation === null ? null : round(area.deprivation / 10, 4);
    const missing: RiskDimension[] = [];
    if (hazard === null) missing.push('hazard');
    if (vulnerability === null) missing.push('vulnerability');
    if (coping === null) missing.push('coping');
    const risk = missing.length === 0 ? round(geometricMean([hazard!, vulnerability!, coping!])) : null;
    return {
      pcode: area.pcode,
      name: area.name,
      province_pcode: area.province_pcode,
      rank: null,
      risk,
      hazard,
      vulnerability,
      coping,
      coping_parts: {
        infrastructure,
        institutional,
        services: area.services.map((s) => ({ code: s.code, value: s.value, year: s.year, lack: s.value === null ? null : round(serviceLack(s.value, s.goalposts)) })),
        implementation_score: area.implementation,
      },
      missing,
    };
  });
  rows.sort((a, b) => (b.risk ?? -1) - (a.risk ?? -1) || (b.hazard ?? -1) - (a.hazard ?? -1) || a.pcode.localeCompare(b.pcode));
  const scored = rows.filter((r) => r.risk !== null);
  const ranks = competitionRanks(scored.map((r) => r.risk!));
  scored.forEach((r, i) => {
    r.rank = ranks[i]!;
  });
  const notes: string[] = [];
  for (const dim of ['hazard', 'vulnerability', 'coping'] as const) {
    const n = rows.filter((r) => r.missing.includes(dim)).length;
    if (n > 0) notes.push(`${n} of ${rows.length} districts have no ${dim === 'coping' ? 'lack of coping capacity' : dim} figure and get no risk score.`);
  }
  const zeroHazard = scored.filter((r) => r.hazard === 0).length;
  if (zeroHazard > 0) notes.push(`${zeroHazard} districts have no counted incidents in the window (hazard 0), so their risk is 0.`);
  return { rows, notes };
}
