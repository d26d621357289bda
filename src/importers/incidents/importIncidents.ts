/**
 * Imports incident files (ACLED, UCDP GED, GTD, or any CSV through a column mapping) as atomic,
 * reversible batches.
 *
 * The file is streamed in chunks of rows, so memory stays bounded whatever its size. Each row is
 * read by its layout, validated, placed (coordinates or names, see core/placement.ts) and matched
 * to a perpetrator group, then compared with what is stored under its native key: new rows are
 * inserted, changed rows updated (their previous state kept as a revision), unchanged rows left
 * alone. Rows that cannot be read or fail validation are listed with line, column, value and
 * reason, and nothing of them is written; rows of another country are skipped with that reason.
 * Everything is written in one transaction, recorded as one `import_batches` row whose report is
 * what the command prints; duplicates across data sets are re-linked in the same transaction.
 * Undo tombstones the incidents the batch created and puts back those it changed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { Gazetteer } from '../../core/gazetteer';
import { choosePerpetrator, GroupCatalogue } from '../../core/groups';
import { buildIncidentContent, type IncidentContentFields } from '../../core/incidentRecord';
import { detach, isPakistan, PLACEMENTS, type Placement } from '../../core/incidents';
import { validateDraft } from '../../core/incidentValidation';
import { DistrictLocator } from '../../core/locate';
import { IncidentPlacer } from '../../core/placement';
import type { Db } from '../../db/database';
import type { Database } from '../../db/tables';
import { readDistrictShapes, readGazetteerData } from '../../server/repositories/gazetteerRepository';
import { readGroups } from '../../server/repositories/groupRepository';
import {
  datasetIsEmpty,
  dropIncidentIndexes,
  getIncidentRows,
  IncidentBulkWriter,
  incidentIdHighWater,
  insertRevisions,
  liveIdsCreatedByBatch,
  prepareForBulkWrite,
  restoreIncidentIndexes,
  replaceIncidentContent,
  revisionsOfBatch,
  tombstoneCreatedByBatch,
  clusterRowsByIds,
  type IncidentRow,
  type IncidentWrite,
  type RevisionWrite,
} from '../../server/repositories/incidentRepository';
import {
  appliedBatches,
  createImportBatch,
  getImportBatch,
  markImportBatchUndone,
  setImportBatchReport,
} from '../../server/repositories/indicatorRepository';
import { CsvFormatError, type CsvInput } from '../csvSource';
import { openCsvStream } from '../csvStream';
import { acledReader } from './acled';
import { settleChange, ScopeTracker } from './clusters';
import { incidentFingerprint } from './fingerprint';
import { loadGroups, type GroupLoadCounts } from './groups';
import { KeySet } from './keySet';
import { gtdReader } from './gtd';
import { mappedReader, readMappingFile, type IncidentMapping } from './mapping';
import { IncidentFileError, type Rejection, type RowReader } from './rows';
import { ucdpReader } from './ucdp';

export { IncidentFileError, type Rejection } from './rows';
export { MappingError } from './mapping';

export const INCIDENT_FORMATS = ['acled', 'ucdp', 'gtd', 'csv'] as const;
export type IncidentFormat = (typeof INCIDENT_FORMATS)[number];
export const INCIDENT_BATCH_KIND = 'incidents';

/** Lists in a report stop growing here; the counts stay exact. */
const LIST_LIMIT = 10_000;
const CHUNK_ROWS = 2000;
/** Expected rows from which an import at least doubling the table rebuilds its indexes (SQLite). */
export const BULK_INDEX_ROWS = 50_000;

/** What placing and matching need, built once and shared by every import. */
export interface ImportContext {
  placer: IncidentPlacer;
  groups: GroupCatalogue;
}

export async function loadImportContext(db: Db, from?: { gazetteer: Gazetteer; locator: DistrictLocator }): Promise<ImportContext> {
  const data = await readGazetteerData(db);
  const gazetteer = from?.gazetteer ?? new Gazetteer(data);
  const locator = from?.locator ?? new DistrictLocator(await readDistrictShapes(db));
  const groups = new GroupCatalogue(await readGroups(db));
  return { placer: new IncidentPlacer(gazetteer, locator, data.tehsils), groups };
}

export interface IncidentImportOptions {
  format: IncidentFormat;
  /** A file path, or the bytes of an upload. */
  input: CsvInput;
  /** Name shown in the report (the path, or the uploaded file's name). */
  file?: string;
  /** Required for `csv`. */
  mapping?: IncidentMapping;
  mappingName?: string;
  dryRun?: boolean;
  createdBy?: number | null;
  onProgress?: (progress: { rows: number; bytes: number; size: number }) => void;
  /**
   * SQLite: when the file is expected to hold at least this many rows (estimated from its size and
   * its first rows) and at least as many as the table already has, the table's secondary indexes
   * are dropped for the import and built again at its end. Defaults to BULK_INDEX_ROWS.
   */
  bulkIndexRows?: number;
}

/**
 * Whether a load is better done by rebuilding the indexes than by maintaining them row by row:
 * when it is large and at least doubles the table.
 */
export function rebuildsIndexes(expectedRows: number, storedRows: number, threshold: number): boolean {
  return expectedRows >= threshold && expectedRows >= storedRows;
}

export interface LineNote {
  line: number;
  key: string | null;
  reason: string;
}

/**
 * The row-level report. Counts are of data rows: rows = imported + updated + unchanged + skipped +
 * rejected_rows. `rejected` lists each problem (a row may have several).
 */
export interface IncidentImportReport {
  batch: number | null;
  format: IncidentFormat;
  mapping: string | null;
  file: string;
  sha256: string;
  encoding: string;
  dry_run: boolean;
  datasets: string[];
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  skipped: number;
  rejected_rows: number;
  rejected: Rejection[];
  warnings: string[];
  /** Rows skipped, with why (another country, deleted by a user). */
  skips: LineNote[];
  /** Rows stored without a district, with why. */
  unplaced: LineNote[];
  /** How the rows written were placed. */
  placement: Record<Placement, number>;
  /** Actor texts that named no catalogue group, with the number of rows naming them. */
  unknown_actors: { actor: string; rows: number }[];
  /** Incidents whose duplicate cluster changed. */
  clusters_changed: number;
}

function emptyReport(opts: IncidentImportOptions, sha256: string): IncidentImportReport {
  return {
    batch: null,
    format: opts.format,
    mapping: opts.mappingName ?? null,
    file: opts.file ?? (typeof opts.input === 'string' ? opts.input : '<upload>'),
    sha256,
    encoding: 'utf-8',
    dry_run: opts.dryRun === true,
    datasets: [],
    rows: 0,
    imported: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    rejected_rows: 0,
    rejected: [],
    warnings: [],
    skips: [],
    unplaced: [],
    placement: Object.fromEntries(PLACEMENTS.map((p) => [p, 0])) as Record<Placement, number>,
    unknown_actors: [],
    clusters_changed: 0,
  };
}

export async function inputSha256(input: CsvInput): Promise<string> {
  const hash = crypto.createHash('sha256');
  if (typeof input === 'string') for await (const chunk of fs.createReadStream(input)) hash.update(chunk as Buffer);
  else hash.update(input);
  return hash.digest('hex');
}

async function firstBytes(input: CsvInput, n: number): Promise<Uint8Array> {
  if (typeof input !== 'string') return input.subarray(0, n);
  const handle = await fs.promises.open(input, 'r');
  try {
    const buffer = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buffer, 0, n, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function readerFor(opts: IncidentImportOptions, header: string[]): RowReader {
  switch (opts.format) {
    case 'acled':
      return acledReader(header);
    case 'ucdp':
      return ucdpReader(header);
    case 'gtd':
      return gtdReader(header);
    case 'csv':
      if (!opts.mapping) throw new IncidentFileError('a CSV import needs a column mapping (--mapping)');
      return mappedReader(opts.mapping, header);
  }
}

interface Prepared {
  line: number;
  content: IncidentContentFields;
  hash: string;
  placement: Placement;
}

class NothingToWrite extends Error {}

function push<T extends object | string>(list: T[], item: T): void {
  if (list.length >= LIST_LIMIT) return;
  if (typeof item === 'string') {
    list.push(detach(item) as T);
    return;
  }
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) kept[k] = typeof v === 'string' ? detach(v) : v;
  list.push(kept as T);
}

/**
 * Imports one incident file; see the module comment. File-level problems (not CSV, empty,
 * required columns missing, unreadable from some line on) throw IncidentFileError and write nothing.
 */
export async function importIncidentFile(db: Db, ctx: ImportContext, opts: IncidentImportOptions): Promise<IncidentImportReport> {
  if (opts.format === 'csv' && !opts.mapping) throw new IncidentFileError('a CSV import needs a column mapping (--mapping)');
  const head = await firstBytes(opts.input, 4096);
  if (head.includes(0)) throw new IncidentFileError('the file is not CSV text: it contains binary data');
  const report = emptyReport(opts, await inputSha256(opts.input));
  let stream;
  try {
    stream = await openCsvStream(opts.input, {
      encoding: opts.mapping?.encoding ?? 'auto',
      delimiter: opts.mapping?.delimiter,
      batchSize: CHUNK_ROWS,
    });
  } catch (error) {
    if (error instanceof CsvFormatError) throw new IncidentFileError(`line ${error.line}: ${error.reason}`);
    throw error;
  }
  const header = stream.header;
  const read = readerFor(opts, header);
  const now = new Date().toISOString();
  const datasets = new Set<string>();
  const emptyDatasets = new Map<string, boolean>();
  const seen = new Map<string, KeySet>();
  const unknownActors = new Map<string, number>();
  const scope = new ScopeTracker();

  let writer: IncidentBulkWriter | null = null;
  let droppedIndexes: string[] | null = null;
  // Whether to rebuild indexes is decided once the first rows tell how many the file holds.
  const decideBulkLoad = async (k: Kysely<Database>) => {
    if (droppedIndexes !== null || report.rows === 0 || stream.bytesRead === 0) return;
    const expected = Math.round((stream.size / stream.bytesRead) * report.rows);
    if (rebuildsIndexes(expected, await incidentIdHighWater(k), opts.bulkIndexRows ?? BULK_INDEX_ROWS)) droppedIndexes = await dropIncidentIndexes(k);
    else droppedIndexes = [];
  };

  const run = async (k: Kysely<Database>, batchId: number | null) => {
    // A dry run reads through the query builder: there is no transaction to run statements in.
    writer = new IncidentBulkWriter(k, batchId === null ? undefined : db.sqlite);
    for await (const rows of stream.batches()) {
      const prepared: Prepared[] = [];
      for (const { line, fields } of rows) {
        report.rows++;
        if (fields.length !== header.length) {
          report.rejected_rows++;
          push(report.rejected, { line, column: null, value: null, reason: `expected ${header.length} fields as in the header, found ${fields.length}` });
          continue;
        }
        const outcome = read(fields, line);
        if (outcome.kind === 'rejected') {
          report.rejected_rows++;
          for (const p of outcome.problems) push(report.rejected, p);
          continue;
        }
        if (outcome.kind === 'skipped') {
          report.skipped++;
          push(report.skips, { line, key: outcome.key, reason: outcome.reason });
          continue;
        }
        const draft = outcome.draft;
        if (!isPakistan(draft.country)) {
          report.skipped++;
          push(report.skips, { line, key: draft.native_key, reason: `country is ${draft.country}, not Pakistan` });
          continue;
        }
        const problems = validateDraft(draft);
        if (problems.length) {
          report.rejected_rows++;
          for (const p of problems) push(report.rejected, { line, column: p.field, value: p.value, reason: p.reason });
          continue;
        }
        let keys = seen.get(draft.dataset);
        if (!keys) seen.set(detach(draft.dataset), (keys = new KeySet()));
        if (!keys.add(draft.native_key)) {
          report.rejected_rows++;
          push(report.rejected, { line, column: null, value: draft.native_key, reason: `the key ${draft.native_key} appears earlier in this file` });
          continue;
        }
        const place = ctx.placer.place(draft);
        if (place.error) {
          report.rejected_rows++;
          push(report.rejected, { line, column: place.error.field, value: place.error.value, reason: place.error.reason });
          continue;
        }
        const perpetrator = choosePerpetrator(ctx.groups, draft);
        if (perpetrator.error !== undefined) {
          report.rejected_rows++;
          push(report.rejected, { line, column: 'group_code', value: draft.group_code, reason: perpetrator.error });
          continue;
        }
        for (const actor of perpetrator.unknown) {
          if (unknownActors.has(actor) || unknownActors.size < LIST_LIMIT) unknownActors.set(detach(actor), (unknownActors.get(actor) ?? 0) + 1);
        }
        if (place.warning) push(report.warnings, `line ${line} (${draft.native_key}): ${place.warning}`);
        const content = buildIncidentContent(draft, place, { group_code: perpetrator.group?.code ?? null, front: perpetrator.front });
        if (!datasets.has(draft.dataset)) datasets.add(detach(draft.dataset));
        prepared.push({ line, content, hash: incidentFingerprint(content), placement: place.placement });
      }
      if (batchId !== null && droppedIndexes === null) await decideBulkLoad(k);
      await apply(k, batchId, prepared);
      opts.onProgress?.({ rows: report.rows, bytes: stream.bytesRead, size: stream.size });
    }
    if (droppedIndexes?.length) await restoreIncidentIndexes(k, droppedIndexes);
  };

  const apply = async (k: Kysely<Database>, batchId: number | null, prepared: Prepared[]) => {
    const byDataset = new Map<string, Prepared[]>();
    for (const p of prepared) {
      const list = byDataset.get(p.content.dataset);
      if (list) list.push(p);
      else byDataset.set(p.content.dataset, [p]);
    }
    const inserts: IncidentWrite[] = [];
    const changed: { id: number; p: Prepared; revive: boolean }[] = [];
    const counted: Prepared[] = [];
    for (const [dataset, list] of byDataset) {
      if (!emptyDatasets.has(dataset)) emptyDatasets.set(detach(dataset), await datasetIsEmpty(k, dataset));
      const stored = emptyDatasets.get(dataset) ? new Map() : await writer!.stored(dataset, list.map((p) => p.content.native_key));
      for (const p of list) {
        const current = stored.get(p.content.native_key);
        if (!current) {
          report.imported++;
          counted.push(p);
          // The prepared content is not used again: extend it in place rather than copy a million objects.
          inserts.push(Object.assign(p.content, { content_hash: p.hash, batch_id: batchId, created_batch_id: batchId, created_at: now, updated_at: now }));
        } else if (current.deleted_at !== null) {
          if (current.deleted_reason === 'import_undone') {
            report.imported++;
            counted.push(p);
            changed.push({ id: current.id, p, revive: true });
          } else {
            report.skipped++;
            push(report.skips, { line: p.line, key: p.content.native_key, reason: `incident ${current.id} was deleted on ${current.deleted_at.slice(0, 10)}; not restored` });
          }
        } else if (current.content_hash === p.hash) {
          report.unchanged++;
        } else {
          report.updated++;
          counted.push(p);
          changed.push({ id: current.id, p, revive: false });
        }
      }
    }
    for (const p of counted) {
      report.placement[p.placement]++;
      if (p.content.district_pcode === null) {
        const reason = p.content.province_pcode ? `placed in province ${p.content.province_pcode} only` : 'not placed';
        push(report.unplaced, { line: p.line, key: p.content.native_key, reason: `${reason}: ${JSON.parse(p.content.details).placement_note ?? 'no place given'}` });
      }
      scope.add(p.content.district_pcode, p.content.date_start, p.content.date_end);
    }
    if (batchId === null) return;
    await writer!.insert(inserts);
    if (changed.length) {
      const updates = changed.filter((c) => !c.revive);
      const previous = new Map((await getIncidentRows(k, updates.map((c) => c.id))).map((r) => [r.id, r]));
      const revisions: RevisionWrite[] = [];
      for (const c of changed) {
        const before = previous.get(c.id);
        if (before) {
          revisions.push({ incident_id: c.id, batch_id: batchId, action: 'import', previous: JSON.stringify(before), actor_id: opts.createdBy ?? null, created_at: now });
          scope.add(before.district_pcode, before.date_start, before.date_end);
        }
        await replaceIncidentContent(k, c.id, {
          ...c.p.content,
          content_hash: c.p.hash,
          batch_id: batchId,
          updated_at: now,
          ...(c.revive ? { created_batch_id: batchId } : {}),
        });
      }
      await insertRevisions(k, revisions);
    }
  };

  const finish = () => {
    report.encoding = stream.encoding;
    report.datasets = [...datasets].sort();
    report.unknown_actors = [...unknownActors.entries()].map(([actor, rows]) => ({ actor, rows })).sort((a, b) => b.rows - a.rows || a.actor.localeCompare(b.actor));
    for (const [list, total, what] of [
      [report.rejected, report.rejected_rows, 'rejected rows'],
      [report.skips, report.skipped, 'skipped rows'],
      [report.unplaced, report.rows, 'unplaced rows'],
    ] as const) {
      if (list.length >= LIST_LIMIT) report.warnings.push(`only the first ${LIST_LIMIT} ${what} are listed (of ${total} rows read)`);
    }
  };

  try {
    if (opts.dryRun) {
      await run(db.kysely, null);
      finish();
      return report;
    }
    await db.kysely.transaction().execute(async (trx) => {
      await prepareForBulkWrite(trx);
      const batchId = await createImportBatch(trx, {
        kind: INCIDENT_BATCH_KIND,
        format: opts.format,
        file: report.file,
        status: 'applied',
        created_at: now,
        created_by: opts.createdBy ?? null,
        report: '{}',
      });
      await run(trx, batchId);
      if (report.imported + report.updated === 0) throw new NothingToWrite();
      // Duplicates are re-linked around what the batch wrote, and the districts and months it
      // touched are recounted.
      report.clusters_changed = await settleChange(trx, scope, [...datasets], now);
      report.batch = batchId;
      finish();
      await setImportBatchReport(trx, batchId, JSON.stringify(report));
    });
  } catch (error) {
    if (error instanceof NothingToWrite) {
      finish();
      report.warnings.push('nothing to change: every row is already stored as it is in the file');
      return report;
    }
    if (error instanceof CsvFormatError) throw new IncidentFileError(`line ${error.line}: ${error.reason}; nothing was imported`);
    throw error;
  }
  return report;
}

export class IncidentBatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncidentBatchError';
  }
}

export interface IncidentUndoResult {
  batch: number;
  /** Incidents the batch created, now tombstoned. */
  removed: number;
  /** Incidents the batch changed, put back as they were. */
  restored: number;
  /** Incidents the batch changed that were changed again since; left as they are. */
  kept: number[];
}

/**
 * Undoes an incident batch: the incidents it created become tombstones (so API consumers that
 * synced them learn of the removal), and those it changed get their previous content back unless
 * something changed them again since.
 */
export async function undoIncidentBatch(db: Db, batchId: number): Promise<IncidentUndoResult> {
  return db.kysely.transaction().execute(async (trx) => {
    const batch = await getImportBatch(trx, batchId);
    if (!batch) throw new IncidentBatchError(`import batch ${batchId} not found`);
    if (batch.kind !== INCIDENT_BATCH_KIND) throw new IncidentBatchError(`import batch ${batchId} is a ${batch.kind} import, not an incident import`);
    if (batch.status !== 'applied') throw new IncidentBatchError(`import batch ${batchId} is ${batch.status}, not applied`);
    const now = new Date().toISOString();
    const scope = new ScopeTracker();
    const created = await liveIdsCreatedByBatch(trx, batchId);
    for (const r of await clusterRowsByIds(trx, created)) scope.add(r.district_pcode, r.date_start, r.date_end);
    const removed = await tombstoneCreatedByBatch(trx, batchId, now);

    const revisions = await revisionsOfBatch(trx, batchId);
    const current = new Map((await getIncidentRows(trx, revisions.map((r) => Number(r.incident_id)))).map((r) => [r.id, r]));
    let restored = 0;
    const kept: number[] = [];
    const done = new Set<number>();
    // Newest first: if one batch changed a row twice, the oldest revision is the state to restore.
    for (const rev of [...revisions].reverse()) {
      const id = Number(rev.incident_id);
      if (done.has(id)) continue;
      done.add(id);
      const now_ = current.get(id);
      if (!now_ || now_.batch_id !== batchId || now_.deleted_at !== null) {
        kept.push(id);
        continue;
      }
      const before = JSON.parse(rev.previous) as IncidentRow;
      scope.add(now_.district_pcode, now_.date_start, now_.date_end);
      scope.add(before.district_pcode, before.date_start, before.date_end);
      await replaceIncidentContent(trx, id, { ...before, updated_at: now });
      restored++;
    }
    const datasets = [...new Set([...current.values()].map((r) => r.dataset))];
    await settleChange(trx, scope, datasets, now, true);
    await markImportBatchUndone(trx, batchId, now);
    return { batch: batchId, removed, restored, kept };
  });
}

// ---- bundled data ----

export const BUNDLED_INCIDENT_FILES: readonly { mapping: string; file: string }[] = [
  { mapping: 'suicide-attacks', file: 'incidents/pakistan_suicide_attacks_1995_2017.csv' },
  { mapping: 'curated-incidents', file: 'domain/incidents-curated.csv' },
];

export interface SeedIncidentsResult {
  groups: GroupLoadCounts;
  files: IncidentImportReport[];
}

/**
 * Loads the groups catalogue and imports the bundled incident files. A file whose exact content
 * was already imported by a batch still applied is not read again: its stored report is returned
 * as a re-import would give it (everything unchanged), so seeding twice changes nothing.
 */
export async function seedIncidents(db: Db, dataDir: string): Promise<SeedIncidentsResult> {
  const groups = await loadGroups(db, dataDir);
  let ctx: ImportContext | undefined;
  const files: IncidentImportReport[] = [];
  const applied = await appliedBatches(db, INCIDENT_BATCH_KIND, 'csv');
  for (const bundled of BUNDLED_INCIDENT_FILES) {
    const file = path.join(dataDir, bundled.file);
    const sha256 = await inputSha256(file);
    const previous = applied.map((b) => JSON.parse(b.report) as IncidentImportReport).find((r) => r.sha256 === sha256 && r.mapping === bundled.mapping);
    if (previous) {
      files.push({
        ...previous,
        file,
        imported: 0,
        updated: 0,
        unchanged: previous.imported + previous.updated + previous.unchanged,
        warnings: [`already imported by batch ${previous.batch}; not read again`],
      });
      continue;
    }
    ctx ??= await loadImportContext(db);
    const mapping = readMappingFile(bundled.mapping, dataDir);
    files.push(await importIncidentFile(db, ctx, { format: 'csv', input: file, mapping, mappingName: bundled.mapping }));
  }
  return { groups, files };
}
