/**
 * Reading the stored index definitions (and adding a new version): every index computation starts
 * from one of them, so its weights, indicators and periods are named by a version number.
 */
import { z } from 'zod';
import { parseParameters, type IndexName, type IndexParameters } from '../../../core/analytics/indexDefinitions';
import type { Db } from '../../../db/database';
import { inTransaction, isUniqueViolation } from '../../../db/transaction';
import { errors } from '../../errors';
import { recordAudit } from '../../repositories/auditRepository';
import { findIndexDefinition, insertIndexDefinition, listIndexDefinitions, type IndexDefinitionRow } from '../../repositories/indexReleaseRepository';
import type { AuditContext } from '../auditService';
import type { AnalysisOutput } from './analysis';

export interface IndexDefinition<K extends IndexName = IndexName> {
  name: K;
  version: number;
  description: string | null;
  parameters: IndexParameters[K];
  created_at: string;
}

/** What an index computation gives: an analysis output plus the options it resolved (year, reference year). */
export interface IndexComputation<D = unknown> extends AnalysisOutput<D> {
  definition: { name: IndexName; version: number; parameters: unknown };
  options: Record<string, unknown>;
}

/** The `definition_version` option every index analysis takes. */
export const definitionVersionOption = z.coerce
  .number()
  .int()
  .positive()
  .optional()
  .describe('Version of the stored index definition (default: the newest)');

function toDefinition<K extends IndexName>(name: K, row: IndexDefinitionRow): IndexDefinition<K> {
  const parsed = parseParameters(name, JSON.parse(row.parameters));
  if (!parsed.ok) throw new Error(`Stored definition ${name} v${row.version} is not valid: ${parsed.problems.join('; ')}`);
  return { name, version: row.version, description: row.description, parameters: parsed.parameters, created_at: row.created_at };
}

/** One version of a definition (the newest when not given); 404 naming it when there is none. */
export async function loadDefinition<K extends IndexName>(db: Db, name: K, version?: number): Promise<IndexDefinition<K>> {
  const row = await findIndexDefinition(db, name, version);
  if (!row) throw errors.notFound('Index definition', version === undefined ? name : `${name} v${version}`);
  return toDefinition(name, row);
}

export async function listDefinitions(db: Db): Promise<IndexDefinition[]> {
  return (await listIndexDefinitions(db)).map((row) => toDefinition(row.name as IndexName, row));
}

/** Stores the next version of a definition (parameters checked), audited in the same transaction. */
export async function addDefinition<K extends IndexName>(
  db: Db,
  name: K,
  parameters: unknown,
  description: string | null,
  ctx: AuditContext,
): Promise<IndexDefinition<K>> {
  const parsed = parseParameters(name, parameters);
  if (!parsed.ok) throw errors.validation(parsed.problems.map((p) => ({ field: `parameters.${p.split(':')[0]}`, message: p.split(': ').slice(1).join(': ') })));
  try {
    return await inTransaction(db, async (tx, trx) => {
      const latest = await findIndexDefinition(tx, name);
      const row = await insertIndexDefinition(tx, {
        name,
        version: (latest?.version ?? 0) + 1,
        description,
        parameters: JSON.stringify(parsed.parameters),
        created_at: new Date().toISOString(),
        created_by: ctx.actorId,
      });
      await recordAudit(trx, {
        actorId: ctx.actorId,
        action: 'index_definition.create',
        entityType: 'index_definition',
        entityId: `${name}/v${row.version}`,
        before: null,
        after: { name, version: row.version, description, parameters: parsed.parameters },
        requestId: ctx.requestId,
      });
      return toDefinition(name, row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw errors.conflict(`Another version of ${name} was stored at the same time; try again`);
    throw error;
  }
}
