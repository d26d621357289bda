/**
 * Loads the COD-AB 2022 gazetteer (provinces, districts, tehsils) and the place aliases from the
 * bundled data folder. Running it again leaves the same rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Insertable } from 'kysely';
import type { Db } from '../db/database';
import type { DistrictTable, PlaceAliasTable, ProvinceTable, TehsilTable } from '../db/tables';
import { areaKm2, centroidOf, isAreaGeometry, type AreaGeometry } from '../core/geometry';
import { placeKey } from '../core/places';

export const GAZETTEER_FILES = {
  provinces: 'boundaries/pak_adm1_2022_simplified.geojson',
  districtCodes: 'boundaries/pak_adm2_2022_pcodes.csv',
  districtShapes: 'boundaries/pak_adm2_2022_detailed.geojson',
  tehsils: 'boundaries/pak_adm3_tehsils_2022.csv',
  aliases: ['domain/district-aliases.csv', 'gazetteer-aliases-extra.csv'],
} as const;

export interface GazetteerCounts {
  provinces: number;
  districts: number;
  tehsils: number;
  aliases: number;
}

export type ProvinceRow = Insertable<ProvinceTable> & { geometry: string };
export type DistrictRow = Insertable<DistrictTable> & { geometry: string };
export type TehsilRow = Insertable<TehsilTable>;
export type AliasRow = Omit<Insertable<PlaceAliasTable>, 'id'> & { pcode: string };

export interface BundledGazetteer {
  provinces: ProvinceRow[];
  districts: DistrictRow[];
  tehsils: TehsilRow[];
  /** Deduplicated on (alias_key, adm_level, pcode): the first file and row win. */
  aliases: AliasRow[];
}

/** The bundled files are inconsistent or malformed: the message names the file and the row. */
export class GazetteerDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GazetteerDataError';
  }
}

type Row = Record<string, string>;

function readCsv(dataDir: string, file: string): Row[] {
  return parse(fs.readFileSync(path.join(dataDir, file)), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
  }) as Row[];
}

function required(row: Row, column: string, where: string): string {
  const value = row[column]?.trim();
  if (!value) throw new GazetteerDataError(`${where}: ${column} is empty`);
  return value;
}

const blank = (value: string | undefined): string | null => (value === undefined || value.trim() === '' ? null : value.trim());

interface Feature {
  properties: Record<string, unknown>;
  geometry: AreaGeometry;
}

function readFeatures(dataDir: string, file: string, pcodeProperty: string): Map<string, Feature> {
  const parsed = JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8')) as { features?: unknown };
  if (!Array.isArray(parsed.features)) throw new GazetteerDataError(`${file}: not a GeoJSON FeatureCollection`);
  const features = new Map<string, Feature>();
  parsed.features.forEach((raw: { properties?: Record<string, unknown>; geometry?: unknown }, i) => {
    const pcode = raw.properties?.[pcodeProperty];
    if (typeof pcode !== 'string' || pcode === '') throw new GazetteerDataError(`${file}: feature ${i} has no ${pcodeProperty}`);
    if (!isAreaGeometry(raw.geometry)) throw new GazetteerDataError(`${file}: feature ${pcode} has no Polygon or MultiPolygon geometry`);
    if (features.has(pcode)) throw new GazetteerDataError(`${file}: ${pcode} appears twice`);
    features.set(pcode, { properties: raw.properties ?? {}, geometry: raw.geometry });
  });
  return features;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Reads and cross-checks the bundled gazetteer files. Throws GazetteerDataError on any inconsistency. */
export function readBundledGazetteer(dataDir: string): BundledGazetteer {
  const provinces = [...readFeatures(dataDir, GAZETTEER_FILES.provinces, 'ADM1_PCODE').entries()].map(([pcode, f]) => {
    const name = f.properties.ADM1_EN;
    if (typeof name !== 'string' || name === '') throw new GazetteerDataError(`${GAZETTEER_FILES.provinces}: ${pcode} has no ADM1_EN`);
    const centroid = centroidOf(f.geometry);
    return {
      pcode,
      name,
      centroid_lat: round(centroid.lat, 5),
      centroid_lon: round(centroid.lon, 5),
      geometry: JSON.stringify(f.geometry),
    };
  });
  const provinceCodes = new Set(provinces.map((p) => p.pcode));

  const shapes = readFeatures(dataDir, GAZETTEER_FILES.districtShapes, 'ADM2_PCODE');
  const districts = readCsv(dataDir, GAZETTEER_FILES.districtCodes).map((row, i) => {
    const where = `${GAZETTEER_FILES.districtCodes} line ${i + 2}`;
    const pcode = required(row, 'ADM2_PCODE', where);
    const provincePcode = required(row, 'ADM1_PCODE', where);
    if (!provinceCodes.has(provincePcode)) throw new GazetteerDataError(`${where}: unknown province ${provincePcode}`);
    const shape = shapes.get(pcode);
    if (!shape) throw new GazetteerDataError(`${where}: ${pcode} has no boundary in ${GAZETTEER_FILES.districtShapes}`);
    const centroid = centroidOf(shape.geometry);
    return {
      pcode,
      name: required(row, 'ADM2_EN', where),
      province_pcode: provincePcode,
      alt_name_1: blank(row.ADM2ALT1EN),
      alt_name_2: blank(row.ADM2ALT2EN),
      centroid_lat: round(centroid.lat, 5),
      centroid_lon: round(centroid.lon, 5),
      area_km2: round(areaKm2(shape.geometry), 1),
      geometry: JSON.stringify(shape.geometry),
    };
  });
  const districtCodes = new Set(districts.map((d) => d.pcode));

  const tehsils = readCsv(dataDir, GAZETTEER_FILES.tehsils).map((row, i) => {
    const where = `${GAZETTEER_FILES.tehsils} line ${i + 2}`;
    const districtPcode = required(row, 'ADM2_PCODE', where);
    if (!districtCodes.has(districtPcode)) throw new GazetteerDataError(`${where}: unknown district ${districtPcode}`);
    return { pcode: required(row, 'ADM3_PCODE', where), name: required(row, 'ADM3_EN', where), district_pcode: districtPcode };
  });

  const aliases: AliasRow[] = [];
  const seen = new Set<string>();
  for (const file of GAZETTEER_FILES.aliases) {
    readCsv(dataDir, file).forEach((row, i) => {
      const where = `${file} line ${i + 2}`;
      const alias = required(row, 'alias', where);
      const level = Number(required(row, 'adm_level', where));
      const pcode = row.pcode?.trim() ?? '';
      if (level !== 1 && level !== 2) throw new GazetteerDataError(`${where}: adm_level must be 1 or 2`);
      const known = level === 1 ? provinceCodes : districtCodes;
      if (pcode !== '' && !known.has(pcode)) throw new GazetteerDataError(`${where}: unknown ${level === 1 ? 'province' : 'district'} ${pcode}`);
      const aliasKey = placeKey(alias);
      const identity = `${aliasKey}|${level}|${pcode}`;
      // "D.I. Khan" and "DI Khan" share a key: one row is enough to match both.
      if (seen.has(identity)) return;
      seen.add(identity);
      aliases.push({
        alias,
        alias_key: aliasKey,
        adm_level: level,
        // Empty: a known name with no single COD-AB unit (a split, a district created after 2022).
        pcode,
        kind: required(row, 'kind', where),
        valid_from: blank(row.valid_from),
        valid_to: blank(row.valid_to),
        notes: blank(row.notes),
        source_ids: blank(row.source_ids),
      });
    });
  }

  return { provinces, districts, tehsils, aliases };
}

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

// Small batches: district rows carry boundary JSON, and SQLite caps bound parameters per statement.
const BATCH = 50;

/** Upserts the bundled gazetteer in one transaction; P-codes referenced elsewhere stay valid. */
export async function loadGazetteer(db: Db, dataDir: string): Promise<GazetteerCounts> {
  const data = readBundledGazetteer(dataDir);
  await db.kysely.transaction().execute(async (trx) => {
    for (const batch of chunks(data.provinces, BATCH)) {
      await trx
        .insertInto('provinces')
        .values(batch)
        .onConflict((oc) =>
          oc.column('pcode').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            centroid_lat: eb.ref('excluded.centroid_lat'),
            centroid_lon: eb.ref('excluded.centroid_lon'),
            geometry: eb.ref('excluded.geometry'),
          })),
        )
        .execute();
    }
    for (const batch of chunks(data.districts, BATCH)) {
      await trx
        .insertInto('districts')
        .values(batch)
        .onConflict((oc) =>
          oc.column('pcode').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            province_pcode: eb.ref('excluded.province_pcode'),
            alt_name_1: eb.ref('excluded.alt_name_1'),
            alt_name_2: eb.ref('excluded.alt_name_2'),
            centroid_lat: eb.ref('excluded.centroid_lat'),
            centroid_lon: eb.ref('excluded.centroid_lon'),
            area_km2: eb.ref('excluded.area_km2'),
            geometry: eb.ref('excluded.geometry'),
          })),
        )
        .execute();
    }
    for (const batch of chunks(data.tehsils, 200)) {
      await trx
        .insertInto('tehsils')
        .values(batch)
        .onConflict((oc) =>
          oc.column('pcode').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            district_pcode: eb.ref('excluded.district_pcode'),
          })),
        )
        .execute();
    }
    // Keyed on the unique (alias_key, adm_level, pcode), so aliases added by users are kept.
    for (const batch of chunks(data.aliases, 200)) {
      await trx
        .insertInto('place_aliases')
        .values(batch)
        .onConflict((oc) =>
          oc.columns(['alias_key', 'adm_level', 'pcode']).doUpdateSet((eb) => ({
            alias: eb.ref('excluded.alias'),
            kind: eb.ref('excluded.kind'),
            valid_from: eb.ref('excluded.valid_from'),
            valid_to: eb.ref('excluded.valid_to'),
            notes: eb.ref('excluded.notes'),
            source_ids: eb.ref('excluded.source_ids'),
          })),
        )
        .execute();
    }
  });
  return {
    provinces: data.provinces.length,
    districts: data.districts.length,
    tehsils: data.tehsils.length,
    aliases: data.aliases.length,
  };
}
