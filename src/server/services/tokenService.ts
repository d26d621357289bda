import crypto from 'node:crypto';
import { can } from '../../core/policies/apiToken';
import type { Actor } from '../../core/policies/types';
import type { Db } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { errors } from '../errors';
import { recordAudit } from '../repositories/auditRepository';
import * as tokens from '../repositories/tokenRepository';
import type { UserRow } from '../repositories/userRepository';
import type { AuditContext } from './auditService';

/**
 * API tokens: `nap_` followed by 32 random bytes (base64url). The database keeps only the SHA-256
 * of a token and its first characters (to tell tokens apart in a list), so a leaked database
 * does not leak usable tokens.
 */
export const TOKEN_PREFIX = 'nap_';

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Audit snapshot of a token: never its hash. */
function snapshot(t: tokens.ApiTokenRow) {
  const { token_hash: _hash, ...rest } = t;
  return rest;
}

export async function createToken(
  db: Db,
  owner: NonNullable<Actor>,
  input: { name: string; expires_in_days?: number | null },
  ctx: AuditContext,
): Promise<{ token: string; row: tokens.ApiTokenRow }> {
  if (!can(owner, 'create')) throw errors.forbidden();
  const token = `${TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
  const now = new Date();
  const row = await inTransaction(db, async (_tx, trx) => {
    const created = await tokens.insertToken(trx, {
      user_id: owner.id,
      name: input.name,
      token_hash: hashToken(token),
      token_prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      created_at: now.toISOString(),
      expires_at: input.expires_in_days ? new Date(now.getTime() + input.expires_in_days * 86_400_000).toISOString() : null,
      last_used_at: null,
      revoked_at: null,
    });
    await recordAudit(trx, { ...audit(ctx, 'api_token.create', created.id), before: null, after: snapshot(created) });
    return created;
  });
  return { token, row };
}

export async function listTokens(db: Db, owner: NonNullable<Actor>): Promise<tokens.ApiTokenRow[]> {
  return tokens.listTokensOf(db.kysely, owner.id);
}

export async function revokeToken(db: Db, actor: NonNullable<Actor>, id: number, ctx: AuditContext): Promise<tokens.ApiTokenRow> {
  const before = await tokens.findToken(db.kysely, id);
  // Someone else's token is reported as missing unless the actor may revoke it (an administrator).
  if (!before || !can(actor, 'revoke', before)) throw errors.notFound('API token', String(id));
  if (before.revoked_at) return before;
  return inTransaction(db, async (_tx, trx) => {
    await tokens.revokeToken(trx, id, new Date().toISOString());
    const after = (await tokens.findToken(trx, id))!;
    await recordAudit(trx, { ...audit(ctx, 'api_token.revoke', id), before: snapshot(before), after: snapshot(after) });
    return after;
  });
}

const TOUCH_EVERY_MS = 5 * 60_000;

/** The user behind an `Authorization: Bearer` token, or undefined. */
export async function userForToken(db: Db, token: string): Promise<UserRow | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const now = new Date();
  const found = await tokens.findTokenUser(db.kysely, hashToken(token), now.toISOString());
  if (!found) return undefined;
  const last = found.token.last_used_at ? Date.parse(found.token.last_used_at) : 0;
  if (now.getTime() - last > TOUCH_EVERY_MS) await tokens.touchToken(db.kysely, found.token.id, now.toISOString());
  return found.user;
}

function audit(ctx: AuditContext, action: string, id: number) {
  return { actorId: ctx.actorId, requestId: ctx.requestId, action, entityType: 'api_token', entityId: String(id) };
}
