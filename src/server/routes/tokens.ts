import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../errors';
import { presentToken } from '../presenters/tokens';
import * as tokenService from '../services/tokenService';
import { can } from '../../core/policies/apiToken';
import { auditContext, guard, signedInActor } from './context';
import { errorResponses } from './schemas';

const tokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  user_id: z.number().int(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  revoked: z.boolean(),
  revoked_at: z.string().nullable(),
});

export const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;
  // Every signed-in user manages their own tokens (policies/apiToken.ts).
  const signedIn = guard((actor) => can(actor, 'create'));

  app.get(
    '/tokens',
    {
      preValidation: signedIn,
      schema: { tags: ['auth'], summary: 'Your API tokens', response: { 200: z.object({ data: z.array(tokenSchema) }), ...errorResponses } },
    },
    async (request) => ({ data: (await tokenService.listTokens(db, signedInActor(request))).map(presentToken) }),
  );

  app.post(
    '/tokens',
    {
      preValidation: signedIn,
      schema: {
        tags: ['auth'],
        summary: 'Create an API token for scripts; the token is shown once',
        description:
          'Send it as `Authorization: Bearer <token>`; it acts as you, with your role and province. Requests with a token need no CSRF header. Tokens are created from a signed-in browser session, not by other tokens.',
        body: z.object({ name: z.string().trim().min(1).max(100), expires_in_days: z.number().int().min(1).max(3650).nullable().optional() }),
        response: { 201: z.object({ token: z.string(), api_token: tokenSchema }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = signedInActor(request);
      // A stolen token must not be able to mint more tokens.
      if (request.authMethod !== 'session') throw errors.forbidden('Create API tokens from a signed-in session');
      const { token, row } = await tokenService.createToken(db, actor, request.body, auditContext(request));
      return reply.status(201).send({ token, api_token: presentToken(row) });
    },
  );

  app.delete(
    '/tokens/:id',
    {
      preValidation: signedIn,
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token (your own; administrators may revoke anyone\'s)',
        params: z.object({ id: z.coerce.number().int().min(1) }),
        response: { 200: tokenSchema, ...errorResponses },
      },
    },
    async (request) => presentToken(await tokenService.revokeToken(db, signedInActor(request), request.params.id, auditContext(request))),
  );
};
