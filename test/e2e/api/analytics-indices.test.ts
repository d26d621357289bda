import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../../../src/db/database';
import { signInAll } from '../../helpers/sessions';
import { testDialects } from '../../helpers/databases';
import { startTestServer, type TestServer } from '../../helpers/server';

interface ImpactRow {
  pcode: string;
  name: string;
  province_pcode: string;
  rank: number;
  score: number;
  windowed: number;
  current: { incidents: number; deaths: number; injuries: number; hostages: number; raw: number };
  window: { incidents: number; deaths: number; injuries: number; hostages: number };
}
interface DeprivationRow {
  pcode: string;
  index: number | null;
  missing: number;
  components: { code: string; value: number | null; year: number | null; score: number | null }[];
}
interface RiskRow {
  pcode: string;
  risk: number | null;
  hazard: number | null;
  vulnerability: number | null;
  coping: number | null;
  missing: string[];
}

const results = new Map<DialectName, unknown>();
const YEAR = 2013;

/** Each district's windowed GTI value for YEAR, summed here straight from the incidents table. */
async function independentWindowed(server: TestServer): Promise<Map<string, { x: number; incidents: number; deaths: number }>> {
  const rows = await server.db.kysely
    .selectFrom('incidents')
    .select(['id', 'cluster_id', 'district_pcode', 'date_start', 'category', 'killed_low', 'killed_best', 'killed_high', 'injured_low', 'injured_best', 'injured_high', 'hostages_low', 'hostages_best', 'hostages_high'])
    .where('deleted_at', 'is', null)
    .execute();
  const weights: Record<number, number> = { [YEAR]: 16, [YEAR - 1]: 8, [YEAR - 2]: 4, [YEAR - 3]: 2, [YEAR - 4]: 1 };
  const out = new Map<string, { x: number; incidents: number; deaths: number }>();
  for (const r of rows) {
    if (r.cluster_id !== null && Number(r.cluster_id) !== Number(r.id)) continue;
    if (r.category !== 'militant_attack' || !r.district_pcode) continue;
    const year = Number(r.date_start.slice(0, 4));
    const w = weights[year];
    if (!w) continue;
    const killed = r.killed_best ?? r.killed_low ?? r.killed_high ?? 0;
    const injured = r.injured_best ?? r.injured_low ?? r.injured_high ?? 0;
    const hostages = r.hostages_best ?? r.hostages_low ?? r.hostages_high ?? 0;
    const e = out.get(r.district_pcode) ?? { x: 0, incidents: 0, deaths: 0 };
    e.x += (w * (1 + 3 * Number(killed) + 0.5 * Number(injured) + 0.5 * Number(hostages))) / 31;
    if (year === YEAR) {
      e.incidents += 1;
      e.deaths += Number(killed);
    }
    out.set(r.district_pcode, e);
  }
  return out;
}

describe.each(testDialects())('impact, deprivation and risk indices on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  }, 180_000);
  afterAll(async () => server?.close());

  const get = (url: string) => server.app.inject({ method: 'GET', url });

  it('scores districts by the GTI formula against the sums of the incidents', async () => {
    const res = await get(`/api/v1/analytics/impact?year=${YEAR}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const rows = body.data.rows as ImpactRow[];
    const districts = await server.db.kysely.selectFrom('districts').select('pcode').execute();
    expect(rows).toHaveLength(districts.length);
    const expected = await independentWindowed(server);
    const max = Math.max(...[...expected.values()].map((e) => e.x));
    expect(body.data.max_windowed).toBeCloseTo(max, 3);
    for (const row of rows) {
      const e = expected.get(row.pcode);
      const x = e?.x ?? 0;
      expect(row.windowed, row.pcode).toBeCloseTo(x, 3);
      expect(row.score, row.pcode).toBeCloseTo(x > 0 ? (10 * Math.log(1 + x)) / Math.log(1 + max) : 0, 3);
      expect(row.current.incidents).toBe(e?.incidents ?? 0);
      expect(row.current.deaths).toBe(e?.deaths ?? 0);
    }
    expect(rows[0]!.score).toBe(10);
    // Sorted by score, with competition ranks.
    expect(rows.map((r) => r.score)).toEqual([...rows.map((r) => r.score)].sort((a, b) => b - a));
    expect(body.meta.definition).toMatchObject({ name: 'impact', version: 1, parameters: { weights: { incidents: 1, deaths: 3, injuries: 0.5, hostages: 0.5 } } });
    expect(body.meta.inputs_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(body.notes.join(' ')).toMatch(/state counter-terrorism actions.*not terrorism/);
    results.set(dialect, { impact: body.data });
  });

  it('keeps the national scale when limited to a province, and scores provinces', async () => {
    const all = (await get(`/api/v1/analytics/impact?year=${YEAR}`)).json().data.rows as ImpactRow[];
    const kp = (await get(`/api/v1/analytics/impact?year=${YEAR}&province=PK5`)).json().data.rows as ImpactRow[];
    expect(kp.length).toBeGreaterThan(0);
    expect(kp.every((r) => r.province_pcode === 'PK5')).toBe(true);
    for (const r of kp) expect(r.score).toBe(all.find((a) => a.pcode === r.pcode)!.score);
    const provinces = (await get(`/api/v1/analytics/impact?year=${YEAR}&level=province`)).json().data.rows as ImpactRow[];
    const count = (await server.db.kysely.selectFrom('provinces').select('pcode').execute()).length;
    expect(provinces).toHaveLength(count);
    expect(provinces[0]!.score).toBe(10);
    // Province incidents of the year are at least the sum of its districts' (some have no district).
    const kpProvince = provinces.find((p) => p.pcode === 'PK5')!;
    expect(kpProvince.current.incidents).toBeGreaterThanOrEqual(kp.reduce((s, r) => s + r.current.incidents, 0));
  });

  it('serves the CSV and the metadata of the same computation', async () => {
    const json = (await get(`/api/v1/analytics/impact?year=${YEAR}`)).json();
    const csv = await get(`/api/v1/analytics/impact.csv?year=${YEAR}`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^rank,pcode,name,province_pcode,score,windowed,incidents,deaths,injuries,hostages,raw_2013,/);
    expect(lines).toHaveLength(json.data.rows.length + 1);
    const top = lines[1]!.split(',');
    expect(top[1]).toBe(json.data.rows[0].pcode);
    expect(Number(top[4])).toBe(json.data.rows[0].score);
    const meta = (await get(`/api/v1/analytics/impact/metadata?year=${YEAR}`)).json();
    expect(meta.inputs_hash).toBe(json.meta.inputs_hash);
    expect(meta.methodology).toBe('/methodology#terrorism-impact-score');
  });

  it('answers 400 and 404 naming the field or the thing', async () => {
    const level = await get('/api/v1/analytics/impact?level=tehsil');
    expect(level.statusCode).toBe(400);
    expect(level.json().error.message).toMatch(/level/);
    expect((await get('/api/v1/analytics/impact?year=soon')).statusCode).toBe(400);
    const version = await get('/api/v1/analytics/impact?definition_version=99');
    expect(version.statusCode).toBe(404);
    expect(version.json().error.message).toBe('Index definition impact v99 not found');
    const province = await get('/api/v1/analytics/risk?province=PK999');
    expect(province.statusCode).toBe(404);
    expect(province.json().error.message).toMatch(/PK999/);
  });

  it('gives an empty result with a note for a window without incidents', async () => {
    const body = (await get('/api/v1/analytics/impact?year=1980')).json();
    expect(body.data.rows).toEqual([]);
    expect(body.notes).toContain('No counted incidents in 1976–1980: every area scores 0 (the scale has no top).');
    const risk = (await get('/api/v1/analytics/risk?year=1980')).json();
    expect(risk.data.rows).toEqual([]);
    expect(risk.notes.join(' ')).toMatch(/No hazard figures.*No risk scores/);
  });

  it('computes the deprivation index from the indicator values', async () => {
    const body = (await get('/api/v1/analytics/deprivation')).json();
    const rows = body.data.rows as DeprivationRow[];
    const codes = ['poverty_rate', 'literacy_rate', 'improved_water', 'flush_toilet'];
    const values = await server.db.kysely
      .selectFrom('indicator_values')
      .select(['indicator_code', 'area_pcode', 'year', 'value'])
      .where('indicator_code', 'in', codes)
      .where('area_level', '=', 2)
      .execute();
    let checked = 0;
    for (const row of rows) {
      const latest = codes.map((code) => {
        const own = values.filter((v) => v.indicator_code === code && v.area_pcode === row.pcode).sort((a, b) => Number(b.year) - Number(a.year))[0];
        if (!own) return null;
        return code === 'poverty_rate' ? Number(own.value) : 100 - Number(own.value);
      });
      const present = latest.filter((v): v is number => v !== null);
      expect(row.missing, row.pcode).toBe(4 - present.length);
      if (present.length >= 2) {
        expect(row.index, row.pcode).toBeCloseTo(present.reduce((s, v) => s + v, 0) / present.length, 2);
        checked += 1;
      } else expect(row.index).toBeNull();
    }
    expect(checked).toBeGreaterThan(100);
    expect(body.notes.join(' ')).toMatch(/districts have fewer than 2 of the 4 indicators/);
    const two = (await get('/api/v1/analytics/deprivation?indicators=poverty_rate,literacy_rate')).json();
    expect(two.data.indicators.map((i: { code: string }) => i.code)).toEqual(['poverty_rate', 'literacy_rate']);
    results.set(dialect, { ...(results.get(dialect) as object), deprivation: body.data });
  });

  it('answers 404 for an unknown indicator and 400 for one without a direction', async () => {
    const unknown = await get('/api/v1/analytics/deprivation?indicators=poverty_rate,no_such_thing');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe('Indicator no_such_thing not found');
    const neutral = await get('/api/v1/analytics/deprivation?indicators=population');
    expect(neutral.statusCode).toBe(400);
    expect(neutral.json().error.fields[0].field).toBe('indicators');
    const empty = (await get('/api/v1/analytics/deprivation?reference_year=1990')).json();
    expect(empty.data.rows).toEqual([]);
    expect(empty.notes[0]).toMatch(/No district in the selection has a value/);
  });

  it('combines hazard, vulnerability and lack of coping by their geometric mean', async () => {
    const body = (await get(`/api/v1/analytics/risk?year=${YEAR}`)).json();
    const rows = body.data.rows as RiskRow[];
    const impact = new Map(((await get(`/api/v1/analytics/impact?year=${YEAR}`)).json().data.rows as ImpactRow[]).map((r) => [r.pcode, r.score]));
    const deprivation = new Map(((await get('/api/v1/analytics/deprivation')).json().data.rows as DeprivationRow[]).map((r) => [r.pcode, r.index]));
    const scored = rows.filter((r) => r.risk !== null);
    expect(scored.length).toBeGreaterThan(100);
    for (const r of rows) {
      expect(r.hazard).toBe(impact.get(r.pcode));
      const dep = deprivation.get(r.pcode);
      if (dep === null || dep === undefined) expect(r.vulnerability).toBeNull();
      else expect(r.vulnerability).toBeCloseTo(dep / 10, 6);
      if (r.risk !== null) expect(r.risk).toBeCloseTo(Math.cbrt(r.hazard! * r.vulnerability! * r.coping!), 3);
      else expect(r.missing.length).toBeGreaterThan(0);
    }
    expect(body.meta.definition).toMatchObject({ name: 'risk', version: 1, parameters: { impact_version: 1, deprivation_version: 1, implementation_dimension: 'non-kinetic' } });
    results.set(dialect, { ...(results.get(dialect) as object), risk: body.data });
  });

  it('publishes releases for coordinators only, audited, never twice, and serves them', async () => {
    expect((await get('/api/v1/analytics/releases')).json()).toEqual({ data: [] });
    const [coordinator, analyst] = await signInAll(server, [
      ['national_coordinator', null],
      ['analyst', null],
    ] as const);
    const post = (payload: unknown, headers?: Record<string, string>) => server.app.inject({ method: 'POST', url: '/api/v1/analytics/releases', payload: payload as object, headers });
    const body = { name: 'impact', release: '2013-final', year: YEAR };
    expect((await post(body)).statusCode).toBe(401);
    expect((await post(body, analyst.headers)).statusCode).toBe(403);
    const bad = await post({ ...body, release: '../x' }, coordinator.headers);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('release');
    const created = await post(body, coordinator.headers);
    expect(created.statusCode, created.body).toBe(201);
    const release = created.json();
    expect(release).toMatchObject({ name: 'impact', release: '2013-final', definition_version: 1, options: { year: YEAR, level: 'district' }, created_by: coordinator.user.id });
    const analysis = (await get(`/api/v1/analytics/impact?year=${YEAR}`)).json();
    expect(release.values).toEqual(analysis.data);
    expect(release.inputs_hash).toBe(analysis.meta.inputs_hash);

    const audit = await server.db.kysely.selectFrom('audit_log').selectAll().where('entity_type', '=', 'index_release').execute();
    expect(audit.map((a) => [a.action, a.entity_id, a.actor_id])).toEqual([['index_release.publish', 'impact/2013-final', coordinator.user.id]]);

    const again = await post(body, coordinator.headers);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/impact\/2013-final exists already/);

    const list = (await get('/api/v1/analytics/releases')).json().data;
    expect(list.map((r: { name: string; release: string }) => `${r.name}/${r.release}`)).toEqual(['impact/2013-final']);
    expect(list[0].values).toBeUndefined();
    const one = (await get('/api/v1/analytics/releases/impact/2013-final')).json();
    expect(one.values).toEqual(release.values);
    const missing = await get('/api/v1/analytics/releases/impact/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('Release impact/nope not found');
    const index = await get('/api/v1/analytics/releases/bogus/x');
    expect(index.statusCode).toBe(404);
    expect(index.json().error.message).toBe('Index bogus not found');

    const definitions = (await get('/api/v1/analytics/definitions')).json().data;
    expect(definitions.map((d: { name: string; version: number }) => `${d.name} v${d.version}`)).toEqual(['deprivation v1', 'impact v1', 'risk v1']);
  });
});

describe('the indices on both databases', () => {
  it.runIf(testDialects().length > 1)('are identical on SQLite and PostgreSQL', () => {
    expect(results.get('postgres')).toEqual(results.get('sqlite'));
  });
});
