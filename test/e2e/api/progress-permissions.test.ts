import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/core/roles';
import { insertMeasure } from '../../../src/server/repositories/planRepository';
import { findReport } from '../../../src/server/repositories/progressRepository';
import { insertUser } from '../../../src/server/repositories/userRepository';
import { createToken } from '../../../src/server/services/tokenService';
import type { SignedIn } from '../../helpers/auth';
import { testDialects } from '../../helpers/databases';
import { startTestServer, type TestServer } from '../../helpers/server';
import { signInAll } from '../../helpers/sessions';
import { FACTORY_PLAN, buildPlanPoint, buildProgressReport, lockedOverrides, type ReportOverrides } from '../../factories/progress';

/**
 * Every write endpoint × every role × the caller's own and another province. Provincial callers
 * are from Balochistan (PK2); "other" targets are in Khyber Pakhtunkhwa (PK5). Each case builds
 * its own target, so no case depends on another.
 */
type Caller = 'anonymous' | 'admin' | 'analyst' | 'coordinator' | 'focal' | 'approver';
type Scope = 'own' | 'other';
const CALLERS: Caller[] = ['anonymous', 'admin', 'analyst', 'coordinator', 'focal', 'approver'];
const ROLE_OF: Record<Exclude<Caller, 'anonymous'>, [Role, string | null]> = {
  admin: ['admin', null],
  analyst: ['analyst', null],
  coordinator: ['national_coordinator', null],
  focal: ['provincial_focal_person', 'PK2'],
  approver: ['provincial_approver', 'PK2'],
};
const provinceOf = (scope: Scope) => (scope === 'own' ? 'PK2' : 'PK5');

/** Expected status per caller, for the caller's own province and another (national roles: the same). */
type Row = Record<Caller, number | [own: number, other: number]>;

const VALID_REPORT = {
  completion: 'limited',
  trajectory: 'in_the_works',
  rating: 'amber_red',
  narrative: 'Levies merged into the police in two divisions.',
  evidence: [{ title: 'Home department notice', url: 'https://example.org/notice', date: '2025-02-10', public: true }],
};

const PROGRESS_MATRIX: Array<{ name: string; target: ReportOverrides | null; request: (id: number, scope: Scope) => { method: 'POST' | 'PATCH'; url: string; payload: unknown }; expected: Row }> = [
  {
    name: 'POST /progress',
    target: null,
    request: () => ({ method: 'POST', url: '/api/v1/progress', payload: {} }),
    expected: { anonymous: 401, admin: 403, analyst: 403, coordinator: 403, focal: [201, 403], approver: [403, 403] },
  },
  {
    name: 'PATCH /progress/{id} (draft)',
    target: { status: 'draft' },
    request: (id) => ({ method: 'PATCH', url: `/api/v1/progress/${id}`, payload: { version: 1, narrative: 'Updated narrative' } }),
    expected: { anonymous: 401, admin: 403, analyst: 403, coordinator: 403, focal: [200, 403], approver: [403, 403] },
  },
  {
    name: 'POST /progress/{id}/submit (draft)',
    target: { status: 'draft' },
    request: (id) => ({ method: 'POST', url: `/api/v1/progress/${id}/submit`, payload: {} }),
    expected: { anonymous: 401, admin: 403, analyst: 403, coordinator: 409, focal: [200, 403], approver: [409, 403] },
  },
  {
    name: 'POST /progress/{id}/approve (submitted)',
    target: { status: 'submitted' },
    request: (id) => ({ method: 'POST', url: `/api/v1/progress/${id}/approve`, payload: {} }),
    expected: { anonymous: 401, admin: 403, analyst: 403, coordinator: 409, focal: [409, 403], approver: [200, 403] },
  },
  {
    name: 'POST /progress/{id}/accept (approved)',
    target: { status: 'approved' },
    request: (id) => ({ method: 'POST', url: `/api/v1/progress/${id}/accept`, payload: {} }),
    expected: { anonymous: 401, admin: 403, analyst: 403, coordinator: 200, focal: [409, 403], approver: [409, 403] },
  },
  {
    name: 'POST /progress/{id}/return (submitted)',
    target: { status: 'submitted' },
    request: (id) => ({ method: 'POST', url: `/api/v1/progress/${id}/return`, payload: { reason: 'Add the notification number' } }),
    expected: { anonymous: 401, admin: 403, analyst: 403, coordinator: 409, focal: [409, 403], approver: [200, 403] },
  },
  {
    name: 'POST /progress/{id}/return (approved)',
    target: { status: 'approved' },
    request: (id) => ({ method: 'POST', url: `/api/v1/progress/${id}/return`, payload: { reason: 'Figures do not match the annex' } }),
    expected: { anonymous: 401, admin: 403, analyst: 403, coordinator: 200, focal: [409, 403], approver: [409, 403] },
  },
  {
    name: 'POST /progress/{id}/reopen (accepted, locked)',
    target: lockedOverrides(),
    request: (id) => ({ method: 'POST', url: `/api/v1/progress/${id}/reopen`, payload: { reason: 'Audit found a counting error' } }),
    expected: { anonymous: 401, admin: 403, analyst: 403, coordinator: 200, focal: [409, 403], approver: [409, 403] },
  },
  {
    name: 'PATCH /progress/{id} (accepted, locked)',
    target: lockedOverrides(),
    request: (id) => ({ method: 'PATCH', url: `/api/v1/progress/${id}`, payload: { version: 1, narrative: 'Rewriting history' } }),
    expected: { anonymous: 401, admin: 403, analyst: 403, coordinator: 403, focal: [409, 403], approver: [403, 403] },
  },
];

describe.each(testDialects())('permission matrix on %s', (dialect) => {
  let server: TestServer;
  const callers = {} as Record<Exclude<Caller, 'anonymous'>, SignedIn>;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    const signed = await signInAll(server, Object.values(ROLE_OF));
    Object.keys(ROLE_OF).forEach((k, i) => (callers[k as keyof typeof callers] = signed[i]!));
  });
  afterAll(async () => server?.close());

  const headersOf = (caller: Caller) => (caller === 'anonymous' ? {} : callers[caller].headers);
  const expectedFor = (row: Row, caller: Caller, scope: Scope) => {
    const e = row[caller];
    return typeof e === 'number' ? e : scope === 'own' ? e[0] : e[1];
  };

  describe('progress reports', () => {
    for (const endpoint of PROGRESS_MATRIX) {
      for (const caller of CALLERS) {
        for (const scope of ['own', 'other'] as const) {
          const status = expectedFor(endpoint.expected, caller, scope);
          it(`${endpoint.name} · ${caller} · ${scope} province → ${status}`, async () => {
            const jurisdiction = provinceOf(scope);
            let id = 0;
            let payload = endpoint.request(0, scope).payload;
            if (endpoint.target) {
              id = (await buildProgressReport(server.db, { ...endpoint.target, jurisdiction })).id;
            } else {
              const point = await buildPlanPoint(server.db);
              payload = { plan: FACTORY_PLAN, point: point.code, jurisdiction, period: '2025Q1', ...VALID_REPORT };
            }
            const before = id ? await findReport(server.db.kysely, id) : undefined;
            const req = endpoint.request(id, scope);
            const res = await server.app.inject({ method: req.method, url: req.url, payload: payload as object, headers: headersOf(caller) });
            expect(res.statusCode, res.body).toBe(status);
            if (status >= 400) {
              // A refusal changes nothing.
              if (before) expect(await findReport(server.db.kysely, id)).toEqual(before);
              if (status === 409) expect(res.json().error.message).toMatch(/^Cannot \w+ a report that is \w+; allowed actions: |is accepted and locked since/);
            }
          });
        }
      }
    }

    it('POST /progress · coordinator · federal → 201; a focal person cannot report for federal', async () => {
      const point = await buildPlanPoint(server.db);
      const payload = { plan: FACTORY_PLAN, point: point.code, jurisdiction: 'federal', period: '2025Q1', ...VALID_REPORT };
      const focal = await server.app.inject({ method: 'POST', url: '/api/v1/progress', payload, headers: callers.focal.headers });
      expect(focal.statusCode).toBe(403);
      const res = await server.app.inject({ method: 'POST', url: '/api/v1/progress', payload, headers: callers.coordinator.headers });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ jurisdiction: 'federal', status: 'draft', actions: ['update', 'submit'] });
    });

    it('names the current state and the allowed actions in a 409', async () => {
      const draft = await buildProgressReport(server.db, { jurisdiction: 'PK2' });
      const res = await server.app.inject({ method: 'POST', url: `/api/v1/progress/${draft.id}/accept`, headers: callers.coordinator.headers });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error).toMatchObject({
        id: 'illegal_transition',
        message: 'Cannot accept a report that is draft; allowed actions: none for you',
        details: { current_status: 'draft', allowed_actions: [] },
      });
      const own = await server.app.inject({ method: 'POST', url: `/api/v1/progress/${draft.id}/approve`, headers: callers.focal.headers });
      expect(own.json().error).toMatchObject({ message: 'Cannot approve a report that is draft; allowed actions: update, submit' });
    });

    it('says why a locked period refuses a change', async () => {
      const locked = await buildProgressReport(server.db, { ...lockedOverrides(), jurisdiction: 'PK2' });
      const res = await server.app.inject({ method: 'POST', url: `/api/v1/progress/${locked.id}/return`, payload: { reason: 'x' }, headers: callers.coordinator.headers });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ id: 'period_locked', message: expect.stringContaining(`Report ${locked.id} (PK2, 2025Q1) is accepted and locked since`) });
    });
  });

  describe('plans, points and measures', () => {
    const PLAN_EXPECTED: Record<Caller, number> = { anonymous: 401, admin: 403, analyst: 403, coordinator: 0, focal: 403, approver: 403 };
    let n = 0;
    const endpoints: Array<{ name: string; ok: number; build: () => Promise<{ method: 'POST' | 'PATCH'; url: string; payload: object }> }> = [
      { name: 'POST /plans', ok: 201, build: async () => ({ method: 'POST', url: '/api/v1/plans', payload: { code: `CUSTOM-${++n}`, name: 'Provincial CVE plan' } }) },
      { name: 'PATCH /plans/{code}', ok: 200, build: async () => ({ method: 'PATCH', url: `/api/v1/plans/${FACTORY_PLAN}`, payload: { description: 'Plan used by the tests' } }) },
      {
        name: 'POST /plans/{code}/points',
        ok: 201,
        build: async () => ({ method: 'POST', url: `/api/v1/plans/${FACTORY_PLAN}/points`, payload: { code: `new-${++n}`, text: 'Register seminaries', dimension: 'non-kinetic' } }),
      },
      {
        name: 'PATCH /plans/{code}/points/{point}',
        ok: 200,
        build: async () => {
          const point = await buildPlanPoint(server.db);
          return { method: 'PATCH', url: `/api/v1/plans/${FACTORY_PLAN}/points/${point.code}`, payload: { version: 1, text: 'Revised wording', reason: 'Apex committee decision' } };
        },
      },
      {
        name: 'POST /plans/{code}/points/{point}/measures',
        ok: 201,
        build: async () => {
          const point = await buildPlanPoint(server.db);
          return { method: 'POST', url: `/api/v1/plans/${FACTORY_PLAN}/points/${point.code}/measures`, payload: { code: 'm1', indicator: 'CTD personnel', frequency: 'quarterly' } };
        },
      },
      {
        name: 'PATCH /plans/{code}/points/{point}/measures/{measure}',
        ok: 200,
        build: async () => {
          const point = await buildPlanPoint(server.db);
          const now = new Date().toISOString();
          await insertMeasure(server.db.kysely, { point_id: point.id, code: 'm1', indicator: 'CTD personnel', frequency: 'quarterly', version: 1, created_at: now, updated_at: now });
          return { method: 'PATCH', url: `/api/v1/plans/${FACTORY_PLAN}/points/${point.code}/measures/m1`, payload: { version: 1, target: 2000 } };
        },
      },
    ];
    for (const endpoint of endpoints) {
      for (const caller of CALLERS) {
        const status = PLAN_EXPECTED[caller] || endpoint.ok;
        it(`${endpoint.name} · ${caller} → ${status}`, async () => {
          await buildPlanPoint(server.db); // makes sure the factory plan exists
          const req = await endpoint.build();
          const res = await server.app.inject({ ...req, headers: headersOf(caller) });
          expect(res.statusCode, res.body).toBe(status);
        });
      }
    }
  });

  describe('users, settings and API tokens', () => {
    const ADMIN_ONLY: Record<Caller, number> = { anonymous: 401, admin: 0, analyst: 403, coordinator: 403, focal: 403, approver: 403 };
    let n = 0;
    const endpoints: Array<{ name: string; ok: number; build: () => Promise<{ method: 'POST' | 'PATCH' | 'PUT'; url: string; payload: object }> }> = [
      {
        name: 'POST /users',
        ok: 201,
        // A weak password would be a 400 for the admin; authorisation is checked before the body.
        build: async () => ({ method: 'POST', url: '/api/v1/users', payload: { email: `new${++n}@example.org`, name: 'New', role: 'analyst', password: 'short' } }),
      },
      {
        name: 'PATCH /users/{id}',
        ok: 200,
        build: async () => {
          const u = await insertUser(server.db, { email: `target${++n}@example.org`, name: 'Target', role: 'analyst', province_pcode: null, password_hash: 'not used' });
          return { method: 'PATCH', url: `/api/v1/users/${u.id}`, payload: { disabled: true } };
        },
      },
      { name: 'PUT /settings/{key}', ok: 200, build: async () => ({ method: 'PUT', url: '/api/v1/settings/progress.due_after_days', payload: { value: 30 } }) },
    ];
    for (const endpoint of endpoints) {
      for (const caller of CALLERS) {
        const status = ADMIN_ONLY[caller] || endpoint.ok;
        const expected = endpoint.name === 'POST /users' && caller === 'admin' ? 400 : status;
        it(`${endpoint.name} · ${caller} → ${expected}`, async () => {
          const res = await server.app.inject({ ...(await endpoint.build()), headers: headersOf(caller) });
          expect(res.statusCode, res.body).toBe(expected);
        });
      }
    }

    for (const caller of CALLERS) {
      const create = caller === 'anonymous' ? 401 : 201;
      it(`POST /tokens · ${caller} → ${create}; DELETE /tokens/{id} own → ${caller === 'anonymous' ? 401 : 200}, another user's → ${caller === 'anonymous' ? 401 : caller === 'admin' ? 200 : 404}`, async () => {
        const res = await server.app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'script' }, headers: headersOf(caller) });
        expect(res.statusCode, res.body).toBe(create);
        const owner = caller === 'anonymous' ? callers.analyst : callers[caller];
        const own = await createToken(server.db, { id: owner.user.id, role: owner.user.role as Role, province_pcode: owner.user.province_pcode }, { name: 'own' }, { actorId: null, requestId: null });
        const delOwn = await server.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${own.row.id}`, headers: headersOf(caller) });
        expect(delOwn.statusCode).toBe(caller === 'anonymous' ? 401 : 200);
        const otherOwner = caller === 'focal' ? callers.approver : callers.focal;
        const other = await createToken(
          server.db,
          { id: otherOwner.user.id, role: otherOwner.user.role as Role, province_pcode: otherOwner.user.province_pcode },
          { name: 'theirs' },
          { actorId: null, requestId: null },
        );
        const delOther = await server.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${other.row.id}`, headers: headersOf(caller) });
        expect(delOther.statusCode).toBe(caller === 'anonymous' ? 401 : caller === 'admin' ? 200 : 404);
      });
    }
  });
});
