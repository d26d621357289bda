/**
 * District indicator vocabulary shared by the importers, the server and the web: how indicators
 * are named (codes), which way is "good" (direction), what a catalogue entry holds, and which
 * units add up across districts.
 */
import { z } from 'zod';

export const DIRECTIONS = ['higher_is_better', 'higher_is_worse', 'neutral'] as const;
export const directionSchema = z.enum(DIRECTIONS);
export type Direction = z.infer<typeof directionSchema>;

export const DIRECTION_LABELS: Record<Direction, string> = {
  higher_is_better: 'Higher is better',
  higher_is_worse: 'Higher is worse',
  neutral: 'Neither better nor worse',
};

/** Area levels values are stored at: 1 = province or territory, 2 = district (COD-AB ADM1/ADM2). */
export const AREA_LEVELS = [1, 2] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** Units used by the bundled catalogue. Shares are stored as percentages (0–100), never 0–1. */
export const UNITS = {
  percent: 'percent (0–100)',
  percentagePoints: 'percentage points',
  persons: 'persons',
  thousandPersons: 'thousand persons',
  households: 'households',
  squareKilometres: 'km²',
  ratio: 'ratio',
  rank: 'rank',
} as const;

// Quantities that add up when two areas are merged; every other unit (shares, rates, ranks,
// means) does not, and two values for one area cannot be combined without weights.
const ADDITIVE_UNITS = new Set<string>([UNITS.persons, UNITS.thousandPersons, UNITS.households, UNITS.squareKilometres]);

export function isAdditiveUnit(unit: string | null | undefined): boolean {
  return unit != null && ADDITIVE_UNITS.has(unit.trim());
}

export const INDICATOR_CODE_MAX = 60;
export const indicatorCodeSchema = z
  .string()
  .min(1)
  .max(INDICATOR_CODE_MAX)
  .regex(/^[a-z][a-z0-9_]*$/, 'lowercase letters, digits and _, starting with a letter');

/** 32-bit FNV-1a, written out so the code stays free of platform APIs. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * A stable code for an indicator name: lowercase a–z, 0–9 and `_`, at most 60 characters.
 * "Access to electricity (% of population)" → `access_to_electricity_pct_of_population`.
 * Longer names are cut at a word boundary and keep a short hash of the whole name, so two long
 * names that share a beginning still get different codes.
 */
export function indicatorCode(name: string): string {
  let slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/%/g, ' pct ')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (slug === '') slug = 'indicator';
  if (!/^[a-z]/.test(slug)) slug = `i_${slug}`;
  if (slug.length <= INDICATOR_CODE_MAX) return slug;
  const hash = fnv1a(slug).toString(36).padStart(7, '0').slice(0, 7);
  const room = INDICATOR_CODE_MAX - hash.length - 1;
  const cut = slug.slice(0, room + 1);
  const boundary = cut.lastIndexOf('_');
  const head = (boundary > room / 2 ? cut.slice(0, boundary) : cut.slice(0, room)).replace(/_+$/, '');
  return `${head}_${hash}`;
}

const text = z.string().trim().min(1);
const optionalText = z
  .string()
  .trim()
  .nullish()
  .transform((v) => (v ? v : null));
const year = z.number().int().min(1900).max(2100);

/** One catalogue entry: what an indicator measures, in which unit, from whom, under which licence. */
export const indicatorEntrySchema = z.object({
  code: indicatorCodeSchema,
  name: text,
  unit: optionalText,
  direction: directionSchema,
  domain: optionalText,
  source: text,
  licence: text,
  definition: optionalText,
  first_year: year.nullish().transform((v) => v ?? null),
  last_year: year.nullish().transform((v) => v ?? null),
});
export type IndicatorEntryInput = z.input<typeof indicatorEntrySchema>;
export type IndicatorEntry = z.output<typeof indicatorEntrySchema>;

/** Validates a catalogue entry; throws a ZodError naming every bad field. */
export function indicatorEntry(input: IndicatorEntryInput): IndicatorEntry {
  return indicatorEntrySchema.parse(input);
}

/** Publisher vocabularies for direction ("positive"/"negative" in Data4Pakistan's catalogue). */
export function parseDirection(value: string | null | undefined): Direction | null {
  const v = (value ?? '').trim().toLowerCase().replace(/[\s-]+/g, '_');
  if ((DIRECTIONS as readonly string[]).includes(v)) return v as Direction;
  if (['positive', 'higher_better', 'good', '+'].includes(v)) return 'higher_is_better';
  if (['negative', 'higher_worse', 'bad', '-'].includes(v)) return 'higher_is_worse';
  return null;
}

/** The catalogue fields worth comparing when deciding whether an entry changed. */
export const INDICATOR_METADATA_FIELDS = ['name', 'unit', 'direction', 'domain', 'source', 'licence', 'definition'] as const;
