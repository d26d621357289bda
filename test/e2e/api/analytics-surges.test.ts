import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../../src/core/analytics/filters';
import { poissonUpperTail } from '../../../src/core/analytics/poisson';
import type { DialectName } from '../../../src/db/database';
import { testDialects } from '../../helpers/databases';
import { startTestServer, type TestServer } from '../../helpers/server';

interface SurgeTest {
  level: string;
  key: string;
  label: string;
  province: string | null;
  window: 'month' | 'quarter';
  period: string;
  observed: number;
  expected: number | null;
  baseline_months: number;
  ratio: number | null;
  p_value: number | null;
  p_adjusted: number | null;
  significant: boolean;
  killed: { observed: number; expected: number | null; ratio: number | null };
  flags: string[];
}
interface SurgeData {
  as_of: string | null;
  latest_complete_month: string | null;
  completeness_rule: string;
  windows: { month: { period: string }; quarter: { period: string; first: string; last: string } } | null;
  levels: string[];
  alpha: number;
  adjust: string;
  significant: number;
  tests: SurgeTest[];
}

interface Counted {
  month: string;
  province: string;
  district: string;
  front: string;
  killed: number;
}

async function countedIncidents(server: TestServer): Promise<{ counted: Counted[]; first: string; last: string }> {
  const rows = await server.db.kysely.selectFrom('incidents').selectAll().where('deleted_at', 'is', null).execute();
  const months = rows.map((r) => r.date_start.slice(0, 7)).sort();
  const counted = rows
    .filter((r) => r.cluster_id === null || Number(r.cluster_id) === Number(r.id))
    .map((r) => ({
      month: r.date_start.slice(0, 7),
      province: r.province_pcode ?? '',
      district: r.district_pcode ?? '',
      front: r.front ?? '',
      killed: r.killed_best ?? r.killed_low ?? r.killed_high ?? 0,
    }));
  return { counted, first: months[0]!, last: months.at(-1)! };
}

/** Incidents and killed of the counted rows matching `pick` in the months first…last. */
function sum(counted: Counted[], pick: (c: Counted) => boolean, first: string, last: string) {
  const inWindow = counted.filter((c) => pick(c) && c.month >= first && c.month <= last);
  return { incidents: inWindow.length, killed: inWindow.reduce((s, c) => s + c.killed, 0) };
}

const results = new Map<DialectName, unknown[]>();

for (const dialect of testDialects()) {
  describe(`surges analysis (${dialect})`, () => {
    let server: TestServer;
    let counted: Counted[];
    let lastDataMonth: string;
    const seen: unknown[] = [];

    beforeAll(async () => {
      server = await startTestServer(dialect);
      ({ counted, last: lastDataMonth } = await countedIncidents(server));
    });
    afterAll(async () => {
      results.set(dialect, seen);
      await server?.close();
    });

    const get = async (query: string): Promise<{ data: SurgeData; notes: string[] }> => {
      const res = await server.app.inject({ method: 'GET', url: `/api/v1/analytics/surges?${query}` });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      seen.push(body.data.tests);
      return body;
    };

    it('by default tests the month before the latest data, and the latest quarter ending by then', async () => {
      const { data, notes } = await get('');
      const expected = addMonths(lastDataMonth < new Date().toISOString().slice(0, 7) ? lastDataMonth : new Date().toISOString().slice(0, 7), -1);
      expect(data.latest_complete_month).toBe(expected);
      expect(data.as_of).toBe(expected);
      expect(data.levels).toEqual(['province', 'district', 'front']);
      expect(data.windows!.month.period).toBe(expected);
      expect(data.windows!.quarter.last <= expected).toBe(true);
      expect(data.tests.length).toBeGreaterThan(0);
      expect(new Set(data.tests.map((t) => t.level))).toEqual(new Set(['province', 'district', 'front']));
      expect(notes.some((n) => n.includes('exact one-sided Poisson test'))).toBe(true);
      expect(notes).toContain(data.completeness_rule);
    });

    it('as of a past month: counts, baselines, ratios and p-values from the incidents themselves', async () => {
      const { data } = await get('as_of=2009-10&level=province,district');
      expect(data.as_of).toBe('2009-10');
      expect(data.windows!.quarter).toMatchObject({ period: '2009Q3', first: '2009-07', last: '2009-09' });
      expect(data.tests.length).toBeGreaterThan(0);
      for (const t of data.tests) {
        const pick = (c: Counted) => (t.level === 'province' ? c.province === t.key : c.district === t.key);
        const [first, last, baseFirst, baseLast, length] =
          t.window === 'month' ? ['2009-10', '2009-10', '2008-10', '2009-09', 1] : ['2009-07', '2009-09', '2008-07', '2009-06', 3];
        const observed = sum(counted, pick, first, last);
        const baseline = sum(counted, pick, baseFirst, baseLast);
        expect(t.observed, `${t.key} ${t.window}`).toBe(observed.incidents);
        expect(t.expected!, `${t.key} ${t.window}`).toBeCloseTo((baseline.incidents / 12) * length, 10);
        expect(t.baseline_months).toBe(12);
        expect(t.p_value!).toBeCloseTo(poissonUpperTail(observed.incidents, t.expected!).p, 12);
        expect(t.killed.observed).toBe(observed.killed);
        if (t.expected! > 0) expect(t.ratio!).toBeCloseTo(observed.incidents / t.expected!, 10);
        else expect(t.ratio).toBeNull();
        expect(t.significant).toBe(t.p_adjusted! <= 0.05);
      }
      // Peshawar's quarter is tested, with its province.
      expect(data.tests.find((t) => t.key === 'PK528' && t.window === 'quarter')).toMatchObject({ label: 'Peshawar', province: 'PK5' });
      // Sorted by p-value, then ratio.
      const ps = data.tests.map((t) => t.p_value!);
      expect([...ps].sort((a, b) => a - b)).toEqual(ps);
      for (const t of data.tests) expect(t.p_adjusted!).toBeGreaterThanOrEqual(t.p_value!);
    });

    it('a front filter restricts the counts; adjust=none and alpha decide "significant" from the raw p-value', async () => {
      const { data } = await get('level=province,front&front=baloch-separatist');
      const w = data.windows!;
      const quarterMonths = { first: w.quarter.first, last: w.quarter.last };
      expect(data.tests.filter((t) => t.level === 'front').map((t) => t.key)).toEqual(expect.arrayContaining(['baloch-separatist']));
      expect(data.tests.every((t) => t.level === 'province' || t.key === 'baloch-separatist')).toBe(true);
      for (const t of data.tests.filter((x) => x.level === 'province')) {
        const months = t.window === 'month' ? { first: w.month.period, last: w.month.period } : quarterMonths;
        const want = sum(counted, (c) => c.front === 'baloch-separatist' && c.province === t.key, months.first, months.last);
        expect(t.observed, `${t.key} ${t.window}`).toBe(want.incidents);
      }

      const raw = await get('as_of=2009-10&level=province&adjust=none&alpha=0.05');
      for (const t of raw.data.tests) expect(t.significant).toBe(t.p_value! <= 0.05);
      expect(raw.data.tests.some((t) => t.p_value! <= 0.05)).toBe(true);
      const strict = await get('as_of=2009-10&level=province&adjust=none&alpha=0.001');
      expect(strict.data.significant).toBeLessThan(raw.data.significant);
    });

    it('a unit with no baseline is flagged with p = 0 and no ratio', async () => {
      const { data, notes } = await get('as_of=2009-10&level=district');
      const fresh = data.tests.filter((t) => t.flags.includes('no_baseline'));
      expect(fresh.length).toBeGreaterThan(0);
      for (const t of fresh) expect(t).toMatchObject({ expected: 0, ratio: null, p_value: 0 });
      expect(notes.some((n) => n.includes('no_baseline'))).toBe(true);
    });

    it('CSV and metadata', async () => {
      const { data } = await get('as_of=2009-10&level=front,province');
      const res = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/surges.csv?as_of=2009-10&level=front,province' });
      expect(res.statusCode).toBe(200);
      const lines = res.body.trimEnd().split('\r\n');
      expect(lines[0]!.split(',').slice(0, 6)).toEqual(['level', 'key', 'label', 'window', 'period', 'observed']);
      expect(lines).toHaveLength(1 + data.tests.length);
      expect(lines[1]!.startsWith(`${data.tests[0]!.level},${data.tests[0]!.key},`)).toBe(true);
      const meta = (await server.app.inject({ method: 'GET', url: '/api/v1/analytics/surges/metadata?as_of=2009-10' })).json();
      expect(meta).toMatchObject({ analysis: 'surges', methodology: '/methodology#surges', options: { as_of: '2009-10', alpha: 0.05, adjust: 'bh' } });
      expect(meta.definition.test).toMatch(/Poisson/);
      expect(meta.inputs_hash).toMatch(/^sha256:/);
    });

    it('nothing in the windows: an empty list with a note', async () => {
      const { data, notes } = await get('as_of=2009-10&district=PK108');
      expect(data.tests).toEqual([]);
      expect(notes[0]).toMatch(/No incidents match/);
    });

    it('bad options are 400s naming the field; unknown places 404s', async () => {
      const future = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/surges?as_of=2999-01' });
      expect(future.statusCode).toBe(400);
      expect(future.json().error.fields[0].field).toBe('as_of');
      for (const query of ['as_of=2009-13', 'level=village', 'alpha=2', 'adjust=bonferroni']) {
        const res = await server.app.inject({ method: 'GET', url: `/api/v1/analytics/surges?${query}` });
        expect(res.statusCode, query).toBe(400);
        expect(res.json().error.message, query).toContain(query.split('=')[0]!);
      }
      const unknown = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/surges?province=PK9' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.message).toContain('PK9');
    });
  });
}

describe.runIf(testDialects().length > 1)('surges on every dialect', () => {
  it('gives identical results on SQLite and PostgreSQL', () => {
    const [first, ...rest] = [...results.values()];
    expect(first!.length).toBeGreaterThan(0);
    for (const other of rest) expect(other).toEqual(first);
  });
});
