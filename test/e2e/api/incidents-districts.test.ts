import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../../../src/db/database';
import { testDialects } from '../../helpers/databases';
import { startTestServer, type TestServer } from '../../helpers/server';

// The incidents page's map reads two answers for one filter set: the counts per district
// (/incidents/by-district) and the incidents themselves (/incidents.geojson, one per duplicate
// cluster). They must agree on every database, for every filter the page keeps in its address.

interface Count {
  district_pcode: string;
  incidents: number;
  killed: number;
  injured: number;
}

interface Feature {
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: { id: number; district_pcode: string | null; province_pcode: string | null; killed_low: number | null; killed_best: number | null; killed_high: number | null };
}

for (const dialect of testDialects()) {
  describe(`incident counts by district for the map (${dialect})`, () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startTestServer(dialect as DialectName);
    }, 120_000);
    afterAll(async () => server?.close());

    const get = async <T,>(url: string): Promise<T> => {
      const res = await server.app.inject({ method: 'GET', url });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      return res.json() as T;
    };

    /** The counts per district the GeoJSON export implies for the same filters. */
    const fromFeatures = async (query: string): Promise<Count[]> => {
      const { features } = await get<{ features: Feature[] }>(`/api/v1/incidents.geojson?${query}${query ? '&' : ''}dedupe=true`);
      const byDistrict = new Map<string, Count>();
      for (const { properties: p } of features) {
        if (!p.district_pcode) continue;
        const row = byDistrict.get(p.district_pcode) ?? { district_pcode: p.district_pcode, incidents: 0, killed: 0, injured: 0 };
        row.incidents += 1;
        row.killed += p.killed_best ?? p.killed_low ?? p.killed_high ?? 0;
        byDistrict.set(p.district_pcode, row);
      }
      return [...byDistrict.values()].sort((a, b) => a.district_pcode.localeCompare(b.district_pcode));
    };

    it('gives, for each filter the page offers, the counts its incidents add up to', async () => {
      const { data: all } = await get<{ data: Count[] }>('/api/v1/incidents/by-district');
      const busiest = [...all].sort((a, b) => b.incidents - a.incidents)[0]!;
      const { data: districts } = await get<{ data: { pcode: string; province_pcode: string }[] }>('/api/v1/geo/districts');
      const province = districts.find((d) => d.pcode === busiest.district_pcode)!.province_pcode;
      const queries = [
        '',
        `province=${province}`,
        `province=${province}&district=${busiest.district_pcode}`,
        'from=2010-03-15&to=2014-08-20',
        'front=ttp-and-affiliates',
        'category=militant_attack',
        'dataset=curated',
        'dataset=curated,pbc-suicide-attacks&from=2013-03-15&to=2016-08-20',
        'q=market',
      ];
      let nonEmpty = 0;
      for (const query of queries) {
        const { data } = await get<{ data: Count[] }>(`/api/v1/incidents/by-district?${query}`);
        const expected = await fromFeatures(query);
        expect(
          data.map(({ district_pcode, incidents, killed }) => ({ district_pcode, incidents, killed })),
          query,
        ).toEqual(expected.map(({ district_pcode, incidents, killed }) => ({ district_pcode, incidents, killed })));
        if (data.length > 0) nonEmpty += 1;
      }
      // Each filter narrowed something, and the filters were not all empty.
      expect(nonEmpty).toBeGreaterThanOrEqual(queries.length - 1);
    });

    it('counts only the chosen district when a district is chosen, within its province', async () => {
      const { data: all } = await get<{ data: Count[] }>('/api/v1/incidents/by-district');
      const target = all.find((c) => c.incidents > 1)!;
      const { data } = await get<{ data: Count[] }>(`/api/v1/incidents/by-district?district=${target.district_pcode}`);
      expect(data).toEqual([target]);
    });

    it('names the field of a bad filter', async () => {
      const res = await server.app.inject({ method: 'GET', url: '/api/v1/incidents/by-district?district=Lahore' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain('district');
      const reversed = await server.app.inject({ method: 'GET', url: '/api/v1/incidents/by-district?from=2020-01-01&to=2019-01-01' });
      expect(reversed.statusCode).toBe(400);
      expect(reversed.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['to']);
    });
  });
}
