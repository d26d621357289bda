import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../errors';
import {
  getIndicator,
  getIndicatorsByCodes,
  getIndicatorValues,
  indicatorDataVersion,
  listIndicators,
  summariseIndicatorValues,
} from '../repositories/indicatorRepository';
import { errorResponses } from './schemas';

const indicatorSchema = z.object({
  code: z.string(),
  name: z.string(),
  unit: z.string().nullable(),
  direction: z.enum(['higher_is_better', 'higher_is_worse', 'neutral']),
  domain: z.string().nullable(),
  source: z.string(),
  licence: z.string(),
  definition: z.string().nullable(),
  first_year: z.number().int().nullable(),
  last_year: z.number().int().nullable(),
  years: z.array(z.number().int()),
  districts: z.number().int(),
});

const statsSchema = z.object({ n: z.number().int(), median: z.number(), min: z.number(), max: z.number() });

export const indicatorRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;
  let catalogue: { version: string; body: { data: ReturnType<typeof presentIndicator>[] } } | undefined;

  app.get(
    '/indicators',
    {
      schema: {
        tags: ['indicators'],
        summary: 'The indicator catalogue: code, name, unit, direction, domain, source, licence, years',
        response: { 200: z.object({ data: z.array(indicatorSchema) }) },
      },
    },
    async () => {
      // The catalogue with its year and district coverage scans every value; it is kept until an
      // indicator import or undo (in any process) changes the data version.
      const version = await indicatorDataVersion(db);
      if (catalogue?.version !== version) catalogue = { version, body: { data: (await listIndicators(db)).map(presentIndicator) } };
      return catalogue.body;
    },
  );

  app.get(
    '/indicators/:code/values',
    {
      schema: {
        tags: ['indicators'],
        summary: 'Values of one indicator per district for a year (the latest when omitted)',
        params: z.object({ code: z.string().min(1).max(96) }),
        querystring: z.object({ year: z.coerce.number().int().min(1900).max(2100).optional() }),
        response: {
          200: z.object({
            indicator: indicatorSchema,
            year: z.number().int().nullable(),
            data: z.array(z.object({ pcode: z.string(), name: z.string(), province_pcode: z.string(), value: z.number() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const indicator = await getIndicator(db, request.params.code);
      if (!indicator) throw errors.notFound('Indicator', request.params.code);
      const { year, rows } = await getIndicatorValues(db, indicator.code, { year: request.query.year });
      return {
        indicator: presentIndicator(indicator),
        year,
        data: rows.map((r) => ({ pcode: r.pcode, name: r.name, province_pcode: r.province_pcode, value: r.value })),
      };
    },
  );

  app.get(
    '/indicators/:code/summary',
    {
      schema: {
        tags: ['indicators'],
        summary: 'National and per-province median, minimum and maximum of the district values for a year (the latest when omitted)',
        params: z.object({ code: z.string().min(1).max(96) }),
        querystring: z.object({ year: z.coerce.number().int().min(1900).max(2100).optional() }),
        response: {
          200: z.object({
            code: z.string(),
            year: z.number().int().nullable(),
            national: statsSchema.nullable(),
            provinces: z.array(statsSchema.extend({ pcode: z.string(), name: z.string() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      // A district profile asks for one summary per indicator: the catalogue entry (with its
      // costlier year coverage) is left to the catalogue, /indicators.
      const [indicator] = await getIndicatorsByCodes(db, [request.params.code]);
      if (!indicator) throw errors.notFound('Indicator', request.params.code);
      const summary = await summariseIndicatorValues(db, indicator.code, { year: request.query.year });
      return { code: indicator.code, ...summary };
    },
  );
};

function presentIndicator(i: {
  code: string;
  name: string;
  unit: string | null;
  direction: string;
  domain: string | null;
  source: string;
  licence: string;
  definition: string | null;
  first_year: number | null;
  last_year: number | null;
  years?: number[];
  districts?: number;
}) {
  return {
    code: i.code,
    name: i.name,
    unit: i.unit,
    direction: i.direction as 'higher_is_better' | 'higher_is_worse' | 'neutral',
    domain: i.domain,
    source: i.source,
    licence: i.licence,
    definition: i.definition,
    first_year: i.first_year,
    last_year: i.last_year,
    years: i.years ?? [],
    districts: i.districts ?? 0,
  };
}
