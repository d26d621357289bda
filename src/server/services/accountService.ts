import crypto from 'node:crypto';
import { z } from 'zod';
import { ROLES, roleScopeProblem, type Role } from '../../core/roles';
import type { Db } from '../../db/database';
import { inTransaction, isUniqueViolation } from '../../db/transaction';
import { AppError, errors, type FieldProblem } from '../errors';
import { recordAudit } from '../repositories/auditRepository';
import * as users from '../repositories/userRepository';
import { SYSTEM_CONTEXT, type AuditContext } from './auditService';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './passwords';

export const newUserSchema = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  province: z.string().trim().min(1).optional().nullable(),
  password: z.string(),
});
export type NewUser = z.infer<typeof newUserSchema>;

/** A user as the audit trail records it: never the password hash. */
function auditedUser(user: users.UserRow) {
  const { password_hash: _hash, ...rest } = user;
  return rest;
}

export async function createUser(db: Db, input: NewUser, ctx: AuditContext = SYSTEM_CONTEXT): Promise<users.UserRow> {
  const problems: FieldProblem[] = [];
  const pw = passwordProblem(input.password);
  if (pw) problems.push({ field: 'password', message: pw });
  const province = input.province ?? null;
  const scope = roleScopeProblem(input.role as Role, province);
  if (scope) problems.push({ field: 'province', message: scope });
  if (province && !scope && !(await users.provinceExists(db, province))) {
    problems.push({ field: 'province', message: `unknown province P-code ${province}` });
  }
  if (await users.findUserByEmail(db, input.email)) problems.push({ field: 'email', message: `${input.email} is already registered` });
  if (problems.length) throw errors.validation(problems);
  const passwordHash = await hashPassword(input.password);
  try {
    return await inTransaction(db, async (tx, trx) => {
      const user = await users.insertUser(tx, {
        email: input.email,
        name: input.name,
        role: input.role,
        province_pcode: province,
        password_hash: passwordHash,
      });
      await recordAudit(trx, { ...userAudit(ctx, 'user.create', user.id), before: null, after: auditedUser(user) });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw errors.validation([{ field: 'email', message: `${input.email} is already registered` }]);
    throw error;
  }
}

function userAudit(ctx: AuditContext, action: string, id: number) {
  return { actorId: ctx.actorId, requestId: ctx.requestId, action, entityType: 'user', entityId: String(id) };
}

export async function setDisabled(db: Db, email: string, disabled: boolean, ctx: AuditContext = SYSTEM_CONTEXT): Promise<users.UserRow> {
  const user = await users.findUserByEmail(db, email);
  if (!user) throw errors.notFound('User', email);
  if ((user.disabled_at !== null) === disabled) return user;
  return inTransaction(db, async (tx, trx) => {
    await users.setUserDisabled(tx, user.id, disabled ? new Date().toISOString() : null);
    if (disabled) await users.deleteUserSessions(tx, user.id);
    const after = (await users.findUserById(tx, user.id))!;
    await recordAudit(trx, { ...userAudit(ctx, disabled ? 'user.disable' : 'user.enable', user.id), before: auditedUser(user), after: auditedUser(after) });
    return after;
  });
}

/** A new role, a new province, or both. Sending a role without a province clears the province. */
export interface RoleChange {
  role?: Role;
  province?: string | null;
}

/**
 * Gives a user another role or province. Their sessions end in the same transaction, so the next
 * request they make signs in again and gets the new permissions. The last active administrator
 * keeps the admin role, so the platform always has someone who can manage users.
 */
export async function changeRole(db: Db, email: string, change: RoleChange, ctx: AuditContext = SYSTEM_CONTEXT): Promise<users.UserRow> {
  const user = await users.findUserByEmail(db, email);
  if (!user) throw errors.notFound('User', email);
  if (change.role === undefined && change.province === undefined) throw errors.badRequest('role', 'send a role, a province or both');
  if (change.role !== undefined && !(ROLES as readonly string[]).includes(change.role)) {
    throw errors.badRequest('role', `must be one of ${ROLES.join(', ')}`);
  }
  const role = change.role ?? (user.role as Role);
  const province = change.province ?? null;
  const scope = roleScopeProblem(role, province);
  if (scope) throw errors.badRequest('province', scope);
  if (province && !(await users.provinceExists(db, province))) throw errors.badRequest('province', `unknown province P-code ${province}`);
  if (role === user.role && province === user.province_pcode) return user;
  return inTransaction(db, async (tx, trx) => {
    if (user.role === 'admin' && role !== 'admin' && user.disabled_at === null) {
      const admins = await users.lockActiveAdminIds(tx);
      if (!admins.some((id) => id !== user.id)) {
        throw errors.conflict(`${user.email} is the last active administrator; give another account the admin role first`);
      }
    }
    await users.setUserRole(tx, user.id, role, province);
    await users.deleteUserSessions(tx, user.id);
    const after = (await users.findUserById(tx, user.id))!;
    await recordAudit(trx, { ...userAudit(ctx, 'user.change_role', user.id), before: auditedUser(user), after: auditedUser(after) });
    return after;
  });
}

export function listUsers(db: Db) {
  return users.listUsers(db);
}

/** The session cookie holds a random token; the database stores only its SHA-256. */
function sessionKey(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export interface LoginResult {
  user: users.UserRow;
  token: string;
  expiresAt: Date;
}

export async function login(db: Db, email: string, password: string, ttlHours: number): Promise<LoginResult> {
  const user = await users.findUserByEmail(db, email);
  // Spend the same time whether or not the email exists, and never say which part was wrong.
  const ok = await verifyPassword(password, user?.password_hash ?? (await dummyPasswordHash()));
  if (!user || !ok || user.disabled_at) throw errors.invalidCredentials();
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await users.deleteExpiredSessions(db, new Date().toISOString());
  await users.insertSession(db, { id: sessionKey(token), user_id: user.id, expires_at: expiresAt.toISOString() });
  return { user, token, expiresAt };
}

export async function userForSession(db: Db, token: string | undefined): Promise<users.UserRow | undefined> {
  if (!token) return undefined;
  return users.findSessionUser(db, sessionKey(token), new Date().toISOString());
}

export async function logout(db: Db, token: string | undefined): Promise<void> {
  if (token) await users.deleteSession(db, sessionKey(token));
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
