import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../../helpers/auth';
import { testDialects } from '../../helpers/databases';
import { startTestServer, type TestServer } from '../../helpers/server';
import { signInAll } from '../../helpers/sessions';

describe.each(testDialects())('plans, points and measures on %s', (dialect) => {
  let server: TestServer;
  let coordinator: SignedIn;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    [coordinator] = await signInAll(server, [['national_coordinator', null]]);
  });
  afterAll(async () => server?.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, as: SignedIn | null = coordinator) =>
    server.app.inject({ method, url, headers: as?.headers ?? {}, ...(payload ? { payload } : {}) });

  it('lists the shipped plans with their number of points', async () => {
    const res = await inject('GET', '/api/v1/plans', undefined, null);
    expect(res.statusCode).toBe(200);
    const byCode = Object.fromEntries(res.json().data.map((p: { code: string; points: number }) => [p.code, p.points]));
    expect(byCode).toMatchObject({ 'NAP-2014': 20, 'NAP-2021': 18, 'AZM-2024': 0 });
  });

  it('maps NAP 2014 points to the 2021 areas that continue them, both ways', async () => {
    const p2014 = (await inject('GET', '/api/v1/plans/NAP-2014/points', undefined, null)).json();
    expect(p2014.data).toHaveLength(20);
    const point12 = p2014.data.find((p: { code: string }) => p.code === '12');
    expect(point12).toMatchObject({ number: 12, text_version: 1, dimension: expect.any(String) });
    expect(point12.continued_by).toEqual([{ plan: 'NAP-2021', point: 'tribal-area-reforms' }]);
    const media = (await inject('GET', '/api/v1/plans/NAP-2021/points/media-social-media', undefined, null)).json();
    expect(media.continues).toEqual([
      { plan: 'NAP-2014', point: '11' },
      { plan: 'NAP-2014', point: '14' },
    ]);
  });

  it('keeps every version of a point\'s text and refuses an edit from a stale version', async () => {
    const original = (await inject('GET', '/api/v1/plans/NAP-2014/points/17')).json();
    const first = await inject('PATCH', '/api/v1/plans/NAP-2014/points/17', {
      version: 1,
      text: 'Balochistan reconciliation, with ownership by all stakeholders, led by the provincial government',
      reason: 'Wording agreed by the apex committee',
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ text_version: 2, text: expect.stringContaining('led by the provincial government') });
    const stale = await inject('PATCH', '/api/v1/plans/NAP-2014/points/17', { version: 1, text: 'Another wording' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ id: 'version_conflict', details: { current_version: 2 } });
    const versions = (await inject('GET', '/api/v1/plans/NAP-2014/points/17/versions', undefined, null)).json().data;
    expect(versions).toEqual([
      { version: 1, text: original.text, reason: null, changed_at: null },
      { version: 2, text: first.json().text, reason: 'Wording agreed by the apex committee', changed_at: expect.any(String) },
    ]);
    // The tracker shows the current text.
    const tracker = (await inject('GET', '/api/v1/tracker?plan=NAP-2014', undefined, null)).json();
    expect(tracker.points.find((p: { code: string }) => p.code === '17').text).toBe(first.json().text);
    const audit = (await inject('GET', '/api/v1/audit?entity_type=plan_point&entity_id=NAP-2014/17')).json().data;
    expect(audit[0]).toMatchObject({ action: 'plan_point.update', before: { current_text: original.text, text_version: 1 }, after: { text_version: 2 } });
  });

  it('adds a custom plan with points and measures, audited', async () => {
    const plan = await inject('POST', '/api/v1/plans', { code: 'KP-CVE-2025', name: 'KP countering violent extremism plan', adopted_on: '2025-02-01' });
    expect(plan.statusCode, plan.body).toBe(201);
    expect((await inject('POST', '/api/v1/plans', { code: 'KP-CVE-2025', name: 'Again' })).statusCode).toBe(409);
    const point = await inject('POST', '/api/v1/plans/KP-CVE-2025/points', {
      code: '1',
      number: 1,
      text: 'Set up district peace committees',
      dimension: 'non-kinetic',
      theme: 'Community engagement',
      lead_agencies: ['Home department', 'District administration'],
      jurisdictions: ['PK5'],
    });
    expect(point.statusCode, point.body).toBe(201);
    expect(point.json()).toMatchObject({ lead_agencies: ['Home department', 'District administration'], jurisdictions: ['PK5'], measures: [] });
    const measure = await inject('POST', '/api/v1/plans/KP-CVE-2025/points/1/measures', {
      code: '1.1',
      indicator: 'Districts with a functioning peace committee',
      unit: 'districts',
      baseline: 4,
      baseline_date: '2024-12-31',
      target: 38,
      due_date: '2026-06-30',
      frequency: 'quarterly',
    });
    expect(measure.statusCode, measure.body).toBe(201);
    const changed = await inject('PATCH', '/api/v1/plans/KP-CVE-2025/points/1/measures/1.1', { version: 1, target: 36 });
    expect(changed.json()).toMatchObject({ target: 36, version: 2 });
    expect((await inject('PATCH', '/api/v1/plans/KP-CVE-2025/points/1/measures/1.1', { version: 1, target: 30 })).statusCode).toBe(409);
    const listed = (await inject('GET', '/api/v1/plans/KP-CVE-2025/points', undefined, null)).json();
    expect(listed.data[0].measures).toEqual([expect.objectContaining({ code: '1.1', baseline: 4, target: 36, frequency: 'quarterly' })]);

    // The point applies to KP only: no federal report for it, and only KP is due.
    const due = (await inject('GET', '/api/v1/overdue?plan=KP-CVE-2025&period=2025Q1')).json();
    expect(due.summary.filter((s: { due: number }) => s.due > 0).map((s: { jurisdiction: string }) => s.jurisdiction)).toEqual(['PK5']);
    const fed = await inject('POST', '/api/v1/progress', { plan: 'KP-CVE-2025', point: '1', jurisdiction: 'federal', period: '2025Q1' });
    expect(fed.statusCode).toBe(400);
    expect(fed.json().error.fields).toEqual([{ field: 'jurisdiction', message: 'point 1 of KP-CVE-2025 is reported only for PK5' }]);

    const actions = (await inject('GET', '/api/v1/audit?actor=' + coordinator.user.id + '&per_page=200')).json().data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['plan.create', 'plan_point.create', 'plan_measure.create', 'plan_measure.update']));
  });

  it.each([
    ['/api/v1/plans', { code: 'lower case', name: 'x' }, 'code'],
    ['/api/v1/plans', { code: 'OK-1', name: '' }, 'name'],
    ['/api/v1/plans', { code: 'OK-2', name: 'x', adopted_on: '2025-13-01' }, 'adopted_on'],
    ['/api/v1/plans/NAP-2014/points', { code: 'x', text: 'y', dimension: 'military' }, 'dimension'],
    ['/api/v1/plans/NAP-2014/points', { code: 'x', text: 'y', jurisdictions: ['Sindh'] }, 'jurisdictions.0'],
    ['/api/v1/plans/NAP-2014/points/1/measures', { code: 'm', indicator: 'x', frequency: 'weekly' }, 'frequency'],
    ['/api/v1/plans/NAP-2014/points/1/measures', { code: 'm', indicator: 'x', frequency: 'annual', target: 'all' }, 'target'],
  ])('POST %s with %j → 400 naming %s', async (url, payload, field) => {
    const res = await inject('POST', url, payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('refuses an unknown province in a point\'s jurisdictions and answers 404 for unknown plans and points', async () => {
    const res = await inject('POST', '/api/v1/plans/NAP-2014/points', { code: 'x', text: 'y', jurisdictions: ['PK9'] });
    expect(res.json().error.fields).toEqual([{ field: 'jurisdictions.0', message: 'unknown jurisdiction PK9: give federal or a province P-code' }]);
    expect((await inject('GET', '/api/v1/plans/NOPE-1/points')).statusCode).toBe(404);
    expect((await inject('GET', '/api/v1/plans/NAP-2014/points/99')).statusCode).toBe(404);
    expect((await inject('GET', '/api/v1/tracker?plan=NOPE-1')).statusCode).toBe(404);
  });
});
