import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../core/policies/setting';
import { SETTING_KEYS } from '../../core/settings';
import { listSettings, updateSetting } from '../services/settingsService';
import { auditContext, guard } from './context';
import { errorResponses } from './schemas';

const settingSchema = z.object({
  key: z.enum(SETTING_KEYS as [string, ...string[]]),
  value: z.union([z.number(), z.string()]),
  default: z.union([z.number(), z.string()]),
  description: z.string(),
  updated_at: z.string().nullable(),
  updated_by: z.number().int().nullable(),
});

export const settingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/settings',
    {
      preValidation: guard((actor) => can(actor, 'read'), 'Settings are open to administrators and national coordinators'),
      schema: { tags: ['settings'], summary: 'Run-time settings with their defaults', response: { 200: z.object({ data: z.array(settingSchema) }), ...errorResponses } },
    },
    async () => ({ data: await listSettings(db) }),
  );

  app.put(
    '/settings/:key',
    {
      preValidation: guard((actor) => can(actor, 'update'), 'Only an administrator changes settings'),
      schema: {
        tags: ['settings'],
        summary: 'Change a setting (administrators); audited',
        params: z.object({ key: z.enum(SETTING_KEYS as [string, ...string[]]) }),
        body: z.object({ value: z.union([z.number(), z.string()]) }),
        response: { 200: settingSchema, ...errorResponses },
      },
    },
    async (request) => updateSetting(db, request.params.key as (typeof SETTING_KEYS)[number], request.body.value, auditContext(request)),
  );
};
