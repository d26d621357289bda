import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../core/policies/auditLog';
import { presentAuditEntry } from '../presenters/audit';
import { listAudit, verifyAuditChain } from '../services/auditService';
import { guard } from './context';
import { errorResponses, pageQuery, paginationSchema } from './schemas';

const entrySchema = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  actor_id: z.number().int().nullable(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  request_id: z.string().nullable(),
  created_at: z.string(),
  prev_hash: z.string(),
  hash: z.string(),
});

const AUDIT_READERS = 'The audit trail is open to national coordinators and administrators';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit/verify',
    {
      preValidation: guard((actor) => can(actor, 'read'), AUDIT_READERS),
      schema: {
        tags: ['audit'],
        summary: 'Walk the audit chain and recompute every hash (national coordinators, administrators)',
        description: 'The same check as `nap-monitor audit verify`: `ok` is false when an entry was changed, removed or inserted, and `problem` names the first one.',
        response: {
          200: z.object({
            ok: z.boolean(),
            entries: z.number().int(),
            last_hash: z.string(),
            problem: z.object({ id: z.number().int().nullable(), seq: z.number().int().nullable(), reason: z.string() }).nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async () => {
      const result = await verifyAuditChain(app.ctx.db);
      return { ok: result.ok, entries: result.entries, last_hash: result.lastHash, problem: result.problem };
    },
  );

  app.get(
    '/audit',
    {
      preValidation: guard((actor) => can(actor, 'read'), AUDIT_READERS),
      schema: {
        tags: ['audit'],
        summary: 'The audit trail, newest first (national coordinators, administrators)',
        description:
          'Every change to plans, reports, users, API tokens and settings: who, what, before → after, request id, time. Each entry carries the SHA-256 of its content and of the previous entry; `nap-monitor audit verify` checks the chain.',
        querystring: z.object({
          entity_type: z.string().trim().min(1).max(64).optional(),
          entity_id: z.string().trim().min(1).max(128).optional(),
          actor: z.coerce.number().int().min(1).optional(),
          action: z.string().trim().min(1).max(64).optional(),
          from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
          to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
          ...pageQuery,
        }),
        response: { 200: z.object({ data: z.array(entrySchema), pagination: paginationSchema }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      // A bare date as `to` means the whole of that day.
      const to = q.to && q.to.length === 10 ? `${q.to}T23:59:59.999Z` : q.to && new Date(q.to).toISOString();
      const from = q.from && new Date(q.from).toISOString();
      const { rows, total } = await listAudit(
        app.ctx.db,
        { entityType: q.entity_type, entityId: q.entity_id, actorId: q.actor, action: q.action, from, to },
        { page: q.page, perPage: q.per_page },
      );
      return { data: rows.map(presentAuditEntry), pagination: { page: q.page, per_page: q.per_page, total } };
    },
  );
};
