/** Request and response schemas of the incident routes (validation and OpenAPI from one source). */
import { z } from 'zod';
import { parseIncidentDate } from '../../core/incidentDates';
import { DATE_PRECISIONS, FRONTS, INCIDENT_CATEGORIES, SECURITY_FORCES } from '../../core/incidents';
import { INCIDENT_SORTS } from '../queries/listIncidents';
import { pcodeParam } from './schemas';

/** A comma-separated list in a query string: `?front=iskp,sectarian`. */
function listOf<T extends string>(values?: readonly T[]) {
  return z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .transform((s, ctx) => {
      const items = s
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      if (values) {
        const bad = items.filter((v) => !(values as readonly string[]).includes(v));
        if (bad.length) {
          ctx.addIssue({ code: 'custom', message: `${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} not one of ${values.join(', ')}` });
          return z.NEVER;
        }
      }
      return items as T[];
    });
}

const flag = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

/** A day, month or year; `from` takes its first day, `to` its last. */
function periodBound(edge: 'start' | 'end') {
  return z
    .string()
    .trim()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be a date YYYY-MM-DD, a month YYYY-MM or a year YYYY')
    .transform((s, ctx) => {
      const span = parseIncidentDate(s);
      if ('error' in span) {
        ctx.addIssue({ code: 'custom', message: span.error });
        return z.NEVER;
      }
      return edge === 'start' ? span.start : span.end;
    });
}

export const incidentFiltersQuery = {
  from: periodBound('start').optional(),
  to: periodBound('end').optional(),
  province: pcodeParam.optional(),
  district: pcodeParam.optional(),
  front: listOf(FRONTS).optional(),
  group: listOf().optional(),
  category: listOf(INCIDENT_CATEGORIES).optional(),
  event_type: listOf().optional(),
  attack_type: listOf().optional(),
  min_killed: z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').optional(),
  dataset: listOf().optional(),
  q: z.string().trim().min(2, 'must be at least 2 characters').max(200).optional(),
  updated_since: z.iso.datetime({ offset: true, message: 'must be an ISO date-time such as 2025-03-11T00:00:00Z' }).optional(),
  include_deleted: flag.optional(),
  dedupe: flag.optional(),
};

export const incidentListQuery = z.object({
  ...incidentFiltersQuery,
  sort: z.enum(INCIDENT_SORTS).default('-date'),
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').max(500, 'must be 500 or less').default(50),
  cursor: z.string().max(500).optional(),
});

export const incidentExportQuery = z.object({ ...incidentFiltersQuery, sort: z.enum(INCIDENT_SORTS).default('date') });

const countRange = z.object({ low: z.number().int().nullable(), best: z.number().int().nullable(), high: z.number().int().nullable() });

export const incidentSchema = z.object({
  id: z.number().int(),
  dataset: z.string(),
  native_key: z.string(),
  title: z.string().nullable(),
  date_start: z.string(),
  date_end: z.string(),
  date_precision: z.string(),
  province_pcode: z.string().nullable(),
  district_pcode: z.string().nullable(),
  tehsil_pcode: z.string().nullable(),
  placement: z.string(),
  placement_note: z.string().nullable(),
  place: z.string().nullable(),
  admin1: z.string().nullable(),
  admin2: z.string().nullable(),
  admin3: z.string().nullable(),
  location: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  geo_precision: z.number().int().nullable(),
  geo_precision_native: z.string().nullable(),
  category: z.string(),
  disorder_type: z.string().nullable(),
  event_type: z.string().nullable(),
  sub_event_type: z.string().nullable(),
  attack_type: z.string().nullable(),
  target_type: z.string().nullable(),
  weapon_type: z.string().nullable(),
  suicide: z.boolean().nullable(),
  success: z.boolean().nullable(),
  group_code: z.string().nullable(),
  front: z.string().nullable(),
  perpetrator: z.string().nullable(),
  actor1: z.string().nullable(),
  actor2: z.string().nullable(),
  assoc_actor1: z.string().nullable(),
  assoc_actor2: z.string().nullable(),
  target: z.string().nullable(),
  killed: countRange,
  injured: countRange,
  hostages: countRange,
  killed_civilians: z.number().int().nullable(),
  killed_security: z.number().int().nullable(),
  killed_security_by_force: z.record(z.string(), z.number()).nullable(),
  killed_militants: z.number().int().nullable(),
  killed_unknown: z.number().int().nullable(),
  notes: z.string().nullable(),
  source: z.string().nullable(),
  source_ids: z.array(z.string()),
  native: z.record(z.string(), z.string()),
  batch_id: z.number().int().nullable(),
  cluster_id: z.number().int().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  deleted_at: z.string().nullable(),
});

export const clusterSchema = z.object({
  id: z.number().int(),
  rule: z.string(),
  members: z.array(incidentSchema),
  links: z.array(z.object({ a: z.number().int(), b: z.number().int(), by: z.enum(['rule', 'manual']), reason: z.string() })),
});

const text = (max: number) => z.string().max(max).nullable().optional();
const count = z.number().int('must be a whole number').min(0, 'must be 0 or more').max(1_000_000);
const rangeInput = z.object({ low: count.nullable().optional(), best: count.nullable().optional(), high: count.nullable().optional() }).strict();
const dateText = z.string().trim().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be a date YYYY-MM-DD, a month YYYY-MM or a year YYYY');

const incidentFields = {
  title: text(500),
  date_end: dateText.nullable().optional(),
  date_precision: z.enum(DATE_PRECISIONS).nullable().optional(),
  province_pcode: pcodeParam.nullable().optional(),
  district_pcode: pcodeParam.nullable().optional(),
  tehsil_pcode: pcodeParam.nullable().optional(),
  admin1: text(200),
  admin2: text(200),
  admin3: text(200),
  location: text(500),
  latitude: z.number().min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90').nullable().optional(),
  longitude: z.number().min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180').nullable().optional(),
  geo_precision: z.number().int().min(1, 'must be 1–7').max(7, 'must be 1–7').nullable().optional(),
  event_type: text(128),
  sub_event_type: text(128),
  attack_type: text(128),
  target_type: text(200),
  weapon_type: text(128),
  suicide: z.boolean().nullable().optional(),
  success: z.boolean().nullable().optional(),
  group_code: text(64),
  front: z.enum(FRONTS).nullable().optional(),
  perpetrator: text(500),
  actor1: text(500),
  actor2: text(500),
  target: text(500),
  killed: rangeInput.optional(),
  injured: rangeInput.optional(),
  hostages: rangeInput.optional(),
  killed_civilians: count.nullable().optional(),
  killed_security: count.nullable().optional(),
  killed_security_by_force: z.partialRecord(z.enum(SECURITY_FORCES), count).nullable().optional(),
  killed_militants: count.nullable().optional(),
  notes: text(20_000),
  source: text(2000),
  source_ids: z.array(z.string().trim().min(1).max(32)).max(50).optional(),
};

export const createIncidentBody = z
  .object({
    ...incidentFields,
    date_start: dateText,
    category: z.enum(INCIDENT_CATEGORIES),
  })
  .strict();

/** The `updated_at` an editor read: a change made since then is refused with 409 rather than overwritten. */
const readVersion = z.iso
  .datetime({ message: 'must be the incident\'s updated_at as read, e.g. 2025-03-11T08:15:00.000Z' })
  .optional()
  .describe("The incident's `updated_at` as you read it: if it has changed since, nothing is saved and the answer is 409 `version_conflict`");

export const updateIncidentBody = z
  .object({
    ...incidentFields,
    date_start: dateText.optional(),
    category: z.enum(INCIDENT_CATEGORIES).optional(),
    updated_at: readVersion,
  })
  .strict()
  .refine((b) => Object.keys(b).some((key) => key !== 'updated_at'), { message: 'give at least one field to change' });

export const deleteIncidentBody = z
  .object({
    reason: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters').optional(),
    updated_at: readVersion,
  })
  .strict()
  .nullish();

export const idParams = z.object({ id: z.coerce.number().int('must be a whole number').positive('must be a positive id') });
