import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIndicatorFile, undoIndicatorBatch } from '../../../src/importers/indicators/importIndicators';
import { startTestServer, type TestServer } from '../../helpers/server';

describe('indicators API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  const get = (url: string) => server.app.inject({ method: 'GET', url });

  it('lists the catalogue with source, licence, direction and years', async () => {
    const { data } = (await get('/api/v1/indicators')).json();
    expect(data.length).toBeGreaterThan(80);
    const population = data.find((i: { code: string }) => i.code === 'population');
    expect(population).toMatchObject({ direction: 'neutral', last_year: 2023 });
    expect(population.source).toMatch(/Census/i);
    expect(population.years).toContain(2023);
    expect(population.districts).toBeGreaterThan(120);
    const directions = new Set(data.map((i: { direction: string }) => i.direction));
    expect(directions.has('higher_is_worse')).toBe(true);
    expect(directions.has('higher_is_better')).toBe(true);
  });

  it('returns one value per district for the latest year by default', async () => {
    const res = (await get('/api/v1/indicators/population/values')).json();
    expect(res.year).toBe(2023);
    expect(res.data.length).toBeGreaterThan(120);
    const pcodes = res.data.map((r: { pcode: string }) => r.pcode);
    expect(new Set(pcodes).size).toBe(pcodes.length);
    const lahore = res.data.find((r: { name: string }) => r.name === 'Lahore');
    expect(lahore.value).toBeGreaterThan(10_000_000);
  });

  it('reflects an import and its undo in the catalogue at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nap-catalogue-'));
    const file = path.join(dir, 'clinics.csv');
    fs.writeFileSync(file, 'district,province,year,clinics_per_100k\nPeshawar,KP,2022,4.5\nLahore,Punjab,2022,6.1\n');
    const codes = async () => (await get('/api/v1/indicators')).json().data.map((i: { code: string }) => i.code) as string[];
    try {
      expect(await codes()).not.toContain('clinics_per_100k');
      const gazetteer = await server.app.ctx.geo.getGazetteer();
      const report = await importIndicatorFile(server.db, gazetteer, {
        format: 'wide',
        file,
        indicators: [
          { code: 'clinics_per_100k', name: 'Clinics per 100,000', unit: 'per 100,000', direction: 'higher_is_better', source: 'Test', licence: 'CC BY 4.0' },
        ],
      });
      expect(report.imported).toBe(2);
      const listed = (await get('/api/v1/indicators')).json().data.find((i: { code: string }) => i.code === 'clinics_per_100k');
      expect(listed).toMatchObject({ years: [2022], districts: 2 });
      await undoIndicatorBatch(server.db, report.batch!);
      expect(await codes()).not.toContain('clinics_per_100k');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('404s an unknown indicator and 400s a bad year', async () => {
    const missing = await get('/api/v1/indicators/no_such_thing/values');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toContain('no_such_thing');
    const bad = await get('/api/v1/indicators/population/values?year=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('year');
  });
});

describe('API documentation and health', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('serves an OpenAPI document generated from the route schemas', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/api/v1/geo/districts/{pcode}', '/api/v1/geo/resolve', '/api/v1/indicators/{code}/values', '/api/v1/auth/login']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    const resolveParams = doc.paths['/api/v1/geo/resolve'].get.parameters.map((p: { name: string }) => p.name);
    expect(resolveParams).toEqual(expect.arrayContaining(['name', 'province', 'lat', 'lon']));
  });

  it('serves readable docs and a health check', async () => {
    const docs = await server.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
    const health = (await server.app.inject({ method: 'GET', url: '/api/v1/health' })).json();
    expect(health).toEqual({ status: 'ok', database: 'sqlite', pending_migrations: 0 });
  });

  it('answers unknown API routes with the JSON error shape', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { id: 'route_not_found', status: 404, message: 'No route GET /api/v1/nothing-here' } });
  });
});
