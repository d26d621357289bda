/**
 * Any other CSV, read through a declared column mapping (a JSON file): which column holds each
 * field of the event model, date formats, the encoding, value maps and constants. The product
 * ships mappings for the bundled suicide-attack file, the curated incidents and its own CSV
 * export (`data/mappings/`).
 *
 *   {
 *     "dataset": "pbc-suicide-attacks",          // or { "column": "dataset" }
 *     "encoding": "windows-1252",                 // utf-8, windows-1252 or auto (default)
 *     "key": "S#",                                // or several columns: ["a", "b"]
 *     "fields": {
 *       "date_start": { "column": "Date", "format": "dddd-MMMM D-YYYY" },
 *       "admin1": { "column": "Province" },
 *       "suicide": { "value": true },
 *       "category": { "column": "Type", "map": { "Bomb": "militant_attack" }, "default": "other" },
 *       "notes": { "columns": ["Summary", "Details"], "join": "\n" },
 *       "source_ids": { "column": "Sources", "split": ";" },
 *       "native": { "columns": ["Location Category", "Time"] }
 *     }
 *   }
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { compileDatePattern, type DatePattern } from '../../core/incidentDates';
import {
  DATASET_PATTERN,
  DATE_PRECISIONS,
  emptyDraft,
  isCategory,
  isFront,
  SECURITY_FORCES,
  type DatePrecision,
  type IncidentDraft,
  type SecurityForce,
} from '../../core/incidents';
import { isParseError, parseCoordinate, parseCount, parseFlag, type Parsed } from '../../core/incidentValidation';
import { Columns, RowCells, rejected, type RowReader } from './rows';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const fieldSpec = z
  .object({
    column: z.string().min(1).optional(),
    columns: z.array(z.string().min(1)).min(1).optional(),
    join: z.string().optional(),
    value: scalar.optional(),
    format: z.string().min(1).optional(),
    map: z.record(z.string(), scalar).optional(),
    default: scalar.optional(),
    split: z.string().min(1).optional(),
    json: z.boolean().optional(),
  })
  .strict()
  .refine((f) => [f.column, f.columns, f.value].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of column, columns or value',
  });

export type FieldSpec = z.infer<typeof fieldSpec>;

const TEXT_FIELDS = [
  'title',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'geo_precision_native',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'attack_type',
  'target_type',
  'weapon_type',
  'actor1',
  'actor2',
  'assoc_actor1',
  'assoc_actor2',
  'perpetrator',
  'group_code',
  'target',
  'notes',
  'source',
  'province_pcode',
  'district_pcode',
  'tehsil_pcode',
  'placement',
  'placement_note',
] as const;
const COUNT_FIELDS = [
  'killed_low',
  'killed_best',
  'killed_high',
  'injured_low',
  'injured_best',
  'injured_high',
  'hostages_low',
  'hostages_best',
  'hostages_high',
  'killed_civilians',
  'killed_security',
  'killed_militants',
  'killed_unknown',
  ...SECURITY_FORCES.map((f) => `killed_${f}` as const),
] as const;
const OTHER_FIELDS = ['date_start', 'date_end', 'date_precision', 'latitude', 'longitude', 'geo_precision', 'category', 'front', 'suicide', 'success', 'source_ids', 'native'] as const;

export const MAPPING_FIELDS = [...TEXT_FIELDS, ...COUNT_FIELDS, ...OTHER_FIELDS] as const;
type MappingField = (typeof MAPPING_FIELDS)[number];

export const mappingSchema = z
  .object({
    name: z.string().optional(),
    description: z.string().optional(),
    dataset: z.union([z.string().regex(DATASET_PATTERN, 'lowercase letters, digits and -, starting with a letter'), z.object({ column: z.string().min(1) }).strict()]),
    encoding: z.enum(['utf-8', 'windows-1252', 'auto']).optional(),
    delimiter: z.string().length(1).optional(),
    key: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    fields: z
      .record(z.string(), fieldSpec)
      .refine((f) => 'date_start' in f, { message: 'date_start must be mapped' })
      .superRefine((f, ctx) => {
        for (const name of Object.keys(f)) {
          if (!(MAPPING_FIELDS as readonly string[]).includes(name)) {
            ctx.addIssue({ code: 'custom', message: `unknown field "${name}"; fields are: ${MAPPING_FIELDS.join(', ')}`, path: [name] });
          }
        }
      }),
  })
  .strict();

export type IncidentMapping = z.infer<typeof mappingSchema>;

export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

/** Validates a mapping; every problem is named with its path. */
export function parseMapping(value: unknown, label = 'mapping'): IncidentMapping {
  const parsed = mappingSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top)'}: ${i.message}`);
    throw new MappingError(`${label} is not a valid column mapping: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Reads a mapping file; a bare name (`suicide-attacks`) is a mapping shipped in `data/mappings/`. */
export function readMappingFile(nameOrPath: string, dataDir: string): IncidentMapping {
  const file = /[/\\]|\.json$/i.test(nameOrPath) ? nameOrPath : path.join(dataDir, 'mappings', `${nameOrPath}.json`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    const shipped = fs.existsSync(path.join(dataDir, 'mappings'))
      ? fs
          .readdirSync(path.join(dataDir, 'mappings'))
          .filter((f) => f.endsWith('.json'))
          .map((f) => f.replace(/\.json$/, ''))
      : [];
    throw new MappingError(`cannot read the mapping ${file}${shipped.length ? ` (shipped mappings: ${shipped.join(', ')})` : ''}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MappingError(`${file} is not JSON: ${(error as Error).message}`);
  }
  return parseMapping(json, file);
}

function columnsOf(spec: FieldSpec): string[] {
  return spec.column ? [spec.column] : (spec.columns ?? []);
}

interface CompiledField {
  name: MappingField;
  spec: FieldSpec;
  /** Column named in problems. */
  column: string | null;
  pattern?: DatePattern;
}

/** Compiles a mapping against a file's header into a row reader. */
export function mappedReader(mapping: IncidentMapping, header: readonly string[]): RowReader {
  const columns = new Columns(header);
  const keyColumns = typeof mapping.key === 'string' ? [mapping.key] : mapping.key;
  const referenced = [
    ...keyColumns,
    ...(typeof mapping.dataset === 'string' ? [] : [mapping.dataset.column]),
    ...Object.values(mapping.fields).flatMap(columnsOf),
  ];
  columns.require([...new Set(referenced)], 'mapping');

  const fields: CompiledField[] = Object.entries(mapping.fields).map(([name, spec]) => {
    const field: CompiledField = { name: name as MappingField, spec, column: columnsOf(spec)[0] ?? null };
    if (name === 'date_start' || name === 'date_end') {
      try {
        field.pattern = compileDatePattern(spec.format ?? 'auto');
      } catch (error) {
        throw new MappingError(`fields.${name}.format: ${(error as Error).message}`);
      }
    }
    return field;
  });
  const byName = new Map(fields.map((f) => [f.name, f]));

  return (cells, line) => {
    const c = new RowCells(columns, cells, line);
    const key = keyColumns.map((k) => c.text(k) ?? '').join('|');
    if (keyColumns.every((k) => c.text(k) === null)) c.problem(keyColumns[0]!, '', `the row has no key (${keyColumns.join(', ')})`);
    const dataset = typeof mapping.dataset === 'string' ? mapping.dataset : (c.text(mapping.dataset.column) ?? '');
    if (typeof mapping.dataset !== 'string' && !DATASET_PATTERN.test(dataset)) {
      c.problem(mapping.dataset.column, dataset, 'the data set must be lowercase letters, digits and -, starting with a letter');
    }

    /** The field's value as text after maps and defaults; undefined when unmapped. */
    const valueOf = (name: MappingField): string | number | boolean | null | undefined => {
      const f = byName.get(name);
      if (!f) return undefined;
      const spec = f.spec;
      let value: string | number | boolean | null;
      if (spec.value !== undefined) value = spec.value;
      else {
        const parts = columnsOf(spec)
          .map((col) => c.text(col))
          .filter((v): v is string => v !== null);
        value = parts.length ? parts.join(spec.join ?? ' ') : null;
      }
      if (spec.map && typeof value === 'string') {
        const mapped = spec.map[value] ?? spec.map[value.toLowerCase()];
        if (mapped !== undefined) value = mapped;
      }
      if ((value === null || value === '') && spec.default !== undefined) value = spec.default;
      return value;
    };
    const text = (name: MappingField): string | null => {
      const v = valueOf(name);
      if (v === undefined || v === null) return null;
      const s = String(v).trim();
      return s === '' ? null : s;
    };
    const typed = <T>(name: MappingField, parse: (s: string) => Parsed<T>, fallback: T): T => {
      const v = valueOf(name);
      if (v === undefined || v === null) return fallback;
      if (typeof v === 'boolean' || typeof v === 'number') {
        const parsed = parse(String(typeof v === 'boolean' ? (v ? 1 : 0) : v));
        if (!isParseError(parsed)) return parsed.value;
      }
      const parsed = parse(String(v));
      if (isParseError(parsed)) {
        c.problem(byName.get(name)!.column, String(v), parsed.error);
        return fallback;
      }
      return parsed.value;
    };
    const count = (name: MappingField) => typed(name, parseCount, null);

    const startField = byName.get('date_start')!;
    const start = c.date(startField.column ?? 'date_start', startField.pattern!.parse(String(valueOf('date_start') ?? '')));
    const endField = byName.get('date_end');
    const endText = text('date_end');
    const end = endField && endText !== null ? c.date(endField.column ?? 'date_end', endField.pattern!.parse(endText)) : null;
    let precision: DatePrecision | null = start?.precision ?? null;
    const precisionText = text('date_precision');
    if (precisionText !== null) {
      if ((DATE_PRECISIONS as readonly string[]).includes(precisionText)) precision = precisionText as DatePrecision;
      else c.problem(byName.get('date_precision')!.column, precisionText, `must be one of ${DATE_PRECISIONS.join(', ')}`);
    }
    const latitude = typed('latitude', (s) => parseCoordinate(s, 'latitude'), null);
    const longitude = typed('longitude', (s) => parseCoordinate(s, 'longitude'), null);
    const geoText = text('geo_precision');
    let geoPrecision: number | null = null;
    if (geoText !== null) {
      if (/^[1-7]$/.test(geoText)) geoPrecision = Number(geoText);
      else c.problem(byName.get('geo_precision')!.column, geoText, 'must be 1–7 (UCDP where_prec scale)');
    }
    const category = text('category') ?? 'other';
    if (!isCategory(category)) c.problem(byName.get('category')?.column ?? null, category, 'is not an incident category');
    const front = text('front');
    if (front !== null && !isFront(front)) c.problem(byName.get('front')?.column ?? null, front, 'is not a front');
    const suicide = typed('suicide', parseFlag, null);
    const success = typed('success', parseFlag, null);
    const ranges = {
      killed: { low: count('killed_low'), best: count('killed_best'), high: count('killed_high') },
      injured: { low: count('injured_low'), best: count('injured_best'), high: count('injured_high') },
      hostages: { low: count('hostages_low'), best: count('hostages_best'), high: count('hostages_high') },
    };
    const byForce: Partial<Record<SecurityForce, number>> = {};
    for (const force of SECURITY_FORCES) {
      const n = count(`killed_${force}`);
      if (n !== null) byForce[force] = n;
    }
    const breakdown = {
      civilians: count('killed_civilians'),
      security: count('killed_security'),
      militants: count('killed_militants'),
      unknown: count('killed_unknown'),
    };
    let native: Record<string, string> = {};
    const nativeField = byName.get('native');
    if (nativeField) {
      if (nativeField.spec.json) {
        const raw = text('native');
        if (raw !== null) {
          try {
            const parsed: unknown = JSON.parse(raw);
            if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
            native = Object.fromEntries(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
          } catch {
            c.problem(nativeField.column, raw.slice(0, 80), 'is not a JSON object of native codes');
          }
        }
      } else {
        native = c.native(columnsOf(nativeField.spec));
      }
    }
    const sourceIdsText = text('source_ids');
    const split = byName.get('source_ids')?.spec.split ?? ';';
    if (!c.ok || !start || !precision) return rejected(c);

    const draft: IncidentDraft = emptyDraft(dataset, key, { start: start.start, end: end ? end.end : start.end, precision });
    for (const name of ['title', 'country', 'admin1', 'admin2', 'admin3', 'location', 'geo_precision_native', 'disorder_type', 'event_type', 'sub_event_type', 'attack_type', 'target_type', 'weapon_type', 'actor1', 'actor2', 'assoc_actor1', 'assoc_actor2', 'perpetrator', 'group_code', 'target', 'notes', 'source'] as const) {
      draft[name] = text(name);
    }
    draft.given_province = text('province_pcode');
    draft.given_district = text('district_pcode');
    draft.given_tehsil = text('tehsil_pcode');
    draft.given_placement = text('placement');
    draft.given_placement_note = text('placement_note');
    draft.latitude = latitude;
    draft.longitude = longitude;
    draft.geo_precision = geoPrecision;
    draft.category = isCategory(category) ? category : 'other';
    draft.front = front !== null && isFront(front) ? front : null;
    draft.suicide = suicide;
    draft.success = success;
    draft.killed = ranges.killed;
    draft.injured = ranges.injured;
    draft.hostages = ranges.hostages;
    draft.killed_civilians = breakdown.civilians;
    draft.killed_security = breakdown.security;
    draft.killed_militants = breakdown.militants;
    draft.killed_unknown = breakdown.unknown;
    draft.security_by_force = Object.keys(byForce).length ? byForce : null;
    draft.source_ids = sourceIdsText === null ? [] : sourceIdsText.split(split).map((s) => s.trim()).filter((s) => s !== '');
    draft.native = native;
    return { kind: 'draft', draft };
  };
}
