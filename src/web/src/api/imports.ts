import { getJson, sendJson, uploadForm } from './client';

// Incident files uploaded as import batches, their reports, and undo.

export const IMPORT_FORMATS = ['acled', 'ucdp', 'gtd', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The column mappings shipped in data/mappings/, for `csv` imports. */
export const SHIPPED_MAPPINGS = ['suicide-attacks', 'curated-incidents', 'nap-monitor-export'] as const;

/** Uploads larger than this are refused by the server (413); checked here first to spare the upload. */
export const UPLOAD_LIMIT_BYTES = 32 * 1024 * 1024;

export interface Rejection {
  line: number;
  column: string | null;
  value: string | null;
  reason: string;
}

export interface LineNote {
  line: number;
  key: string | null;
  reason: string;
}

/** The row-level report of an incident import (also what a batch keeps). */
export interface ImportReport {
  batch: number | null;
  format: string;
  mapping: string | null;
  file: string;
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
  skips: LineNote[];
  unplaced: LineNote[];
  unknown_actors: { actor: string; rows: number }[];
  clusters_changed: number;
}

export interface ImportBatch {
  id: number;
  kind: string;
  format: string;
  file: string;
  status: string;
  created_at: string;
  created_by: number | null;
  undone_at: string | null;
  /** Incident batches keep an ImportReport; indicator batches their own counts. */
  report: Partial<ImportReport> & Record<string, unknown>;
}

export interface ImportRequest {
  file: File;
  format: ImportFormat;
  mapping?: string;
  dryRun: boolean;
}

export function uploadImport(request: ImportRequest, onProgress?: (loaded: number, total: number) => void): Promise<ImportReport> {
  const form = new FormData();
  // Text fields first: the server reads the parts in order.
  form.append('format', request.format);
  if (request.mapping) form.append('mapping', request.mapping);
  form.append('dry_run', request.dryRun ? 'true' : 'false');
  form.append('file', request.file, request.file.name);
  return uploadForm<ImportReport>('/api/v1/imports', form, onProgress);
}

export async function listImportBatches(signal?: AbortSignal): Promise<ImportBatch[]> {
  return (await getJson<{ data: ImportBatch[] }>('/api/v1/imports', { limit: 100 }, signal)).data;
}

export function undoImportBatch(id: number): Promise<{ undone: Record<string, unknown>; batch: ImportBatch }> {
  return sendJson('DELETE', `/api/v1/imports/${id}`);
}
