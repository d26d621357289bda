import crypto from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../core/policies/types';
import type { Role } from '../../core/roles';
import { errors } from '../errors';
import type { UserRow } from '../repositories/userRepository';
import { userForSession } from '../services/accountService';

export const SESSION_COOKIE = 'nap_session';
export const CSRF_HEADER = 'x-csrf-token';

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

/** Resolves the session cookie to a user on every request; anonymous requests get `undefined`. */
export const authPlugin = fp(async (app) => {
  app.decorateRequest('user', undefined);
  app.decorateRequest('authMethod', undefined);
  app.addHook('onRequest', async (request) => {
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
});

export async function requireUser(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!request.user) throw errors.unauthenticated();
}

/** The acting user for policies: `null` when anonymous. */
export function actorOf(request: FastifyRequest): Actor {
  const u = request.user;
  return u ? { id: u.id, role: u.role as Role, province_pcode: u.province_pcode } : null;
}
