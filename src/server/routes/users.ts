import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../core/policies/user';
import { ROLES } from '../../core/roles';
import { errors } from '../errors';
import { presentUser } from '../presenters';
import { findUserById } from '../repositories/userRepository';
import { changeRole, createUser, listUsers, setDisabled } from '../services/accountService';
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
        summary: 'Change a user’s role or province, or disable or enable them (administrators)',
        description:
          'Send `role` (with `province` for the provincial roles), `province` alone to move a provincial user, and/or `disabled`. ' +
          'A new role or province and disabling both end the user’s sessions at once, so their next request signs in again with the new permissions. ' +
          'Administrators cannot change their own role or disable themselves (409), and the last active administrator keeps the admin role (409). ' +
          'Each change is written to the audit trail (`user.change_role`, `user.disable`, `user.enable`) with the account before and after.',
        params: z.object({ id: z.coerce.number().int().min(1) }),
        body: z
          .object({
            disabled: z.boolean().optional().describe('true disables the account and ends its sessions; false enables it'),
            role: z.enum(ROLES).optional().describe('The new role; sending it without `province` clears the province'),
            province: z
              .string()
              .trim()
              .min(1)
              .max(16)
              .nullable()
              .optional()
              .describe('Province P-code (such as PK5): required for provincial_focal_person and provincial_approver, refused for the other roles'),
          })
          .refine((b) => b.disabled !== undefined || b.role !== undefined || b.province !== undefined, { message: 'send disabled, role or province' }),
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = signedInActor(request);
      const target = await findUserById(db, request.params.id);
      if (!target) throw errors.notFound('User', String(request.params.id));
      const { disabled, role, province } = request.body;
      const newRole = role !== undefined || province !== undefined;
      if (newRole && !can(actor, 'changeRole', target)) throw errors.conflict('You cannot change your own role; another administrator must do it');
      if (disabled !== undefined && !can(actor, 'update', target)) throw errors.conflict('You cannot disable or enable your own account');
      let user = target;
      if (newRole) user = await changeRole(db, target.email, { role, province }, auditContext(request));
      if (disabled !== undefined) user = await setDisabled(db, target.email, disabled, auditContext(request));
      return presentUser(user);
    },
  );
};
