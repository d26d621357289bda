import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../../../src/db/database';
import { readProvinceImplementationScores } from '../../../src/server/queries/implementationScores';
import type { SignedIn } from '../../helpers/auth';
import { testDialects } from '../../helpers/databases';
import { startTestServer, type TestServer } from '../../helpers/server';
import { signInAll } from '../../helpers/sessions';

const SCORE: Record<string, number | null> = { no_evidence: null, not_started: 0, limited: 100 / 3, substantial: 200 / 3, complete: 100 };

interface Card {
  jurisdiction: string;
  dimension: string;
  points: number;
  counts: Record<string, number>;
  shares: Record<string, number> | null;
  scored: number;
  mean_score: number | null;
  previous: { mean_score: number | null };
  mean_score_change: number | null;
}
interface ScorecardData {
  plan: string;
  period: { code: string };
  previous_period: { code: string };
  cards: Card[];
  balance: Array<{ jurisdiction: string; kinetic: number | null; non_kinetic: number | null; difference: number | null; ratio: number | null; difference_change: number | null }>;
  unevenness: Array<{ point: string; n: number; scores: Record<string, number | null>; range: number | null; sd: number | null; previous: { n: number } }>;
  reporting: { rows: Array<{ jurisdiction: string; due: number; accepted: number; overdue: number; reporting_rate: number | null; previous: { accepted: number }; reporting_rate_change: number | null }> };
}

interface Row {
  point: string;
  dimension: string | null;
  jurisdiction: string;
  period_start: string;
  period_end: string;
  measure_id: number | null;
  completion: string | null;
  id: number;
}

const results = new Map<DialectName, unknown[]>();

for (const dialect of testDialects()) {
  describe(`implementation scorecards (${dialect})`, () => {
    let server: TestServer;
    let pk2Focal: SignedIn;
    let pk2Approver: SignedIn;
    let pk5Focal: SignedIn;
    let pk5Approver: SignedIn;
    let coordinator: SignedIn;
    const seen: unknown[] = [];

    beforeAll(async () => {
      server = await startTestServer(dialect);
      [pk2Focal, pk2Approver, pk5Focal, pk5Approver, coordinator] = await signInAll(server, [
        ['provincial_focal_person', 'PK2'],
        ['provincial_approver', 'PK2'],
        ['provincial_focal_person', 'PK5'],
        ['provincial_approver', 'PK5'],
        ['national_coordinator', null],
      ]);
    });
    afterAll(async () => {
      results.set(dialect, seen);
      await server?.close();
    });

    const inject = (method: 'GET' | 'POST', url: string, as?: SignedIn, payload?: object) =>
      server.app.inject({ method, url, headers: as?.headers ?? {}, ...(payload ? { payload } : {}) });

    const get = async (query: string): Promise<{ data: ScorecardData; notes: string[] }> => {
      const res = await inject('GET', `/api/v1/analytics/scorecards?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      seen.push(body.data);
      return body;
    };

    /** Files a report through the workflow up to acceptance. */
    async function accepted(focal: SignedIn, approver: SignedIn, report: object): Promise<number> {
      const created = await inject('POST', '/api/v1/progress', focal, {
        trajectory: 'in_the_works',
        evidence: [{ title: 'Provincial apex committee minutes', url: 'https://example.org/apex', date: '2025-03-20', public: true }],
        ...report,
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as number;
      for (const [action, who] of [['submit', focal], ['approve', approver], ['accept', coordinator]] as const) {
        const res = await inject('POST', `/api/v1/progress/${id}/${action}`, who, {});
        expect(res.statusCode, res.body).toBe(200);
      }
      return id;
    }

    /** The latest accepted report stating a level per point and jurisdiction, read straight from the tables. */
    async function expectedLevels(endingBy: string): Promise<Map<string, Row>> {
      const rows = (await server.db.kysely
        .selectFrom('progress_reports as r')
        .innerJoin('plan_points as p', 'p.id', 'r.point_id')
        .select(['p.code as point', 'p.dimension', 'r.jurisdiction', 'r.period_start', 'r.period_end', 'r.measure_id', 'r.completion', 'r.id'])
        .where('p.plan_code', '=', 'NAP-2014')
        .where('r.status', '=', 'accepted')
        .where('r.completion', 'is not', null)
        .where('r.period_end', '<=', endingBy)
        .execute()) as Row[];
      const latest = new Map<string, Row>();
      for (const r of rows) {
        const key = `${r.point}|${r.jurisdiction}`;
        const seenRow = latest.get(key);
        const newer =
          !seenRow ||
          r.period_end > seenRow.period_end ||
          (r.period_end === seenRow.period_end && r.period_start > seenRow.period_start) ||
          (r.period_end === seenRow.period_end && r.period_start === seenRow.period_start && r.measure_id === null && seenRow.measure_id !== null);
        if (newer) latest.set(key, r);
      }
      return latest;
    }

    it('2016Q3 from the public record: federal shares and means per dimension match the accepted reports', async () => {
      const { data, notes } = await get('period=2016Q3');
      expect(data.plan).toBe('NAP-2014');
      expect(data.previous_period.code).toBe('2016Q2');
      const levels = await expectedLevels('2016-09-30');
      const points = await server.db.kysely.selectFrom('plan_points').select(['code', 'dimension']).where('plan_code', '=', 'NAP-2014').execute();
      for (const card of data.cards.filter((c) => c.jurisdiction === 'federal' || c.jurisdiction === 'PK2')) {
        const own = points.filter((p) => p.dimension === card.dimension);
        const found = own.map((p) => levels.get(`${p.code}|${card.jurisdiction}`)?.completion ?? 'no_report');
        const scores = found.map((l) => SCORE[l] ?? null).filter((s): s is number => s !== null);
        expect(card.points, `${card.jurisdiction} ${card.dimension}`).toBe(own.length);
        expect(card.scored).toBe(scores.length);
        if (scores.length) expect(card.mean_score!).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length, 9);
        else expect(card.mean_score).toBeNull();
        for (const level of ['complete', 'substantial', 'limited', 'not_started', 'no_evidence', 'no_report']) {
          expect(card.counts[level], `${card.jurisdiction} ${card.dimension} ${level}`).toBe(found.filter((l) => l === level).length);
        }
      }
      // PILDAT/MoI-sourced history: six non-kinetic points rated limited federally by 2016Q3.
      const federalNonKinetic = data.cards.find((c) => c.jurisdiction === 'federal' && c.dimension === 'non-kinetic')!;
      expect(federalNonKinetic.counts.limited).toBe(6);
      expect(federalNonKinetic.shares!.limited).toBeCloseTo(6 / federalNonKinetic.points, 12);
      // A province with no assessed point has empty shares, not zeros.
      expect(data.cards.find((c) => c.jurisdiction === 'PK6' && c.dimension === 'kinetic')).toMatchObject({ shares: null, mean_score: null, scored: 0 });
      expect(notes[0]).toMatch(/not started 0, limited 33⅓, substantial 66⅔, complete 100/);
    });

    it('reports accepted through the API move scores, balance, unevenness and the reporting rate against the quarter before', async () => {
      await accepted(pk2Focal, pk2Approver, { plan: 'NAP-2014', point: '6', jurisdiction: 'PK2', period: '2025Q1', completion: 'complete', rating: 'green' });
      await accepted(pk5Focal, pk5Approver, { plan: 'NAP-2014', point: '6', jurisdiction: 'PK5', period: '2025Q1', completion: 'substantial', rating: 'green_amber' });
      await accepted(pk5Focal, pk5Approver, { plan: 'NAP-2014', point: '9', jurisdiction: 'PK5', period: '2025Q1', completion: 'not_started', rating: 'red' });

      const { data } = await get('period=2025Q1');
      expect(data.previous_period.code).toBe('2024Q4');
      const levels = await expectedLevels('2025-03-31');
      const nonKineticPoints = (await server.db.kysely.selectFrom('plan_points').select('code').where('plan_code', '=', 'NAP-2014').where('dimension', '=', 'non-kinetic').execute()).map((p) => p.code);
      const pk2NonKinetic = nonKineticPoints.map((c) => SCORE[levels.get(`${c}|PK2`)?.completion ?? 'no_evidence']).filter((s): s is number => s !== null);
      const pk2NkMean = pk2NonKinetic.reduce((a, b) => a + b, 0) / pk2NonKinetic.length;

      const pk2Kinetic = data.cards.find((c) => c.jurisdiction === 'PK2' && c.dimension === 'kinetic')!;
      expect(pk2Kinetic).toMatchObject({ scored: 1, mean_score: 100, previous: { mean_score: null }, mean_score_change: null });
      const pk2 = data.balance.find((b) => b.jurisdiction === 'PK2')!;
      expect(pk2.kinetic).toBe(100);
      expect(pk2.non_kinetic!).toBeCloseTo(pk2NkMean, 9);
      expect(pk2.difference!).toBeCloseTo(100 - pk2NkMean, 9);
      expect(pk2.ratio!).toBeCloseTo(pk2NkMean / 100, 9);
      const pk5 = data.balance.find((b) => b.jurisdiction === 'PK5')!;
      // kinetic 66⅔ (substantial), non-kinetic 0 (not started)
      expect(pk5.kinetic!).toBeCloseTo(200 / 3, 9);
      expect(pk5.non_kinetic).toBe(0);
      expect(pk5.ratio).toBe(0);

      const point6 = data.unevenness.find((u) => u.point === '6')!;
      expect(point6.n).toBe(2);
      expect(point6.range!).toBeCloseTo(100 / 3, 9);
      expect(point6.sd!).toBeCloseTo(100 / 6, 9);
      expect(point6.previous.n).toBe(0);

      // 20 points due per jurisdiction each quarter; PK5 had two accepted, PK2 one, none the quarter before.
      const reporting = (j: string) => data.reporting.rows.find((r) => r.jurisdiction === j)!;
      expect(reporting('PK5')).toMatchObject({ due: 20, accepted: 2, overdue: 18, reporting_rate: 0.1, previous: { accepted: 0 } });
      expect(reporting('PK5').reporting_rate_change!).toBeCloseTo(0.1, 12);
      expect(reporting('PK2')).toMatchObject({ accepted: 1, overdue: 19, reporting_rate: 0.05 });

      // The risk index reads the same scores per province.
      const scores = await readProvinceImplementationScores(server.db, { period: '2025Q1' });
      expect(scores.find((s) => s.province_pcode === 'PK2' && s.dimension === 'kinetic')).toEqual({ province_pcode: 'PK2', dimension: 'kinetic', score: 100, points: 1 });
      expect(scores.find((s) => s.province_pcode === 'PK5' && s.dimension === 'non-kinetic')).toEqual({ province_pcode: 'PK5', dimension: 'non-kinetic', score: 0, points: 1 });
      expect((await readProvinceImplementationScores(server.db, { period: '2024Q4' })).find((s) => s.province_pcode === 'PK2' && s.dimension === 'kinetic')!.score).toBeNull();

      // A year later the 2025Q1 state carries forward; the quarter's own reports are now missing.
      const later = await get('period=2026Q1');
      expect(later.data.cards.find((c) => c.jurisdiction === 'PK2' && c.dimension === 'kinetic')).toMatchObject({ mean_score: 100, previous: { mean_score: 100 }, mean_score_change: 0 });
      expect(later.data.reporting.rows.find((r) => r.jurisdiction === 'PK5')).toMatchObject({ accepted: 0, reporting_rate: 0 });
    });

    it('a province filter limits the jurisdictions', async () => {
      const { data } = await get('period=2025Q1&province=PK5');
      expect([...new Set(data.cards.map((c) => c.jurisdiction))]).toEqual(['PK5']);
      expect(data.cards.map((c) => c.dimension)).toEqual(['kinetic', 'non-kinetic', 'enabler', 'mixed']);
      expect(data.reporting.rows.map((r) => r.jurisdiction)).toEqual(['PK5']);
    });

    it('CSV: one row per jurisdiction and dimension', async () => {
      const res = await inject('GET', '/api/v1/analytics/scorecards.csv?period=2025Q1');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/csv/);
      const lines = res.body.trimEnd().split('\r\n');
      const header = lines[0]!.split(',');
      expect(header).toEqual(expect.arrayContaining(['jurisdiction', 'dimension', 'share_complete', 'mean_score', 'kinetic_minus_non_kinetic', 'reporting_rate']));
      expect(lines).toHaveLength(1 + 8 * 4);
      const pk2 = lines.map((l) => l.split(',')).find((c) => c[0] === 'PK2' && c[header.indexOf('dimension')] === 'kinetic')!;
      expect(Number(pk2[header.indexOf('mean_score')])).toBe(100);
    });

    it('metadata states the scale and the method', async () => {
      const meta = (await inject('GET', '/api/v1/analytics/scorecards/metadata?period=2025Q1')).json();
      expect(meta).toMatchObject({ analysis: 'scorecards', methodology: '/methodology#implementation-scorecards', options: { period: '2025Q1' } });
      expect(meta.definition.scale).toMatchObject({ not_started: 0, complete: 100, no_evidence: null });
      expect(meta.inputs_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    });

    it('a period before any accepted report: empty scorecards with a note', async () => {
      const { data, notes } = await get('period=2010Q1');
      expect(data.cards).toEqual([]);
      expect(data.balance).toEqual([]);
      expect(notes.some((n) => /No accepted progress report of NAP-2014 .* states a completion level for a period ending by 2010-03-31/.test(n))).toBe(true);
    });

    it('400 naming a bad period, 404 naming an unknown plan or province', async () => {
      const bad = await inject('GET', '/api/v1/analytics/scorecards?period=2025Q5');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toContain('period');
      const plan = await inject('GET', '/api/v1/analytics/scorecards?plan=NAP-1999');
      expect(plan.statusCode).toBe(404);
      expect(plan.json().error.message).toBe('Plan NAP-1999 not found');
      const province = await inject('GET', '/api/v1/analytics/scorecards?province=PK99');
      expect(province.statusCode).toBe(404);
      expect(province.json().error.message).toContain('PK99');
    });
  });
}

describe('scorecards across databases', () => {
  it('gives the same figures on every dialect', () => {
    const runs = [...results.values()];
    if (runs.length < 2) return;
    expect(runs[1]).toEqual(runs[0]);
  });
});
