import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pendingMigrations } from '../../db/migrate';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['meta'],
        summary: 'Liveness and database status',
        response: {
          200: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']), pending_migrations: z.number().int() }),
          503: z.object({ status: z.literal('unavailable'), database: z.enum(['sqlite', 'postgres']), message: z.string() }),
        },
      },
    },
    async (_request, reply) => {
      const { db } = app.ctx;
      try {
        const pending = await pendingMigrations(db);
        return { status: 'ok' as const, database: db.dialect, pending_migrations: pending.length };
      } catch (error) {
        return reply.status(503).send({ status: 'unavailable' as const, database: db.dialect, message: (error as Error).message });
      }
    },
  );
};
