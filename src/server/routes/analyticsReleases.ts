import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INDEX_NAMES } from '../../core/analytics/indexDefinitions';
import { can } from '../../core/policies/indexRelease';
import { listDefinitions } from '../services/analytics/definitions';
import { getRelease, listReleases, publishRelease } from '../services/analytics/releases';
import { auditContext, guard } from './context';
import { errorResponses } from './schemas';

const summarySchema = z.object({
  name: z.string(),
  release: z.string(),
  definition_version: z.number().int(),
  parameters: z.unknown(),
  options: z.record(z.string(), z.unknown()),
  inputs_hash: z.string(),
  created_at: z.string(),
  created_by: z.number().int().nullable(),
});
const releaseSchema = summarySchema.extend({ values: z.unknown(), notes: z.array(z.string()) });
const tags = ['analytics'];

/**
 * Index definitions and published releases of the impact, deprivation and risk indices. Registered
 * before the generated analysis routes so `/analytics/releases` is never taken for an analysis.
 */
export const analyticsReleaseRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/analytics/definitions',
    {
      schema: {
        tags,
        summary: 'Stored index definitions (every version)',
        response: {
          200: z.object({
            data: z.array(z.object({ name: z.string(), version: z.number().int(), description: z.string().nullable(), parameters: z.unknown(), created_at: z.string() })),
          }),
        },
      },
    },
    async () => ({ data: await listDefinitions(db) }),
  );

  app.get(
    '/analytics/releases',
    {
      schema: {
        tags,
        summary: 'Published index releases',
        querystring: z.object({ name: z.string().optional().describe(`Only releases of this index: ${INDEX_NAMES.join(', ')}`) }),
        response: { 200: z.object({ data: z.array(summarySchema) }), ...errorResponses },
      },
    },
    async (request) => ({ data: await listReleases(db, request.query.name) }),
  );

  app.get(
    '/analytics/releases/:name/:release',
    {
      schema: {
        tags,
        summary: 'One published release with its values',
        params: z.object({ name: z.string(), release: z.string() }),
        response: { 200: releaseSchema, ...errorResponses },
      },
    },
    async (request) => getRelease(db, request.params.name, request.params.release),
  );

  app.post(
    '/analytics/releases',
    {
      preValidation: guard((actor) => can(actor, 'publish'), 'Only national coordinators and administrators publish index releases'),
      schema: {
        tags,
        summary: 'Publish an index release (national coordinators, administrators); audited, never changed afterwards',
        body: z.object({
          name: z.enum(INDEX_NAMES),
          release: z.string().min(1).max(64),
          definition_version: z.number().int().positive().optional(),
          year: z.number().int().min(1900).max(2100).optional(),
          reference_year: z.number().int().min(1900).max(2100).optional(),
        }),
        response: { 201: releaseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const release = await publishRelease(
        db,
        b.name,
        b.release,
        { definitionVersion: b.definition_version, year: b.year, referenceYear: b.reference_year },
        auditContext(request),
      );
      return reply.status(201).send(release);
    },
  );
};
