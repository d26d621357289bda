import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type SignedIn } from '../../helpers/auth';
import { DATA_DIR } from '../../helpers/bundledGazetteer';
import { startTestServer, type TestServer } from '../../helpers/server';

interface Incident {
  id: number;
  dataset: string;
  native_key: string;
  date_start: string;
  province_pcode: string | null;
  district_pcode: string | null;
  front: string | null;
  category: string;
  attack_type: string | null;
  killed: { low: number | null; best: number | null; high: number | null };
  cluster_id: number | null;
  deleted_at: string | null;
  updated_at: string;
  notes: string | null;
  place: string | null;
  title: string | null;
}

function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer }) {
  const boundary = `----napBoundary${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('incidents API', () => {
  let server: TestServer;
  let analyst: SignedIn;
  let coordinator: SignedIn;
  let admin: SignedIn;
  let focal: SignedIn;

  beforeAll(async () => {
    server = await startTestServer();
    analyst = await signIn(server, 'analyst');
    coordinator = await signIn(server, 'national_coordinator');
    admin = await signIn(server, 'admin');
    focal = await signIn(server, 'provincial_focal_person', 'PK5');
  });
  afterAll(async () => server?.close());

  const get = (url: string) => server.app.inject({ method: 'GET', url });
  const list = async (query: string): Promise<{ data: Incident[]; next_cursor: string | null }> => {
    const res = await get(`/api/v1/incidents?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const fieldsOf = async (url: string) => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(400);
    return res.json().error.fields.map((f: { field: string }) => f.field);
  };

  it('serves the bundled incidents newest first, a page at a time through cursors', async () => {
    const first = await list('limit=50');
    expect(first.data).toHaveLength(50);
    const dates = first.data.map((i) => i.date_start);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await list(`limit=50&cursor=${first.next_cursor}`);
    expect(second.data[0]!.date_start <= dates.at(-1)!).toBe(true);
    expect(new Set([...first.data, ...second.data].map((i) => i.id)).size).toBe(100);

    // Paging to the end visits every incident of a data set exactly once.
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: Incident[]; next_cursor: string | null } = await list(`dataset=pbc-suicide-attacks&sort=date&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.data.map((i) => i.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(489);
    expect(new Set(seen).size).toBe(489);
  });

  it('combines filters', async () => {
    const kp = await list('province=PK5&from=2007&to=2009&min_killed=20&dataset=pbc-suicide-attacks&limit=500');
    expect(kp.data.length).toBeGreaterThan(10);
    for (const i of kp.data) {
      expect(i.province_pcode).toBe('PK5');
      expect(i.date_start >= '2007-01-01' && i.date_start <= '2009-12-31').toBe(true);
      expect(i.killed.best ?? i.killed.low ?? i.killed.high).toBeGreaterThanOrEqual(20);
    }
    const peshawar = await list('district=pk528&dataset=curated');
    expect(peshawar.data.map((i) => i.district_pcode)).toEqual(['PK528', 'PK528']);
    const baloch = await list('front=baloch-separatist,iskp&dataset=curated&sort=date');
    expect(baloch.data.map((i) => i.front)).toEqual(expect.arrayContaining(['baloch-separatist', 'iskp']));
    expect(baloch.data.every((i) => i.front === 'baloch-separatist' || i.front === 'iskp')).toBe(true);
    const mosque = await list('q=mosque&dataset=curated');
    expect(mosque.data.length).toBeGreaterThan(0);
    expect(mosque.data.every((i) => `${i.notes} ${i.place} ${i.title}`.toLowerCase().includes('mosque'))).toBe(true);
    const hijack = await list('attack_type=Hijacking&category=militant_attack');
    expect(hijack.data.map((i) => i.native_key)).toEqual(['jaffar-express-hijack-2025']);
    const deadliest = await list('sort=-killed&limit=3');
    const killed = deadliest.data.map((i) => i.killed.best ?? i.killed.low ?? i.killed.high ?? -1);
    expect([...killed].sort((a, b) => b - a)).toEqual(killed);
  });

  it('answers 400 for each bad filter, naming it', async () => {
    expect(await fieldsOf('/api/v1/incidents?from=2024-13')).toEqual(['from']);
    expect(await fieldsOf('/api/v1/incidents?province=Punjab')).toEqual(['province']);
    expect(await fieldsOf('/api/v1/incidents?front=taliban')).toEqual(['front']);
    expect(await fieldsOf('/api/v1/incidents?min_killed=-1')).toEqual(['min_killed']);
    expect(await fieldsOf('/api/v1/incidents?limit=0')).toEqual(['limit']);
    expect(await fieldsOf('/api/v1/incidents?updated_since=yesterday')).toEqual(['updated_since']);
    expect(await fieldsOf('/api/v1/incidents?from=2020&to=2019')).toEqual(['to']);
    expect(await fieldsOf('/api/v1/incidents?cursor=nonsense')).toEqual(['cursor']);
    const page = await list('limit=1');
    const wrongSort = await get(`/api/v1/incidents?sort=date&cursor=${page.next_cursor}`);
    expect(wrongSort.json().error.message).toContain('was made for sort=-date');
  });

  it('shows one incident with its sources and its cluster of duplicates', async () => {
    const [aps] = (await list('dataset=curated&q=army public school')).data;
    const res = await get(`/api/v1/incidents/${aps!.id}`);
    expect(res.statusCode).toBe(200);
    const detail = res.json();
    expect(detail.incident).toMatchObject({ native_key: 'aps-peshawar-2014', district_pcode: 'PK528', group_code: 'ttp', killed: { low: 144, high: 149 } });
    expect(detail.sources.map((s: { id: string }) => s.id)).toEqual(['S3', 'S95', 'S96', 'S97']);
    // The suicide-attack data set has the same attack: one cluster, represented by the curated record.
    expect(detail.cluster.id).toBe(aps!.id);
    expect(detail.cluster.members.map((m: Incident) => m.dataset).sort()).toEqual(['curated', 'pbc-suicide-attacks']);
    expect(detail.cluster.links[0]).toMatchObject({ by: 'rule' });
    expect(detail.cluster.rule).toMatch(/same district/);
    expect((await get('/api/v1/incidents/999999')).statusCode).toBe(404);
    expect((await get('/api/v1/incidents/abc')).json().error.fields[0].field).toBe('id');
  });

  it('documents the incident and import routes in OpenAPI', async () => {
    const doc = (await get('/api/openapi.json')).json();
    for (const p of ['/api/v1/incidents', '/api/v1/incidents/{id}', '/api/v1/incidents.csv', '/api/v1/incidents.geojson', '/api/v1/incidents/by-district', '/api/v1/imports', '/api/v1/imports/{id}']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    const params = doc.paths['/api/v1/incidents'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['from', 'to', 'province', 'district', 'front', 'group', 'category', 'event_type', 'attack_type', 'min_killed', 'dataset', 'q', 'updated_since', 'include_deleted', 'sort', 'limit', 'cursor']));
  });

  it('counts incidents per district, each cluster once', async () => {
    const res = await get('/api/v1/incidents/by-district?from=2014-12-16&to=2014-12-16');
    const peshawar = res.json().data.find((d: { district_pcode: string }) => d.district_pcode === 'PK528');
    expect(peshawar).toMatchObject({ incidents: 1 });
    const all = await list('from=2014-12-16&to=2014-12-16&district=PK528');
    expect(all.data).toHaveLength(2);
    expect((await list('from=2014-12-16&to=2014-12-16&district=PK528&dedupe=true')).data).toHaveLength(1);
  });

  it('exports CSV and GeoJSON with the same filters', async () => {
    const csv = await get('/api/v1/incidents.csv?dataset=curated');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('incidents.csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,dataset,native_key,title,date_start/);
    expect(csv.body.match(/\r\n\d+,curated,/g)).toHaveLength(16);
    const geo = await get('/api/v1/incidents.geojson?dataset=pbc-suicide-attacks&province=PK4');
    expect(geo.headers['content-type']).toMatch(/^application\/geo\+json/);
    const collection = geo.json();
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.length).toBeGreaterThan(10);
    expect(collection.features[0].geometry.type).toBe('Point');
    expect(collection.features.every((f: { properties: { province_pcode: string } }) => f.properties.province_pcode === 'PK4')).toBe(true);
    expect((await get('/api/v1/incidents.csv?front=nope')).statusCode).toBe(400);
  });

  it('lets analysts, coordinators and administrators write incidents, and nobody else', async () => {
    const body = { date_start: '2025-06-02', category: 'militant_attack', district_pcode: 'PK503', killed: { best: 3 }, attack_type: 'Armed Assault', group_code: 'hafiz-gul-bahadur' };
    const anonymous = await server.app.inject({ method: 'POST', url: '/api/v1/incidents', payload: body });
    expect(anonymous.statusCode).toBe(401);
    const provincial = await server.app.inject({ method: 'POST', url: '/api/v1/incidents', payload: body, headers: focal.headers });
    expect(provincial.statusCode).toBe(403);
    const noCsrf = await server.app.inject({ method: 'POST', url: '/api/v1/incidents', payload: body, headers: { cookie: analyst.headers.cookie } });
    expect(noCsrf.statusCode).toBe(403);

    const bad = async (payload: Record<string, unknown>) => {
      const res = await server.app.inject({ method: 'POST', url: '/api/v1/incidents', payload, headers: analyst.headers });
      expect(res.statusCode, res.body).toBe(400);
      return res.json().error.fields.map((f: { field: string; message: string }) => [f.field, f.message]);
    };
    expect((await bad({ ...body, date_start: undefined })).map((f: string[]) => f[0])).toEqual(['date_start']);
    expect(await bad({ ...body, date_start: '2025-02-30' })).toEqual([['date_start', '2025-02-30 is not a real date']]);
    expect((await bad({ ...body, killed: { best: -1 } })).map((f: string[]) => f[0])).toEqual(['killed.best']);
    expect(await bad({ ...body, killed: { low: 5, best: 3 } })).toEqual([['killed.low', 'killed low (5) is above best (3); need low ≤ best ≤ high']]);
    expect((await bad({ ...body, latitude: 120, longitude: 70 })).map((f: string[]) => f[0])).toEqual(['latitude']);
    expect((await bad({ ...body, category: 'raid' })).map((f: string[]) => f[0])).toEqual(['category']);
    expect(await bad({ ...body, district_pcode: 'PK999' })).toEqual([['district_pcode', 'PK999 is not a COD-AB 2022 district P-code']]);
    expect(await bad({ ...body, group_code: 'nobody' })).toEqual([['group_code', 'nobody is not in the groups catalogue']]);

    const created = await server.app.inject({ method: 'POST', url: '/api/v1/incidents', payload: body, headers: analyst.headers });
    expect(created.statusCode, created.body).toBe(201);
    const incident = created.json().incident;
    expect(incident).toMatchObject({ dataset: 'manual', province_pcode: 'PK5', district_pcode: 'PK503', placement: 'given', front: 'ttp-and-affiliates', killed: { best: 3 } });

    const patched = await server.app.inject({
      method: 'PATCH',
      url: `/api/v1/incidents/${incident.id}`,
      payload: { killed: { low: 3, best: 4 }, latitude: 32.99, longitude: 70.6, geo_precision: 1, district_pcode: null },
      headers: coordinator.headers,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().incident).toMatchObject({ killed: { low: 3, best: 4 }, placement: 'coordinates', district_pcode: 'PK503' });
    expect((await server.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${incident.id}`, payload: {}, headers: analyst.headers })).statusCode).toBe(400);

    // An editor who read the incident before the coordinator's correction is refused, and nothing
    // of theirs is saved; with the version read after it, the same change goes through.
    const patch = (payload: Record<string, unknown>, method: 'PATCH' | 'DELETE' = 'PATCH') =>
      server.app.inject({ method, url: `/api/v1/incidents/${incident.id}`, payload, headers: analyst.headers });
    const stale = await patch({ killed: { best: 9 }, updated_at: incident.updated_at });
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.json().error).toMatchObject({ id: 'version_conflict', details: { current_updated_at: patched.json().incident.updated_at } });
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/incidents/${incident.id}` })).json().incident.killed.best).toBe(4);
    expect((await patch({ killed: { best: 9 }, updated_at: 'yesterday' })).json().error.fields).toEqual([{ field: 'updated_at', message: expect.stringContaining("updated_at as read") }]);
    expect((await patch({ updated_at: patched.json().incident.updated_at })).statusCode).toBe(400);
    const fresh = await patch({ killed: { low: 3, best: 5 }, updated_at: patched.json().incident.updated_at });
    expect(fresh.statusCode, fresh.body).toBe(200);
    expect(fresh.json().incident.killed.best).toBe(5);
    expect((await patch({ reason: 'duplicate entry', updated_at: patched.json().incident.updated_at }, 'DELETE')).statusCode).toBe(409);

    const since = new Date(Date.now() - 1000).toISOString();
    const deleted = await server.app.inject({ method: 'DELETE', url: `/api/v1/incidents/${incident.id}`, headers: admin.headers });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().incident.deleted_at).toEqual(expect.any(String));
    expect((await server.app.inject({ method: 'DELETE', url: `/api/v1/incidents/${incident.id}`, headers: admin.headers })).statusCode).toBe(409);
    expect((await list('dataset=manual')).data).toHaveLength(0);
    // Delta sync sees the tombstone.
    const sync = await list(`sort=updated&include_deleted=true&updated_since=${encodeURIComponent(since)}`);
    expect(sync.data.find((i) => i.id === incident.id)?.deleted_at).toEqual(expect.any(String));

    const audit = await server.db.kysely.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_type', '=', 'incident').where('entity_id', '=', String(incident.id)).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['incident.create', 'incident.update', 'incident.update', 'incident.delete']);
    expect(audit[0]!.actor_id).toBe(analyst.user.id);
  });

  it('lets an editor break and make links between duplicates', async () => {
    const pair = (await list('from=2014-12-16&to=2014-12-16&district=PK528')).data;
    const [a, b] = pair;
    const url = `/api/v1/incidents/${a!.id}/links`;
    expect((await server.app.inject({ method: 'DELETE', url: `${url}/${b!.id}` })).statusCode).toBe(401);
    expect((await server.app.inject({ method: 'DELETE', url: `${url}/${b!.id}`, headers: focal.headers })).statusCode).toBe(403);
    const broken = await server.app.inject({ method: 'DELETE', url: `${url}/${b!.id}`, headers: analyst.headers });
    expect(broken.statusCode, broken.body).toBe(200);
    expect(broken.json()).toMatchObject({ incident: { cluster_id: null }, cluster: null });
    const made = await server.app.inject({ method: 'POST', url, payload: { incident: b!.id }, headers: analyst.headers });
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json().cluster.members).toHaveLength(2);
    expect(made.json().cluster.links[0]).toMatchObject({ by: 'manual' });
    expect((await server.app.inject({ method: 'POST', url, payload: { incident: a!.id }, headers: analyst.headers })).statusCode).toBe(400);
    expect((await server.app.inject({ method: 'POST', url, payload: { incident: 99_999_999 }, headers: analyst.headers })).statusCode).toBe(404);
  });
});

describe('imports API', () => {
  let server: TestServer;
  let analyst: SignedIn;
  let focal: SignedIn;
  const acled = fs.readFileSync(path.join(DATA_DIR, 'samples/acled-pakistan-sample.csv'));

  beforeAll(async () => {
    server = await startTestServer();
    analyst = await signIn(server, 'analyst');
    focal = await signIn(server, 'provincial_approver', 'PK2');
  });
  afterAll(async () => server?.close());

  const upload = (form: ReturnType<typeof multipart>, headers: Record<string, string> = analyst.headers, query = '') =>
    server.app.inject({ method: 'POST', url: `/api/v1/imports${query}`, payload: form.payload, headers: { ...headers, 'content-type': form.contentType } });

  it('imports an uploaded file as a batch, reports it, and undoes it', async () => {
    const form = multipart({ format: 'acled' }, { name: 'acled.csv', bytes: acled });
    expect((await upload(form, {})).statusCode).toBe(401);
    expect((await upload(form, focal.headers)).statusCode).toBe(403);

    const res = await upload(form);
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json();
    expect(report).toMatchObject({ format: 'acled', file: 'acled.csv', rows: 12, imported: 12, rejected_rows: 0 });
    // Duplicates of the bundled curated incidents are linked on import.
    expect(report.clusters_changed).toBeGreaterThan(0);

    const again = await upload(multipart({ format: 'acled' }, { name: 'acled.csv', bytes: acled }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ batch: null, unchanged: 12 });

    const batch = await server.app.inject({ method: 'GET', url: `/api/v1/imports/${report.batch}`, headers: analyst.headers });
    expect(batch.statusCode).toBe(200);
    expect(batch.json()).toMatchObject({ id: report.batch, kind: 'incidents', format: 'acled', status: 'applied', report: { imported: 12 } });
    const listed = await server.app.inject({ method: 'GET', url: '/api/v1/imports?kind=incidents', headers: analyst.headers });
    expect(listed.json().data[0].id).toBe(report.batch);

    const undone = await server.app.inject({ method: 'DELETE', url: `/api/v1/imports/${report.batch}`, headers: analyst.headers });
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json()).toMatchObject({ undone: { removed: 12 }, batch: { status: 'undone' } });
    expect((await server.app.inject({ method: 'DELETE', url: `/api/v1/imports/${report.batch}`, headers: analyst.headers })).statusCode).toBe(409);
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/imports/999999', headers: analyst.headers })).statusCode).toBe(404);
    const live = await server.app.inject({ method: 'GET', url: '/api/v1/incidents?dataset=acled' });
    expect(live.json().data).toHaveLength(0);
  });

  it('takes a raw CSV body, a shipped mapping, and a dry run', async () => {
    const ucdp = fs.readFileSync(path.join(DATA_DIR, 'samples/ucdp-ged-pakistan-sample.csv'));
    const dry = await server.app.inject({
      method: 'POST',
      url: '/api/v1/imports?format=ucdp&dry_run=true',
      payload: ucdp,
      headers: { ...analyst.headers, 'content-type': 'text/csv' },
    });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ batch: null, dry_run: true, imported: 6 });
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/incidents?dataset=ucdp' })).json().data).toHaveLength(0);

    const curated = fs.readFileSync(path.join(DATA_DIR, 'domain/incidents-curated.csv'));
    const mapped = await upload(multipart({ format: 'csv', mapping: 'curated-incidents' }, { name: 'curated.csv', bytes: curated }));
    expect(mapped.statusCode, mapped.body).toBe(200);
    expect(mapped.json()).toMatchObject({ mapping: 'curated-incidents', unchanged: 16, imported: 0 });
  });

  it('refuses bad uploads with the field and reason, and uploads over the limit with 413', async () => {
    const noFormat = await upload(multipart({}, { name: 'a.csv', bytes: acled }));
    expect(noFormat.statusCode).toBe(400);
    expect(noFormat.json().error.fields[0].field).toBe('format');
    const noMapping = await upload(multipart({ format: 'csv' }, { name: 'a.csv', bytes: acled }));
    expect(noMapping.json().error.fields[0]).toEqual({ field: 'mapping', message: 'a csv import needs a mapping' });
    const badMapping = await upload(multipart({ format: 'csv', mapping: '{"dataset":"x"}' }, { name: 'a.csv', bytes: acled }));
    expect(badMapping.json().error.fields[0].field).toBe('mapping');
    const wrongLayout = await upload(multipart({ format: 'gtd' }, { name: 'a.csv', bytes: acled }));
    expect(wrongLayout.statusCode).toBe(400);
    expect(wrongLayout.json().error.message).toMatch(/lacks the columns "eventid", "iyear"/);
    const noFile = await upload(multipart({ format: 'acled' }));
    expect(noFile.json().error.fields[0]).toEqual({ field: 'file', message: 'the form has no file field named "file"' });

    const big = Buffer.alloc(33 * 1024 * 1024, 'a');
    const raw = await server.app.inject({ method: 'POST', url: '/api/v1/imports?format=acled', payload: big, headers: { ...analyst.headers, 'content-type': 'text/csv' } });
    expect(raw.statusCode).toBe(413);
    expect(raw.json().error.id).toBe('payload_too_large');
    const form = await upload(multipart({ format: 'acled' }, { name: 'big.csv', bytes: big }));
    expect(form.statusCode).toBe(413);
    expect(form.json().error.id).toBe('payload_too_large');
  });
});
