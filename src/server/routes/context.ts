import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../core/policies/types';
import { errors } from '../errors';
import { actorOf } from '../plugins/auth';
import type { AuditContext } from '../services/auditService';

/** Who acts and in which request, for the audit trail. */
export function auditContext(request: FastifyRequest): AuditContext {
  return { actorId: request.user?.id ?? null, requestId: request.id };
}

/** The signed-in actor, or 401. */
export function signedInActor(request: FastifyRequest): NonNullable<Actor> {
  const actor = actorOf(request);
  if (!actor) throw errors.unauthenticated();
  return actor;
}

/** 401 when anonymous, 403 when the policy says no. */
export function authorize(request: FastifyRequest, allowed: (actor: NonNullable<Actor>) => boolean, message?: string): NonNullable<Actor> {
  const actor = signedInActor(request);
  if (!allowed(actor)) throw errors.forbidden(message);
  return actor;
}

/**
 * A route hook for role-only permissions, run before the body is validated: a caller without the
 * right is told so (401/403) rather than being coached on the request's shape.
 */
export function guard(allowed: (actor: NonNullable<Actor>) => boolean, message?: string) {
  return async (request: FastifyRequest): Promise<void> => {
    authorize(request, allowed, message);
  };
}
