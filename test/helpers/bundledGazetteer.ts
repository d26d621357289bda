import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { GazetteerData } from '../../src/core/gazetteer';
import { isAreaGeometry } from '../../src/core/geometry';
import type { DistrictShape } from '../../src/core/locate';
import { readBundledGazetteer, type BundledGazetteer } from '../../src/importers/gazetteer';

/** The project's bundled data folder. */
export const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data');

/** A bundled CSV file (path relative to the data folder) as records keyed by header. */
export function readBundledCsv(file: string, encoding: BufferEncoding = 'utf8'): Record<string, string>[] {
  const text = fs.readFileSync(path.join(DATA_DIR, file), encoding);
  return parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
}

let bundled: BundledGazetteer | undefined;

function read(): BundledGazetteer {
  bundled ??= readBundledGazetteer(DATA_DIR);
  return bundled;
}

/** The resolver's input built straight from the bundled files (no database). */
export function bundledGazetteerData(): GazetteerData {
  const { provinces, districts, tehsils, aliases } = read();
  return {
    provinces: provinces.map((p) => ({ pcode: p.pcode, name: p.name })),
    districts: districts.map((d) => ({
      pcode: d.pcode,
      name: d.name,
      province_pcode: d.province_pcode,
      alt_name_1: d.alt_name_1 ?? null,
      alt_name_2: d.alt_name_2 ?? null,
    })),
    tehsils: tehsils.map((t) => ({ pcode: t.pcode, name: t.name, district_pcode: t.district_pcode })),
    aliases: aliases.map((a) => ({
      alias: a.alias,
      adm_level: a.adm_level,
      pcode: a.pcode,
      kind: a.kind,
      valid_from: a.valid_from ?? null,
      valid_to: a.valid_to ?? null,
      notes: a.notes ?? null,
    })),
  };
}

/** District boundaries from the detailed bundled GeoJSON. */
export function bundledDistrictShapes(): DistrictShape[] {
  return read().districts.map((d) => {
    const geometry: unknown = JSON.parse(d.geometry);
    if (!isAreaGeometry(geometry)) throw new Error(`${d.pcode}: bad geometry`);
    return { pcode: d.pcode, name: d.name, province_pcode: d.province_pcode, geometry };
  });
}
