/**
 * Published index releases: an index computed over every district from a stored definition,
 * stored with its values, the options it resolved (year, reference year) and the hash of its
 * inputs, and never changed afterwards. Checking a release recomputes it from the definition
 * version it records and says whether the inputs and values are still exactly the same.
 */
import { canonicalJson } from '../../../core/canonicalJson';
import { NO_FILTERS } from '../../../core/analytics/filters';
import { isIndexName, RELEASE_LABEL, type IndexName, type RiskParameters } from '../../../core/analytics/indexDefinitions';
import type { AnalysisTable } from '../../../core/analytics/table';
import type { Db } from '../../../db/database';
import { inTransaction, isUniqueViolation } from '../../../db/transaction';
import { errors } from '../../errors';
import { recordAudit } from '../../repositories/auditRepository';
import { findIndexRelease, insertIndexRelease, listIndexReleases, type IndexReleaseRow, type IndexReleaseSummaryRow } from '../../repositories/indexReleaseRepository';
import type { AuditContext } from '../auditService';
import { inputsHash } from './analysis';
import type { IndexComputation } from './definitions';
import { computeDeprivationIndex, deprivationTable, type DeprivationData } from './deprivation';
import { computeImpactIndex, impactTable, type ImpactData } from './impact';
import { computeRiskIndex, riskTable, type RiskData } from './risk';

export interface ReleaseOptions {
  definitionVersion?: number;
  year?: number;
  referenceYear?: number | null;
}

export interface ReleaseSummary {
  name: IndexName;
  release: string;
  definition_version: number;
  parameters: unknown;
  options: Record<string, unknown>;
  inputs_hash: string;
  created_at: string;
  created_by: number | null;
}

export interface Release extends ReleaseSummary {
  values: unknown;
  notes: string[];
}

export interface ReleaseCheck {
  release: Release;
  reproduced: boolean;
  inputs_match: boolean;
  values_match: boolean;
  recomputed_inputs_hash: string;
  message: string;
}

/** Checks an index name from a request: 404 naming it when unknown. */
export function indexName(name: string): IndexName {
  if (!isIndexName(name)) throw errors.notFound('Index', name);
  return name;
}

/** Computes an index over every district, as a release holds it. */
export async function computeIndexForRelease(db: Db, name: IndexName, opts: ReleaseOptions): Promise<IndexComputation> {
  const referenceYear = opts.referenceYear ?? undefined;
  switch (name) {
    case 'impact':
      return computeImpactIndex(db, NO_FILTERS, { year: opts.year, level: 'district', definitionVersion: opts.definitionVersion });
    case 'deprivation':
      return computeDeprivationIndex(db, NO_FILTERS, { referenceYear, definitionVersion: opts.definitionVersion });
    case 'risk':
      return computeRiskIndex(db, NO_FILTERS, { year: opts.year, referenceYear, definitionVersion: opts.definitionVersion });
  }
}

function summary(row: IndexReleaseSummaryRow): ReleaseSummary {
  return {
    name: row.name as IndexName,
    release: row.release,
    definition_version: row.definition_version,
    parameters: JSON.parse(row.parameters) as unknown,
    options: JSON.parse(row.options) as Record<string, unknown>,
    inputs_hash: row.inputs_hash,
    created_at: row.created_at,
    created_by: row.created_by,
  };
}

function full(row: IndexReleaseRow): Release {
  return { ...summary(row), values: JSON.parse(row.values_json) as unknown, notes: JSON.parse(row.notes) as string[] };
}

export async function listReleases(db: Db, name?: string): Promise<ReleaseSummary[]> {
  return (await listIndexReleases(db, name === undefined ? undefined : indexName(name))).map(summary);
}

export async function getRelease(db: Db, name: string, release: string): Promise<Release> {
  const row = await findIndexRelease(db, indexName(name), release);
  if (!row) throw errors.notFound('Release', `${name}/${release}`);
  return full(row);
}

export async function findRelease(db: Db, name: IndexName, release: string): Promise<Release | undefined> {
  const row = await findIndexRelease(db, name, release);
  return row ? full(row) : undefined;
}

/** Computes and stores a new release, audited in the same transaction; 409 when the label is taken. */
export async function publishRelease(db: Db, name: string, release: string, opts: ReleaseOptions, ctx: AuditContext): Promise<Release> {
  const index = indexName(name);
  if (!RELEASE_LABEL.test(release)) throw errors.badRequest('release', 'must be 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit');
  if (await findIndexRelease(db, index, release)) throw errors.conflict(`Release ${index}/${release} exists already; releases are never changed, publish under a new label`);
  const computed = await computeIndexForRelease(db, index, opts);
  const createdAt = new Date().toISOString();
  try {
    const row = await inTransaction(db, async (tx, trx) => {
      const stored = await insertIndexRelease(tx, {
        name: index,
        release,
        definition_version: computed.definition.version,
        parameters: JSON.stringify(computed.definition.parameters),
        options: JSON.stringify(computed.options),
        inputs_hash: inputsHash(computed.inputs),
        values_json: JSON.stringify(computed.data),
        notes: JSON.stringify(computed.notes),
        created_at: createdAt,
        created_by: ctx.actorId,
      });
      await recordAudit(trx, {
        actorId: ctx.actorId,
        action: 'index_release.publish',
        entityType: 'index_release',
        entityId: `${index}/${release}`,
        before: null,
        after: { name: index, release, definition_version: stored.definition_version, options: computed.options, inputs_hash: stored.inputs_hash },
        requestId: ctx.requestId,
      });
      return stored;
    });
    return full(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw errors.conflict(`Release ${index}/${release} exists already; releases are never changed, publish under a new label`);
    throw error;
  }
}

/** Recomputes a stored release from the definition version and options it records. */
export async function checkRelease(db: Db, name: string, release: string): Promise<ReleaseCheck> {
  const stored = await getRelease(db, name, release);
  const opts = stored.options as { year?: number; reference_year?: number | null };
  const recomputed = await computeIndexForRelease(db, stored.name, {
    definitionVersion: stored.definition_version,
    year: opts.year,
    referenceYear: opts.reference_year ?? null,
  });
  const hash = inputsHash(recomputed.inputs);
  const inputsMatch = hash === stored.inputs_hash;
  const valuesMatch = canonicalJson(recomputed.data) === canonicalJson(stored.values);
  const reproduced = inputsMatch && valuesMatch;
  const what = `${stored.name}/${stored.release} (definition v${stored.definition_version})`;
  const message = reproduced
    ? `Release ${what} reproduces exactly: same inputs hash and values.`
    : `Release ${what} does not reproduce: ${[
        inputsMatch ? null : `the inputs changed since it was published (hash ${stored.inputs_hash}, now ${hash})`,
        valuesMatch ? null : 'the recomputed values differ from the stored ones',
      ]
        .filter(Boolean)
        .join('; ')}. The stored values are unchanged.`;
  return { release: stored, reproduced, inputs_match: inputsMatch, values_match: valuesMatch, recomputed_inputs_hash: hash, message };
}

/** A stored release's values as the flat table the analysis prints. */
export function releaseTable(release: Pick<Release, 'name' | 'values' | 'parameters'>): AnalysisTable {
  switch (release.name) {
    case 'impact':
      return impactTable(release.values as ImpactData);
    case 'deprivation':
      return deprivationTable(release.values as DeprivationData);
    case 'risk':
      return riskTable(release.values as RiskData, (release.parameters as RiskParameters).coping_indicators.map((c) => c.code));
  }
}
