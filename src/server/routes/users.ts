import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../core/policies/user';
import { ROLES } from '../../core/roles';
import { errors } from '../errors';
import { presentUser } from '../presenters';
import { findUserById } from '../repositories/userRepository';
import { createUser, listUsers, setDisabled } from '../services/accountService';
import { auditContext, guard, signedInActor } from './context';
import { errorResponses, userSchema } from './schemas';

const ADMIN_ONLY = 'Only an administrator manages users';

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/users',
    {
      preValidation: guard((actor) => can(actor, 'read'), ADMIN_ONLY),
      schema: { tags: ['users'], summary: 'Users (administrators)', response: { 200: z.object({ data: z.array(userSchema) }), ...errorResponses } },
    },
    async () => ({ data: (await listUsers(db)).map(presentUser) }),
  );

  app.post(
    '/users',
    {
      preValidation: guard((actor) => can(actor, 'create'), ADMIN_ONLY),
      schema: {
        tags: ['users'],
        summary: 'Create a user (administrators); provincial roles need a province',
        body: z.object({
          email: z.email().max(254),
          name: z.string().trim().min(1).max(200),
          role: z.enum(ROLES),
          province: z.string().trim().min(1).max(16).nullable().optional(),
          password: z.string().max(1024),
        }),
        response: { 201: userSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = await createUser(db, request.body, auditContext(request));
      return reply.status(201).send(presentUser(user));
    },
  );

  app.patch(
    '/users/:id',
    {
      preValidation: guard((actor) => can(actor, 'update'), ADMIN_ONLY),
      schema: {
        tags: ['users'],
        summary: 'Disable or enable a user (administrators); disabling ends their sessions',
        params: z.object({ id: z.coerce.number().int().min(1) }),
        body: z.object({ disabled: z.boolean() }),
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = signedInActor(request);
      const target = await findUserById(db, request.params.id);
      if (!target) throw errors.notFound('User', String(request.params.id));
      if (!can(actor, 'update', target)) throw errors.conflict('You cannot disable or enable your own account');
      return presentUser(await setDisabled(db, target.email, request.body.disabled, auditContext(request)));
    },
  );
};
