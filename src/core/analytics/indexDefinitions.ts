/**
 * The stored definitions of the three indices: which parameters each takes, their checks, and
 * version 1 of each (the same values the index definitions migration wrote; a new version is a new
 * row, never an edit). Every index is computed from one of these, so a release can name the
 * definition it came from and be recomputed from it.
 */
import { z } from 'zod';
import { INCIDENT_CATEGORIES } from '../incidents';

export const INDEX_NAMES = ['impact', 'deprivation', 'risk'] as const;
export type IndexName = (typeof INDEX_NAMES)[number];

export function isIndexName(value: string): value is IndexName {
  return (INDEX_NAMES as readonly string[]).includes(value);
}

const weight = z.number().finite().min(0);
const goalposts = z
  .tuple([z.number().finite(), z.number().finite()])
  .refine(([lo, hi]) => hi > lo, 'the upper goalpost must be above the lower one');

export const impactParametersSchema = z.object({
  /** Raw yearly score = incidents·w_i + deaths·w_k + injuries·w_w + hostages·w_h. */
  weights: z.object({ incidents: weight, deaths: weight, injuries: weight, hostages: weight }),
  /** Weights of the window years, the scored year first (16 for the year itself, then 8, 4, 2, 1). */
  window_weights: z.array(weight).min(1).max(20).refine((w) => w.some((x) => x > 0), 'at least one weight must be above 0'),
  /** Incident categories counted when the request names none. */
  categories: z.array(z.enum(INCIDENT_CATEGORIES)).min(1),
  /** Which casualty estimate is counted. */
  estimate: z.enum(['low', 'best', 'high']),
  /** Score = top · ln(1 + x) / ln(1 + max x), x the windowed value. */
  top: z.number().finite().positive(),
});
export type ImpactParameters = z.output<typeof impactParametersSchema>;

export const indicatorWeightSchema = z.object({
  code: z.string().min(1).max(60),
  weight: weight,
  /** Fixed reference range; values outside it are clamped. */
  goalposts: goalposts,
});
export type IndicatorWeight = z.output<typeof indicatorWeightSchema>;

export const deprivationParametersSchema = z.object({
  indicators: z.array(indicatorWeightSchema).min(1),
  /** Each indicator's latest year at or before this one; null for its latest year. */
  reference_year: z.number().int().nullable(),
  /** A district is scored when at least this share of the indicators (by count) has a value. */
  min_available_share: z.number().min(0).max(1),
});
export type DeprivationParameters = z.output<typeof deprivationParametersSchema>;

export const riskParametersSchema = z.object({
  /** Versions of the impact and deprivation definitions the hazard and vulnerability come from. */
  impact_version: z.number().int().positive(),
  deprivation_version: z.number().int().positive(),
  /** Service indicators (higher is better): the lack of each, 0–10, is the infrastructure category. */
  coping_indicators: z.array(indicatorWeightSchema).min(1),
  /** The province's mean implementation score (0–100) of this plan dimension: the institutional category. */
  implementation_dimension: z.enum(['kinetic', 'non-kinetic']),
  /** Reporting period of the implementation scores; null for all accepted reports. */
  implementation_period: z.string().nullable(),
  /** Latest year at or before this one for the service indicators; null for the latest. */
  reference_year: z.number().int().nullable(),
});
export type RiskParameters = z.output<typeof riskParametersSchema>;

export interface IndexParameters {
  impact: ImpactParameters;
  deprivation: DeprivationParameters;
  risk: RiskParameters;
}

export const PARAMETER_SCHEMAS = {
  impact: impactParametersSchema,
  deprivation: deprivationParametersSchema,
  risk: riskParametersSchema,
} as const;

/** Version 1 of each definition, as the migration stored it. */
export const DEFAULT_DEFINITIONS: { [K in IndexName]: IndexParameters[K] } = {
  impact: {
    weights: { incidents: 1, deaths: 3, injuries: 0.5, hostages: 0.5 },
    window_weights: [16, 8, 4, 2, 1],
    categories: ['militant_attack'],
    estimate: 'best',
    top: 10,
  },
  deprivation: {
    indicators: [
      { code: 'poverty_rate', weight: 1, goalposts: [0, 100] },
      { code: 'literacy_rate', weight: 1, goalposts: [0, 100] },
      { code: 'improved_water', weight: 1, goalposts: [0, 100] },
      { code: 'flush_toilet', weight: 1, goalposts: [0, 100] },
    ],
    reference_year: null,
    min_available_share: 0.5,
  },
  risk: {
    impact_version: 1,
    deprivation_version: 1,
    coping_indicators: [
      { code: 'accessibility_health_pct_of_population_within_15_1qp3i4d', weight: 1, goalposts: [0, 100] },
      { code: 'access_to_electricity_pct_of_population', weight: 1, goalposts: [0, 100] },
    ],
    implementation_dimension: 'non-kinetic',
    implementation_period: null,
    reference_year: null,
  },
};

/** Checks stored or submitted parameters; returns the problems as `path: message`, or the parameters. */
export function parseParameters<K extends IndexName>(name: K, value: unknown): { ok: true; parameters: IndexParameters[K] } | { ok: false; problems: string[] } {
  const parsed = PARAMETER_SCHEMAS[name].safeParse(value);
  if (parsed.success) return { ok: true, parameters: parsed.data as IndexParameters[K] };
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'parameters'}: ${i.message}`) };
}

/** Release labels: letters, digits, dot, dash and underscore, starting with a letter or digit. */
export const RELEASE_LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
