import type { Role } from '../../../core/roles';
import { getJson, sendJson } from './client';

// User accounts (administrators only; the API enforces it).

export interface UserAccount {
  id: number;
  email: string;
  name: string;
  role: Role;
  province: string | null;
  disabled: boolean;
  created_at: string;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  province: string | null;
  password: string;
}

export async function listUsers(signal?: AbortSignal): Promise<UserAccount[]> {
  return (await getJson<{ data: UserAccount[] }>('/api/v1/users', {}, signal)).data;
}

export function createUser(user: NewUser): Promise<UserAccount> {
  return sendJson<UserAccount>('POST', '/api/v1/users', user);
}

export function setUserDisabled(id: number, disabled: boolean): Promise<UserAccount> {
  return sendJson<UserAccount>('PATCH', `/api/v1/users/${id}`, { disabled });
}

/** A new role, with the province for the provincial roles (null for the others). Ends the user's sessions. */
export function changeUserRole(id: number, role: Role, province: string | null): Promise<UserAccount> {
  return sendJson<UserAccount>('PATCH', `/api/v1/users/${id}`, { role, province });
}
