import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, type SignedIn } from '../../helpers/auth';
import { testDialects } from '../../helpers/databases';
import { startTestServer, type TestServer } from '../../helpers/server';
import { insertTestUser, signInAll } from '../../helpers/sessions';

describe.each(testDialects())('audit API, API tokens, users and settings on %s', (dialect) => {
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

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: object) =>
    server.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  describe('GET /audit', () => {
    it('is open to coordinators and administrators only', async () => {
      expect((await inject('GET', '/api/v1/audit')).statusCode).toBe(401);
      expect((await inject('GET', '/api/v1/audit', analyst.headers)).statusCode).toBe(403);
      expect((await inject('GET', '/api/v1/audit', focal.headers)).statusCode).toBe(403);
      expect((await inject('GET', '/api/v1/audit', coordinator.headers)).statusCode).toBe(200);
      expect((await inject('GET', '/api/v1/audit', admin.headers)).statusCode).toBe(200);
    });

    it('filters by entity, actor and time, and pages newest first', async () => {
      const created = await inject('POST', '/api/v1/users', admin.headers, { email: 'audit-target@example.org', name: 'Target', role: 'analyst', password: TEST_PASSWORD });
      expect(created.statusCode).toBe(201);
      const id = String(created.json().id);
      const byEntity = (await inject('GET', `/api/v1/audit?entity_type=user&entity_id=${id}`, admin.headers)).json();
      expect(byEntity.data).toHaveLength(1);
      expect(byEntity.data[0]).toMatchObject({ action: 'user.create', actor_id: admin.user.id, before: null, after: { email: 'audit-target@example.org', role: 'analyst' } });
      expect(JSON.stringify(byEntity.data[0])).not.toContain('password');

      const byActor = (await inject('GET', `/api/v1/audit?actor=${admin.user.id}`, admin.headers)).json();
      expect(byActor.data.every((e: { actor_id: number }) => e.actor_id === admin.user.id)).toBe(true);
      expect(byActor.data.length).toBeGreaterThan(0);

      const future = (await inject('GET', '/api/v1/audit?from=2999-01-01', admin.headers)).json();
      expect(future.pagination.total).toBe(0);
      const today = new Date().toISOString().slice(0, 10);
      const upToToday = (await inject('GET', `/api/v1/audit?to=${today}&entity_type=user&entity_id=${id}`, admin.headers)).json();
      expect(upToToday.pagination.total).toBe(1);

      const page1 = (await inject('GET', '/api/v1/audit?per_page=2', admin.headers)).json();
      const page2 = (await inject('GET', '/api/v1/audit?per_page=2&page=2', admin.headers)).json();
      expect(page1.data).toHaveLength(2);
      expect(page1.data[0].seq).toBeGreaterThan(page1.data[1].seq);
      expect(page2.data[0].seq).toBeLessThan(page1.data[1].seq);
      expect(page1.pagination.total).toBe(page2.pagination.total);
    });

    it.each([
      ['from=yesterday', 'from'],
      ['actor=abc', 'actor'],
      ['per_page=1000', 'per_page'],
      ['page=0', 'page'],
    ])('?%s → 400 naming %s', async (query, field) => {
      const res = await inject('GET', `/api/v1/audit?${query}`, admin.headers);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields[0].field).toBe(field);
    });
  });

  describe('API tokens', () => {
    it('acts as its owner without a CSRF header, is stored hashed, and stops working once revoked', async () => {
      const created = await inject('POST', '/api/v1/tokens', focal.headers, { name: 'nightly upload' });
      expect(created.statusCode, created.body).toBe(201);
      const { token, api_token } = created.json();
      expect(token).toMatch(/^nap_[A-Za-z0-9_-]{43}$/);
      expect(api_token).toMatchObject({ name: 'nightly upload', prefix: token.slice(0, 10), revoked: false });

      const stored = await server.db.kysely.selectFrom('api_tokens').selectAll().where('id', '=', api_token.id).executeTakeFirstOrThrow();
      expect(stored.token_hash).toBe(crypto.createHash('sha256').update(token).digest('hex'));
      expect(JSON.stringify(stored)).not.toContain(token);
      const listed = (await inject('GET', '/api/v1/tokens', focal.headers)).json();
      expect(JSON.stringify(listed)).not.toContain(token);

      const bearer = { authorization: `Bearer ${token}` };
      const me = await inject('GET', '/api/v1/auth/me', bearer);
      expect(me.json()).toMatchObject({ user: { id: focal.user.id, province: 'PK2' }, csrf_token: null });
      const write = await inject('POST', '/api/v1/progress', bearer, { plan: 'NAP-2021', point: 'cve', jurisdiction: 'PK2', period: '2025Q2' });
      expect(write.statusCode, write.body).toBe(201);
      // The token carries the owner's scope, no more.
      expect((await inject('POST', '/api/v1/progress', bearer, { plan: 'NAP-2021', point: 'cve', jurisdiction: 'PK5', period: '2025Q2' })).statusCode).toBe(403);
      // A token cannot mint more tokens.
      expect((await inject('POST', '/api/v1/tokens', bearer, { name: 'another' })).statusCode).toBe(403);

      const revoked = await inject('DELETE', `/api/v1/tokens/${api_token.id}`, focal.headers);
      expect(revoked.json()).toMatchObject({ revoked: true });
      const after = await inject('GET', '/api/v1/auth/me', bearer);
      expect(after.statusCode).toBe(401);
      expect(after.json().error.id).toBe('invalid_token');
      const audit = (await inject('GET', `/api/v1/audit?entity_type=api_token&entity_id=${api_token.id}`, admin.headers)).json();
      expect(audit.data.map((e: { action: string }) => e.action)).toEqual(['api_token.revoke', 'api_token.create']);
      expect(JSON.stringify(audit)).not.toContain(stored.token_hash);
    });

    it('refuses unknown, malformed and expired tokens, and tokens of disabled users', async () => {
      expect((await inject('GET', '/api/v1/auth/me', { authorization: 'Bearer nap_unknown' })).statusCode).toBe(401);
      expect((await inject('GET', '/api/v1/auth/me', { authorization: 'Basic dXNlcjpwYXNz' })).statusCode).toBe(401);
      const expiring = (await inject('POST', '/api/v1/tokens', analyst.headers, { name: 'short-lived', expires_in_days: 1 })).json();
      const bearer = { authorization: `Bearer ${expiring.token}` };
      expect((await inject('GET', '/api/v1/auth/me', bearer)).statusCode).toBe(200);
      await server.db.kysely.updateTable('api_tokens').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', expiring.api_token.id).execute();
      expect((await inject('GET', '/api/v1/auth/me', bearer)).statusCode).toBe(401);

      const user = await insertTestUser(server, { email: 'to-disable@example.org', role: 'analyst' });
      const login = await inject('POST', '/api/v1/auth/login', {}, { email: 'to-disable@example.org', password: TEST_PASSWORD });
      const session = { cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': login.json().csrf_token };
      const token = (await inject('POST', '/api/v1/tokens', session, { name: 'x' })).json().token;
      const disabled = await inject('PATCH', `/api/v1/users/${user.id}`, admin.headers, { disabled: true });
      expect(disabled.json()).toMatchObject({ disabled: true });
      expect((await inject('GET', '/api/v1/auth/me', { authorization: `Bearer ${token}` })).statusCode).toBe(401);
    });
  });

  describe('users and settings', () => {
    it('lets an administrator create users with validation, but not disable themselves', async () => {
      const bad = await inject('POST', '/api/v1/users', admin.headers, { email: 'kp-approver@example.org', name: 'KP approver', role: 'provincial_approver', password: TEST_PASSWORD });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.fields).toEqual([{ field: 'province', message: 'role provincial_approver needs a province' }]);
      const ok = await inject('POST', '/api/v1/users', admin.headers, { email: 'kp-approver@example.org', name: 'KP approver', role: 'provincial_approver', province: 'PK5', password: TEST_PASSWORD });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ role: 'provincial_approver', province: 'PK5', disabled: false });
      const list = (await inject('GET', '/api/v1/users', admin.headers)).json();
      expect(list.data.map((u: { email: string }) => u.email)).toContain('kp-approver@example.org');
      const self = await inject('PATCH', `/api/v1/users/${admin.user.id}`, admin.headers, { disabled: true });
      expect(self.statusCode).toBe(409);
    });

    it('reads and changes settings, refusing bad values by field', async () => {
      const list = (await inject('GET', '/api/v1/settings', coordinator.headers)).json();
      expect(list.data.map((s: { key: string }) => s.key)).toEqual(['progress.lock_after_days', 'progress.due_after_days', 'progress.current_plan']);
      expect(list.data[0]).toMatchObject({ value: 30, default: 30 });
      const bad = await inject('PUT', '/api/v1/settings/progress.due_after_days', admin.headers, { value: 1000 });
      expect(bad.json().error.fields).toEqual([{ field: 'value', message: 'must be between 0 and 365' }]);
      const plan = await inject('PUT', '/api/v1/settings/progress.current_plan', admin.headers, { value: 'NAP-2099' });
      expect(plan.json().error.fields).toEqual([{ field: 'value', message: 'unknown plan NAP-2099' }]);
      expect((await inject('PUT', '/api/v1/settings/nothing.here', admin.headers, { value: 1 })).statusCode).toBe(400);
      const ok = await inject('PUT', '/api/v1/settings/progress.current_plan', admin.headers, { value: 'NAP-2014' });
      expect(ok.json()).toMatchObject({ key: 'progress.current_plan', value: 'NAP-2014', updated_by: admin.user.id });
      expect((await inject('GET', '/api/v1/overdue', coordinator.headers)).json().plan).toBe('NAP-2014');
      await inject('PUT', '/api/v1/settings/progress.current_plan', admin.headers, { value: 'NAP-2021' });
    });
  });
});

// The limiter keeps its counts in memory, whatever the database: one dialect is enough.
describe('sign-in rate limiting', () => {
  let server: TestServer;
  let other: SignedIn;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    [other] = await signInAll(server, [['analyst', null]]);
  });
  afterAll(async () => server?.close());

  it('limits repeated failed sign-ins for an account, telling when to retry', async () => {
    await insertTestUser(server, { email: 'guessed@example.org', role: 'analyst' });
    const attempt = (email: string, password: string) => server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    const failures = await Promise.all(Array.from({ length: 5 }, (_, i) => attempt('guessed@example.org', `wrong password ${i}`)));
    expect(failures.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401]);
    const blocked = await attempt('guessed@example.org', TEST_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error).toMatchObject({ id: 'rate_limited', message: expect.stringMatching(/^Too many failed sign-ins; try again in \d+ seconds$/) });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Other accounts are not affected.
    expect((await attempt(other.user.email, TEST_PASSWORD)).statusCode).toBe(200);
  });
});
