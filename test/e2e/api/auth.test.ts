import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/server/services/accountService';
import { setDisabled } from '../../../src/server/services/accountService';
import { testDialects } from '../../helpers/databases';
import { startTestServer, type TestServer } from '../../helpers/server';

const PASSWORD = 'correct horse battery';

describe.each(testDialects())('accounts and sessions on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    await createUser(server.db, { email: 'Focal@Example.org', name: 'KP focal', role: 'provincial_focal_person', province: 'PK5', password: PASSWORD });
  });
  afterAll(async () => server?.close());

  const login = (email: string, password: string) =>
    server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

  it('refuses /auth/me without a session', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.id).toBe('unauthenticated');
  });

  it('signs in with an httpOnly SameSite cookie, reads /auth/me, signs out', async () => {
    const res = await login('focal@example.org', PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ email: 'focal@example.org', role: 'provincial_focal_person', province: 'PK5' });
    expect(JSON.stringify(res.json())).not.toContain('password');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/nap_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0]!;

    const me = await server.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe('focal@example.org');

    expect(me.json().csrf_token).toBe(res.json().csrf_token);

    // A write by cookie without the CSRF token is refused, and changes nothing.
    const forged = await server.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.id).toBe('csrf_failed');
    const wrong = await server.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrong.statusCode).toBe(403);
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(200);

    const out = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': res.json().csrf_token },
    });
    expect(out.statusCode).toBe(204);
    const after = await server.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const wrongPassword = await login('focal@example.org', 'not the password');
    const unknownEmail = await login('nobody@example.org', PASSWORD);
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownEmail.statusCode).toBe(401);
    expect(wrongPassword.json()).toEqual(unknownEmail.json());
    expect(wrongPassword.json().error.message).toBe('Email or password is incorrect');
  });

  it('400s a login without a password, naming the field', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.org' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('password');
  });

  it('ends the sessions of a disabled user and refuses their sign-in', async () => {
    await createUser(server.db, { email: 'analyst@example.org', name: 'Analyst', role: 'analyst', password: PASSWORD });
    const cookie = String((await login('analyst@example.org', PASSWORD)).headers['set-cookie']).split(';')[0]!;
    await setDisabled(server.db, 'analyst@example.org', true);
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await login('analyst@example.org', PASSWORD)).statusCode).toBe(401);
  });

  it('validates new users: short password, missing province for a provincial role, duplicate email', async () => {
    await expect(
      createUser(server.db, { email: 'x@example.org', name: 'X', role: 'provincial_approver', province: null, password: 'short' }),
    ).rejects.toMatchObject({
      status: 400,
      fields: [
        { field: 'password', message: 'must be at least 12 characters' },
        { field: 'province', message: 'role provincial_approver needs a province' },
      ],
    });
    await expect(
      createUser(server.db, { email: 'focal@example.org', name: 'Again', role: 'analyst', password: PASSWORD }),
    ).rejects.toMatchObject({ status: 400, fields: [{ field: 'email', message: 'focal@example.org is already registered' }] });
    await expect(
      createUser(server.db, { email: 'y@example.org', name: 'Y', role: 'provincial_approver', province: 'PK9', password: PASSWORD }),
    ).rejects.toMatchObject({ fields: [{ field: 'province', message: 'unknown province P-code PK9' }] });
  });
});

describe('anonymous writes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('answer 401 before the body is validated', async () => {
    for (const [method, url] of [
      ['POST', '/api/v1/progress'],
      ['PATCH', '/api/v1/progress/1'],
      ['POST', '/api/v1/progress/1/submit'],
      ['POST', '/api/v1/incidents'],
      ['POST', '/api/v1/plans'],
    ] as const) {
      const res = await server.app.inject({ method, url, payload: {} });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json().error.id).toBe('unauthenticated');
    }
  });
});
