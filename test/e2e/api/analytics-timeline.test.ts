import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../../../src/db/database';
import type { SignedIn } from '../../helpers/auth';
import { testDialects } from '../../helpers/databases';
import { startTestServer, type TestServer } from '../../helpers/server';
import { signInAll } from '../../helpers/sessions';

interface Milestone {
  kind: string;
  month: string;
  period: string;
  plan: string;
  point: string;
  jurisdiction: string;
  completion: string;
  rating: string | null;
  previous_completion: string | null;
  previous_rating: string | null;
}
interface TimelineData {
  place: { level: string; provinces: string[] };
  span: { from: string; to: string } | null;
  incidents: Array<{ month: string; incidents: number; killed: number }>;
  milestones: { implementation: Milestone[]; programmes: Array<{ programme: string; month: string; start_date: string }> };
  rows: Array<{ month: string; incidents: number; killed: number; milestones: string[] }>;
}

const results = new Map<DialectName, unknown[]>();

for (const dialect of testDialects()) {
  describe(`timeline (${dialect})`, () => {
    let server: TestServer;
    let focal: SignedIn;
    let approver: SignedIn;
    let coordinator: SignedIn;
    let counted: Array<{ month: string; province: string; killed: number }>;
    let programmes: Array<{ code: string; start_date: string | null }>;
    const seen: unknown[] = [];

    beforeAll(async () => {
      server = await startTestServer(dialect);
      [focal, approver, coordinator] = await signInAll(server, [
        ['provincial_focal_person', 'PK2'],
        ['provincial_approver', 'PK2'],
        ['national_coordinator', null],
      ]);
      const rows = await server.db.kysely
        .selectFrom('incidents')
        .select(['id', 'cluster_id', 'province_pcode', 'date_start', 'killed_low', 'killed_best', 'killed_high'])
        .where('deleted_at', 'is', null)
        .execute();
      counted = rows
        .filter((r) => r.cluster_id === null || Number(r.cluster_id) === Number(r.id))
        .map((r) => ({ month: r.date_start.slice(0, 7), province: r.province_pcode ?? '', killed: Number(r.killed_best ?? r.killed_low ?? r.killed_high ?? 0) }));
      programmes = await server.db.kysely.selectFrom('programmes').select(['code', 'start_date']).execute();
    });
    afterAll(async () => {
      results.set(dialect, seen);
      await server?.close();
    });

    const inject = (method: 'GET' | 'POST', url: string, as?: SignedIn, payload?: object) =>
      server.app.inject({ method, url, headers: as?.headers ?? {}, ...(payload ? { payload } : {}) });

    const get = async (query: string): Promise<{ data: TimelineData; notes: string[] }> => {
      const res = await inject('GET', `/api/v1/analytics/timeline?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      seen.push(body.data);
      return body;
    };

    it('Balochistan 2014–2017: monthly incidents and killed match the incidents; milestones sit in their months', async () => {
      const { data, notes } = await get('province=PK2&from=2014&to=2017');
      expect(data.place).toEqual({ level: 'province', provinces: ['PK2'] });
      expect(data.span).toEqual({ from: '2014-01', to: '2017-12' });
      expect(data.incidents).toHaveLength(48);
      for (const m of data.incidents) {
        const own = counted.filter((c) => c.province === 'PK2' && c.month === m.month);
        expect(m.incidents, m.month).toBe(own.length);
        expect(m.killed, m.month).toBe(own.reduce((s, c) => s + c.killed, 0));
      }
      expect(data.incidents.reduce((s, m) => s + m.incidents, 0)).toBeGreaterThan(0);
      // Point 17 (Balochistan reconciliation) was first assessed for PK2 in 2016Q3 (public record).
      const first = data.milestones.implementation.find((m) => m.point === '17' && m.plan === 'NAP-2014')!;
      expect(first).toMatchObject({ kind: 'first_assessment', month: '2016-09', jurisdiction: 'PK2', completion: 'limited', rating: 'red' });
      expect(data.milestones.implementation.every((m) => m.jurisdiction === 'PK2')).toBe(true);
      // Every dated programme starting in the span, with a bare year placed in January.
      const expected = programmes
        .filter((p) => p.start_date && /^\d{4}/.test(p.start_date))
        .map((p) => ({ code: p.code, month: p.start_date!.length === 4 ? `${p.start_date}-01` : p.start_date!.slice(0, 7) }))
        .filter((p) => p.month >= '2014-01' && p.month <= '2017-12');
      expect(data.milestones.programmes.map((p) => p.programme).sort()).toEqual(expected.map((p) => p.code).sort());
      const zarb = data.rows.find((r) => r.month === '2014-06')!;
      expect(zarb.milestones.join(' ')).toContain('Zarb-e-Azb');
      expect(data.rows.find((r) => r.month === '2016-09')!.milestones).toContain('first assessed: NAP-2014 17 (PK2) limited/red');
      expect(notes.some((n) => n.includes('federal reports are not included'))).toBe(true);
    });

    it('a report accepted through the API becomes a change milestone against the previous assessment', async () => {
      const created = await inject('POST', '/api/v1/progress', focal, {
        plan: 'NAP-2014',
        point: '17',
        jurisdiction: 'PK2',
        period: '2025Q1',
        completion: 'substantial',
        trajectory: 'on_track',
        rating: 'green',
        evidence: [{ title: 'Reconciliation committee report', url: 'https://example.org/reconciliation', date: '2025-03-28', public: true }],
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as number;
      for (const [action, who] of [['submit', focal], ['approve', approver], ['accept', coordinator]] as const) {
        expect((await inject('POST', `/api/v1/progress/${id}/${action}`, who, {})).statusCode).toBe(200);
      }
      const { data } = await get('province=PK2&from=2016&to=2025');
      const change = data.milestones.implementation.find((m) => m.point === '17' && m.period === '2025Q1')!;
      // The reports in between carry figures only, so the change is against 2016Q3.
      expect(change).toMatchObject({ kind: 'change', month: '2025-03', previous_completion: 'limited', previous_rating: 'red', completion: 'substantial', rating: 'green' });
      expect(data.rows.find((r) => r.month === '2025-03')!.milestones.some((m) => m.startsWith('changed: NAP-2014 17 (PK2) limited/red → substantial/green'))).toBe(true);
      // A plan option keeps only that plan's milestones.
      const nap2021 = await get('province=PK2&from=2016&to=2025&plan=NAP-2021');
      expect(nap2021.data.milestones.implementation.length).toBeGreaterThan(0);
      expect(nap2021.data.milestones.implementation.every((m) => m.plan === 'NAP-2021')).toBe(true);
    });

    it('national: every jurisdiction and all incidents', async () => {
      const { data } = await get('from=2016&to=2016');
      expect(data.place.level).toBe('national');
      expect(data.incidents.reduce((s, m) => s + m.incidents, 0)).toBe(counted.filter((c) => c.month.startsWith('2016')).length);
      expect(data.milestones.implementation.some((m) => m.jurisdiction === 'federal')).toBe(true);
    });

    it('CSV: one row per month', async () => {
      const res = await inject('GET', '/api/v1/analytics/timeline.csv?province=PK2&from=2016&to=2016');
      expect(res.statusCode).toBe(200);
      const lines = res.body.trimEnd().split('\r\n');
      expect(lines[0]).toBe('month,incidents,killed,milestones');
      expect(lines).toHaveLength(13);
      expect(lines.find((l) => l.startsWith('2016-09,'))).toContain('first assessed: NAP-2014 17 (PK2)');
      const meta = (await inject('GET', '/api/v1/analytics/timeline/metadata?province=PK2')).json();
      expect(meta).toMatchObject({ analysis: 'timeline', methodology: '/methodology#timeline', filters: { provinces: ['PK2'] } });
    });

    it('a period with no incidents and no milestones is empty with a note', async () => {
      const { data, notes } = await get('province=PK2&from=1980&to=1985');
      expect(data.rows).toEqual([]);
      expect(data.incidents).toEqual([]);
      expect(data.milestones.implementation).toEqual([]);
      expect(notes[0]).toMatch(/No incidents and no milestones for PK2 from 1980-01 to 1985-12/);
    });

    it('404 naming an unknown plan or province, 400 for a bad month', async () => {
      const plan = await inject('GET', '/api/v1/analytics/timeline?plan=NAP-1999');
      expect(plan.statusCode).toBe(404);
      expect(plan.json().error.message).toBe('Plan NAP-1999 not found');
      const province = await inject('GET', '/api/v1/analytics/timeline?province=PK99');
      expect(province.statusCode).toBe(404);
      expect(province.json().error.message).toContain('PK99');
      const bad = await inject('GET', '/api/v1/analytics/timeline?from=soon');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toContain('from');
    });
  });
}

describe('timeline across databases', () => {
  it('gives the same figures on every dialect', () => {
    const runs = [...results.values()];
    if (runs.length < 2) return;
    expect(runs[1]).toEqual(runs[0]);
  });
});
