import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/core/roles';
import { TEST_PASSWORD, type SignedIn } from '../../helpers/auth';
import { testDialects } from '../../helpers/databases';
import { startTestServer, type TestServer } from '../../helpers/server';
import { insertTestUser, signInAll } from '../../helpers/sessions';

type Method = 'GET' | 'POST' | 'PATCH';

describe.each(testDialects())('changing a user’s role on %s', (dialect) => {
  let server: TestServer;
  let admin: SignedIn;
  let coordinator: SignedIn;
  let analyst: SignedIn;
  let focal: SignedIn;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    [admin, coordinator, analyst, focal] = await signInAll(server, [
      ['admin', null],
      ['national_coordinator', null],
      ['analyst', null],
      ['provincial_focal_person', 'PK2'],
    ]);
  });
  afterAll(async () => server?.close());

  const inject = (method: Method, url: string, headers: Record<string, string> = {}, payload?: object) =>
    server.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  /** A new account of the role, signed in: its id, email and session headers. */
  async function person(role: Role, province: string | null = null) {
    const email = `${role}.${crypto.randomBytes(4).toString('hex')}@example.org`;
    const user = await insertTestUser(server, { email, role, province });
    const headers = await signInAs(email);
    return { id: user.id, email, headers };
  }

  async function signInAs(email: string) {
    const res = await inject('POST', '/api/v1/auth/login', {}, { email, password: TEST_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    return { cookie: String(res.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': res.json().csrf_token as string };
  }

  const auditOf = async (id: number) =>
    (await inject('GET', `/api/v1/audit?entity_type=user&entity_id=${id}`, admin.headers)).json().data as {
      action: string;
      actor_id: number | null;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }[];

  const progressIn = (province: string, headers: Record<string, string>) =>
    inject('POST', '/api/v1/progress', headers, { plan: 'NAP-2021', point: 'cve', jurisdiction: province, period: '2025Q3' });

  it('is for administrators only: 401 signed out, 403 for every other role, and nothing changes', async () => {
    const target = await person('analyst');
    const body = { role: 'national_coordinator' };
    expect((await inject('PATCH', `/api/v1/users/${target.id}`, {}, body)).statusCode).toBe(401);
    for (const caller of [coordinator, analyst, focal]) {
      const res = await inject('PATCH', `/api/v1/users/${target.id}`, caller.headers, body);
      expect(res.statusCode, caller.user.role).toBe(403);
      expect(res.json().error.message).toBe('Only an administrator manages users');
    }
    const list = (await inject('GET', '/api/v1/users', admin.headers)).json().data as { id: number; role: string }[];
    expect(list.find((u) => u.id === target.id)!.role).toBe('analyst');
    expect((await inject('GET', '/api/v1/auth/me', target.headers)).statusCode).toBe(200);
    expect(await auditOf(target.id)).toEqual([]);
  });

  it('gives an analyst a provincial role: their old session ends, a new one has the new permissions, and the audit trail has before and after', async () => {
    const target = await person('analyst');
    expect((await progressIn('PK5', target.headers)).statusCode).toBe(403);

    const res = await inject('PATCH', `/api/v1/users/${target.id}`, admin.headers, { role: 'provincial_focal_person', province: 'PK5' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: target.id, email: target.email, role: 'provincial_focal_person', province: 'PK5', disabled: false });

    // The session signed in as an analyst is gone, for reads and writes alike.
    const me = await inject('GET', '/api/v1/auth/me', target.headers);
    expect(me.statusCode).toBe(401);
    expect(me.json().error.id).toBe('unauthenticated');
    expect((await progressIn('PK5', target.headers)).statusCode).toBe(401);
    const sessions = await server.db.kysely.selectFrom('sessions').select('id').where('user_id', '=', target.id).execute();
    expect(sessions).toEqual([]);

    // Signed in again, they report for their province, and only for it.
    const again = await signInAs(target.email);
    expect((await inject('GET', '/api/v1/auth/me', again)).json().user).toMatchObject({ role: 'provincial_focal_person', province: 'PK5' });
    expect((await progressIn('PK5', again)).statusCode).toBe(201);
    expect((await progressIn('PK2', again)).statusCode).toBe(403);

    const audit = await auditOf(target.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'user.change_role',
      actor_id: admin.user.id,
      before: { email: target.email, role: 'analyst', province_pcode: null },
      after: { email: target.email, role: 'provincial_focal_person', province_pcode: 'PK5' },
    });
    expect(JSON.stringify(audit)).not.toContain('password');
  });

  it('moves a provincial user to another province with the province alone, and takes a provincial user back to a national role', async () => {
    const target = await person('provincial_approver', 'PK2');
    const moved = await inject('PATCH', `/api/v1/users/${target.id}`, admin.headers, { province: 'PK5' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ role: 'provincial_approver', province: 'PK5' });
    expect((await inject('GET', '/api/v1/auth/me', target.headers)).statusCode).toBe(401);

    const national = await inject('PATCH', `/api/v1/users/${target.id}`, admin.headers, { role: 'national_coordinator' });
    expect(national.statusCode, national.body).toBe(200);
    expect(national.json()).toMatchObject({ role: 'national_coordinator', province: null });
    const audit = await auditOf(target.id);
    expect(audit.map((e) => [e.action, e.before?.province_pcode, e.after?.province_pcode, e.after?.role])).toEqual([
      ['user.change_role', 'PK5', null, 'national_coordinator'],
      ['user.change_role', 'PK2', 'PK5', 'provincial_approver'],
    ]);
  });

  it.each([
    [{ role: 'provincial_focal_person' }, 'province', 'role provincial_focal_person needs a province'],
    [{ role: 'provincial_approver', province: null }, 'province', 'role provincial_approver needs a province'],
    [{ role: 'analyst', province: 'PK5' }, 'province', 'role analyst is national and takes no province'],
    [{ province: 'PK5' }, 'province', 'role analyst is national and takes no province'],
    [{ role: 'provincial_approver', province: 'PK99' }, 'province', 'unknown province P-code PK99'],
    [{ role: 'superuser' }, 'role', null],
    [{ province: '' }, 'province', null],
    [{}, 'body', 'send disabled, role or province'],
  ])('%j → 400 naming %s; the user, their session and the audit trail stay as they were', async (body, field, message) => {
    const target = await person('analyst');
    const res = await inject('PATCH', `/api/v1/users/${target.id}`, admin.headers, body);
    expect(res.statusCode, res.body).toBe(400);
    const fields = res.json().error.fields as { field: string; message: string }[];
    expect(fields.map((f) => f.field)).toEqual([field]);
    if (message) expect(fields[0]!.message).toBe(message);
    expect((await inject('GET', '/api/v1/auth/me', target.headers)).json().user).toMatchObject({ role: 'analyst', province: null });
    expect(await auditOf(target.id)).toEqual([]);
  });

  it('answers 404 naming an unknown user', async () => {
    const res = await inject('PATCH', '/api/v1/users/999999', admin.headers, { role: 'analyst' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toBe('User 999999 not found');
  });

  it('changes nothing, and ends no session, when the role and province are the ones the user has', async () => {
    const target = await person('provincial_focal_person', 'PK2');
    const res = await inject('PATCH', `/api/v1/users/${target.id}`, admin.headers, { role: 'provincial_focal_person', province: 'PK2' });
    expect(res.statusCode).toBe(200);
    expect((await inject('GET', '/api/v1/auth/me', target.headers)).statusCode).toBe(200);
    expect(await auditOf(target.id)).toEqual([]);
  });

  it('refuses an administrator’s change to their own role, with a reason', async () => {
    for (const body of [{ role: 'analyst' }, { role: 'admin', province: 'PK5' }]) {
      const res = await inject('PATCH', `/api/v1/users/${admin.user.id}`, admin.headers, body);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toBe('You cannot change your own role; another administrator must do it');
    }
    expect((await inject('GET', '/api/v1/auth/me', admin.headers)).json().user).toMatchObject({ role: 'admin' });
    expect(await auditOf(admin.user.id)).toEqual([]);
  });

  it('documents role and province in the OpenAPI description', async () => {
    const doc = (await inject('GET', '/api/openapi.json')).json();
    const patch = doc.paths['/api/v1/users/{id}'].patch;
    const schema = patch.requestBody.content['application/json'].schema;
    expect(Object.keys(schema.properties)).toEqual(['disabled', 'role', 'province']);
    expect(schema.properties.role.enum).toContain('provincial_focal_person');
    expect(schema.properties.province.description).toMatch(/required for provincial_focal_person and provincial_approver/);
    expect(patch.description).toMatch(/end the user’s sessions/);
  });
});

describe.each(testDialects())('the last administrator on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(async () => server?.close());

  it('keeps one active administrator when two demote each other at the same moment', async () => {
    // Only the two administrators of this test are active.
    await server.db.kysely.updateTable('users').set({ disabled_at: new Date().toISOString() }).where('role', '=', 'admin').execute();
    const [first, second] = await signInAll(server, [
      ['admin', null],
      ['admin', null],
    ]);
    const [a, b] = await Promise.all([
      server.app.inject({ method: 'PATCH', url: `/api/v1/users/${second.user.id}`, headers: first.headers, payload: { role: 'analyst' } }),
      server.app.inject({ method: 'PATCH', url: `/api/v1/users/${first.user.id}`, headers: second.headers, payload: { role: 'analyst' } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const refused = a.statusCode === 409 ? a : b;
    expect(refused.json().error.message).toMatch(/^\S+@example\.org is the last active administrator; give another account the admin role first$/);
    const admins = await server.db.kysely.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).execute();
    expect(admins).toHaveLength(1);
    const changes = await server.db.kysely.selectFrom('audit_log').select('entity_id').where('action', '=', 'user.change_role').execute();
    expect(changes).toHaveLength(1);
  });
});
