import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../errors';
import type { UserRow } from '../repositories/userRepository';
import { userForSession } from '../services/accountService';

export const SESSION_COOKIE = 'nap_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: UserRow | undefined;
  }
}

/** Resolves the session cookie to a user on every request; anonymous requests get `undefined`. */
export const authPlugin = fp(async (app) => {
  app.decorateRequest('user', undefined);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    request.user = token ? await userForSession(app.ctx.db, token) : undefined;
  });
});

export async function requireUser(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!request.user) throw errors.unauthenticated();
}
