/**
 * Resolves free-text place names to COD-AB 2022 P-codes. A name is matched, reported as
 * ambiguous with its candidates, or reported as unknown with spelling suggestions: never guessed.
 */
import { editDistance, normalisePlace, tidyText, type NormalisedPlace } from './places';

export interface GazetteerData {
  provinces: { pcode: string; name: string }[];
  districts: {
    pcode: string;
    name: string;
    province_pcode: string;
    alt_name_1: string | null;
    alt_name_2: string | null;
  }[];
  tehsils: { pcode: string; name: string; district_pcode: string }[];
  /** An empty `pcode` marks a known name with no single COD-AB unit (a split, a new district). */
  aliases: {
    alias: string;
    adm_level: number;
    pcode: string;
    kind: string;
    valid_from: string | null;
    valid_to: string | null;
    notes: string | null;
  }[];
}

export type GazetteerProvince = GazetteerData['provinces'][number];
export type GazetteerDistrict = GazetteerData['districts'][number];
export type GazetteerAlias = GazetteerData['aliases'][number];

export type MatchMethod = 'exact' | 'normalised' | 'alias' | 'tehsil' | 'fuzzy';

export interface PlaceCandidate {
  pcode: string;
  name: string;
  province_pcode: string;
  reason: string;
}

export interface NameResolution {
  query: string;
  /**
   * `split`: a known former unit (undivided Chitral, Karachi as a whole) whose area is now several
   * current units, listed in `candidates`; it names no single P-code.
   */
  status: 'matched' | 'ambiguous' | 'split' | 'unknown';
  /** What was matched: 1 province, 2 district. */
  level?: 1 | 2;
  pcode?: string;
  name?: string;
  province_pcode?: string;
  /** 1 exact; about 0.95 normalised or alias; about 0.8 via a tehsil or locality; 0 unless matched. */
  confidence: number;
  method?: MatchMethod;
  reason: string;
  /** The readings to choose from when ambiguous; spelling suggestions when unknown. */
  candidates: PlaceCandidate[];
}

export interface ResolveOptions {
  /** Restricts districts to one province: a P-code or any province name or alias ("KPK", "FATA"). */
  province?: string;
  /** ISO date (YYYY, YYYY-MM or YYYY-MM-DD) of the record, to honour alias validity; other text is ignored. */
  date?: string;
}

const CONFIDENCE = { exact: 1, normalised: 0.95, tehsil: 0.8 } as const;
const ALIAS_CONFIDENCE: Record<string, number> = {
  spelling: 0.95,
  'alternative-name': 0.95,
  'former-agency': 0.95,
  historical: 0.9,
  split: 0.9,
  abolished: 0.9,
  // The curated Frontier Region mappings are flagged "verify" in their notes.
  'former-FR': 0.85,
  locality: 0.8,
};
const DEFAULT_ALIAS_CONFIDENCE = 0.9;
/** Applied when the record's date falls outside an alias's validity. */
const OUT_OF_VALIDITY_FACTOR = 0.7;
const MAX_SUGGESTIONS = 3;

// Lower tiers win: a name read literally beats one read through a fold, an alias or a tehsil.
const Tier = { Exact: 0, AliasForm: 1, Normalised: 2, AliasKey: 3, Tehsil: 4 } as const;
type Tier = (typeof Tier)[keyof typeof Tier];

interface Hit {
  /** Empty for an alias that names no single unit. */
  pcode: string;
  tier: Tier;
  method: Exclude<MatchMethod, 'fuzzy'>;
  confidence: number;
  detail: string;
  alias?: GazetteerAlias;
}

interface Unit {
  pcode: string;
  name: string;
  province_pcode: string;
}

interface NameIndex {
  level: 1 | 2;
  noun: string;
  unit(pcode: string): Unit | undefined;
  exact(text: string): Hit[];
  byKey(place: NormalisedPlace): Hit[];
  fuzzyPool: { key: string; pcode: string; label: string }[];
}

interface PcodeGroup {
  pcode: string;
  hits: Hit[];
  best: Hit;
  /** Undefined without a date, or when none of the group's aliases carries a validity range. */
  inValidity?: boolean;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const match = /^\d{4}(-\d{2}(-\d{2})?)?/.exec(value.trim());
  return match ? match[0] : undefined;
}

/** Compares dates of any precision on their common prefix, so "2018" overlaps "2018-07". */
export function withinValidity(date: string, from: string | null, to: string | null): boolean {
  if (from) {
    const n = Math.min(date.length, from.length);
    if (date.slice(0, n) < from.slice(0, n)) return false;
  }
  if (to) {
    const n = Math.min(date.length, to.length);
    if (date.slice(0, n) > to.slice(0, n)) return false;
  }
  return true;
}

function validityText(alias: GazetteerAlias): string {
  if (alias.valid_from && alias.valid_to) return `valid ${alias.valid_from} to ${alias.valid_to}`;
  if (alias.valid_from) return `valid from ${alias.valid_from}`;
  if (alias.valid_to) return `valid to ${alias.valid_to}`;
  return '';
}

/** The opening sentence of an alias note, for reasons; initials such as "D.I." do not end it. */
function firstSentence(notes: string | null): string {
  if (!notes) return '';
  const text = notes.trim();
  const end = /[\p{Ll}\d)'’"]{2}\.(\s|$)/u.exec(text);
  const sentence = end ? text.slice(0, end.index + 3) : text;
  return sentence.length > 240 ? `${sentence.slice(0, 237)}...` : sentence;
}

function describeAlias(alias: GazetteerAlias): string {
  const validity = validityText(alias);
  return `alias "${alias.alias}" (${alias.kind}${validity ? `, ${validity}` : ''})`;
}

function hasValidity(alias: GazetteerAlias | undefined): alias is GazetteerAlias {
  return alias !== undefined && (alias.valid_from !== null || alias.valid_to !== null);
}

function listNames(units: { name: string }[]): string {
  return units.map((u) => u.name).join(', ');
}

export class Gazetteer {
  private readonly provinces = new Map<string, GazetteerProvince>();
  private readonly districts = new Map<string, GazetteerDistrict>();
  private readonly provinceIndex: NameIndex;
  private readonly districtIndex: NameIndex;
  private readonly suggestionCache = new Map<string, PlaceCandidate[]>();

  constructor(data: GazetteerData) {
    for (const p of data.provinces) this.provinces.set(p.pcode, p);
    for (const d of data.districts) this.districts.set(d.pcode, d);
    this.provinceIndex = this.buildIndex(1, data);
    this.districtIndex = this.buildIndex(2, data);
  }

  district(pcode: string): GazetteerDistrict | undefined {
    return this.districts.get(pcode);
  }

  province(pcode: string): GazetteerProvince | undefined {
    return this.provinces.get(pcode);
  }

  resolveProvince(text: string, opts: { date?: string } = {}): NameResolution {
    return this.resolveIn(this.provinceIndex, text, undefined, isoDate(opts.date));
  }

  resolveDistrict(text: string, opts: ResolveOptions = {}): NameResolution {
    const date = isoDate(opts.date);
    const scopeText = opts.province?.trim();
    if (!scopeText) return this.resolveIn(this.districtIndex, text, undefined, date);
    const scope = this.resolveProvince(scopeText, { date });
    if (scope.status !== 'matched' || !scope.pcode) {
      const result = this.resolveIn(this.districtIndex, text, undefined, date);
      return { ...result, reason: `${result.reason} (province "${scopeText}" not recognised, so not applied)` };
    }
    return this.resolveIn(this.districtIndex, text, scope.pcode, date);
  }

  /** A district first; failing that, a province ("Balochistan province" → PK2 at level 1). */
  resolve(text: string, opts: ResolveOptions = {}): NameResolution {
    const district = this.resolveDistrict(text, opts);
    if (district.status !== 'unknown') return district;
    const province = this.resolveProvince(text, { date: opts.date });
    if (province.status === 'unknown') return district;
    const scopeText = opts.province?.trim();
    if (province.status === 'matched' && scopeText) {
      const scope = this.resolveProvince(scopeText, { date: opts.date });
      if (scope.status === 'matched' && scope.pcode !== province.pcode) {
        return {
          ...district,
          reason: `${district.reason}; "${text.trim()}" names the province ${province.name}, not ${scope.name}`,
        };
      }
    }
    return province;
  }

  private buildIndex(level: 1 | 2, data: GazetteerData): NameIndex {
    const exactNames = new Map<string, Hit[]>();
    const byForm = new Map<string, Hit[]>();
    const byKey = new Map<string, Hit[]>();
    const fuzzyPool: NameIndex['fuzzyPool'] = [];

    const addName = (pcode: string, name: string, alternative: boolean) => {
      const key = normalisePlace(name).key;
      fuzzyPool.push({ key, pcode, label: name });
      if (!alternative) {
        pushTo(exactNames, tidyText(name), { pcode, tier: Tier.Exact, method: 'exact', confidence: CONFIDENCE.exact, detail: `exact name "${name}"` });
        pushTo(exactNames, pcode.toLowerCase(), { pcode, tier: Tier.Exact, method: 'exact', confidence: CONFIDENCE.exact, detail: `P-code ${pcode}` });
      }
      pushTo(byKey, key, {
        pcode,
        tier: Tier.Normalised,
        method: 'normalised',
        confidence: CONFIDENCE.normalised,
        detail: alternative ? `alternative name "${name}"` : `same name as "${name}"`,
      });
    };

    if (level === 1) {
      for (const p of data.provinces) addName(p.pcode, p.name, false);
    } else {
      for (const d of data.districts) {
        addName(d.pcode, d.name, false);
        if (d.alt_name_1) addName(d.pcode, d.alt_name_1, true);
        if (d.alt_name_2) addName(d.pcode, d.alt_name_2, true);
      }
    }

    const units = level === 1 ? this.provinces : this.districts;
    for (const alias of data.aliases) {
      if (alias.adm_level !== level) continue;
      if (alias.pcode !== '' && !units.has(alias.pcode)) continue;
      const place = normalisePlace(alias.alias);
      const confidence = ALIAS_CONFIDENCE[alias.kind] ?? DEFAULT_ALIAS_CONFIDENCE;
      const detail = describeAlias(alias);
      pushTo(byForm, place.form, { pcode: alias.pcode, tier: Tier.AliasForm, method: 'alias', confidence, detail, alias });
      pushTo(byKey, place.key, { pcode: alias.pcode, tier: Tier.AliasKey, method: 'alias', confidence, detail, alias });
      if (alias.pcode) fuzzyPool.push({ key: place.key, pcode: alias.pcode, label: alias.alias });
    }

    if (level === 2) {
      for (const t of data.tehsils) {
        if (!this.districts.has(t.district_pcode)) continue;
        const key = normalisePlace(t.name).key;
        const district = this.districts.get(t.district_pcode)!;
        pushTo(byKey, key, {
          pcode: t.district_pcode,
          tier: Tier.Tehsil,
          method: 'tehsil',
          confidence: CONFIDENCE.tehsil,
          detail: `tehsil "${t.name}" of ${district.name}`,
        });
        fuzzyPool.push({ key, pcode: t.district_pcode, label: t.name });
      }
    }

    return {
      level,
      noun: level === 1 ? 'province' : 'district',
      unit: (pcode) => {
        if (level === 1) {
          const p = this.provinces.get(pcode);
          return p && { pcode: p.pcode, name: p.name, province_pcode: p.pcode };
        }
        return this.districts.get(pcode);
      },
      exact: (text) => exactNames.get(tidyText(text)) ?? [],
      byKey: (place) => [...(byForm.get(place.form) ?? []), ...(byKey.get(place.key) ?? [])],
      fuzzyPool,
    };
  }

  private resolveIn(index: NameIndex, text: string, scope: string | undefined, date: string | undefined): NameResolution {
    const query = text;
    const place = normalisePlace(text);
    if (place.key === '') {
      return { query, status: 'unknown', confidence: 0, reason: 'empty place name', candidates: [] };
    }
    const scopeName = scope ? this.provinces.get(scope)?.name ?? scope : undefined;
    const within = scopeName ? ` within ${scopeName}` : '';

    const allHits = [...index.exact(text), ...index.byKey(place)];
    const inScope = (h: Hit) => !scope || h.pcode === '' || index.unit(h.pcode)?.province_pcode === scope;
    const hits = allHits.filter(inScope);
    const outOfScope = allHits.filter((h) => !inScope(h));

    const groups = this.groupHits(hits, date);
    const unitGroups = groups.filter((g) => g.pcode !== '');
    const noUnit = groups.find((g) => g.pcode === '');
    const noUnitNote = noUnit?.best.alias
      ? `${describeAlias(noUnit.best.alias)}: ${firstSentence(noUnit.best.alias.notes)}`
      : '';

    if (unitGroups.length > 0) {
      const anyValid = date !== undefined && unitGroups.some((g) => g.inValidity !== false);
      const usable = anyValid ? unitGroups.filter((g) => g.inValidity !== false) : unitGroups;
      const bestTier = Math.min(...usable.map((g) => g.best.tier));
      const winners = usable.filter((g) => g.best.tier === bestTier);

      if (winners.length === 1) {
        const group = winners[0]!;
        const unit = index.unit(group.pcode)!;
        const hit = group.best;
        let confidence = hit.confidence;
        let reason = this.matchReason(hit, place, unit) + within;
        if (group.inValidity === false) {
          confidence *= OUT_OF_VALIDITY_FACTOR;
          const ranged = group.hits.find((h) => hasValidity(h.alias))!.alias!;
          reason += `; the date ${date} is outside the alias's validity (${validityText(ranged)}), so confidence is lowered`;
        }
        const others = unitGroups.filter((g) => g !== group && g.hits.some((h) => hasValidity(h.alias)));
        if (date === undefined && others.length > 0) {
          const readings = others.map((g) => {
            const ranged = g.hits.find((h) => hasValidity(h.alias))!.alias!;
            return `${index.unit(g.pcode)!.name} (${g.pcode}, ${validityText(ranged)})`;
          });
          reason += `; other dated readings: ${readings.join(', ')} — give the record's date to apply them`;
        }
        const note = hit.alias ? firstSentence(hit.alias.notes) : '';
        if (note) reason += `. ${note}`;
        // e.g. Hub: a district created after COD-AB 2022, matched through its tehsil.
        if (noUnitNote) reason += `. Also ${noUnitNote}`;
        return {
          query,
          status: 'matched',
          level: index.level,
          pcode: unit.pcode,
          name: unit.name,
          province_pcode: unit.province_pcode,
          confidence: Math.round(confidence * 1000) / 1000,
          method: hit.method,
          reason,
          candidates: [],
        };
      }

      const candidates = winners.map((g) => {
        const unit = index.unit(g.pcode)!;
        return { pcode: unit.pcode, name: unit.name, province_pcode: unit.province_pcode, reason: g.best.detail };
      });
      candidates.sort((a, b) => a.pcode.localeCompare(b.pcode));
      const splitAliases = winners.map((g) => g.best.alias);
      if (splitAliases.every((a) => a?.kind === 'split' && a.alias === splitAliases[0]!.alias)) {
        const alias = splitAliases[0]!;
        const note = firstSentence(alias.notes);
        return {
          query,
          status: 'split',
          level: index.level,
          confidence: Math.round(Math.min(...winners.map((g) => g.best.confidence)) * 1000) / 1000,
          method: 'alias',
          reason: `${describeAlias(alias)} names a former or wider unit that now spans ${candidates.length} ${index.noun}s: ${listNames(candidates)}${note ? `. ${note}` : ''}`,
          candidates,
        };
      }
      const provinces = new Set(candidates.map((c) => c.province_pcode));
      const hint = provinces.size > 1 && !scope ? '; give the province to choose' : '';
      const note = noUnitNote ? `; ${noUnitNote}` : '';
      return {
        query,
        status: 'ambiguous',
        confidence: 0,
        reason: `"${text.trim()}" could be any of ${candidates.length} ${index.noun}s${within}: ${listNames(candidates)}${note}${hint}`,
        candidates,
      };
    }

    if (noUnitNote) {
      return {
        query,
        status: 'unknown',
        confidence: 0,
        reason: `${noUnitNote} It has no single COD-AB 2022 ${index.noun}.`,
        candidates: [],
      };
    }

    if (outOfScope.length > 0) {
      const elsewhere = this.groupHits(outOfScope, date).map((g) => {
        const unit = index.unit(g.pcode)!;
        return { pcode: unit.pcode, name: unit.name, province_pcode: unit.province_pcode, reason: g.best.detail };
      });
      const where = elsewhere.map((c) => `${c.name} (${this.provinces.get(c.province_pcode)?.name ?? c.province_pcode})`);
      return {
        query,
        status: 'unknown',
        confidence: 0,
        reason: `no ${index.noun} "${text.trim()}"${within}; the name matches ${where.join(', ')}`,
        candidates: elsewhere,
      };
    }

    const suggestions = this.suggest(index, place.key, scope);
    const similar = suggestions.length > 0 ? `; similar: ${listNames(suggestions)}` : '';
    return {
      query,
      status: 'unknown',
      confidence: 0,
      reason: `no ${index.noun}, alias${index.level === 2 ? ' or tehsil' : ''} named "${text.trim()}"${within}${similar}`,
      candidates: suggestions,
    };
  }

  private groupHits(hits: Hit[], date: string | undefined): PcodeGroup[] {
    const byPcode = new Map<string, Hit[]>();
    for (const hit of hits) pushTo(byPcode, hit.pcode, hit);
    return [...byPcode.entries()].map(([pcode, list]) => {
      const best = list.reduce((a, b) => (b.tier < a.tier ? b : a));
      const ranged = list.filter((h) => hasValidity(h.alias));
      // A name that is also a dated alias of the same unit (Lehri, abolished 2018) is only as
      // valid as that alias.
      const inValidity =
        date === undefined || ranged.length === 0
          ? undefined
          : list.some((h) => h.alias !== undefined && withinValidity(date, h.alias.valid_from, h.alias.valid_to));
      return { pcode, hits: list, best, inValidity };
    });
  }

  private matchReason(hit: Hit, place: NormalisedPlace, unit: Unit): string {
    switch (hit.method) {
      case 'exact':
        return hit.detail;
      case 'normalised': {
        const ignoring = place.suffixStripped.length > 0 ? ` (ignoring "${place.suffixStripped.join('", "')}")` : '';
        return `${hit.detail} after normalising case, punctuation and spelling${ignoring}`;
      }
      default:
        return `${hit.detail} → ${unit.name}`;
    }
  }

  private suggest(index: NameIndex, key: string, scope: string | undefined): PlaceCandidate[] {
    const cacheKey = `${index.level}|${scope ?? ''}|${key}`;
    const cached = this.suggestionCache.get(cacheKey);
    if (cached) return cached;
    const max = key.length < 3 ? 0 : key.length < 6 ? 1 : key.length < 10 ? 2 : 3;
    const best = new Map<string, { distance: number; label: string }>();
    if (max > 0) {
      for (const entry of index.fuzzyPool) {
        const unit = index.unit(entry.pcode);
        if (!unit || (scope && unit.province_pcode !== scope)) continue;
        const distance = editDistance(key, entry.key, max);
        if (distance > max) continue;
        const current = best.get(entry.pcode);
        if (!current || distance < current.distance) best.set(entry.pcode, { distance, label: entry.label });
      }
    }
    const suggestions = [...best.entries()]
      .map(([pcode, { distance, label }]) => ({ pcode, distance, label, unit: index.unit(pcode)! }))
      .sort((a, b) => a.distance - b.distance || a.unit.name.localeCompare(b.unit.name))
      .slice(0, MAX_SUGGESTIONS)
      .map(({ unit, distance, label }) => ({
        pcode: unit.pcode,
        name: unit.name,
        province_pcode: unit.province_pcode,
        reason: `spelling close to "${label}" (${distance} edit${distance === 1 ? '' : 's'}); not matched automatically`,
      }));
    this.suggestionCache.set(cacheKey, suggestions);
    return suggestions;
  }
}
