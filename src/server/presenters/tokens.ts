import type { ApiTokenRow } from '../repositories/tokenRepository';

/** A token as listed: never the token itself, which is shown once at creation. */
export function presentToken(t: ApiTokenRow) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.token_prefix,
    user_id: t.user_id,
    created_at: t.created_at,
    expires_at: t.expires_at,
    last_used_at: t.last_used_at,
    revoked: t.revoked_at !== null,
    revoked_at: t.revoked_at,
  };
}
