import crypto from 'node:crypto';
import type { Role } from '../../src/core/roles';
import { insertUser } from '../../src/server/repositories/userRepository';
import { hashPassword } from '../../src/server/services/passwords';
import { TEST_PASSWORD, type SignedIn } from './auth';
import type { TestServer } from './server';

/**
 * Signs in several users at once. Password hashing is deliberately slow, so the users share one
 * hash of the test password, computed once per test process; each still signs in through the
 * login endpoint.
 */
let sharedHash: Promise<string> | undefined;

/** A user whose password is TEST_PASSWORD, without hashing it again. */
export async function insertTestUser(server: TestServer, user: { email: string; role: Role; province?: string | null }) {
  sharedHash ??= hashPassword(TEST_PASSWORD);
  return insertUser(server.db, {
    email: user.email,
    name: user.email.split('@')[0]!,
    role: user.role,
    province_pcode: user.province ?? null,
    password_hash: await sharedHash,
  });
}

export async function signInAll<const T extends ReadonlyArray<readonly [Role, string | null]>>(
  server: TestServer,
  specs: T,
): Promise<{ -readonly [K in keyof T]: SignedIn }> {
  sharedHash ??= hashPassword(TEST_PASSWORD);
  const password_hash = await sharedHash;
  const signed = await Promise.all(
    specs.map(async ([role, province]) => {
      const email = `${role}.${province ?? 'national'}.${crypto.randomBytes(4).toString('hex')}@example.org`;
      const user = await insertUser(server.db, { email, name: `${role} ${province ?? ''}`.trim(), role, province_pcode: province, password_hash });
      const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: TEST_PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.body}`);
      const cookie = String(res.headers['set-cookie']).split(';')[0]!;
      return { user, headers: { cookie, 'x-csrf-token': res.json().csrf_token as string } };
    }),
  );
  return signed as { -readonly [K in keyof T]: SignedIn };
}
