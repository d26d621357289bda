/**
 * Imports district indicator files as reversible batches. A file is parsed by its format, its
 * area names are resolved through the gazetteer within their province (unknown and ambiguous
 * names are listed, never guessed, and their rows skipped), and every valid value is written in
 * one transaction recorded as one `import_batches` row whose report keeps what undo needs.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Gazetteer, NameResolution, PlaceCandidate } from '../../core/gazetteer';
import { INDICATOR_METADATA_FIELDS, isAdditiveUnit, type IndicatorEntry } from '../../core/indicators';
import type { Db } from '../../db/database';
import {
  INDICATOR_BATCH_KIND,
  appliedBatches,
  createImportBatch,
  deleteIndicatorsWithoutValues,
  deleteValuesOfBatch,
  getImportBatch,
  getIndicatorsByCodes,
  insertIndicators,
  insertMissingIndicatorValues,
  markImportBatchUndone,
  refreshIndicatorYears,
  setImportBatchReport,
  updateIndicatorMetadata,
  upsertIndicatorValues,
  valueKey,
  valuesOfIndicators,
  type IndicatorMetadata,
  type IndicatorRecord,
  type ValueWrite,
} from '../../server/repositories/indicatorRepository';
import { CsvFormatError } from '../csvSource';
import { parseCensus2017 } from './census2017';
import { parseCensus2023 } from './census2023';
import { DATA4PAKISTAN_CATALOGUE_FILE, parseData4Pakistan, readData4PakistanCatalogue, type Data4PakistanCatalogue } from './data4pakistan';
import { parseLong } from './long';
import { parsePoverty2018 } from './poverty2018';
import { parsePslm2019 } from './pslm2019';
import type { IndicatorValueRow, ParsedIndicators, Rejection } from './rows';
import { parseWide, type GenericOptions } from './wide';

export { IndicatorFileError, type IndicatorValueRow, type Rejection } from './rows';

export const INDICATOR_FORMATS = ['census2023', 'poverty2018', 'pslm2019', 'data4pakistan', 'census2017', 'long', 'wide'] as const;
export type IndicatorFormat = (typeof INDICATOR_FORMATS)[number];

/** Resolves district names; the gazetteer, or any object answering the same question. */
export type DistrictResolver = Pick<Gazetteer, 'resolveDistrict'>;

export interface ImportIndicatorOptions extends GenericOptions {
  format: IndicatorFormat;
  file: string;
  /** Refuse the whole file (write nothing) if any row is rejected or any name is unmatched. */
  strict?: boolean;
  /** Report what would happen and write nothing. */
  dryRun?: boolean;
  /** Data4Pakistan indicator catalogue (data4pakistan, pslm2019); defaults to the bundled file beside `file`. */
  catalogue?: string;
  createdBy?: number | null;
}

export interface UnmatchedName {
  name: string;
  province: string | null;
  status: 'ambiguous' | 'unknown';
  reason: string;
  /** Lines whose rows were skipped because of this name. */
  lines: number[];
  candidates: PlaceCandidate[];
}

/**
 * Counts are of value rows (one per cell in wide files): rows = imported + updated + unchanged
 * + skipped + rejected.length.
 */
export interface IndicatorImportReport {
  batch: number | null;
  format: IndicatorFormat;
  file: string;
  sha256: string;
  rows: number;
  /** New values. */
  imported: number;
  /** Values that existed with another value and were replaced. */
  updated: number;
  /** Values already stored as they are in the file. */
  unchanged: number;
  /** Rows whose area name did not resolve to one district. */
  skipped: number;
  rejected: Rejection[];
  unmatched: UnmatchedName[];
  warnings: string[];
  /** Distinct area names (with their province) that resolved, and that did not. */
  names: { matched: number; unmatched: number };
  /** Catalogue entries this import created, and those whose metadata it changed. */
  indicators: { created: string[]; changed: string[] };
}

/** What undo needs, kept in the batch's stored report beside the report itself. */
interface UndoRecord {
  /** [code, pcode, level, year, value, batch] of each value the batch replaced. */
  previous_values: [string, string, number, number, number, number | null][];
  previous_indicators: (IndicatorMetadata & { code: string })[];
  created_indicators: string[];
  /** Every indicator whose values the batch wrote, for recomputing their years. */
  codes: string[];
}

export class IndicatorBatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndicatorBatchError';
  }
}

export async function fileSha256(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function catalogueBeside(opts: ImportIndicatorOptions): Promise<Data4PakistanCatalogue | undefined> {
  const file = opts.catalogue ?? path.join(path.dirname(opts.file), DATA4PAKISTAN_CATALOGUE_FILE);
  if (!opts.catalogue && !fs.existsSync(file)) return undefined;
  return readData4PakistanCatalogue(file);
}

async function parseFile(opts: ImportIndicatorOptions): Promise<ParsedIndicators> {
  switch (opts.format) {
    case 'census2023':
      return parseCensus2023(opts.file);
    case 'census2017':
      return parseCensus2017(opts.file);
    case 'poverty2018':
      return parsePoverty2018(opts.file);
    case 'pslm2019':
      return parsePslm2019(opts.file, { catalogue: await catalogueBeside(opts) });
    case 'data4pakistan':
      return parseData4Pakistan(opts.file, { catalogue: await catalogueBeside(opts) });
    case 'long':
      return parseLong(opts.file, opts);
    case 'wide':
      return parseWide(opts.file, opts);
  }
}

function metadataOf(e: IndicatorMetadata): IndicatorMetadata {
  return {
    name: e.name,
    unit: e.unit,
    direction: e.direction,
    domain: e.domain,
    source: e.source,
    licence: e.licence,
    definition: e.definition,
  };
}

const sameMetadata = (a: IndicatorMetadata, b: IndicatorMetadata) => INDICATOR_METADATA_FIELDS.every((f) => a[f] === b[f]);

/**
 * How the file's entries meet the catalogue. Bundled formats only fill gaps in an existing entry
 * (a missing unit, domain or definition, a neutral direction), so the files that share a series
 * (Data4Pakistan and PSLM) do not overwrite each other's metadata whatever the order. Generic
 * files carry metadata the user gave on purpose: it replaces the stored entry.
 */
function planCatalogue(existing: Map<string, IndicatorRecord>, declared: IndicatorEntry[], replace: boolean) {
  const create: IndicatorEntry[] = [];
  const change: { code: string; next: IndicatorMetadata; previous: IndicatorMetadata }[] = [];
  for (const entry of declared) {
    const stored = existing.get(entry.code);
    if (!stored) {
      create.push(entry);
      continue;
    }
    const previous = metadataOf(stored);
    const next = replace
      ? metadataOf(entry)
      : {
          ...previous,
          unit: previous.unit ?? entry.unit,
          domain: previous.domain ?? entry.domain,
          definition: previous.definition ?? entry.definition,
          direction: previous.direction === 'neutral' ? entry.direction : previous.direction,
        };
    if (!sameMetadata(previous, next)) change.push({ code: entry.code, next, previous });
  }
  return { create, change };
}

interface Resolved {
  row: IndicatorValueRow;
  pcode: string;
  level: number;
  confidence: number;
  resolvedName: string;
  /** Set when the value is a former unit's, carried to one of its successor districts. */
  inheritedFrom?: string;
}

function emptyReport(opts: ImportIndicatorOptions, sha256: string): IndicatorImportReport {
  return {
    batch: null,
    format: opts.format,
    file: opts.file,
    sha256,
    rows: 0,
    imported: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    rejected: [],
    unmatched: [],
    warnings: [],
    names: { matched: 0, unmatched: 0 },
    indicators: { created: [], changed: [] },
  };
}

function noteSplit(notes: Map<string, Set<string>>, name: string, note: string): void {
  const set = notes.get(name) ?? new Set<string>();
  set.add(note);
  notes.set(name, set);
}

function resolveNames(
  rows: IndicatorValueRow[],
  gazetteer: DistrictResolver,
  units: Map<string, string | null>,
  report: IndicatorImportReport,
): Resolved[] {
  const splitNotes = new Map<string, Set<string>>();
  const cache = new Map<string, NameResolution>();
  const unmatched = new Map<string, { first: NameResolution; row: IndicatorValueRow; lines: Set<number> }>();
  const matchedNames = new Set<string>();
  const resolved: Resolved[] = [];
  for (const row of rows) {
    const nameKey = `${row.area_name}\u0000${row.province_name ?? ''}`;
    // The year is given as the date so dated aliases (a district renamed or split) apply.
    const key = `${nameKey}\u0000${row.year}`;
    let result = cache.get(key);
    if (!result) {
      result = gazetteer.resolveDistrict(row.area_name, { province: row.province_name, date: String(row.year) });
      cache.set(key, result);
    }
    if (result.status === 'split' && result.candidates.length > 0) {
      // A former or wider unit (undivided Chitral, Karachi as a whole). A rate or share describes
      // each part of it as well as the whole, so it is carried to every successor district that
      // has no value of its own in the file; a count cannot be divided without weights, so it is
      // skipped. Either way the name is resolved, and the rule is stated in a warning.
      matchedNames.add(nameKey);
      const successors = result.candidates.map((c) => c.name).join(', ');
      if (isAdditiveUnit(units.get(row.indicator_code))) {
        report.skipped++;
        noteSplit(splitNotes, row.area_name, `counts not divided across ${successors}`);
        continue;
      }
      noteSplit(splitNotes, row.area_name, `rates and shares carried to ${successors} where the file has no value of their own`);
      for (const c of result.candidates) {
        resolved.push({
          row,
          pcode: c.pcode,
          level: result.level ?? 2,
          // Below any direct match, so a successor's own row always wins.
          confidence: result.confidence * 0.5,
          resolvedName: c.name,
          inheritedFrom: row.area_name,
        });
      }
      continue;
    }
    if (result.status === 'matched' && result.pcode) {
      matchedNames.add(nameKey);
      resolved.push({
        row,
        pcode: result.pcode,
        level: result.level ?? 2,
        confidence: result.confidence,
        resolvedName: result.name ?? result.pcode,
      });
      continue;
    }
    report.skipped++;
    const entry = unmatched.get(nameKey) ?? { first: result, row, lines: new Set<number>() };
    entry.lines.add(row.line);
    unmatched.set(nameKey, entry);
  }
  report.unmatched = [...unmatched.values()].map(({ first, row, lines }) => ({
    name: row.area_name,
    province: row.province_name ?? null,
    status: first.status === 'ambiguous' ? 'ambiguous' : 'unknown',
    reason: first.reason,
    lines: [...lines].sort((a, b) => a - b),
    candidates: first.candidates,
  }));
  report.names = { matched: [...matchedNames].filter((n) => !unmatched.has(n)).length, unmatched: unmatched.size };
  for (const [name, notes] of splitNotes) report.warnings.push(`"${name}" is a former or wider unit: ${[...notes].join('; ')}`);
  return resolved;
}

interface Planned {
  write: Omit<ValueWrite, 'batch_id'>;
  rows: number;
}

/**
 * Two rows of one file landing on the same district, indicator and year (a Frontier Region and
 * its district, say) are combined by one rule: counts (persons, households, km²) from different
 * publisher units are summed, because the COD-AB district is their union; any other value (a
 * rate, a share, a rank) cannot be combined without weights, so the row whose name matched most
 * directly is kept (highest confidence, then first line) and the others are rejected. The same
 * name twice is a duplicate: the first row is kept either way. Each collision is also a warning.
 */
function combine(resolved: Resolved[], units: Map<string, string | null>, report: IndicatorImportReport): Planned[] {
  const groups = new Map<string, Resolved[]>();
  for (const r of resolved) {
    const key = valueKey(r.row.indicator_code, r.pcode, r.row.year);
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  const collisions = new Map<string, { names: string[]; summed: number; kept: number; rejected: number }>();
  const planned: Planned[] = [];
  // Rows carried from a former unit count once, by their line, whatever their successors' fate.
  const inheritedLines = new Map<number, boolean>();
  for (const fullGroup of groups.values()) {
    const direct = fullGroup.filter((r) => !r.inheritedFrom);
    const inherited = fullGroup.filter((r) => r.inheritedFrom);
    for (const r of inherited) if (!inheritedLines.has(r.row.line)) inheritedLines.set(r.row.line, false);
    if (direct.length === 0) {
      // Only former units' values for this district: the best-matched one (then the first line) stands.
      const [best] = [...inherited].sort((a, b) => b.confidence - a.confidence || a.row.line - b.row.line);
      const first = best!;
      const rows = inheritedLines.get(first.row.line) ? 0 : 1;
      inheritedLines.set(first.row.line, true);
      planned.push({
        write: { indicator_code: first.row.indicator_code, area_pcode: first.pcode, area_level: first.level, year: first.row.year, value: first.row.value },
        rows,
      });
      continue;
    }
    const group = direct;
    const first = group[0]!;
    const base = { indicator_code: first.row.indicator_code, area_pcode: first.pcode, area_level: first.level, year: first.row.year };
    if (group.length === 1) {
      planned.push({ write: { ...base, value: first.row.value }, rows: 1 });
      continue;
    }
    const ranked = [...group].sort((a, b) => b.confidence - a.confidence || a.row.line - b.row.line);
    const keptByName = new Map<string, Resolved>();
    const rejectAsDuplicate = (r: Resolved, of: Resolved, why: string) =>
      report.rejected.push({ line: r.row.line, column: r.row.column, value: r.row.raw, reason: `${why} (line ${of.row.line})` });
    for (const r of [...group].sort((a, b) => a.row.line - b.row.line)) {
      const same = keptByName.get(r.row.area_name);
      if (same) rejectAsDuplicate(r, same, `"${r.row.area_name}" appears again for ${r.row.indicator_code} ${r.row.year}; the first value is kept`);
      else keptByName.set(r.row.area_name, r);
    }
    const distinct = ranked.filter((r) => keptByName.get(r.row.area_name) === r);
    const names = distinct.map((r) => `"${r.row.area_name}"`).sort();
    const note = collisions.get(`${first.pcode}\u0000${names.join(', ')}`) ?? { names, summed: 0, kept: 0, rejected: 0 };
    if (distinct.length === 1) {
      planned.push({ write: { ...base, value: distinct[0]!.row.value }, rows: 1 });
    } else if (isAdditiveUnit(units.get(first.row.indicator_code))) {
      const sum = distinct.reduce((total, r) => total + r.row.value, 0);
      planned.push({ write: { ...base, value: sum }, rows: distinct.length });
      note.summed++;
    } else {
      const [best, ...others] = distinct;
      planned.push({ write: { ...base, value: best!.row.value }, rows: 1 });
      for (const other of others) {
        rejectAsDuplicate(
          other,
          best!,
          `"${other.row.area_name}" and "${best!.row.area_name}" both map to ${first.pcode} ${first.resolvedName}; ${other.row.indicator_code} is not a count, so only the value of "${best!.row.area_name}" is kept`,
        );
      }
      note.kept++;
      note.rejected += others.length;
    }
    if (note.summed + note.kept > 0) collisions.set(`${first.pcode}\u0000${names.join(', ')}`, note);
  }
  // A former unit's row whose successors all had values of their own wrote nothing.
  for (const used of inheritedLines.values()) if (!used) report.skipped++;
  for (const [key, note] of collisions) {
    const pcode = key.split('\u0000')[0]!;
    const parts = [
      note.summed ? `${note.summed} count${note.summed > 1 ? 's' : ''} summed` : '',
      note.kept ? `${note.kept} other value${note.kept > 1 ? 's' : ''} taken from the best match, ${note.rejected} rejected` : '',
    ].filter(Boolean);
    report.warnings.push(`${note.names.join(', ')} ${note.names.length === 2 ? 'both' : 'all'} map to ${pcode}: ${parts.join('; ')}`);
  }
  return planned;
}

/** Imports one indicator file; see the module comment. File-level problems throw, row-level ones are reported. */
export async function importIndicatorFile(db: Db, gazetteer: DistrictResolver, opts: ImportIndicatorOptions): Promise<IndicatorImportReport> {
  const report = emptyReport(opts, await fileSha256(opts.file));
  let parsed: ParsedIndicators;
  try {
    parsed = await parseFile(opts);
  } catch (error) {
    if (!(error instanceof CsvFormatError)) throw error;
    report.rows = 1;
    report.rejected.push({ line: error.line, column: null, value: null, reason: error.reason });
    report.warnings.push(`the file cannot be read as CSV from line ${error.line} on; nothing was imported`);
    return report;
  }
  report.rows = parsed.rows.length + parsed.rejected.length;
  report.rejected.push(...parsed.rejected);
  report.warnings.push(...parsed.warnings);

  // Catalogue: entries the file declares, then those already stored for the codes it uses.
  const replace = opts.format === 'long' || opts.format === 'wide';
  const codes = new Set([...parsed.rows.map((r) => r.indicator_code), ...parsed.indicators.map((e) => e.code)]);
  const existing = new Map((await getIndicatorsByCodes(db, [...codes])).map((i) => [i.code, i]));
  const catalogue = planCatalogue(existing, parsed.indicators, replace);
  const units = new Map<string, string | null>();
  for (const e of existing.values()) units.set(e.code, e.unit);
  for (const e of catalogue.create) units.set(e.code, e.unit);
  for (const c of catalogue.change) units.set(c.code, c.next.unit);

  const known: IndicatorValueRow[] = [];
  for (const row of parsed.rows) {
    if (units.has(row.indicator_code)) known.push(row);
    else {
      report.rejected.push({
        line: row.line,
        column: row.column,
        value: row.raw,
        reason: `unknown indicator ${row.indicator_code}: describe it (name, unit, direction, source, licence) or add it to the catalogue first`,
      });
    }
  }

  const planned = combine(resolveNames(known, gazetteer, units, report), units, report);
  report.rejected.sort((a, b) => a.line - b.line || (a.column ?? '').localeCompare(b.column ?? ''));

  const stored = await valuesOfIndicators(db, [...new Set(planned.map((p) => p.write.indicator_code))]);
  const writes: Omit<ValueWrite, 'batch_id'>[] = [];
  const undo: UndoRecord = { previous_values: [], previous_indicators: [], created_indicators: [], codes: [] };
  for (const { write, rows } of planned) {
    const current = stored.get(valueKey(write.indicator_code, write.area_pcode, write.year));
    if (!current) {
      report.imported += rows;
      writes.push(write);
    } else if (current.value === write.value) {
      report.unchanged += rows;
    } else {
      report.updated += rows;
      writes.push(write);
      undo.previous_values.push([write.indicator_code, write.area_pcode, write.area_level, write.year, current.value, current.batch_id]);
    }
  }
  report.indicators = { created: catalogue.create.map((e) => e.code), changed: catalogue.change.map((c) => c.code) };

  if (opts.strict && (report.rejected.length > 0 || report.unmatched.length > 0)) {
    report.warnings.push(
      `strict: refused, nothing was written (${report.rejected.length} rejected row${report.rejected.length === 1 ? '' : 's'}, ${report.unmatched.length} unmatched name${report.unmatched.length === 1 ? '' : 's'})`,
    );
    return report;
  }
  if (opts.dryRun) return report;
  if (writes.length === 0 && catalogue.create.length === 0 && catalogue.change.length === 0) {
    report.warnings.push('nothing to change: every value is already stored');
    return report;
  }

  undo.created_indicators = report.indicators.created;
  undo.previous_indicators = catalogue.change.map((c) => ({ code: c.code, ...c.previous }));
  const touched = [...new Set([...writes.map((w) => w.indicator_code), ...report.indicators.created])];
  undo.codes = touched;
  await db.kysely.transaction().execute(async (trx) => {
    const batch = await createImportBatch(trx, {
      kind: INDICATOR_BATCH_KIND,
      format: opts.format,
      file: opts.file,
      status: 'applied',
      created_at: new Date().toISOString(),
      created_by: opts.createdBy ?? null,
      report: '{}',
    });
    await insertIndicators(trx, catalogue.create);
    for (const c of catalogue.change) await updateIndicatorMetadata(trx, c.code, c.next);
    await upsertIndicatorValues(trx, writes.map((w) => ({ ...w, batch_id: batch })));
    await refreshIndicatorYears(trx, touched);
    report.batch = batch;
    await setImportBatchReport(trx, batch, JSON.stringify({ ...report, undo }));
  });
  return report;
}

export interface UndoResult {
  batch: number;
  /** Values the batch had inserted or replaced, now deleted. */
  deleted: number;
  /** Values the batch had replaced, put back as they were. */
  restored: number;
  /** Catalogue entries the batch created that no longer have any value. */
  indicatorsRemoved: string[];
}

/**
 * Undoes an indicator batch: deletes the values it wrote, puts back the values and catalogue
 * metadata it replaced (unless a later batch has since written that value again), and removes the
 * catalogue entries it created once they have no values.
 */
export async function undoIndicatorBatch(db: Db, batchId: number): Promise<UndoResult> {
  return db.kysely.transaction().execute(async (trx) => {
    const batch = await getImportBatch(trx, batchId);
    if (!batch) throw new IndicatorBatchError(`import batch ${batchId} not found`);
    if (batch.kind !== INDICATOR_BATCH_KIND) throw new IndicatorBatchError(`import batch ${batchId} is a ${batch.kind} import, not an indicator import`);
    if (batch.status !== 'applied') throw new IndicatorBatchError(`import batch ${batchId} is ${batch.status}, not applied`);
    const stored = JSON.parse(batch.report) as Partial<IndicatorImportReport> & { undo?: UndoRecord };
    const undo: UndoRecord = { previous_values: [], previous_indicators: [], created_indicators: [], codes: [], ...stored.undo };

    const deleted = await deleteValuesOfBatch(trx, batchId);
    const restored = await insertMissingIndicatorValues(
      trx,
      undo.previous_values.map(([code, pcode, level, year, value, previousBatch]) => ({
        indicator_code: code,
        area_pcode: pcode,
        area_level: level,
        year,
        value,
        batch_id: previousBatch,
      })),
    );
    for (const previous of undo.previous_indicators) await updateIndicatorMetadata(trx, previous.code, previous);
    const indicatorsRemoved = await deleteIndicatorsWithoutValues(trx, undo.created_indicators);
    await refreshIndicatorYears(trx, undo.codes);
    await markImportBatchUndone(trx, batchId, new Date().toISOString());
    return { batch: batchId, deleted, restored, indicatorsRemoved };
  });
}

// ---- bundled data ----

export const BUNDLED_INDICATOR_FILES: readonly { format: IndicatorFormat; file: string }[] = [
  { format: 'census2023', file: 'indicators/census2023_districts.csv' },
  { format: 'census2017', file: 'indicators/census2017_provisional_population.csv' },
  { format: 'poverty2018', file: 'indicators/poverty_headcount_2018_provisional.csv' },
  { format: 'data4pakistan', file: 'indicators/data4pakistan_districts_2004_2019.csv' },
  { format: 'pslm2019', file: 'indicators/pslm2019_districts_long.csv' },
];

export interface SeedIndicatorsResult {
  files: IndicatorImportReport[];
  /** Share of distinct area names (per file, with their province) that resolved to a district. */
  matchedShare: number;
  unmatched: (UnmatchedName & { format: IndicatorFormat })[];
}

/**
 * Imports every bundled indicator file. A file whose exact content was already imported by a
 * batch that is still applied is not read again: its stored report is returned as a re-import
 * would give it (everything unchanged), so seeding twice changes nothing.
 */
export async function seedIndicators(db: Db, gazetteer: DistrictResolver, dataDir: string): Promise<SeedIndicatorsResult> {
  const files: IndicatorImportReport[] = [];
  for (const bundled of BUNDLED_INDICATOR_FILES) {
    const file = path.join(dataDir, bundled.file);
    const sha256 = await fileSha256(file);
    const previous = (await appliedBatches(db, INDICATOR_BATCH_KIND, bundled.format))
      .map((b) => ({ id: b.id, report: JSON.parse(b.report) as IndicatorImportReport & { undo?: unknown } }))
      .find((b) => b.report.sha256 === sha256);
    if (previous) {
      const { undo: _undo, ...stored } = previous.report;
      files.push({
        ...stored,
        file,
        imported: 0,
        updated: 0,
        unchanged: stored.imported + stored.updated + stored.unchanged,
        warnings: [`already imported by batch ${previous.id}; not read again`],
      });
      continue;
    }
    files.push(await importIndicatorFile(db, gazetteer, { format: bundled.format, file }));
  }
  const matched = files.reduce((n, f) => n + f.names.matched, 0);
  const total = matched + files.reduce((n, f) => n + f.names.unmatched, 0);
  return {
    files,
    matchedShare: total === 0 ? 1 : matched / total,
    unmatched: files.flatMap((f) => f.unmatched.map((u) => ({ ...u, format: f.format }))),
  };
}
