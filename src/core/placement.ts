/**
 * Placing an incident in its province, district and tehsil.
 *
 * Coordinates decide when their precision is district-level or finer (UCDP scale 1–3); otherwise
 * the place names do (province, district, sub-district, location, through the gazetteer). When
 * both give a district and they differ, the names' district is kept and the row carries a
 * warning: publishers geocode to a town or a centroid, but name the district they mean. P-codes
 * stated by the source itself are taken as given once checked. Whatever cannot be placed in a
 * district says why. Resolutions are cached, so a file of a million rows naming a few thousand
 * places resolves each place once.
 */
import type { Gazetteer, NameResolution } from './gazetteer';
import { detach, DISTRICT_LEVEL_PRECISION, type Placement } from './incidents';
import type { DistrictLocator, LocateResult } from './locate';
import { placeKey } from './places';

export interface PlaceQuery {
  admin1: string | null;
  admin2: string | null;
  admin3: string | null;
  location: string | null;
  latitude: number | null;
  longitude: number | null;
  /** UCDP 1–7 scale; null when the source does not say. */
  geo_precision: number | null;
  /** ISO date of the incident, to honour the validity of historical names. */
  date_start: string;
  given_province?: string | null;
  given_district?: string | null;
  given_tehsil?: string | null;
  given_placement?: string | null;
  given_placement_note?: string | null;
}

export interface PlaceResult {
  province_pcode: string | null;
  district_pcode: string | null;
  tehsil_pcode: string | null;
  placement: Placement;
  /** Why the incident is where it is, or why it has no district. */
  note: string | null;
  /** Set when names and coordinates disagree, or coordinates are unusable. */
  warning: string | null;
  /** Set when the given P-codes are not in the gazetteer: the row cannot be stored. */
  error?: { field: string; value: string; reason: string };
}

export interface TehsilRef {
  pcode: string;
  name: string;
  district_pcode: string;
}

const CACHE_LIMIT = 200_000;
const PLACEMENTS = new Set<string>(['coordinates', 'names', 'given', 'province', 'none']);

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

function blank(text: string | null | undefined): text is null | undefined {
  return text === null || text === undefined || text.trim() === '';
}

interface CachedNames {
  /** Whether a dated resolution took part, so the outcome holds for its month only. */
  dated: boolean;
  outcome: NamesOutcome;
}

interface NamesOutcome {
  province: string | null;
  district: NameResolution | null;
  /** The most informative failure when no name gave a district. */
  failure: string | null;
  /** The name that gave the district. */
  via: string | null;
}

export class IncidentPlacer {
  private readonly nameCache = new Map<string, NameResolution>();
  private readonly provinceCache = new Map<string, NameResolution>();
  // By latitude, then longitude: number keys, since turning coordinates into text costs more than the lookup.
  private readonly pointCache = new Map<number, Map<number, LocateResult>>();
  private points = 0;
  // What the names give, by the name texts and year (and month when a dated alias decided).
  private readonly namesCache = new Map<string, CachedNames>();
  private readonly tehsilsByKey = new Map<string, TehsilRef[]>();
  private readonly tehsilCodes = new Map<string, TehsilRef>();
  private readonly tehsilCache = new Map<string, string | null>();
  private datedLookups = 0;

  constructor(
    private readonly gazetteer: Gazetteer,
    private readonly locator: DistrictLocator | null,
    tehsils: readonly TehsilRef[] = [],
  ) {
    for (const t of tehsils) {
      this.tehsilCodes.set(t.pcode, t);
      const key = placeKey(t.name);
      const list = this.tehsilsByKey.get(key);
      if (list) list.push(t);
      else this.tehsilsByKey.set(key, [t]);
    }
  }

  /** A district name resolved within a province; results not affected by dates are shared by all dates. */
  // Cached keys and results are detached from the row's text (see `detach`).
  private resolveDistrict(text: string, province: string | null, date: string): NameResolution {
    const base = `${province ?? ''}\u0001${text}`;
    let undated = this.nameCache.get(base);
    if (!undated) {
      undated = remember(this.nameCache, detach(base), this.gazetteer.resolveDistrict(detach(text), { province: province === null ? undefined : detach(province) }));
    }
    if (undated.status === 'matched' && undated.method !== 'alias') return undated;
    if (undated.status === 'unknown') return undated;
    this.datedLookups++;
    const month = date.slice(0, 7);
    const dated = `${base}\u0001${month}`;
    return (
      this.nameCache.get(dated) ??
      remember(this.nameCache, detach(dated), this.gazetteer.resolveDistrict(detach(text), { province: province === null ? undefined : detach(province), date: month }))
    );
  }

  private resolveProvince(text: string, date: string): NameResolution {
    const key = `${text}\u0001${date.slice(0, 4)}`;
    return this.provinceCache.get(key) ?? remember(this.provinceCache, detach(key), this.gazetteer.resolveProvince(detach(text), { date: date.slice(0, 7) }));
  }

  private locate(lat: number, lon: number): LocateResult {
    let byLon = this.pointCache.get(lat);
    const cached = byLon?.get(lon);
    if (cached) return cached;
    if (this.points >= CACHE_LIMIT) {
      this.pointCache.clear();
      this.points = 0;
      byLon = undefined;
    }
    if (!byLon) this.pointCache.set(lat, (byLon = new Map()));
    const result = this.locator!.locate(lat, lon);
    byLon.set(lon, result);
    this.points++;
    return result;
  }

  /**
   * `namesOutcome`, cached: a row's names give the same outcome for every date of the same year
   * (provinces are resolved by year), unless a dated alias decided, which is then cached by month.
   */
  private byNames(q: PlaceQuery): NamesOutcome {
    const base = `${q.admin1 ?? ''}\u0001${q.admin2 ?? ''}\u0001${q.admin3 ?? ''}\u0001${q.location ?? ''}\u0001`;
    const yearKey = base + q.date_start.slice(0, 4);
    const byYear = this.namesCache.get(yearKey);
    if (byYear && !byYear.dated) return byYear.outcome;
    const monthKey = `${yearKey}\u0002${q.date_start.slice(5, 7)}`;
    if (byYear) {
      const byMonth = this.namesCache.get(monthKey);
      if (byMonth) return byMonth.outcome;
    }
    this.datedLookups = 0;
    const found = this.namesOutcome(q);
    // Kept for later rows, so detached from this row's text.
    const outcome = { ...found, failure: found.failure === null ? null : detach(found.failure), via: found.via === null ? null : detach(found.via) };
    const dated = this.datedLookups > 0;
    if (this.namesCache.size >= CACHE_LIMIT) this.namesCache.clear();
    if (!this.namesCache.has(yearKey)) this.namesCache.set(detach(yearKey), { dated, outcome });
    if (dated) this.namesCache.set(detach(monthKey), { dated, outcome });
    return outcome;
  }

  private namesOutcome(q: PlaceQuery): NamesOutcome {
    let province: string | null = null;
    let provinceText: string | null = null;
    if (!blank(q.admin1)) {
      const p = this.resolveProvince(q.admin1, q.date_start);
      if (p.status === 'matched' && p.pcode) {
        province = p.pcode;
        provinceText = q.admin1;
      }
    }
    let failure: string | null = null;
    const tried = new Set<string>();
    for (const text of [q.admin2, q.admin3, q.location]) {
      if (blank(text)) continue;
      const name = text.trim();
      if (tried.has(name)) continue;
      tried.add(name);
      const r = this.resolveDistrict(name, provinceText, q.date_start);
      if (r.status === 'matched' && r.level === 2 && r.pcode) return { province, district: r, failure: null, via: name };
      // The first name's failure explains best; a split ("Karachi") beats an unknown location text.
      if (failure === null || r.status === 'split') failure = `"${name}": ${r.reason}`;
    }
    if (tried.size === 0) failure = 'no district, sub-district or location name';
    return { province, district: null, failure, via: null };
  }

  private tehsilFor(q: PlaceQuery, district: string): string | null {
    const key = `${district}\u0001${q.admin3 ?? ''}\u0001${q.location ?? ''}\u0001${q.admin2 ?? ''}`;
    const cached = this.tehsilCache.get(key);
    if (cached !== undefined) return cached;
    let found: string | null = null;
    for (const text of [q.admin3, q.location, q.admin2]) {
      if (blank(text)) continue;
      const hit = this.tehsilsByKey.get(placeKey(text))?.find((t) => t.district_pcode === district);
      if (hit) {
        found = hit.pcode;
        break;
      }
    }
    return remember(this.tehsilCache, detach(key), found);
  }

  /** How the names gave the district; nothing when a name is the district's own. */
  private namesNote(names: NamesOutcome): string | null {
    const r = names.district!;
    return r.method === 'exact' ? null : `"${names.via}": ${r.reason}`;
  }

  private districtPlace(pcode: string, placement: Placement, note: string | null, warning: string | null, q: PlaceQuery): PlaceResult {
    const d = this.gazetteer.district(pcode)!;
    return { province_pcode: d.province_pcode, district_pcode: pcode, tehsil_pcode: this.tehsilFor(q, pcode), placement, note, warning };
  }

  private given(q: PlaceQuery): PlaceResult | null {
    const district = q.given_district?.trim().toUpperCase() || null;
    const province = q.given_province?.trim().toUpperCase() || null;
    if (!district && !province) return null;
    const placement = (q.given_placement?.trim() || 'given') as Placement;
    const note = blank(q.given_placement_note) ? null : q.given_placement_note.trim();
    if (!PLACEMENTS.has(placement)) {
      return { province_pcode: null, district_pcode: null, tehsil_pcode: null, placement: 'none', note: null, warning: null, error: { field: 'placement', value: placement, reason: `must be one of ${[...PLACEMENTS].join(', ')}` } };
    }
    if (district) {
      const d = this.gazetteer.district(district);
      if (!d) {
        return { province_pcode: null, district_pcode: null, tehsil_pcode: null, placement: 'none', note: null, warning: null, error: { field: 'district_pcode', value: district, reason: `${district} is not a COD-AB 2022 district P-code` } };
      }
      if (province && province !== d.province_pcode) {
        return { province_pcode: null, district_pcode: null, tehsil_pcode: null, placement: 'none', note: null, warning: null, error: { field: 'province_pcode', value: province, reason: `${d.name} (${district}) is in ${d.province_pcode}, not ${province}` } };
      }
      const tehsil = q.given_tehsil?.trim().toUpperCase() || null;
      const t = tehsil ? this.tehsilCodes.get(tehsil) : undefined;
      if (tehsil && (!t || t.district_pcode !== district)) {
        return { province_pcode: null, district_pcode: null, tehsil_pcode: null, placement: 'none', note: null, warning: null, error: { field: 'tehsil_pcode', value: tehsil, reason: `${tehsil} is not a tehsil of ${d.name} (${district})` } };
      }
      return { province_pcode: d.province_pcode, district_pcode: district, tehsil_pcode: t ? t.pcode : this.tehsilFor(q, district), placement, note, warning: null };
    }
    if (!this.gazetteer.province(province!)) {
      return { province_pcode: null, district_pcode: null, tehsil_pcode: null, placement: 'none', note: null, warning: null, error: { field: 'province_pcode', value: province!, reason: `${province} is not a province P-code (PK1–PK7)` } };
    }
    return { province_pcode: province, district_pcode: null, tehsil_pcode: null, placement: placement === 'given' ? 'province' : placement, note, warning: null };
  }

  place(q: PlaceQuery): PlaceResult {
    const given = this.given(q);
    if (given) return given;

    const names = this.byNames(q);
    const hasPoint = q.latitude !== null && q.longitude !== null && this.locator !== null;
    const precise = q.geo_precision !== null && q.geo_precision <= DISTRICT_LEVEL_PRECISION;
    let point: LocateResult | null = null;
    let pointWarning: string | null = null;
    if (hasPoint) {
      point = this.locate(q.latitude!, q.longitude!);
      if (point.status === 'outside') {
        pointWarning = `coordinates ${q.latitude}, ${q.longitude} are ${point.reason}; placed by names`;
        point = null;
      }
    }
    const namesDistrict = names.district?.pcode ?? null;

    if (point && precise) {
      const pointDistrict = point.pcode!;
      if (namesDistrict && namesDistrict !== pointDistrict) {
        const nd = this.gazetteer.district(namesDistrict)!;
        const warning = `coordinates fall in ${point.name} (${pointDistrict}) but the place names say ${nd.name} (${namesDistrict}); kept ${nd.name}`;
        // The incident carries the disagreement in its placement note, not only the import report.
        const how = this.namesNote(names);
        return this.districtPlace(namesDistrict, 'names', how ? `${warning}. ${how}` : warning, warning, q);
      }
      let warning: string | null = null;
      if (!namesDistrict && names.province && names.province !== point.province_pcode) {
        warning = `coordinates fall in ${point.name} (${pointDistrict}, ${point.province_pcode}) but the province is given as ${q.admin1?.trim()} (${names.province}); kept the coordinates`;
      }
      // Inside a district needs no note; a point snapped to the nearest district says how far it was.
      return this.districtPlace(pointDistrict, 'coordinates', point.status === 'inside' ? null : point.reason, warning, q);
    }
    if (namesDistrict) {
      return this.districtPlace(namesDistrict, 'names', this.namesNote(names), pointWarning, q);
    }
    if (point && q.geo_precision === null) {
      return this.districtPlace(point.pcode!, 'coordinates', `${point.reason} (coordinate precision not stated; no place name gave a district)`, pointWarning, q);
    }

    // No district: say why, and keep the province when the names or a province-level point give it.
    const why: string[] = [];
    if (names.failure) why.push(names.failure);
    if (!hasPoint) why.push('no coordinates');
    else if (point && !precise) why.push(`coordinates are only precise to the ${q.geo_precision === 4 ? 'province' : 'wider area'} (precision ${q.geo_precision})`);
    const reason = why.join('; ');
    let province = names.province;
    if (!province && point && q.geo_precision !== null && q.geo_precision <= 4) province = point.province_pcode ?? null;
    return {
      province_pcode: province,
      district_pcode: null,
      tehsil_pcode: null,
      placement: province ? 'province' : 'none',
      note: reason,
      warning: pointWarning,
    };
  }
}
