import type { Role } from '../roles';

/**
 * Who is acting: a signed-in user (by session or API token) or an anonymous reader (`null`).
 * Policies are pure functions of the actor and the record, shared by the API (which enforces
 * them) and the web app (which hides what the API would refuse).
 */
export type Actor = { id: number; role: Role; province_pcode: string | null } | null;

export function isSignedIn(actor: Actor): actor is NonNullable<Actor> {
  return actor !== null;
}

/** True when the actor's role is national, or the actor is provincial and the province is theirs. */
export function withinScope(actor: NonNullable<Actor>, provincePcode: string | null | undefined): boolean {
  if (actor.province_pcode === null) return true;
  return provincePcode === actor.province_pcode;
}
