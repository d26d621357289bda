/**
 * Incident vocabulary shared by the importers, the server and the web: the normalised category,
 * the fronts that perpetrator groups belong to, date and location precision, and the shape of a
 * normalised incident before it is placed on the map.
 */

/** A normalised category beside each data set's own event, attack and violence types. */
export const INCIDENT_CATEGORIES = [
  'militant_attack',
  'armed_clash',
  'state_arrest',
  'state_operation',
  'state_territory_regained',
  'protest_riot',
  'other',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<IncidentCategory, string> = {
  militant_attack: 'Militant attack',
  armed_clash: 'Armed clash',
  state_arrest: 'State counter-terrorism action: arrest',
  state_operation: 'State counter-terrorism action: operation',
  state_territory_regained: 'State counter-terrorism action: territory regained',
  protest_riot: 'Protest or riot',
  other: 'Other',
};

/** Kinetic state actions, counted apart from militant attacks. */
export const STATE_ACTION_CATEGORIES: readonly IncidentCategory[] = ['state_arrest', 'state_operation', 'state_territory_regained'];

export function isStateAction(category: IncidentCategory): boolean {
  return STATE_ACTION_CATEGORIES.includes(category);
}

/** Fronts of militancy in Pakistan. Codes match `data/domain/incidents-curated.csv`. */
export const FRONTS = ['ttp-and-affiliates', 'baloch-separatist', 'iskp', 'sectarian', 'other', 'unknown'] as const;
export type Front = (typeof FRONTS)[number];

export const FRONT_LABELS: Record<Front, string> = {
  'ttp-and-affiliates': 'TTP and affiliates',
  'baloch-separatist': 'Baloch separatist groups',
  iskp: 'Islamic State Khorasan Province',
  sectarian: 'Sectarian groups',
  other: 'Other groups',
  unknown: 'Unknown perpetrator',
};

export function isFront(value: string): value is Front {
  return (FRONTS as readonly string[]).includes(value);
}

export function isCategory(value: string): value is IncidentCategory {
  return (INCIDENT_CATEGORIES as readonly string[]).includes(value);
}

/** How exactly the date is known. `date_start`/`date_end` always hold whole ISO dates. */
export const DATE_PRECISIONS = ['day', 'week', 'month', 'year'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/**
 * Location precision on UCDP's `where_prec` scale, which every importer maps onto:
 * 1 exact place, 2 within about 25 km, 3 district (ADM2), 4 province (ADM1), 5 a larger or linear
 * area, 6 the country, 7 international waters or airspace.
 */
export const GEO_PRECISION_LABELS: Record<number, string> = {
  1: 'exact location',
  2: 'within about 25 km',
  3: 'district',
  4: 'province',
  5: 'larger or linear area',
  6: 'country',
  7: 'international waters or airspace',
};

/** Coordinates at this precision or finer say which district an incident is in. */
export const DISTRICT_LEVEL_PRECISION = 3;

/** How an incident got its district. */
export const PLACEMENTS = ['coordinates', 'names', 'given', 'province', 'none'] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** Data set codes the product knows; a mapped CSV names its own (lowercase letters, digits, `-`). */
export const KNOWN_DATASETS = ['acled', 'ucdp', 'gtd', 'curated', 'manual'] as const;
export const DATASET_PATTERN = /^[a-z][a-z0-9-]{1,47}$/;

export interface CountRange {
  low: number | null;
  best: number | null;
  high: number | null;
}

export const EMPTY_RANGE: CountRange = { low: null, best: null, high: null };

/** Security forces killed, by force, where the source gives it. */
export const SECURITY_FORCES = ['army', 'fc', 'police', 'levies', 'rangers'] as const;
export type SecurityForce = (typeof SECURITY_FORCES)[number];

/**
 * One incident as a source describes it, normalised but not yet placed on the map nor matched to
 * a group. Importers and the incident form both produce this.
 */
export interface IncidentDraft {
  dataset: string;
  native_key: string;
  title: string | null;
  date_start: string;
  date_end: string;
  date_precision: DatePrecision;
  /** Country as the source names it; rows of another country are skipped. */
  country: string | null;
  admin1: string | null;
  admin2: string | null;
  admin3: string | null;
  location: string | null;
  latitude: number | null;
  longitude: number | null;
  /** On the UCDP 1–7 scale. */
  geo_precision: number | null;
  /** The source's own precision code, kept as written. */
  geo_precision_native: string | null;
  /** P-codes stated by the source itself (an export of this product, the curated list). */
  given_province: string | null;
  given_district: string | null;
  given_tehsil: string | null;
  given_placement: string | null;
  given_placement_note: string | null;
  category: IncidentCategory;
  disorder_type: string | null;
  event_type: string | null;
  sub_event_type: string | null;
  attack_type: string | null;
  target_type: string | null;
  weapon_type: string | null;
  suicide: boolean | null;
  success: boolean | null;
  actor1: string | null;
  actor2: string | null;
  assoc_actor1: string | null;
  assoc_actor2: string | null;
  /** A perpetrator named apart from the actors (GTD `gname`, a claimant column). */
  perpetrator: string | null;
  /** A catalogue group chosen by a person or stated by the file; otherwise found from the actors. */
  group_code: string | null;
  /** A front stated by the source; otherwise the perpetrator group's. */
  front: Front | null;
  target: string | null;
  killed: CountRange;
  injured: CountRange;
  hostages: CountRange;
  killed_civilians: number | null;
  killed_security: number | null;
  killed_militants: number | null;
  killed_unknown: number | null;
  security_by_force: Partial<Record<SecurityForce, number>> | null;
  notes: string | null;
  source: string | null;
  source_ids: string[];
  /** The source's native codes, as written (ACLED inter codes, UCDP where_prec, GTD crit1…). */
  native: Record<string, string>;
}

/** A draft with nothing filled in but its identity and date; importers start from it. */
export function emptyDraft(dataset: string, nativeKey: string, date: { start: string; end: string; precision: DatePrecision }): IncidentDraft {
  return {
    dataset,
    native_key: nativeKey,
    title: null,
    date_start: date.start,
    date_end: date.end,
    date_precision: date.precision,
    country: null,
    admin1: null,
    admin2: null,
    admin3: null,
    location: null,
    latitude: null,
    longitude: null,
    geo_precision: null,
    geo_precision_native: null,
    given_province: null,
    given_district: null,
    given_tehsil: null,
    given_placement: null,
    given_placement_note: null,
    category: 'other',
    disorder_type: null,
    event_type: null,
    sub_event_type: null,
    attack_type: null,
    target_type: null,
    weapon_type: null,
    suicide: null,
    success: null,
    actor1: null,
    actor2: null,
    assoc_actor1: null,
    assoc_actor2: null,
    perpetrator: null,
    group_code: null,
    front: null,
    target: null,
    killed: { ...EMPTY_RANGE },
    injured: { ...EMPTY_RANGE },
    hostages: { ...EMPTY_RANGE },
    killed_civilians: null,
    killed_security: null,
    killed_militants: null,
    killed_unknown: null,
    security_by_force: null,
    notes: null,
    source: null,
    source_ids: [],
    native: {},
  };
}

/** The figure counted for an incident: the best estimate, else the low, else the high. */
export function countedFigure(range: CountRange): number | null {
  return range.best ?? range.low ?? range.high;
}

const PAKISTAN_NAMES = new Set(['pakistan', 'pak', 'pk', '586', 'islamic republic of pakistan']);

/** True for a blank country (assumed Pakistan) or any usual way of writing Pakistan. */
export function isPakistan(country: string | null): boolean {
  if (country === null) return true;
  const key = country.trim().toLowerCase();
  return key === '' || PAKISTAN_NAMES.has(key);
}

/**
 * A copy of a string that no longer keeps alive the larger text it was cut from. V8 represents a
 * slice of 13 characters or more as a view of its parent, so a CSV field kept in a cache or a
 * report would keep its whole read buffer in memory; values kept for the length of a large import
 * are detached first. Cheap, and only done for what is kept.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}
