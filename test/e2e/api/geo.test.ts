import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../helpers/databases';
import { startTestServer, type TestServer } from '../../helpers/server';

describe.each(testDialects())('geography API on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(async () => server?.close());

  const get = (url: string) => server.app.inject({ method: 'GET', url });

  it('lists the 7 provinces and 160 districts', async () => {
    const provinces = (await get('/api/v1/geo/provinces')).json();
    expect(provinces.data).toHaveLength(7);
    const districts = await get('/api/v1/geo/districts');
    expect(districts.statusCode).toBe(200);
    expect(districts.json().data).toHaveLength(160);
    const peshawar = districts.json().data.find((d: { name: string }) => d.name === 'Peshawar');
    expect(peshawar).toMatchObject({ province_pcode: 'PK5', province_name: 'Khyber Pakhtunkhwa' });
    expect(peshawar.centroid.lat).toBeGreaterThan(33.8);
    expect(peshawar.centroid.lat).toBeLessThan(34.3);
  });

  it('filters districts by province and names an unknown province', async () => {
    const kp = (await get('/api/v1/geo/districts?province=PK5')).json().data as { province_pcode: string }[];
    expect(kp.length).toBeGreaterThan(30);
    expect(kp.every((d) => d.province_pcode === 'PK5')).toBe(true);
    const unknown = await get('/api/v1/geo/districts?province=PK9');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain('PK9');
  });

  it('returns one district with its latest indicator values, and 404 naming an unknown P-code', async () => {
    const res = await get('/api/v1/geo/districts/PK528');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.district.name).toBe('Peshawar');
    const population = body.indicators.find((i: { code: string }) => i.code === 'population');
    expect(population.year).toBe(2023);
    expect(population.value).toBeGreaterThan(4_000_000);
    const missing = await get('/api/v1/geo/districts/PK999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({ id: 'not_found', status: 404 });
    expect(missing.json().error.message).toContain('PK999');
  });

  it('resolves names, with aliases, punctuation and suffixes', async () => {
    const dik = (await get('/api/v1/geo/resolve?name=D.I.%20Khan')).json();
    // COD-AB 2022 names Dera Ismail Khan "D. I. Khan" (PK509).
    expect(dik).toMatchObject({ status: 'matched', pcode: 'PK509', level: 2 });
    const full = (await get('/api/v1/geo/resolve?name=Dera%20Ismail%20Khan%20District')).json();
    expect(full).toMatchObject({ status: 'matched', pcode: 'PK509' });

    const bajaur = (await get('/api/v1/geo/resolve?name=Bajaur%20Agency')).json();
    expect(bajaur).toMatchObject({ status: 'matched', name: 'Bajaur' });
    expect(bajaur.reason.toLowerCase()).toContain('alias');

    const province = (await get('/api/v1/geo/resolve?name=Balochistan%20province')).json();
    expect(province).toMatchObject({ status: 'matched', level: 1, pcode: 'PK2' });

    const unknown = (await get('/api/v1/geo/resolve?name=Atlantis')).json();
    expect(unknown.status).toBe('unknown');
    expect(unknown.pcode).toBeUndefined();
  });

  it('resolves coordinates to the containing district, or outside Pakistan', async () => {
    const peshawar = (await get('/api/v1/geo/resolve?lat=34.0151&lon=71.5249')).json();
    expect(peshawar).toMatchObject({ status: 'inside', pcode: 'PK528', name: 'Peshawar' });
    const delhi = (await get('/api/v1/geo/resolve?lat=28.6139&lon=77.209')).json();
    expect(delhi.status).toBe('outside');
    expect(delhi.pcode).toBeUndefined();
  });

  it('rejects a resolve request without a name or coordinates, naming the fields', async () => {
    const none = await get('/api/v1/geo/resolve');
    expect(none.statusCode).toBe(400);
    expect(none.json().error.fields[0].field).toBe('name');
    const half = await get('/api/v1/geo/resolve?lat=34');
    expect(half.statusCode).toBe(400);
    expect(half.json().error.fields[0].field).toBe('lon');
    const bad = await get('/api/v1/geo/resolve?lat=134&lon=71');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('lat');
  });

  it('serves boundaries as GeoJSON with normalised properties', async () => {
    const districts = await get('/api/v1/geo/boundaries?level=2');
    expect(districts.headers['content-type']).toContain('application/geo+json');
    const fc = districts.json();
    expect(fc.features).toHaveLength(160);
    expect(Object.keys(fc.features[0].properties).sort()).toEqual(['name', 'pcode', 'province_name', 'province_pcode']);
    expect((await get('/api/v1/geo/boundaries?level=1')).json().features).toHaveLength(7);
    expect((await get('/api/v1/geo/boundaries?level=3')).statusCode).toBe(400);
  });
});
