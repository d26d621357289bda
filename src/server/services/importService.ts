/**
 * Imports uploaded through the API run the same importer as the command line, on the bytes of the
 * upload; this service turns its outcomes into API errors and reads and undoes batches of any kind.
 */
import type { Config } from '../config';
import type { Db } from '../../db/database';
import {
  IncidentBatchError,
  IncidentFileError,
  importIncidentFile,
  MappingError,
  undoIncidentBatch,
  INCIDENT_BATCH_KIND,
  type IncidentFormat,
  type IncidentImportReport,
} from '../../importers/incidents/importIncidents';
import { parseMapping, readMappingFile, type IncidentMapping } from '../../importers/incidents/mapping';
import { IndicatorBatchError, undoIndicatorBatch } from '../../importers/indicators/importIndicators';
import { errors } from '../errors';
import { getBatch, listBatchReports } from '../repositories/batchRepository';
import type { GeoService } from './geoService';
import { incidentContext } from './incidentContext';

export interface UploadRequest {
  format: IncidentFormat;
  /** A mapping shipped with the product (`suicide-attacks`), or the JSON text of one. */
  mapping?: string;
  bytes: Uint8Array;
  filename: string;
  dryRun: boolean;
  actorId: number | null;
}

function mappingOf(text: string | undefined, config: Config): { mapping?: IncidentMapping; name?: string } {
  if (!text) return {};
  const trimmed = text.trim();
  try {
    if (trimmed.startsWith('{')) {
      let json: unknown;
      try {
        json = JSON.parse(trimmed);
      } catch (error) {
        throw new MappingError(`the mapping is not JSON: ${(error as Error).message}`);
      }
      return { mapping: parseMapping(json, 'the mapping'), name: 'uploaded' };
    }
    if (!/^[a-z0-9-]{1,64}$/.test(trimmed)) throw new MappingError('mapping must be the name of a shipped mapping (such as suicide-attacks) or a JSON mapping');
    return { mapping: readMappingFile(trimmed, config.dataDir), name: trimmed };
  } catch (error) {
    if (error instanceof MappingError) throw errors.badRequest('mapping', error.message);
    throw error;
  }
}

export async function importUpload(db: Db, geo: GeoService, config: Config, upload: UploadRequest): Promise<IncidentImportReport> {
  if (upload.format === 'csv' && !upload.mapping) throw errors.badRequest('mapping', 'a csv import needs a mapping');
  const { mapping, name } = mappingOf(upload.mapping, config);
  if (upload.bytes.length === 0) throw errors.badRequest('file', 'the file is empty');
  const ctx = await incidentContext(db, geo);
  try {
    return await importIncidentFile(db, ctx, {
      format: upload.format,
      input: upload.bytes,
      file: upload.filename,
      mapping,
      mappingName: name,
      dryRun: upload.dryRun,
      createdBy: upload.actorId,
    });
  } catch (error) {
    if (error instanceof IncidentFileError || error instanceof MappingError) throw errors.badRequest('file', error.message);
    // Two imports of the same data set at once: the second finds the first's rows on commit.
    if (isUniqueViolation(error)) throw errors.conflict('Another import is writing the same incidents; try again when it has finished');
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

export interface BatchView {
  id: number;
  kind: string;
  format: string;
  file: string;
  status: string;
  created_at: string;
  created_by: number | null;
  undone_at: string | null;
  report: Record<string, unknown>;
}

function view(row: NonNullable<Awaited<ReturnType<typeof getBatch>>>): BatchView {
  let report: Record<string, unknown> = {};
  try {
    report = JSON.parse(row.report) as Record<string, unknown>;
  } catch {
    report = {};
  }
  // What undo needs stays inside.
  delete report.undo;
  return {
    id: row.id,
    kind: row.kind,
    format: row.format,
    file: row.file,
    status: row.status,
    created_at: row.created_at,
    created_by: row.created_by === null ? null : Number(row.created_by),
    undone_at: row.undone_at,
    report,
  };
}

export async function getBatchView(db: Db, id: number): Promise<BatchView> {
  const row = await getBatch(db, id);
  if (!row) throw errors.notFound('Import batch', String(id));
  return view(row);
}

export async function listBatchViews(db: Db, kind: string | undefined, limit: number): Promise<BatchView[]> {
  return (await listBatchReports(db, { kind, limit })).map(view);
}

/** Undoes a batch of any kind; 404 when unknown, 409 when already undone. */
export async function undoBatch(db: Db, id: number): Promise<Record<string, unknown>> {
  const row = await getBatch(db, id);
  if (!row) throw errors.notFound('Import batch', String(id));
  if (row.status !== 'applied') throw errors.conflict(`Import batch ${id} is ${row.status}, not applied`);
  try {
    if (row.kind === INCIDENT_BATCH_KIND) return { ...(await undoIncidentBatch(db, id)) };
    return { ...(await undoIndicatorBatch(db, id)) };
  } catch (error) {
    if (error instanceof IncidentBatchError || error instanceof IndicatorBatchError) throw errors.conflict(error.message);
    throw error;
  }
}
