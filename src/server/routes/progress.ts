import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PERIOD_FORMAT, periodProblem } from '../../core/periods';
import { actorOf } from '../plugins/auth';
import {
  COMPLETION_LEVELS,
  RATINGS,
  REPORT_ORIGINS,
  STALL_REASONS,
  TRAJECTORIES,
  URL_PROBLEM,
  isHttpUrl,
} from '../../core/progress';
import { REPORT_STATUSES, WORKFLOW_ACTIONS } from '../../core/workflow';
import { presentDueReport, presentReport, presentTracker } from '../presenters/progress';
import * as progress from '../services/progressService';
import { auditContext, guard, signedInActor } from './context';
import { errorResponses, pageQuery, paginationSchema } from './schemas';

const period = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = periodProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((v) => v.toUpperCase());

const jurisdiction = z
  .string()
  .trim()
  .regex(/^(federal|PK\d{1,2})$/i, 'must be federal or a province P-code such as PK5')
  .transform((v) => (v.toLowerCase() === 'federal' ? 'federal' : v.toUpperCase()));

const figure = z.object({
  metric: z.string().trim().min(1).max(100),
  value: z.union([z.number().finite(), z.string().trim().min(1).max(200)]),
  unit: z.string().trim().min(1).max(100).nullable().default(null),
  qualifier: z.enum(['approx', 'more-than', 'range']).nullable().optional(),
  as_of: z.string().trim().min(1).max(100).nullable().optional(),
  note: z.string().trim().min(1).max(1000).nullable().optional(),
});

const evidence = z.object({
  title: z.string().trim().min(1).max(300),
  url: z.string().trim().max(2000).refine(isHttpUrl, URL_PROBLEM),
  date: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD')
    .nullable()
    .default(null),
  public: z.boolean().default(true),
});

const assessmentFields = {
  completion: z.enum(COMPLETION_LEVELS).nullable().optional(),
  trajectory: z.enum(TRAJECTORIES).nullable().optional(),
  rating: z.enum(RATINGS).nullable().optional(),
  narrative: z.string().trim().max(20000).nullable().optional(),
  figures: z.array(figure).max(100).optional(),
  evidence: z.array(evidence).max(50).optional(),
  stall_reasons: z.array(z.enum(STALL_REASONS)).max(STALL_REASONS.length).optional(),
};

const reportSchema = z.object({
  id: z.number().int(),
  plan: z.string(),
  point: z.string(),
  measure: z.string().nullable(),
  jurisdiction: z.string(),
  period: z.string(),
  period_start: z.string(),
  period_end: z.string(),
  status: z.enum(REPORT_STATUSES),
  completion: z.enum(COMPLETION_LEVELS).nullable(),
  trajectory: z.enum(TRAJECTORIES).nullable(),
  rating: z.enum(RATINGS).nullable(),
  narrative: z.string().nullable(),
  figures: z.array(
    z.object({
      metric: z.string(),
      value: z.union([z.number(), z.string()]),
      unit: z.string().nullable(),
      qualifier: z.string().nullable().optional(),
      as_of: z.string().nullable().optional(),
      note: z.string().nullable().optional(),
    }),
  ),
  evidence: z.array(z.object({ title: z.string(), url: z.string(), date: z.string().nullable(), public: z.boolean() })),
  stall_reasons: z.array(z.enum(STALL_REASONS)),
  origin: z.enum(REPORT_ORIGINS),
  source_ids: z.array(z.string()),
  return_reason: z.string().nullable(),
  version: z.number().int(),
  locked: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  submitted_at: z.string().nullable(),
  approved_at: z.string().nullable(),
  accepted_at: z.string().nullable(),
  returned_at: z.string().nullable(),
  reopened_at: z.string().nullable(),
  actions: z.array(z.enum([...WORKFLOW_ACTIONS, 'update'])),
});

const trackerCell = z
  .object({
    report_id: z.number().int(),
    period: z.string(),
    completion: z.string().nullable(),
    trajectory: z.string().nullable(),
    rating: z.string().nullable(),
    origin: z.string(),
    accepted_at: z.string().nullable(),
  })
  .nullable();

const idParams = z.object({ id: z.coerce.number().int().min(1) });

// Writes answer 401 to anonymous callers before the body is validated; the service applies the policies.
const signedIn = guard(() => true);

export const progressRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/progress',
    {
      schema: {
        tags: ['progress'],
        summary: 'Progress reports the reader may see, latest period first',
        description:
          'Anonymous readers see accepted reports only; provincial users also see every report of their own province; national users see all. `point` is a point code and needs `plan`.',
        querystring: z.object({
          plan: z.string().trim().min(1).max(32).optional(),
          point: z.string().trim().min(1).max(64).optional(),
          jurisdiction: jurisdiction.optional(),
          period: period.optional(),
          status: z.enum(REPORT_STATUSES).optional(),
          ...pageQuery,
        }),
        response: { 200: z.object({ data: z.array(reportSchema), pagination: paginationSchema }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { page, per_page, ...filters } = request.query;
      const { rows, total } = await progress.listReports(db, actor, { ...filters, page, perPage: per_page });
      return { data: rows.map((r) => presentReport(r, actor)), pagination: { page, per_page, total } };
    },
  );

  app.get(
    '/progress/:id',
    {
      schema: { tags: ['progress'], summary: 'One progress report', params: idParams, response: { 200: reportSchema, ...errorResponses } },
    },
    async (request) => {
      const actor = actorOf(request);
      return presentReport(await progress.getReport(db, actor, request.params.id), actor);
    },
  );

  app.post(
    '/progress',
    {
      preValidation: signedIn,
      schema: {
        tags: ['progress'],
        summary: 'Start a progress report (a draft) for a point or measure, a jurisdiction and a period',
        description: `Focal persons report for their own province, national coordinators for \`federal\`. \`period\` is ${PERIOD_FORMAT}.`,
        body: z.object({
          plan: z.string().trim().min(1).max(32),
          point: z.string().trim().min(1).max(64),
          measure: z.string().trim().min(1).max(32).nullable().optional(),
          jurisdiction,
          period,
          ...assessmentFields,
        }),
        response: { 201: reportSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = signedInActor(request);
      const view = await progress.createReport(db, actor, request.body, auditContext(request));
      return reply.status(201).send(presentReport(view, actor));
    },
  );

  app.patch(
    '/progress/:id',
    {
      preValidation: signedIn,
      schema: {
        tags: ['progress'],
        summary: 'Change a draft or returned report; send the version you read',
        description: 'A stale `version` is refused with 409 (`version_conflict`) and nothing is saved.',
        params: idParams,
        body: z.object({ version: z.number().int().min(1), ...assessmentFields }),
        response: { 200: reportSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = signedInActor(request);
      return presentReport(await progress.updateReport(db, actor, request.params.id, request.body, auditContext(request)), actor);
    },
  );

  app.post(
    '/progress/:id/:action',
    {
      preValidation: signedIn,
      schema: {
        tags: ['progress'],
        summary: 'Move a report through the workflow: submit, approve, accept, return or reopen',
        description:
          'draft → submitted → approved (provincial approver) → accepted (national coordinator); `return` (with a `reason`) sends it back to the author; `reopen` (with a `reason`) unlocks an accepted report whose period has locked. An action the report\'s state does not allow is 409 naming the state and the allowed actions.',
        params: z.object({ id: z.coerce.number().int().min(1), action: z.enum(WORKFLOW_ACTIONS) }),
        body: z
          .object({ version: z.number().int().min(1).optional(), reason: z.string().trim().min(1).max(2000).optional() })
          .nullish(),
        response: { 200: reportSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = signedInActor(request);
      const { id, action } = request.params;
      return presentReport(await progress.transitionReport(db, actor, id, action, request.body ?? {}, auditContext(request)), actor);
    },
  );

  app.get(
    '/tracker',
    {
      schema: {
        tags: ['progress'],
        summary: 'Plan tracker: points × jurisdictions with the latest accepted completion and rating',
        description: 'With `period`, only reports for periods ending on or before it count. Reports drawn from public sources have `origin: public_source`.',
        querystring: z.object({ plan: z.string().trim().min(1).max(32), period: period.optional() }),
        response: {
          200: z.object({
            plan: z.object({ code: z.string(), name: z.string() }),
            period: z.string().nullable(),
            jurisdictions: z.array(z.object({ code: z.string(), name: z.string() })),
            points: z.array(
              z.object({
                code: z.string(),
                number: z.number().int().nullable(),
                text: z.string(),
                dimension: z.string().nullable(),
                cells: z.record(z.string(), trackerCell),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => presentTracker(await progress.tracker(db, request.query.plan, request.query.period)),
  );

  app.get(
    '/overdue',
    {
      schema: {
        tags: ['progress'],
        summary: 'Reports due for a plan and quarter, which are overdue, and the reporting rate per jurisdiction',
        description:
          'Defaults: the plan set in `progress.current_plan`, and the latest quarter already due. A report falls due `progress.due_after_days` after its quarter ends and is overdue once that day has passed without a submission. Reporting rate = accepted ÷ due.',
        querystring: z.object({ plan: z.string().trim().min(1).max(32).optional(), period: period.optional(), jurisdiction: jurisdiction.optional() }),
        response: {
          200: z.object({
            plan: z.string(),
            period: z.string(),
            due_date: z.string(),
            past_due: z.boolean(),
            summary: z.array(
              z.object({
                jurisdiction: z.string(),
                name: z.string(),
                due: z.number().int(),
                reported: z.number().int(),
                accepted: z.number().int(),
                overdue: z.number().int(),
                reporting_rate: z.number().nullable(),
              }),
            ),
            items: z.array(
              z.object({ point: z.string(), jurisdiction: z.string(), status: z.string(), report_id: z.number().int().nullable(), overdue: z.boolean() }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => presentDueReport(await progress.dueReports(db, actorOf(request), request.query)),
  );
};
