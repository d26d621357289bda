import fs from 'node:fs';
import path from 'node:path';
import { Gazetteer } from '../../core/gazetteer';
import { DistrictLocator } from '../../core/locate';
import type { Db } from '../../db/database';
import { readDistrictShapes, readGazetteerData } from '../repositories/gazetteerRepository';

interface BoundaryFeature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: unknown;
}

/**
 * Holds the gazetteer and the district locator in memory (they are read-mostly reference data),
 * built on first use from the database and rebuilt after a seed.
 */
export class GeoService {
  private gazetteer?: Promise<Gazetteer>;
  private locator?: Promise<DistrictLocator>;
  private boundaries = new Map<1 | 2, string>();

  constructor(private readonly db: Db) {}

  getGazetteer(): Promise<Gazetteer> {
    this.gazetteer ??= readGazetteerData(this.db).then((data) => new Gazetteer(data));
    this.gazetteer.catch(() => (this.gazetteer = undefined));
    return this.gazetteer;
  }

  getLocator(): Promise<DistrictLocator> {
    this.locator ??= readDistrictShapes(this.db).then((shapes) => new DistrictLocator(shapes));
    this.locator.catch(() => (this.locator = undefined));
    return this.locator;
  }

  invalidate(): void {
    this.gazetteer = undefined;
    this.locator = undefined;
    this.boundaries.clear();
  }

  /**
   * Simplified boundaries for maps, as a GeoJSON string with normalised properties
   * (`pcode`, `name`, and for districts `province_pcode`, `province_name`).
   */
  boundaryGeoJson(dataDir: string, level: 1 | 2): string {
    const cached = this.boundaries.get(level);
    if (cached) return cached;
    const file = path.join(dataDir, 'boundaries', level === 1 ? 'pak_adm1_2022_simplified.geojson' : 'pak_adm2_2022_simplified.geojson');
    const source = JSON.parse(fs.readFileSync(file, 'utf8')) as { features: BoundaryFeature[] };
    const features = source.features.map((f) => {
      const p = f.properties;
      const properties =
        level === 1
          ? { pcode: p.ADM1_PCODE, name: p.ADM1_EN }
          : { pcode: p.ADM2_PCODE, name: p.ADM2_EN, province_pcode: p.ADM1_PCODE, province_name: p.ADM1_EN };
      return { type: 'Feature', properties, geometry: f.geometry };
    });
    const json = JSON.stringify({
      type: 'FeatureCollection',
      attribution: 'OCHA / WFP, COD-AB Pakistan 2022 (CC BY-IGO)',
      features,
    });
    this.boundaries.set(level, json);
    return json;
  }
}
