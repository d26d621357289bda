import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Db } from '../db/database';
import { parseDimension } from '../core/plans';

/** The plans the product ships. Point lists come from data/domain (see its README for sources). */
const PLANS = [
  {
    code: 'NAP-2014',
    name: 'National Action Plan 2014',
    adopted_on: '2014-12-24',
    description: 'The 20-point plan adopted after the Army Public School attack in Peshawar (16 December 2014).',
    source_ids: 'S13;S14',
  },
  {
    code: 'NAP-2021',
    name: 'National Action Plan (revised) 2021',
    adopted_on: '2021-09-09',
    description:
      'The revised plan reviewed in September 2021. The official point list was not found; the areas documented in public reporting are listed instead.',
    source_ids: 'S30;S32;S33;S34',
  },
  {
    code: 'AZM-2024',
    name: 'Azm-e-Istehkam 2024',
    adopted_on: '2024-06-22',
    description:
      'Counter-terrorism vision approved by the Central Apex Committee on NAP in June 2024, with five lines of effort: politico-diplomatic, armed forces backed by all law-enforcement agencies, legislation, socio-economic measures and information.',
    source_ids: null,
  },
];

type Row = Record<string, string>;

function readCsv(file: string): Row[] {
  return parse(fs.readFileSync(file), { columns: true, bom: true, skip_empty_lines: true, trim: false }) as Row[];
}

const blank = (v: string | undefined): string | null => (v === undefined || v.trim() === '' ? null : v.trim());

export interface ReferenceCounts {
  sources: number;
  plans: number;
  points: number;
  programmes: number;
  governance_bodies: number;
}

/** Loads sources, plans, points, programmes and governance bodies; running it again changes nothing. */
export async function loadReference(db: Db, dataDir: string): Promise<ReferenceCounts> {
  const dir = path.join(dataDir, 'domain');
  const sources = readCsv(path.join(dir, 'sources.csv')).map((r) => ({
    id: r.source_id!.trim(),
    citation: r.citation ?? '',
    reliability_note: blank(r.reliability_note),
  }));
  const points2014 = readCsv(path.join(dir, 'nap-2014-points.csv')).map((r) => ({
    plan_code: 'NAP-2014',
    code: r.point_no!.trim(),
    number: Number(r.point_no),
    text: r.official_text!.trim(),
    variant_text: blank(r.variant_text),
    dimension: parseDimension(r.dimension),
    dimension_basis: blank(r.dimension_basis),
    lead_agencies: blank(r.lead_agencies),
    basis: blank(r.lead_agencies_basis),
    notes: blank(r.notes),
    source_ids: blank(r.source_ids),
  }));
  const areas2021 = readCsv(path.join(dir, 'nap-2021-areas.csv')).map((r) => ({
    plan_code: 'NAP-2021',
    code: r.area_code!.trim(),
    number: null,
    text: r.title!.trim(),
    variant_text: null,
    dimension: parseDimension(r.dimension),
    dimension_basis: blank(r.dimension_basis),
    lead_agencies: null,
    basis: blank(r.basis),
    notes: blank(r.notes),
    source_ids: blank(r.source_ids),
  }));
  const programmes = readCsv(path.join(dir, 'programmes.csv')).map((r) => ({
    code: r.code!.trim(),
    name: r.name!.trim(),
    kind: r.kind!.trim(),
    start_date: blank(r.start_date),
    end_date: blank(r.end_date),
    dimension: parseDimension(r.dimension),
    summary: blank(r.summary),
    key_figures: blank(r.key_figures),
    source_ids: blank(r.source_ids),
  }));
  const bodies = readCsv(path.join(dir, 'governance-bodies.csv')).map((r) => ({
    code: r.code!.trim(),
    name: r.name!.trim(),
    level: r.level!.trim(),
    established: blank(r.established),
    role: blank(r.role),
    basis: blank(r.basis),
    notes: blank(r.notes),
    source_ids: blank(r.source_ids),
  }));

  await db.kysely.transaction().execute(async (trx) => {
    for (const s of sources) {
      await trx.insertInto('sources').values(s).onConflict((oc) => oc.column('id').doUpdateSet(s)).execute();
    }
    for (const p of PLANS) {
      await trx.insertInto('plans').values(p).onConflict((oc) => oc.column('code').doUpdateSet(p)).execute();
    }
    for (const p of [...points2014, ...areas2021]) {
      await trx
        .insertInto('plan_points')
        .values(p)
        .onConflict((oc) => oc.columns(['plan_code', 'code']).doUpdateSet(p))
        .execute();
    }
    for (const p of programmes) {
      await trx.insertInto('programmes').values(p).onConflict((oc) => oc.column('code').doUpdateSet(p)).execute();
    }
    for (const b of bodies) {
      await trx.insertInto('governance_bodies').values(b).onConflict((oc) => oc.column('code').doUpdateSet(b)).execute();
    }
  });
  return {
    sources: sources.length,
    plans: PLANS.length,
    points: points2014.length + areas2021.length,
    programmes: programmes.length,
    governance_bodies: bodies.length,
  };
}
