/**
 * One analysis as the API and the command line see it: a name, what it is, where its data come
 * from, its own options beyond the shared filters, and a `run` that fetches (through one query
 * file) and computes (through pure functions in src/core/analytics). Routes, CSV downloads,
 * metadata documents and `nap-monitor analyze` are all generated from the list in registry.ts.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../../core/canonicalJson';
import type { AnalysisFilters } from '../../../core/analytics/filters';
import type { AnalysisTable } from '../../../core/analytics/table';
import type { Db } from '../../../db/database';

export interface SourceRef {
  title: string;
  url?: string;
}

export interface AnalysisOutput<D = unknown> {
  /** The analysis-specific body, returned as `data`. */
  data: D;
  /** The same result as one flat table: the CSV download and the command line's table. */
  table: AnalysisTable;
  /** Plain-language remarks: empty periods, values left out and why, the test used. */
  notes: string[];
  /** What the figures were computed from (hashed into the metadata's `inputs_hash`). */
  inputs: unknown;
  /** The parameters of the formula: weights, windows, definition version. */
  definition: unknown;
}

export interface Analysis<O extends z.ZodRawShape = z.ZodRawShape, D = unknown> {
  name: string;
  title: string;
  description: string;
  /** Anchor in docs/METHODOLOGY.md. */
  methodology: string;
  sources: SourceRef[];
  /** Options beyond the shared filters, as query parameters (strings, coerced by zod). */
  options: O;
  run(db: Db, filters: AnalysisFilters, options: z.output<z.ZodObject<O>>): Promise<AnalysisOutput<D>>;
}

/** Keeps the option types of one analysis while the registry holds them all. */
export function defineAnalysis<O extends z.ZodRawShape, D>(analysis: Analysis<O, D>): Analysis<O, D> {
  return analysis;
}

export interface AnalysisMetadata {
  analysis: string;
  title: string;
  description: string;
  methodology: string;
  sources: SourceRef[];
  filters: AnalysisFilters;
  options: Record<string, unknown>;
  definition: unknown;
  inputs_hash: string;
  generated_at: string;
  notes: string[];
  licence: string;
}

export interface AnalysisResponse<D = unknown> {
  analysis: string;
  data: D;
  notes: string[];
  meta: AnalysisMetadata;
}

export function inputsHash(inputs: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(inputs)).digest('hex')}`;
}

const LICENCE =
  'Figures computed by NAP Monitor from the data sets named in `sources`; each keeps its own licence (see /data). Incident data from ACLED and GTD may not be redistributed in bulk beyond their terms.';

/** Runs an analysis and wraps its output with the metadata document. */
export async function runAnalysis(
  db: Db,
  analysis: Analysis,
  filters: AnalysisFilters,
  options: Record<string, unknown>,
  now: Date = new Date(),
): Promise<{ response: AnalysisResponse; table: AnalysisTable }> {
  const output = await analysis.run(db, filters, options as never);
  const meta: AnalysisMetadata = {
    analysis: analysis.name,
    title: analysis.title,
    description: analysis.description,
    methodology: `/methodology#${analysis.methodology}`,
    sources: analysis.sources,
    filters,
    options,
    definition: output.definition,
    inputs_hash: inputsHash(output.inputs),
    generated_at: now.toISOString(),
    notes: output.notes,
    licence: LICENCE,
  };
  return { response: { analysis: analysis.name, data: output.data, notes: output.notes, meta }, table: output.table };
}
