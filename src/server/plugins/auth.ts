import crypto from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../core/policies/types';
import type { Role } from '../../core/roles';
import { errors } from '../errors';
import type { UserRow } from '../repositories/userRepository';
import { userForSession } from '../services/accountService';
import { LoginThrottle } from '../services/loginThrottle';
import { userForToken } from '../services/tokenService';

export const SESSION_COOKIE = 'nap_session';
export const CSRF_HEADER = 'x-csrf-token';
const LOGIN_ROUTE = '/api/v1/auth/login';

declare module 'fastify' {
  interface FastifyRequest {
    user: UserRow | undefined;
    /** How the user was authenticated: writes by session cookie must carry the CSRF token. */
    authMethod: 'session' | 'token' | undefined;
  }
}

/**
 * The CSRF token of a session: derived from the session token, so nothing more is stored. The
 * web app receives it at sign-in (and from /auth/me) and sends it back in `x-csrf-token` on every
 * write; a cross-site form cannot read it.
 */
export function csrfTokenFor(sessionToken: string): string {
  return crypto.createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Resolves the API token or session cookie to a user on every request; anonymous requests get `undefined`. */
export const authPlugin = fp(async (app) => {
  app.decorateRequest('user', undefined);
  app.decorateRequest('authMethod', undefined);
  app.addHook('onRequest', async (request) => {
    // Scripts send `Authorization: Bearer <API token>`; a browser cannot be made to send that
    // header cross-site, so token requests need no CSRF token. A bad token is refused outright.
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      const user = bearer ? await userForToken(app.ctx.db, bearer[1]!) : undefined;
      if (!user) throw errors.invalidToken();
      request.user = user;
      request.authMethod = 'token';
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const user = await userForSession(app.ctx.db, token);
    if (!user) return;
    request.user = user;
    request.authMethod = 'session';
    if (WRITE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      const expected = csrfTokenFor(token);
      const ok =
        typeof sent === 'string' && sent.length === expected.length && crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
      if (!ok) throw errors.csrf();
    }
  });

  // Sign-in rate limiting, in memory (see services/loginThrottle.ts for what that means).
  const throttle = new LoginThrottle();
  const isLogin = (request: FastifyRequest) => request.method === 'POST' && request.routeOptions.url === LOGIN_ROUTE;
  const emailOf = (request: FastifyRequest) => String((request.body as { email?: unknown } | undefined)?.email ?? '');
  app.addHook('preHandler', async (request, reply) => {
    if (!isLogin(request)) return;
    const wait = throttle.retryAfter(request.ip, emailOf(request));
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw errors.tooManyRequests(`Too many failed sign-ins; try again in ${wait} seconds`);
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    if (!isLogin(request)) return;
    if (reply.statusCode === 401) throttle.fail(request.ip, emailOf(request));
    else if (reply.statusCode === 200) throttle.succeed(request.ip, emailOf(request));
  });
});

export async function requireUser(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!request.user) throw errors.unauthenticated();
}

/** The acting user for policies: `null` when anonymous. */
export function actorOf(request: FastifyRequest): Actor {
  const u = request.user;
  return u ? { id: u.id, role: u.role as Role, province_pcode: u.province_pcode } : null;
}
