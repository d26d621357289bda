/**
 * The shared analysis filters as query parameters (also the command line's options): parsed and
 * checked by zod, then checked against the gazetteer and the groups catalogue so an unknown
 * province, district or group is a 404 that names it.
 */
import { z } from 'zod';
import { toMonth, type AnalysisFilters } from '../../../core/analytics/filters';
import { FRONTS, INCIDENT_CATEGORIES } from '../../../core/incidents';
import type { Db } from '../../../db/database';
import { errors } from '../../errors';

function list<T extends z.ZodType<string>>(item: T, description: string) {
  return z
    .string()
    .trim()
    .optional()
    .describe(`${description} (comma-separated; empty for all)`)
    .transform((text, ctx) => {
      if (!text) return [] as z.output<T>[];
      const out: z.output<T>[] = [];
      for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
        const parsed = item.safeParse(part);
        if (!parsed.success) {
          ctx.addIssue({ code: 'custom', message: `"${part}": ${parsed.error.issues[0]?.message ?? 'not allowed'}` });
          return z.NEVER;
        }
        out.push(parsed.data);
      }
      return [...new Set(out)];
    });
}

function month(edge: 'start' | 'end') {
  return z
    .string()
    .trim()
    .optional()
    .describe(`${edge === 'start' ? 'First' : 'Last'} month of the period: 2025, 2025-03 or 2025-03-17 (inclusive)`)
    .transform((text, ctx) => {
      if (!text) return null;
      const m = toMonth(text, edge);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: 'must be a year (2025), a month (2025-03) or a date (2025-03-17)' });
        return z.NEVER;
      }
      return m;
    });
}

const pcode = z
  .string()
  .regex(/^PK\d{1,5}$/i, 'must be a P-code such as PK528')
  .transform((s) => s.toUpperCase());

export const filterQuery = {
  from: month('start'),
  to: month('end'),
  province: list(pcode, 'Province P-codes'),
  district: list(pcode, 'District P-codes'),
  front: list(z.enum(FRONTS), `Fronts: ${FRONTS.join(', ')}`),
  group: list(z.string().min(1).max(64), 'Group codes from /api/v1/incident-groups'),
  category: list(z.enum(INCIDENT_CATEGORIES), `Categories: ${INCIDENT_CATEGORIES.join(', ')}`),
};

type RawFilters = z.output<z.ZodObject<typeof filterQuery>>;

/** Checks the parsed filters against the database; unknown places and groups are 404s naming them. */
export async function resolveFilters(db: Db, raw: RawFilters): Promise<AnalysisFilters> {
  if (raw.from && raw.to && raw.from > raw.to) throw errors.badRequest('to', `must not be before from (${raw.from})`);
  const k = db.kysely;
  if (raw.province.length > 0) {
    const found = new Set((await k.selectFrom('provinces').select('pcode').where('pcode', 'in', raw.province).execute()).map((r) => r.pcode));
    const missing = raw.province.find((p) => !found.has(p));
    if (missing) throw errors.notFound('Province', missing);
  }
  if (raw.district.length > 0) {
    const found = new Set((await k.selectFrom('districts').select('pcode').where('pcode', 'in', raw.district).execute()).map((r) => r.pcode));
    const missing = raw.district.find((d) => !found.has(d));
    if (missing) throw errors.notFound('District', missing);
  }
  if (raw.group.length > 0) {
    const found = new Set((await k.selectFrom('incident_groups').select('code').where('code', 'in', raw.group).execute()).map((r) => r.code));
    const missing = raw.group.find((g) => !found.has(g));
    if (missing) throw errors.notFound('Group', missing);
  }
  return {
    from: raw.from,
    to: raw.to,
    provinces: raw.province,
    districts: raw.district,
    fronts: raw.front,
    groups: raw.group,
    categories: raw.category,
  };
}
