import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../../../src/db/database';
import { testDialects } from '../../helpers/databases';
import { startTestServer, type TestServer } from '../../helpers/server';

interface Range {
  low: number;
  best: number;
  high: number;
}
interface Point {
  period: string;
  incidents: number;
  suicide: number;
  killed: Range;
  injured: Range;
  hostages: Range;
}
interface Series {
  key: string | null;
  label: string;
  total: Point;
  points: Point[];
}
interface TrendData {
  interval: string;
  split: string | null;
  periods: string[];
  series: Series[];
  total: Omit<Point, 'period'>;
  partial: string[];
}

/** One counted incident, read straight from the table (each duplicate cluster once, no tombstones). */
interface Counted {
  month: string;
  province: string;
  district: string;
  front: string;
  category: string;
  killed: Range;
  injured: Range;
}

const range = (low: number | null, best: number | null, high: number | null): Range => ({
  low: low ?? best ?? high ?? 0,
  best: best ?? low ?? high ?? 0,
  high: high ?? best ?? low ?? 0,
});

async function countedIncidents(server: TestServer): Promise<Counted[]> {
  const rows = await server.db.kysely
    .selectFrom('incidents')
    .selectAll()
    .where('deleted_at', 'is', null)
    .execute();
  return rows
    .filter((r) => r.cluster_id === null || Number(r.cluster_id) === Number(r.id))
    .map((r) => ({
      month: r.date_start.slice(0, 7),
      province: r.province_pcode ?? '',
      district: r.district_pcode ?? '',
      front: r.front ?? '',
      category: r.category,
      killed: range(r.killed_low, r.killed_best, r.killed_high),
      injured: range(r.injured_low, r.injured_best, r.injured_high),
    }));
}

function sumBy<K extends string>(items: Counted[], key: (c: Counted) => K) {
  const out = new Map<K, { incidents: number; killed: Range; injured: Range }>();
  for (const c of items) {
    const k = key(c);
    const t = out.get(k) ?? { incidents: 0, killed: { low: 0, best: 0, high: 0 }, injured: { low: 0, best: 0, high: 0 } };
    t.incidents++;
    for (const b of ['low', 'best', 'high'] as const) {
      t.killed[b] += c.killed[b];
      t.injured[b] += c.injured[b];
    }
    out.set(k, t);
  }
  return out;
}

const results = new Map<DialectName, unknown[]>();

for (const dialect of testDialects()) {
  describe(`trends analysis (${dialect})`, () => {
    let server: TestServer;
    let counted: Counted[];
    const seen: unknown[] = [];

    beforeAll(async () => {
      server = await startTestServer(dialect);
      counted = await countedIncidents(server);
    });
    afterAll(async () => {
      results.set(dialect, seen);
      await server?.close();
    });

    const get = async (query: string): Promise<{ data: TrendData; notes: string[]; meta: Record<string, unknown> }> => {
      const res = await server.app.inject({ method: 'GET', url: `/api/v1/analytics/trends?${query}` });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      seen.push(body.data);
      return body;
    };

    it('is listed with its options', async () => {
      const res = await server.app.inject({ method: 'GET', url: '/api/v1/analytics' });
      const trends = res.json().data.find((a: { name: string }) => a.name === 'trends');
      expect(trends).toMatchObject({ title: 'Incident trends', methodology: '/methodology#trends' });
      expect(trends.options).toEqual(expect.arrayContaining(['from', 'province', 'interval', 'split']));
    });

    it('yearly totals equal the incidents counted one per cluster, peaking in the late 2000s', async () => {
      const { data, notes } = await get('interval=year');
      const byYear = sumBy(counted, (c) => c.month.slice(0, 4));
      const years = [...byYear.keys()].sort();
      expect(data.periods[0]).toBe(years[0]);
      expect(data.periods.at(-1)).toBe(years.at(-1));
      expect(data.series).toHaveLength(1);
      for (const p of data.series[0]!.points) {
        const want = byYear.get(p.period);
        expect(p.incidents, p.period).toBe(want?.incidents ?? 0);
        expect(p.killed, p.period).toEqual(want?.killed ?? { low: 0, best: 0, high: 0 });
        expect(p.injured, p.period).toEqual(want?.injured ?? { low: 0, best: 0, high: 0 });
      }
      expect(data.total.incidents).toBe(counted.length);
      // The suicide-attack data set peaks between 2007 and 2014.
      const peak = [...data.series[0]!.points].sort((a, b) => b.incidents - a.incidents)[0]!;
      expect(Number(peak.period)).toBeGreaterThanOrEqual(2007);
      expect(Number(peak.period)).toBeLessThanOrEqual(2014);
      // The years with no data set in between are zeros, flagged as a possible coverage gap.
      expect(notes.some((n) => /gap in the data sets' coverage/.test(n))).toBe(true);
    });

    it('months of one province split by district: every series on one zero-filled axis with gazetteer names', async () => {
      const { data } = await get('interval=month&province=PK5&from=2009-01&to=2010-12&split=district');
      const inPeriod = counted.filter((c) => c.province === 'PK5' && c.month >= '2009-01' && c.month <= '2010-12');
      const byDistrict = sumBy(inPeriod, (c) => c.district);
      const months = inPeriod.map((c) => c.month).sort();
      expect(data.periods[0]).toBe(months[0]);
      expect(data.periods.at(-1)).toBe(months.at(-1));
      expect(data.series.map((s) => s.key).sort()).toEqual([...byDistrict.keys()].sort());
      for (const s of data.series) {
        expect(s.points).toHaveLength(data.periods.length);
        expect(s.total.incidents, s.key!).toBe(byDistrict.get(s.key!)!.incidents);
        expect(s.total.killed, s.key!).toEqual(byDistrict.get(s.key!)!.killed);
      }
      const peshawar = data.series.find((s) => s.key === 'PK528')!;
      expect(peshawar.label).toBe('Peshawar');
      const perMonth = sumBy(inPeriod.filter((c) => c.district === 'PK528'), (c) => c.month);
      expect(peshawar.points.map((p) => p.incidents)).toEqual(data.periods.map((m) => perMonth.get(m)?.incidents ?? 0));
      // Ordered by incidents, most first.
      const totals = data.series.map((s) => s.total.incidents);
      expect([...totals].sort((a, b) => b - a)).toEqual(totals);
    });

    it('quarters split by front: labels from the vocabulary and the incidents without a front as their own series', async () => {
      const { data, notes } = await get('interval=quarter&split=front&from=2014');
      const inPeriod = counted.filter((c) => c.month >= '2014-01');
      const byFront = sumBy(inPeriod, (c) => c.front);
      for (const [front, want] of byFront) expect(data.series.find((s) => s.key === front)?.total.incidents, front).toBe(want.incidents);
      if (byFront.has('baloch-separatist')) expect(data.series.find((s) => s.key === 'baloch-separatist')!.label).toBe('Baloch separatist groups');
      if (byFront.has('')) {
        expect(data.series.find((s) => s.key === '')!.label).toBe('No front');
        expect(notes.some((n) => n.includes('have no front'))).toBe(true);
      }
      expect(data.periods.every((p) => /^\d{4}Q[1-4]$/.test(p))).toBe(true);
    });

    it('a front filter restricts the counts', async () => {
      const { data } = await get('interval=year&front=baloch-separatist');
      const want = counted.filter((c) => c.front === 'baloch-separatist');
      expect(want.length).toBeGreaterThan(0);
      expect(data.total.incidents).toBe(want.length);
    });

    it('names the quarters cut by the period', async () => {
      const { data, notes } = await get('interval=quarter&from=2009-02&to=2009-11');
      expect(data.partial).toEqual(['2009Q1', '2009Q4']);
      expect(notes.some((n) => n.includes('2009Q1 and 2009Q4'))).toBe(true);
    });

    it('CSV: one row per interval × split value, the same figures as the JSON', async () => {
      const { data } = await get('interval=year&split=province&from=2008&to=2010');
      const res = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/trends.csv?interval=year&split=province&from=2008&to=2010' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const lines = res.body.trimEnd().split('\r\n');
      const header = lines[0]!.split(',');
      expect(header.slice(0, 5)).toEqual(['period', 'province', 'province_label', 'incidents', 'suicide']);
      expect(lines).toHaveLength(1 + data.periods.length * data.series.length);
      const kp2009 = lines.find((l) => l.startsWith('2009,PK5,'))!.split(',');
      const series = data.series.find((s) => s.key === 'PK5')!;
      const point = series.points.find((p) => p.period === '2009')!;
      expect(Number(kp2009[header.indexOf('incidents')])).toBe(point.incidents);
      expect(Number(kp2009[header.indexOf('killed_high')])).toBe(point.killed.high);
    });

    it('metadata: sources, definition and a hash of the inputs that follows the data', async () => {
      const a = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/trends/metadata?interval=year' });
      const b = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/trends/metadata?interval=year' });
      const c = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/trends/metadata?interval=year&province=PK2' });
      expect(a.statusCode).toBe(200);
      const meta = a.json();
      expect(meta).toMatchObject({ analysis: 'trends', methodology: '/methodology#trends', options: { interval: 'year' } });
      expect(meta.definition).toMatchObject({ interval: 'year', split: null });
      expect(meta.inputs_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(b.json().inputs_hash).toBe(meta.inputs_hash);
      expect(c.json().inputs_hash).not.toBe(meta.inputs_hash);
    });

    it('a period without incidents is an empty series with a note, not zeros', async () => {
      const { data, notes } = await get('from=1980&to=1985');
      expect(data.periods).toEqual([]);
      expect(data.series).toEqual([]);
      expect(notes[0]).toMatch(/No incidents match/);
      const csv = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/trends.csv?from=1980&to=1985' });
      expect(csv.body.trimEnd().split('\r\n')).toHaveLength(1);
    });

    it('bad options are 400s naming the field; unknown places 404s naming them', async () => {
      const interval = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/trends?interval=week' });
      expect(interval.statusCode).toBe(400);
      expect(interval.json().error.message).toContain('interval');
      const split = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/trends?split=weather' });
      expect(split.statusCode).toBe(400);
      expect(split.json().error.message).toContain('split');
      const unknown = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/trends?district=PK999' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.message).toContain('PK999');
    });
  });
}

describe.runIf(testDialects().length > 1)('trends on every dialect', () => {
  it('gives identical results on SQLite and PostgreSQL', () => {
    const [first, ...rest] = [...results.values()];
    expect(first!.length).toBeGreaterThan(0);
    for (const other of rest) expect(other).toEqual(first);
  });
});
