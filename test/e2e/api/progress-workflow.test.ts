import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/core/roles';
import { findReport } from '../../../src/server/repositories/progressRepository';
import { createToken } from '../../../src/server/services/tokenService';
import type { SignedIn } from '../../helpers/auth';
import { testDialects } from '../../helpers/databases';
import { startTestServer, type TestServer } from '../../helpers/server';
import { signInAll } from '../../helpers/sessions';
import { buildProgressReport, lockedOverrides } from '../../factories/progress';

const EVIDENCE = [{ title: 'Apex committee press release', url: 'https://example.org/apex', date: '2025-03-12', public: true }];

describe.each(testDialects())('progress workflow on %s', (dialect) => {
  let server: TestServer;
  let focal: SignedIn;
  let approver: SignedIn;
  let coordinator: SignedIn;
  let admin: SignedIn;
  let kpFocal: SignedIn;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    [focal, approver, coordinator, admin, kpFocal] = await signInAll(server, [
      ['provincial_focal_person', 'PK2'],
      ['provincial_approver', 'PK2'],
      ['national_coordinator', null],
      ['admin', null],
      ['provincial_focal_person', 'PK5'],
    ]);
  });
  afterAll(async () => server?.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, as?: SignedIn, payload?: object) =>
    server.app.inject({ method, url, headers: as?.headers ?? {}, ...(payload ? { payload } : {}) });

  it('runs the full workflow: focal person submits, approver approves, coordinator accepts, then anyone sees it', async () => {
    const created = await inject('POST', '/api/v1/progress', focal, {
      plan: 'NAP-2021',
      point: 'balochistan-reconciliation',
      jurisdiction: 'PK2',
      period: '2025q1',
      completion: 'limited',
      trajectory: 'stalled',
      rating: 'red',
      stall_reasons: ['political_support'],
      narrative: 'No talks were held with exiled leaders this quarter.',
      figures: [{ metric: 'militants_surrendered', value: 12, unit: 'persons' }],
      evidence: [...EVIDENCE, { title: 'Internal minutes', url: 'https://example.org/minutes', date: null, public: false }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const report = created.json();
    expect(report).toMatchObject({ status: 'draft', period: '2025Q1', version: 1, origin: 'reported', actions: ['update', 'submit'] });

    // Before acceptance nobody outside the province's staff and national users sees it.
    expect((await inject('GET', `/api/v1/progress/${report.id}`)).statusCode).toBe(404);
    const trackerBefore = (await inject('GET', '/api/v1/tracker?plan=NAP-2021&period=2025Q1')).json();
    expect(trackerBefore.points.find((p: { code: string }) => p.code === 'balochistan-reconciliation').cells.PK2).toBeNull();

    const patched = await inject('PATCH', `/api/v1/progress/${report.id}`, focal, { version: 1, narrative: 'No talks were held; two jirgas were postponed.' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().version).toBe(2);

    const submitted = await inject('POST', `/api/v1/progress/${report.id}/submit`, focal, { version: 2 });
    expect(submitted.json()).toMatchObject({ status: 'submitted', actions: [] });
    const asApprover = await inject('GET', `/api/v1/progress/${report.id}`, approver);
    expect(asApprover.json().actions).toEqual(['approve', 'return']);
    const approved = await inject('POST', `/api/v1/progress/${report.id}/approve`, approver);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('approved');
    const accepted = await inject('POST', `/api/v1/progress/${report.id}/accept`, coordinator);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', locked: false, actions: ['return'] });

    // An anonymous reader now sees it in the tracker and in the list, without the private evidence.
    const tracker = await inject('GET', '/api/v1/tracker?plan=NAP-2021&period=2025Q1');
    expect(tracker.statusCode).toBe(200);
    const cell = tracker.json().points.find((p: { code: string }) => p.code === 'balochistan-reconciliation').cells.PK2;
    expect(cell).toMatchObject({ report_id: report.id, period: '2025Q1', completion: 'limited', rating: 'red', trajectory: 'stalled', origin: 'reported' });
    const publicView = (await inject('GET', `/api/v1/progress/${report.id}`)).json();
    expect(publicView.evidence).toEqual(EVIDENCE);
    expect(publicView.actions).toEqual([]);
    const listed = (await inject('GET', '/api/v1/progress?plan=NAP-2021&point=balochistan-reconciliation')).json();
    expect(listed.data.map((r: { id: number }) => r.id)).toEqual([report.id]);

    // Each step is in the audit trail, in order, with who did it and in which request.
    const audit = (await inject('GET', `/api/v1/audit?entity_type=progress_report&entity_id=${report.id}`, coordinator)).json();
    expect(audit.data.map((e: { action: string }) => e.action).reverse()).toEqual([
      'progress.create',
      'progress.update',
      'progress.submit',
      'progress.approve',
      'progress.accept',
    ]);
    expect(audit.data[0]).toMatchObject({ actor_id: coordinator.user.id, before: { status: 'approved' }, after: { status: 'accepted' } });
    expect(audit.data[0].request_id).toMatch(/^[0-9a-f-]{36}$/);

    // The reporting rate counts it: one of Balochistan's due reports for 2025Q1 is accepted.
    const due = (await inject('GET', '/api/v1/overdue?plan=NAP-2021&period=2025Q1&jurisdiction=PK2')).json();
    expect(due.summary).toHaveLength(1);
    expect(due.summary[0]).toMatchObject({ jurisdiction: 'PK2', due: 18, reported: 1, accepted: 1, overdue: 17 });
    expect(due.summary[0].reporting_rate).toBeCloseTo(1 / 18);
    expect(due.items.find((i: { point: string }) => i.point === 'balochistan-reconciliation')).toMatchObject({ status: 'accepted', overdue: false });
  });

  it('takes reports on a measure beside the report on its point', async () => {
    const measure = await inject('POST', '/api/v1/plans/NAP-2021/points/madrassa-regulation/measures', coordinator, {
      code: 'registered',
      indicator: 'Seminaries registered with the Directorate General of Religious Education',
      unit: 'seminaries',
      frequency: 'quarterly',
    });
    expect(measure.statusCode, measure.body).toBe(201);
    const base = { plan: 'NAP-2021', point: 'madrassa-regulation', jurisdiction: 'PK2', period: '2025Q2' };
    const onPoint = await inject('POST', '/api/v1/progress', focal, base);
    const onMeasure = await inject('POST', '/api/v1/progress', focal, {
      ...base,
      measure: 'registered',
      figures: [{ metric: 'seminaries_registered', value: 412, unit: 'seminaries' }],
    });
    expect(onPoint.statusCode).toBe(201);
    expect(onMeasure.statusCode, onMeasure.body).toBe(201);
    expect(onMeasure.json()).toMatchObject({ point: 'madrassa-regulation', measure: 'registered', figures: [{ value: 412 }] });
    expect((await inject('POST', '/api/v1/progress', focal, { ...base, measure: 'registered' })).statusCode).toBe(409);
    const unknown = await inject('POST', '/api/v1/progress', focal, { ...base, measure: 'nope' });
    expect(unknown.json().error.fields).toEqual([{ field: 'measure', message: 'unknown measure nope of point madrassa-regulation' }]);
  });

  it('returns a report with a reason; the focal person revises and submits again', async () => {
    const r = await buildProgressReport(server.db, { jurisdiction: 'PK2', status: 'submitted' });
    const noReason = await inject('POST', `/api/v1/progress/${r.id}/return`, approver, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields).toEqual([{ field: 'reason', message: 'is required to return a report' }]);
    const returned = await inject('POST', `/api/v1/progress/${r.id}/return`, approver, { reason: 'Attach the notification' });
    expect(returned.json()).toMatchObject({ status: 'returned', return_reason: 'Attach the notification' });
    const mine = (await inject('GET', `/api/v1/progress/${r.id}`, focal)).json();
    expect(mine.actions).toEqual(['update', 'submit']);
    await inject('PATCH', `/api/v1/progress/${r.id}`, focal, { version: mine.version, evidence: [...EVIDENCE] });
    const again = await inject('POST', `/api/v1/progress/${r.id}/submit`, focal);
    expect(again.json()).toMatchObject({ status: 'submitted', return_reason: null });
  });

  describe('bad input', () => {
    const base = { plan: 'NAP-2021', point: 'cyber-security', jurisdiction: 'PK2', period: '2024Q4' };
    it.each([
      [{ period: '2025Q5' }, 'period', 'must be a period such as 2025Q1 (quarter), 2025H1 (half-year) or 2025 (year)'],
      [{ period: '1990' }, 'period', 'year must be between 2000 and 2100'],
      [{ jurisdiction: 'Balochistan' }, 'jurisdiction', 'must be federal or a province P-code such as PK5'],
      [{ completion: 'done' }, 'completion', expect.stringContaining('no_evidence')],
      [{ trajectory: 'slow' }, 'trajectory', expect.stringContaining('on_track')],
      [{ evidence: [{ title: 'x', url: 'javascript:alert(1)' }] }, 'evidence.0.url', 'must be an http or https URL'],
      [{ evidence: [EVIDENCE[0], { title: 'x', url: 'ftp://example.org/file' }] }, 'evidence.1.url', 'must be an http or https URL'],
      [{ evidence: [{ title: '', url: 'https://example.org' }] }, 'evidence.0.title', expect.any(String)],
      [{ figures: [{ metric: 'x', unit: null }] }, 'figures.0.value', expect.any(String)],
      [{ stall_reasons: ['weather'] }, 'stall_reasons.0', expect.any(String)],
    ])('POST /progress with %j → 400 naming %s', async (change, field, message) => {
      const res = await inject('POST', '/api/v1/progress', focal, { ...base, ...change });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toMatchObject({ id: 'validation_failed', fields: [{ field, message }] });
    });

    it.each([
      [{ point: '99' }, 'point', 'unknown point 99 of plan NAP-2021'],
      [{ jurisdiction: 'PK9' }, 'jurisdiction', 'unknown jurisdiction PK9: give federal or a province P-code'],
      [{ completion: 'limited', rating: 'unrated' }, 'rating', 'is unrated exactly when completion is no_evidence (no evidence available)'],
      [{ trajectory: 'on_track', stall_reasons: ['capacity'] }, 'stall_reasons', 'only stalled items take stall reasons'],
    ])('POST /progress with %j → 400 from the rules, naming %s', async (change, field, message) => {
      const res = await inject('POST', '/api/v1/progress', focal, { ...base, ...change });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.fields).toEqual([{ field, message }]);
    });

    it('PATCH without a version, and submitting an incomplete draft, are 400s naming the fields', async () => {
      const r = await buildProgressReport(server.db, { jurisdiction: 'PK2', completion: null, trajectory: null, rating: null, evidence: '[]' });
      const noVersion = await inject('PATCH', `/api/v1/progress/${r.id}`, focal, { narrative: 'x' });
      expect(noVersion.statusCode).toBe(400);
      expect(noVersion.json().error.fields[0].field).toBe('version');
      const submit = await inject('POST', `/api/v1/progress/${r.id}/submit`, focal);
      expect(submit.statusCode).toBe(400);
      expect(submit.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['completion', 'trajectory', 'rating']);
      expect((await findReport(server.db.kysely, r.id))!.status).toBe('draft');
    });

    it('refuses a second report for the same point, jurisdiction and period', async () => {
      const first = await inject('POST', '/api/v1/progress', focal, { ...base, point: 'hate-speech', period: '2024Q3' });
      expect(first.statusCode).toBe(201);
      const second = await inject('POST', '/api/v1/progress', focal, { ...base, point: 'hate-speech', period: '2024Q3' });
      expect(second.statusCode).toBe(409);
      expect(second.json().error).toMatchObject({ id: 'conflict', details: { existing_report: first.json().id, current_status: 'draft' } });
    });
  });

  it('answers the second of two edits from the same version with 409 and keeps the first', async () => {
    const r = await buildProgressReport(server.db, { jurisdiction: 'PK2' });
    const first = await inject('PATCH', `/api/v1/progress/${r.id}`, focal, { version: 1, narrative: 'First editor' });
    expect(first.statusCode).toBe(200);
    const second = await inject('PATCH', `/api/v1/progress/${r.id}`, focal, { version: 1, narrative: 'Second editor' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ id: 'version_conflict', details: { current_version: 2 } });
    expect((await findReport(server.db.kysely, r.id))!.narrative).toBe('First editor');
  });

  it('locks accepted periods after the configured days; reopening is a separate, audited act', async () => {
    const set = (value: number) => inject('PUT', '/api/v1/settings/progress.lock_after_days', admin, { value });
    expect((await set(0)).statusCode).toBe(200);
    try {
      const r = await buildProgressReport(server.db, { jurisdiction: 'PK2', status: 'approved' });
      const accepted = await inject('POST', `/api/v1/progress/${r.id}/accept`, coordinator);
      expect(accepted.json()).toMatchObject({ status: 'accepted', locked: true, actions: ['reopen'] });

      const ret = await inject('POST', `/api/v1/progress/${r.id}/return`, coordinator, { reason: 'typo' });
      expect(ret.statusCode).toBe(409);
      expect(ret.json().error.id).toBe('period_locked');
      const dup = await inject('POST', '/api/v1/progress', focal, { plan: 'FACTORY-PLAN', point: r.point_code, jurisdiction: 'PK2', period: '2025Q1' });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.id).toBe('period_locked');

      const noReason = await inject('POST', `/api/v1/progress/${r.id}/reopen`, coordinator);
      expect(noReason.json().error.fields).toEqual([{ field: 'reason', message: 'is required to reopen a report' }]);
      const reopened = await inject('POST', `/api/v1/progress/${r.id}/reopen`, coordinator, { reason: 'Provincial audit corrected the figures' });
      expect(reopened.statusCode, reopened.body).toBe(200);
      expect(reopened.json()).toMatchObject({ status: 'returned', locked: false, accepted_at: null, return_reason: 'Provincial audit corrected the figures' });
      expect(reopened.json().reopened_at).toEqual(expect.any(String));
      const entry = (await inject('GET', `/api/v1/audit?entity_id=${r.id}&action=progress.reopen`, admin)).json().data[0];
      expect(entry).toMatchObject({ actor_id: coordinator.user.id, before: { status: 'accepted' }, after: { status: 'returned' } });
      const edit = await inject('PATCH', `/api/v1/progress/${r.id}`, focal, { version: reopened.json().version, narrative: 'Corrected' });
      expect(edit.statusCode).toBe(200);
    } finally {
      await set(30);
    }
  });

  describe('a Balochistan focal person and Khyber Pakhtunkhwa reports', () => {
    let kp: Record<'draft' | 'submitted' | 'approved' | 'returned' | 'accepted' | 'locked', number>;
    beforeAll(async () => {
      const make = async (overrides: Parameters<typeof buildProgressReport>[1]) => (await buildProgressReport(server.db, { jurisdiction: 'PK5', ...overrides })).id;
      kp = {
        draft: await make({ status: 'draft', narrative: 'KP draft: not for other provinces' }),
        submitted: await make({ status: 'submitted' }),
        approved: await make({ status: 'approved' }),
        returned: await make({ status: 'returned', return_reason: 'KP internal remark' }),
        accepted: await make({ status: 'accepted' }),
        locked: await make(lockedOverrides()),
      };
    });

    it('cannot read KP drafts, submissions or returns by id, list, filter, tracker or due list', async () => {
      for (const state of ['draft', 'submitted', 'approved', 'returned'] as const) {
        expect((await inject('GET', `/api/v1/progress/${kp[state]}`, focal)).statusCode, state).toBe(404);
        expect((await inject('GET', `/api/v1/progress/${kp[state]}`, kpFocal)).statusCode, state).toBe(200);
      }
      expect((await inject('GET', `/api/v1/progress/${kp.accepted}`, focal)).statusCode).toBe(200);
      for (const query of ['', '?jurisdiction=PK5', '?jurisdiction=pk5&status=draft', '?status=submitted', '?plan=FACTORY-PLAN&per_page=200']) {
        const body = (await inject('GET', `/api/v1/progress${query}`, focal)).json();
        const leaked = body.data.filter((r: { jurisdiction: string; status: string }) => r.jurisdiction === 'PK5' && r.status !== 'accepted');
        expect(leaked, query).toEqual([]);
      }
      const everything = JSON.stringify((await inject('GET', '/api/v1/progress?per_page=200', focal)).json());
      expect(everything).not.toContain('KP draft: not for other provinces');
      expect(everything).not.toContain('KP internal remark');
      const due = (await inject('GET', '/api/v1/overdue?plan=FACTORY-PLAN&period=2025Q1&jurisdiction=PK5', focal)).json();
      for (const item of due.items.filter((i: { status: string }) => i.status !== 'missing' && i.status !== 'accepted')) {
        expect(item).toMatchObject({ status: 'pending', report_id: null });
      }
    });

    it('cannot write KP reports through any endpoint, by session or by API token', async () => {
      const token = await createToken(
        server.db,
        { id: focal.user.id, role: focal.user.role as Role, province_pcode: 'PK2' },
        { name: 'script' },
        { actorId: null, requestId: null },
      );
      const viaToken = { user: focal.user, headers: { authorization: `Bearer ${token.token}` } } as unknown as SignedIn;
      for (const who of [focal, viaToken]) {
        const attempts: Array<[string, string, object | undefined]> = [
          ['PATCH', `/api/v1/progress/${kp.draft}`, { version: 1, narrative: 'overwritten' }],
          // An extra field cannot move a report into the caller's province.
          ['PATCH', `/api/v1/progress/${kp.draft}`, { version: 1, jurisdiction: 'PK2', narrative: 'moved' }],
          ['POST', `/api/v1/progress/${kp.draft}/submit`, undefined],
          ['POST', `/api/v1/progress/${kp.returned}/submit`, undefined],
          ['POST', `/api/v1/progress/${kp.submitted}/approve`, undefined],
          ['POST', `/api/v1/progress/${kp.submitted}/return`, { reason: 'x' }],
          ['POST', `/api/v1/progress/${kp.approved}/accept`, undefined],
          ['POST', `/api/v1/progress/${kp.locked}/reopen`, { reason: 'x' }],
          ['PATCH', `/api/v1/progress/${kp.locked}`, { version: 1, narrative: 'x' }],
          ['POST', '/api/v1/progress', { plan: 'NAP-2021', point: 'cve', jurisdiction: 'PK5', period: '2025Q2' }],
          ['POST', '/api/v1/progress', { plan: 'NAP-2021', point: 'cve', jurisdiction: 'pk5', period: '2025Q2' }],
        ];
        for (const [method, url, payload] of attempts) {
          const res = await inject(method as 'POST', url, who, payload);
          expect(res.statusCode, `${method} ${url} ${res.body}`).toBe(403);
        }
      }
      for (const [state, id] of Object.entries(kp)) {
        const row = (await findReport(server.db.kysely, id))!;
        expect(row.version, state).toBe(1);
        expect(row.jurisdiction).toBe('PK5');
      }
    });
  });

  it('shows anonymous readers accepted reports only', async () => {
    const draft = await buildProgressReport(server.db, { jurisdiction: 'PK7' });
    const body = (await inject('GET', '/api/v1/progress?per_page=200')).json();
    expect(body.data.every((r: { status: string }) => r.status === 'accepted')).toBe(true);
    expect(body.data.some((r: { id: number }) => r.id === draft.id)).toBe(false);
    expect((await inject('GET', `/api/v1/progress/${draft.id}`)).statusCode).toBe(404);
    expect((await inject('POST', '/api/v1/progress', undefined, { plan: 'NAP-2021', point: 'cve', jurisdiction: 'PK7', period: '2025Q2' })).statusCode).toBe(401);
  });

  it('shows the documented NAP 2014 history from public sources in the tracker', async () => {
    const res = await inject('GET', '/api/v1/tracker?plan=NAP-2014');
    expect(res.statusCode).toBe(200);
    const t = res.json();
    expect(t.plan).toEqual({ code: 'NAP-2014', name: 'National Action Plan 2014' });
    expect(t.jurisdictions.map((j: { code: string }) => j.code)).toEqual(['federal', 'PK1', 'PK2', 'PK3', 'PK4', 'PK5', 'PK6', 'PK7']);
    expect(t.points).toHaveLength(20);
    const point = (code: string) => t.points.find((p: { code: string }) => p.code === code);
    // Point 8: counter-terrorism force strength by Feb 2017, reported for five jurisdictions.
    for (const j of ['PK2', 'PK4', 'PK5', 'PK6', 'PK7']) expect(point('8').cells[j]).toMatchObject({ period: '2017Q1', origin: 'public_source' });
    // Point 12 (FATA reforms): ex-FATA fund releases, latest FY21.
    expect(point('12').cells.PK5).toMatchObject({ period: '2021', origin: 'public_source' });
    // Point 6 (terror financing), as of 2016Q1: the "dormant area" review.
    const early = (await inject('GET', '/api/v1/tracker?plan=NAP-2014&period=2016Q1')).json();
    expect(early.points.find((p: { code: string }) => p.code === '6').cells.federal).toMatchObject({ period: '2016Q1', completion: 'limited', trajectory: 'stalled', rating: 'red' });
    const filled = t.points.flatMap((p: { cells: Record<string, unknown> }) => Object.values(p.cells).filter(Boolean));
    expect(filled.length).toBeGreaterThanOrEqual(25);

    const seeded = (await inject('GET', '/api/v1/progress?plan=NAP-2014&per_page=1')).json();
    expect(seeded.pagination.total).toBeGreaterThanOrEqual(40);
    expect(seeded.data[0]).toMatchObject({ status: 'accepted', origin: 'public_source', locked: true });
    expect(seeded.data[0].source_ids.length).toBeGreaterThan(0);
  });
});
