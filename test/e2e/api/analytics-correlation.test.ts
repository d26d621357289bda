import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../../../src/db/database';
import { testDialects } from '../../helpers/databases';
import { startTestServer, type TestServer } from '../../helpers/server';

interface Result {
  n: number;
  rho: number | null;
  p_value: number | null;
  ci_low: number | null;
  ci_high: number | null;
  resamples: number;
  note: string | null;
}
interface CorrelationData {
  x: { code: string; year: number | null };
  y: { measure: string; period: { from: string; to: string } | null; population_years: number[] };
  overall: Result;
  provinces: Array<Result & { province: string }>;
  scatter: Array<{ district: string; province: string; x: number; y: number; x_rank: number; y_rank: number }>;
}

/** Spearman's ρ written out independently: Pearson's r of average ranks. */
function ranks(values: number[]): number[] {
  return values.map((v) => {
    const below = values.filter((w) => w < v).length;
    const equal = values.filter((w) => w === v).length;
    return below + (equal + 1) / 2;
  });
}
function rho(x: number[], y: number[]): number {
  const rx = ranks(x);
  const ry = ranks(y);
  const m = (rx.length + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  rx.forEach((r, i) => {
    sxy += (r - m) * (ry[i]! - m);
    sxx += (r - m) ** 2;
    syy += (ry[i]! - m) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

const results = new Map<DialectName, unknown[]>();

for (const dialect of testDialects()) {
  describe(`deprivation and violence (${dialect})`, () => {
    let server: TestServer;
    let incidentsByDistrict: Map<string, { n: number; killed: number }>;
    let poverty: Map<string, number>;
    let population: Array<{ pcode: string; year: number; value: number }>;
    let districts: Array<{ pcode: string; province_pcode: string }>;
    const seen: unknown[] = [];

    beforeAll(async () => {
      server = await startTestServer(dialect);
      const k = server.db.kysely;
      const rows = await k
        .selectFrom('incidents')
        .select(['id', 'cluster_id', 'district_pcode', 'date_start', 'killed_low', 'killed_best', 'killed_high'])
        .where('deleted_at', 'is', null)
        .execute();
      incidentsByDistrict = new Map();
      for (const r of rows) {
        if (r.cluster_id !== null && Number(r.cluster_id) !== Number(r.id)) continue;
        if (!r.district_pcode || r.date_start < '2007-01-01' || r.date_start > '2014-12-31') continue;
        const own = incidentsByDistrict.get(r.district_pcode) ?? { n: 0, killed: 0 };
        own.n += 1;
        own.killed += Number(r.killed_best ?? r.killed_low ?? r.killed_high ?? 0);
        incidentsByDistrict.set(r.district_pcode, own);
      }
      const values = await k.selectFrom('indicator_values').select(['indicator_code', 'area_pcode', 'year', 'value']).where('area_level', '=', 2).where('indicator_code', 'in', ['poverty_rate', 'population']).execute();
      const povertyYear = Math.max(...values.filter((v) => v.indicator_code === 'poverty_rate').map((v) => Number(v.year)));
      poverty = new Map(values.filter((v) => v.indicator_code === 'poverty_rate' && Number(v.year) === povertyYear).map((v) => [v.area_pcode, Number(v.value)]));
      population = values.filter((v) => v.indicator_code === 'population').map((v) => ({ pcode: v.area_pcode, year: Number(v.year), value: Number(v.value) }));
      districts = await k.selectFrom('districts').select(['pcode', 'province_pcode']).orderBy('pcode').execute();
    });
    afterAll(async () => {
      results.set(dialect, seen);
      await server?.close();
    });

    const get = async (query: string): Promise<{ data: CorrelationData; notes: string[] }> => {
      const res = await server.app.inject({ method: 'GET', url: `/api/v1/analytics/correlation?${query}` });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      seen.push(body.data);
      return body;
    };

    /** Latest population at or before 2014, else the earliest later one. */
    const populationOf = (pcode: string) => {
      const own = population.filter((p) => p.pcode === pcode && p.value > 0);
      return (own.filter((p) => p.year <= 2014).sort((a, b) => b.year - a.year)[0] ?? own.sort((a, b) => a.year - b.year)[0])?.value;
    };

    function expectedPairs(measure: 'incidents' | 'killed', province?: string) {
      const out: Array<{ pcode: string; x: number; y: number }> = [];
      for (const d of districts) {
        if (province && d.province_pcode !== province) continue;
        const x = poverty.get(d.pcode);
        const pop = populationOf(d.pcode);
        if (x === undefined || !pop) continue;
        const v = incidentsByDistrict.get(d.pcode);
        out.push({ pcode: d.pcode, x, y: (((measure === 'incidents' ? v?.n : v?.killed) ?? 0) * 100_000) / pop });
      }
      return out;
    }

    it('poverty and incidents per 100,000, 2007–2014: n, ρ, p, interval and scatter match an independent computation', async () => {
      const { data, notes } = await get('x=poverty_rate&y=incidents_per_100k&from=2007&to=2014&resamples=500');
      const pairs = expectedPairs('incidents');
      expect(data.overall.n).toBe(pairs.length);
      expect(data.overall.n).toBeGreaterThan(100);
      const expected = rho(
        pairs.map((p) => p.x),
        pairs.map((p) => p.y),
      );
      expect(data.overall.rho!).toBeCloseTo(expected, 10);
      expect(data.overall.p_value!).toBeGreaterThan(0);
      expect(data.overall.p_value!).toBeLessThan(1);
      expect(data.overall.ci_low!).toBeLessThanOrEqual(data.overall.rho!);
      expect(data.overall.ci_high!).toBeGreaterThanOrEqual(data.overall.rho!);
      expect(data.overall.resamples).toBe(500);
      expect(data.scatter).toHaveLength(pairs.length);
      const peshawar = data.scatter.find((s) => s.district === 'PK528')!;
      const own = pairs.find((p) => p.pcode === 'PK528')!;
      expect(peshawar.x).toBe(own.x);
      expect(peshawar.y).toBeCloseTo(own.y, 9);
      expect(peshawar.y_rank).toBe(ranks(pairs.map((p) => p.y))[pairs.indexOf(own)]);
      // Per province, where there are enough districts.
      const kp = data.provinces.find((p) => p.province === 'PK5')!;
      const kpPairs = expectedPairs('incidents', 'PK5');
      expect(kp.n).toBe(kpPairs.length);
      expect(kp.rho!).toBeCloseTo(
        rho(
          kpPairs.map((p) => p.x),
          kpPairs.map((p) => p.y),
        ),
        10,
      );
      const islamabad = data.provinces.find((p) => p.province === 'PK4');
      if (islamabad) expect(islamabad).toMatchObject({ rho: null, note: expect.stringContaining('at least 5 are needed') });
      expect(notes.join(' ')).toMatch(/associated with|no clear association/);
      expect(notes.join(' ')).not.toMatch(/caus/i);
    });

    it('killed per 100,000 uses best estimates', async () => {
      const { data } = await get('x=poverty_rate&y=killed_per_100k&from=2007&to=2014&resamples=200');
      const pairs = expectedPairs('killed');
      expect(data.overall.rho!).toBeCloseTo(
        rho(
          pairs.map((p) => p.x),
          pairs.map((p) => p.y),
        ),
        10,
      );
    });

    it('the same seed gives the same interval; another seed another', async () => {
      const a = (await get('x=poverty_rate&from=2007&to=2014&seed=5&resamples=300')).data.overall;
      const b = (await get('x=poverty_rate&from=2007&to=2014&seed=5&resamples=300')).data.overall;
      const c = (await get('x=poverty_rate&from=2007&to=2014&seed=6&resamples=300')).data.overall;
      expect(b).toEqual(a);
      expect([c.ci_low, c.ci_high]).not.toEqual([a.ci_low, a.ci_high]);
      expect(c.rho).toBe(a.rho);
    });

    it('defaults to the deprivation index and can correlate with the impact score', async () => {
      const dep = await get('from=2007&to=2014&resamples=200');
      expect(dep.data.x.code).toBe('deprivation');
      expect(dep.data.overall.n).toBeGreaterThan(100);
      expect(dep.data.overall.rho).not.toBeNull();
      const impact = await get('x=poverty_rate&y=impact&to=2014&resamples=200');
      expect(impact.data.y.measure).toBe('impact');
      expect(impact.data.overall.n).toBe([...poverty.keys()].filter((p) => districts.some((d) => d.pcode === p)).length);
    });

    it('too few districts: no correlation, and the message names the count', async () => {
      const { data, notes } = await get('x=poverty_rate&district=PK528,PK502,PK503');
      expect(data.overall).toMatchObject({ n: 3, rho: null, ci_low: null, ci_high: null });
      expect(data.overall.note).toBe('3 districts with both values; at least 5 are needed for a correlation');
      expect(data.scatter).toEqual([]);
      expect(notes.some((n) => n.includes('3 districts with both values'))).toBe(true);
    });

    it('a period without incidents: empty correlation with a note, not a ρ over zeros', async () => {
      const { data, notes } = await get('x=poverty_rate&from=1980&to=1985');
      expect(data.overall.rho).toBeNull();
      expect(data.overall.note).toMatch(/y is the same in all \d+ districts, so the rank correlation is undefined/);
      expect(notes.some((n) => n.startsWith('No incidents are recorded'))).toBe(true);
    });

    it('CSV is the scatter; metadata states the method and seed', async () => {
      const { data } = await get('x=poverty_rate&from=2007&to=2014&resamples=200');
      const res = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/correlation.csv?x=poverty_rate&from=2007&to=2014&resamples=200' });
      expect(res.statusCode).toBe(200);
      const lines = res.body.trimEnd().split('\r\n');
      expect(lines[0]).toBe('district,name,province,x,y,x_rank,y_rank');
      expect(lines).toHaveLength(1 + data.scatter.length);
      const meta = (await server.app.inject({ method: 'GET', url: '/api/v1/analytics/correlation/metadata?x=poverty_rate&seed=9&resamples=200' })).json();
      expect(meta).toMatchObject({
        analysis: 'correlation',
        methodology: '/methodology#deprivation-and-violence',
        definition: { statistic: 'spearman', ties: 'average ranks', interval: { seed: 9, resamples: 200, level: 0.95 } },
      });
    });

    it('404 naming an unknown indicator, 400 naming a bad option', async () => {
      const unknown = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/correlation?x=goat_density' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.message).toBe('Indicator goat_density not found');
      const y = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/correlation?y=vibes' });
      expect(y.statusCode).toBe(400);
      expect(y.json().error.message).toContain('y');
      const seed = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/correlation?seed=-1' });
      expect(seed.statusCode).toBe(400);
      expect(seed.json().error.message).toContain('seed');
      const district = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/correlation?district=PK9999' });
      expect(district.statusCode).toBe(404);
      expect(district.json().error.message).toContain('PK9999');
    });
  });
}

describe('correlation across databases', () => {
  it('gives the same figures on every dialect', () => {
    const runs = [...results.values()];
    if (runs.length < 2) return;
    expect(runs[1]).toEqual(runs[0]);
  });
});
