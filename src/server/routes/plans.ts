import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DIMENSIONS } from '../../core/plans';
import { can } from '../../core/policies/plan';
import { MEASURE_FREQUENCIES } from '../../core/progress';
import { presentMeasure, presentPlan, presentPoint } from '../presenters/plans';
import * as planService from '../services/planService';
import { auditContext, guard } from './context';
import { errorResponses } from './schemas';

const planCode = z.string().trim().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'must be 2–32 capital letters, digits or hyphens, such as NAP-2025');
const pointCode = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, dots, hyphens or underscores');
const measureCode = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, 'must be 1–32 letters, digits, dots, hyphens or underscores');
const isoDate = z.iso.date();
const jurisdictionCode = z.string().regex(/^(federal|PK\d{1,2})$/, 'must be federal or a province P-code such as PK5');

const planSchema = z.object({
  code: z.string(),
  name: z.string(),
  adopted_on: z.string().nullable(),
  description: z.string().nullable(),
  source_ids: z.array(z.string()),
  points: z.number().int().nullable(),
});

const measureSchema = z.object({
  code: z.string(),
  indicator: z.string(),
  unit: z.string().nullable(),
  baseline: z.number().nullable(),
  baseline_date: z.string().nullable(),
  target: z.number().nullable(),
  due_date: z.string().nullable(),
  frequency: z.enum(MEASURE_FREQUENCIES),
  version: z.number().int(),
});

const pointRef = z.object({ plan: z.string(), point: z.string() });
const pointSchema = z.object({
  plan: z.string(),
  code: z.string(),
  number: z.number().int().nullable(),
  text: z.string(),
  text_version: z.number().int(),
  variant_text: z.string().nullable(),
  dimension: z.enum(DIMENSIONS).nullable(),
  dimension_basis: z.string().nullable(),
  theme: z.string().nullable(),
  lead_agencies: z.array(z.string()),
  jurisdictions: z.array(z.string()),
  notes: z.string().nullable(),
  source_ids: z.array(z.string()),
  measures: z.array(measureSchema),
  continues: z.array(pointRef),
  continued_by: z.array(pointRef),
});

const measureFields = {
  indicator: z.string().trim().min(1).max(500),
  unit: z.string().trim().min(1).max(100).nullable().optional(),
  baseline: z.number().finite().nullable().optional(),
  baseline_date: isoDate.nullable().optional(),
  target: z.number().finite().nullable().optional(),
  due_date: isoDate.nullable().optional(),
  frequency: z.enum(MEASURE_FREQUENCIES),
};

const planParams = z.object({ code: planCode });
const pointParams = z.object({ code: planCode, point: pointCode });
const measureParams = z.object({ code: planCode, point: pointCode, measure: measureCode });

const manage = (action: 'create' | 'update') => (actor: Parameters<typeof can>[0]) => can(actor, action);
const MANAGE_MESSAGE = 'Only a national coordinator manages plans, points and measures';

export const planRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/plans',
    { schema: { tags: ['plans'], summary: 'Plans with their number of points', response: { 200: z.object({ data: z.array(planSchema) }) } } },
    async () => ({ data: (await planService.listPlans(db)).map(presentPlan) }),
  );

  app.post(
    '/plans',
    {
      preValidation: guard(manage('create'), MANAGE_MESSAGE),
      schema: {
        tags: ['plans'],
        summary: 'Add a plan (national coordinators)',
        body: z.object({
          code: planCode,
          name: z.string().trim().min(1).max(300),
          adopted_on: isoDate.nullable().optional(),
          description: z.string().trim().max(5000).nullable().optional(),
        }),
        response: { 201: planSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const plan = await planService.createPlan(db, request.body, auditContext(request));
      return reply.status(201).send(presentPlan({ ...plan, points: 0 }));
    },
  );

  app.get(
    '/plans/:code',
    { schema: { tags: ['plans'], summary: 'One plan', params: planParams, response: { 200: planSchema, ...errorResponses } } },
    async (request) => presentPlan(await planService.getPlan(db, request.params.code)),
  );

  app.patch(
    '/plans/:code',
    {
      preValidation: guard(manage('update'), MANAGE_MESSAGE),
      schema: {
        tags: ['plans'],
        summary: 'Change a plan\'s name, adoption date or description (national coordinators)',
        params: planParams,
        body: z.object({
          name: z.string().trim().min(1).max(300).optional(),
          adopted_on: isoDate.nullable().optional(),
          description: z.string().trim().max(5000).nullable().optional(),
        }),
        response: { 200: planSchema, ...errorResponses },
      },
    },
    async (request) => {
      return presentPlan(await planService.updatePlan(db, request.params.code, request.body, auditContext(request)));
    },
  );

  app.get(
    '/plans/:code/points',
    {
      schema: {
        tags: ['plans'],
        summary: 'Action points of a plan: current text, dimension, lead agencies, measures, links to earlier and later plans',
        params: planParams,
        response: { 200: z.object({ plan: planSchema, data: z.array(pointSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const plan = await planService.getPlan(db, request.params.code);
      const points = await planService.listPointViews(db, plan.code);
      return { plan: presentPlan({ ...plan, points: points.length }), data: points.map((p) => presentPoint(p, plan.code)) };
    },
  );

  app.post(
    '/plans/:code/points',
    {
      preValidation: guard(manage('create'), MANAGE_MESSAGE),
      schema: {
        tags: ['plans'],
        summary: 'Add an action point (national coordinators)',
        params: planParams,
        body: z.object({
          code: pointCode,
          number: z.number().int().min(0).max(10000).nullable().optional(),
          text: z.string().trim().min(1).max(5000),
          dimension: z.enum(DIMENSIONS).nullable().optional(),
          theme: z.string().trim().min(1).max(200).nullable().optional(),
          lead_agencies: z.array(z.string().trim().min(1).max(300)).max(30).optional(),
          jurisdictions: z.array(jurisdictionCode).max(20).optional(),
        }),
        response: { 201: pointSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const view = await planService.createPoint(db, request.params.code, request.body, auditContext(request));
      return reply.status(201).send(presentPoint(view, request.params.code));
    },
  );

  app.get(
    '/plans/:code/points/:point',
    { schema: { tags: ['plans'], summary: 'One action point', params: pointParams, response: { 200: pointSchema, ...errorResponses } } },
    async (request) => presentPoint(await planService.getPointView(db, request.params.code, request.params.point), request.params.code),
  );

  app.patch(
    '/plans/:code/points/:point',
    {
      preValidation: guard(manage('update'), MANAGE_MESSAGE),
      schema: {
        tags: ['plans'],
        summary: 'Change an action point (national coordinators); a new text becomes a new version',
        description: 'Send `version`: the `text_version` you read. If the text changed since, the answer is 409 and nothing is saved.',
        params: pointParams,
        body: z.object({
          version: z.number().int().min(1),
          text: z.string().trim().min(1).max(5000).optional(),
          reason: z.string().trim().min(1).max(1000).nullable().optional(),
          number: z.number().int().min(0).max(10000).nullable().optional(),
          dimension: z.enum(DIMENSIONS).nullable().optional(),
          theme: z.string().trim().min(1).max(200).nullable().optional(),
          lead_agencies: z.array(z.string().trim().min(1).max(300)).max(30).optional(),
          jurisdictions: z.array(jurisdictionCode).max(20).optional(),
        }),
        response: { 200: pointSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { code, point } = request.params;
      return presentPoint(await planService.updatePoint(db, code, point, request.body, auditContext(request)), code);
    },
  );

  app.get(
    '/plans/:code/points/:point/versions',
    {
      schema: {
        tags: ['plans'],
        summary: 'Every version of a point\'s text, oldest first',
        params: pointParams,
        response: {
          200: z.object({
            data: z.array(z.object({ version: z.number().int(), text: z.string(), reason: z.string().nullable(), changed_at: z.string().nullable() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ data: await planService.listPointTextVersions(db, request.params.code, request.params.point) }),
  );

  app.post(
    '/plans/:code/points/:point/measures',
    {
      preValidation: guard(manage('create'), MANAGE_MESSAGE),
      schema: {
        tags: ['plans'],
        summary: 'Add a measure under a point (national coordinators)',
        params: pointParams,
        body: z.object({ code: measureCode, ...measureFields }),
        response: { 201: measureSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { code, point } = request.params;
      const measure = await planService.createMeasure(db, code, point, request.body, auditContext(request));
      return reply.status(201).send(presentMeasure(measure));
    },
  );

  app.patch(
    '/plans/:code/points/:point/measures/:measure',
    {
      preValidation: guard(manage('update'), MANAGE_MESSAGE),
      schema: {
        tags: ['plans'],
        summary: 'Change a measure (national coordinators); send the version you read',
        params: measureParams,
        body: z.object({
          version: z.number().int().min(1),
          indicator: measureFields.indicator.optional(),
          unit: measureFields.unit,
          baseline: measureFields.baseline,
          baseline_date: measureFields.baseline_date,
          target: measureFields.target,
          due_date: measureFields.due_date,
          frequency: measureFields.frequency.optional(),
        }),
        response: { 200: measureSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { code, point, measure } = request.params;
      return presentMeasure(await planService.updateMeasure(db, code, point, measure, request.body, auditContext(request)));
    },
  );
};
