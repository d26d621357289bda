import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tableToCsv } from '../../core/analytics/table';
import { runAnalysis } from '../services/analytics/analysis';
import { filterQuery, resolveFilters } from '../services/analytics/filters';
import { ANALYSES } from '../services/analytics/registry';
import { errorResponses } from './schemas';

const metaSchema = z.object({
  analysis: z.string(),
  title: z.string(),
  description: z.string(),
  methodology: z.string(),
  sources: z.array(z.object({ title: z.string(), url: z.string().optional() })),
  filters: z.object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    provinces: z.array(z.string()),
    districts: z.array(z.string()),
    fronts: z.array(z.string()),
    groups: z.array(z.string()),
    categories: z.array(z.string()),
  }),
  options: z.record(z.string(), z.unknown()),
  definition: z.unknown(),
  inputs_hash: z.string(),
  generated_at: z.string(),
  notes: z.array(z.string()),
  licence: z.string(),
});

/**
 * Three routes per analysis, all from the registry: the JSON answer, the same as CSV, and the
 * metadata document (sources, definition, inputs hash, generated time).
 */
export const analyticsRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;

  for (const analysis of ANALYSES) {
    const querystring = z.object({ ...filterQuery, ...analysis.options });
    const compute = async (query: Record<string, unknown>) => {
      const { from, to, province, district, front, group, category, ...options } = query as z.output<typeof querystring>;
      const filters = await resolveFilters(db, { from, to, province, district, front, group, category } as never);
      return runAnalysis(db, analysis, filters, options);
    };
    const docs = { tags: ['analytics'], description: `${analysis.description} Method: /methodology#${analysis.methodology}.` };

    app.get(
      `/analytics/${analysis.name}`,
      {
        schema: {
          ...docs,
          summary: analysis.title,
          querystring,
          response: {
            200: z.object({ analysis: z.string(), data: z.unknown(), notes: z.array(z.string()), meta: metaSchema }),
            ...errorResponses,
          },
        },
      },
      async (request) => (await compute(request.query)).response,
    );

    app.get(
      `/analytics/${analysis.name}.csv`,
      { schema: { ...docs, summary: `${analysis.title} (CSV)`, querystring } },
      async (request, reply) => {
        const { table } = await compute(request.query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${analysis.name}.csv"`)
          .send(tableToCsv(table));
      },
    );

    app.get(
      `/analytics/${analysis.name}/metadata`,
      { schema: { ...docs, summary: `${analysis.title}: metadata`, querystring, response: { 200: metaSchema, ...errorResponses } } },
      async (request) => (await compute(request.query)).response.meta,
    );
  }

  app.get(
    '/analytics',
    {
      schema: {
        tags: ['analytics'],
        summary: 'The analyses available, with their options',
        response: {
          200: z.object({
            data: z.array(
              z.object({ name: z.string(), title: z.string(), description: z.string(), methodology: z.string(), options: z.array(z.string()) }),
            ),
          }),
        },
      },
    },
    async () => ({
      data: ANALYSES.map((a) => ({
        name: a.name,
        title: a.title,
        description: a.description,
        methodology: `/methodology#${a.methodology}`,
        options: [...Object.keys(filterQuery), ...Object.keys(a.options)],
      })),
    }),
  );
};
