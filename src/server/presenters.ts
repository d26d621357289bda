import type { Role } from '../core/roles';
import type { UserRow } from './repositories/userRepository';

/** The only shapes in which rows leave the server: exactly these fields, no internal columns. */
export function presentUser(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role as Role,
    province: user.province_pcode,
    disabled: user.disabled_at !== null,
    created_at: user.created_at,
  };
}
export type PresentedUser = ReturnType<typeof presentUser>;
