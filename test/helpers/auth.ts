import crypto from 'node:crypto';
import type { Role } from '../../src/core/roles';
import { createUser } from '../../src/server/services/accountService';
import type { UserRow } from '../../src/server/repositories/userRepository';
import type { TestServer } from './server';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface SignedIn {
  user: UserRow;
  /** Headers for every request as this user: the session cookie and, for writes, the CSRF token. */
  headers: { cookie: string; 'x-csrf-token': string };
}

/** Creates a user with the role (and province for provincial roles) and signs them in. */
export async function signIn(server: TestServer, role: Role, province: string | null = null): Promise<SignedIn> {
  const email = `${role}.${province ?? 'national'}.${crypto.randomBytes(4).toString('hex')}@example.org`;
  const user = await createUser(server.db, { email, name: `${role} ${province ?? ''}`.trim(), role, province, password: TEST_PASSWORD });
  const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: TEST_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  return { user, headers: { cookie, 'x-csrf-token': res.json().csrf_token as string } };
}
