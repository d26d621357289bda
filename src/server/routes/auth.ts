import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE, csrfTokenFor, requireUser } from '../plugins/auth';
import { presentUser } from '../presenters';
import { login, logout } from '../services/accountService';
import { errorResponses, userSchema } from './schemas';

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets an httpOnly session cookie',
        body: z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(1024) }),
        response: { 200: z.object({ user: userSchema, csrf_token: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { config, db } = app.ctx;
      const result = await login(db, request.body.email, request.body.password, config.sessionTtlHours);
      void reply.setCookie(SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.cookieSecure,
        path: '/',
        expires: result.expiresAt,
      });
      return { user: presentUser(result.user), csrf_token: csrfTokenFor(result.token) };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out; ends the session', response: { 204: z.null() } } },
    async (request, reply) => {
      await logout(app.ctx.db, request.cookies[SESSION_COOKIE]);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      preHandler: requireUser,
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        security: [{ session: [] }],
        response: { 200: z.object({ user: userSchema, csrf_token: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      const token = request.cookies[SESSION_COOKIE];
      return { user: presentUser(request.user!), csrf_token: request.authMethod === 'session' && token ? csrfTokenFor(token) : null };
    },
  );
};
