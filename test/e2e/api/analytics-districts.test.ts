import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../../../src/db/database';
import { testDialects } from '../../helpers/databases';
import { startTestServer, type TestServer } from '../../helpers/server';

interface Range {
  low: number;
  best: number;
  high: number;
}
interface Per100k {
  incidents: number | null;
  killed: Range | null;
  injured: Range | null;
}
interface DistrictFigure {
  pcode: string;
  name: string;
  province_pcode: string;
  province_name: string;
  incidents: number;
  killed: Range;
  injured: Range;
  population: number | null;
  population_year: number | null;
  per_100k: Per100k;
}
interface ProvinceFigure {
  pcode: string;
  name: string;
  incidents: number;
  killed: Range;
  without_district: number;
  population: number | null;
  per_100k: Per100k;
}
interface DistrictsData {
  districts: DistrictFigure[];
  provinces: ProvinceFigure[];
  counts: { districts: number; without_population: number; population_after_period: number; without_district: number; unplaced: number };
  total: { incidents: number };
}

interface Counted {
  month: string;
  province: string;
  district: string;
  killed: Range;
  injured: Range;
}

const range = (low: number | null, best: number | null, high: number | null): Range => ({
  low: low ?? best ?? high ?? 0,
  best: best ?? low ?? high ?? 0,
  high: high ?? best ?? low ?? 0,
});

const results = new Map<DialectName, unknown[]>();

for (const dialect of testDialects()) {
  describe(`district figures analysis (${dialect})`, () => {
    let server: TestServer;
    let counted: Counted[];
    let population: { pcode: string; year: number; value: number }[];
    let districtCount: number;
    const seen: unknown[] = [];

    beforeAll(async () => {
      server = await startTestServer(dialect);
      const rows = await server.db.kysely.selectFrom('incidents').selectAll().where('deleted_at', 'is', null).execute();
      counted = rows
        .filter((r) => r.cluster_id === null || Number(r.cluster_id) === Number(r.id))
        .map((r) => ({
          month: r.date_start.slice(0, 7),
          province: r.province_pcode ?? '',
          district: r.district_pcode ?? '',
          killed: range(r.killed_low, r.killed_best, r.killed_high),
          injured: range(r.injured_low, r.injured_best, r.injured_high),
        }));
      population = (
        await server.db.kysely
          .selectFrom('indicator_values')
          .select(['area_pcode', 'year', 'value'])
          .where('indicator_code', '=', 'population')
          .where('area_level', '=', 2)
          .execute()
      ).map((r) => ({ pcode: r.area_pcode, year: Number(r.year), value: Number(r.value) }));
      districtCount = Number((await server.db.kysely.selectFrom('districts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    });
    afterAll(async () => {
      results.set(dialect, seen);
      await server?.close();
    });

    const get = async (query: string): Promise<{ data: DistrictsData; notes: string[] }> => {
      const res = await server.app.inject({ method: 'GET', url: `/api/v1/analytics/districts?${query}` });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      seen.push(body.data);
      return body;
    };

    /** The population the rule picks: latest year ≤ endYear, else the earliest later one. */
    const populationOf = (pcode: string, endYear: number) => {
      const own = population.filter((p) => p.pcode === pcode);
      const before = own.filter((p) => p.year <= endYear).sort((a, b) => b.year - a.year)[0];
      return before ?? own.sort((a, b) => a.year - b.year)[0] ?? null;
    };

    it('2007–2014: every district with its incidents, casualties and rates per 100,000 from the census population', async () => {
      const { data, notes } = await get('from=2007&to=2014');
      const inPeriod = counted.filter((c) => c.month >= '2007-01' && c.month <= '2014-12');
      expect(data.total.incidents).toBe(inPeriod.length);
      expect(data.districts).toHaveLength(districtCount);
      for (const d of data.districts) {
        const own = inPeriod.filter((c) => c.district === d.pcode);
        expect(d.incidents, d.pcode).toBe(own.length);
        expect(d.killed.best, d.pcode).toBe(own.reduce((s, c) => s + c.killed.best, 0));
        expect(d.killed.high, d.pcode).toBe(own.reduce((s, c) => s + c.killed.high, 0));
        expect(d.injured.low, d.pcode).toBe(own.reduce((s, c) => s + c.injured.low, 0));
        const pop = populationOf(d.pcode, 2014);
        expect(d.population, d.pcode).toBe(pop?.value ?? null);
        expect(d.population_year, d.pcode).toBe(pop?.year ?? null);
        if (pop) {
          expect(d.per_100k.incidents!, d.pcode).toBeCloseTo((own.length * 100_000) / pop.value, 4);
          expect(d.per_100k.killed!.best, d.pcode).toBeCloseTo((d.killed.best * 100_000) / pop.value, 4);
        } else {
          expect(d.per_100k).toEqual({ incidents: null, killed: null, injured: null });
        }
      }
      // Peshawar had the most suicide attacks of any district in those years.
      expect(data.districts[0]!).toMatchObject({ pcode: 'PK528', name: 'Peshawar', province_name: 'Khyber Pakhtunkhwa' });
      expect(data.counts.without_population).toBe(data.districts.filter((d) => d.population === null).length);
      expect(notes.some((n) => n.includes(`${data.counts.without_population} district(s) have no population`))).toBe(true);
    });

    it('province totals include incidents placed in a province only; their rates need every district\'s population', async () => {
      const { data } = await get('');
      for (const p of data.provinces) {
        const own = counted.filter((c) => c.province === p.pcode);
        expect(p.incidents, p.pcode).toBe(own.length);
        expect(p.killed.best, p.pcode).toBe(own.reduce((s, c) => s + c.killed.best, 0));
        expect(p.without_district, p.pcode).toBe(own.filter((c) => c.district === '').length);
        const districts = data.districts.filter((d) => d.province_pcode === p.pcode);
        if (districts.every((d) => d.population !== null)) {
          const total = districts.reduce((s, d) => s + d.population!, 0);
          expect(p.population).toBe(total);
          expect(p.per_100k.incidents!).toBeCloseTo((p.incidents * 100_000) / total, 4);
        } else {
          expect(p.population).toBeNull();
          expect(p.per_100k.incidents).toBeNull();
        }
      }
      expect(data.provinces.map((p) => p.pcode).sort()).toEqual(['PK1', 'PK2', 'PK3', 'PK4', 'PK5', 'PK6', 'PK7']);
    });

    it('a province filter lists only its districts and its own total', async () => {
      const { data } = await get('province=PK2&from=2023');
      expect(data.districts.every((d) => d.province_pcode === 'PK2')).toBe(true);
      expect(data.provinces.map((p) => p.pcode)).toEqual(['PK2']);
      expect(data.provinces[0]!.incidents).toBe(counted.filter((c) => c.province === 'PK2' && c.month >= '2023-01').length);
    });

    it('CSV: one row per district', async () => {
      const { data } = await get('from=2009&to=2009');
      const res = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/districts.csv?from=2009&to=2009' });
      expect(res.statusCode).toBe(200);
      const lines = res.body.trimEnd().split('\r\n');
      const header = lines[0]!.split(',');
      expect(header).toEqual(expect.arrayContaining(['pcode', 'name', 'incidents', 'killed_best', 'population', 'incidents_per_100k']));
      expect(lines).toHaveLength(1 + districtCount);
      const first = lines[1]!.split(',');
      expect(first[header.indexOf('pcode')]).toBe(data.districts[0]!.pcode);
      expect(Number(first[header.indexOf('incidents')])).toBe(data.districts[0]!.incidents);
    });

    it('metadata names the population source and the rule', async () => {
      const meta = (await server.app.inject({ method: 'GET', url: '/api/v1/analytics/districts/metadata?to=2014' })).json();
      expect(meta).toMatchObject({ analysis: 'districts', methodology: '/methodology#district-figures', filters: { to: '2014-12' } });
      expect(meta.sources.map((s: { title: string }) => s.title).join(' ')).toMatch(/census/);
      expect(meta.definition.population).toMatch(/latest year at or before/);
    });

    it('a period without incidents is empty with a note, not a map of zeros', async () => {
      const { data, notes } = await get('from=1980&to=1990');
      expect(data.districts).toEqual([]);
      expect(data.provinces).toEqual([]);
      expect(notes[0]).toMatch(/No incidents match/);
    });

    it('400 for a malformed period, 404 naming an unknown district', async () => {
      const bad = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/districts?from=last-week' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toContain('from');
      const unknown = await server.app.inject({ method: 'GET', url: '/api/v1/analytics/districts?district=PK9999' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.message).toContain('PK9999');
    });
  });
}

describe.runIf(testDialects().length > 1)('district figures on every dialect', () => {
  it('gives identical results on SQLite and PostgreSQL', () => {
    const [first, ...rest] = [...results.values()];
    expect(first!.length).toBeGreaterThan(0);
    for (const other of rest) expect(other).toEqual(first);
  });
});
