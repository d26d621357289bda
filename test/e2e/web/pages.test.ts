import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server';
import {
  desktop,
  download,
  ensureWebBuild,
  hasBrowser,
  launchBrowser,
  parseCsv,
  phone,
  screenshot,
  sidewaysOverflow,
  withPage,
} from './browser';

// The Data and Methodology pages.

interface Indicator {
  code: string;
  name: string;
  source: string;
  licence: string;
  years: number[];
}

async function openData(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/data`);
  await page.locator('.values-table tbody tr').first().waitFor({ timeout: 15_000 });
}

describe.skipIf(!hasBrowser)('data and methodology pages in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let indicators: Indicator[];

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startTestServer();
    browser = await launchBrowser();
    indicators = ((await (await fetch(`${server.url}/api/v1/indicators`)).json()) as { data: Indicator[] }).data;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('links to data sets that all answer 200, each with its source and licence', async () => {
    await withPage(browser, { viewport: desktop }, async (page) => {
      await openData(page, server.url);
      expect(await page.title()).toBe('Data — NAP Monitor');
      const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
      expect(hrefs).toEqual(
        expect.arrayContaining(['/api/v1/geo/boundaries?level=1', '/api/v1/geo/boundaries?level=2', '/api/docs', '/api/openapi.json']),
      );
      for (const href of new Set(hrefs)) {
        const response = await page.request.get(new URL(href, server.url).toString());
        expect(response.status(), href).toBe(200);
      }
      const districts = await page.request.get(`${server.url}/api/v1/geo/boundaries?level=2`);
      expect(districts.headers()['content-type']).toContain('application/geo+json');
      expect(((await districts.json()) as { features: unknown[] }).features).toHaveLength(160);

      const boundaries = page.locator('section.dataset').first();
      expect(await boundaries.textContent()).toContain('OCHA / WFP, COD-AB Pakistan 2022');
      expect(await boundaries.textContent()).toContain('CC BY-IGO');
      expect(await page.locator('.values-table tbody tr').count()).toBe(indicators.length);
      for (const indicator of indicators.slice(0, 5)) {
        const row = page.locator(`.values-table tr[data-code="${indicator.code}"]`);
        expect(await row.textContent()).toContain(indicator.source);
        expect(await row.textContent()).toContain(indicator.licence);
      }
      await screenshot(page, 'data-desktop');
    });
  });

  it('builds the district list, the catalogue and an indicator’s values as CSV', async () => {
    await withPage(browser, { viewport: desktop }, async (page) => {
      await openData(page, server.url);
      const list = await download(page, () => page.getByRole('button', { name: /District list/ }).click());
      expect(list.name).toBe('pakistan_districts.csv');
      const [listHeader, ...districts] = parseCsv(list.body.toString('utf8'));
      expect(listHeader).toEqual(['pcode', 'name', 'province_pcode', 'province', 'centroid_lat', 'centroid_lon', 'area_km2']);
      expect(districts).toHaveLength(160);

      const catalogue = await download(page, () => page.getByRole('button', { name: /Indicator catalogue:/ }).click());
      const [catalogueHeader, ...entries] = parseCsv(catalogue.body.toString('utf8'));
      expect(catalogueHeader!.slice(0, 7)).toEqual(['code', 'name', 'unit', 'direction', 'domain', 'source', 'licence']);
      expect(entries.map((e) => e[0])).toEqual(expect.arrayContaining(indicators.map((i) => i.code)));
      expect(entries).toHaveLength(indicators.length);

      // Population has values for more than one year: the file holds all of them.
      const population = indicators.find((i) => i.code === 'population')!;
      expect(population.years.length).toBeGreaterThan(1);
      await page.getByLabel('Filter indicators').fill('population');
      const values = await download(page, () =>
        page.getByRole('button', { name: 'Download the values of Population as CSV' }).click(),
      );
      expect(values.name).toBe('population_values.csv');
      const [valuesHeader, ...rows] = parseCsv(values.body.toString('utf8'));
      expect(valuesHeader).toEqual([
        'indicator_code',
        'indicator',
        'unit',
        'year',
        'pcode',
        'district',
        'province_pcode',
        'province',
        'value',
        'source',
        'licence',
      ]);
      let expected = 0;
      for (const year of population.years) {
        const answer = (await (await fetch(`${server.url}/api/v1/indicators/population/values?year=${year}`)).json()) as { data: unknown[] };
        expected += answer.data.length;
      }
      expect(rows).toHaveLength(expected);
      expect(new Set(rows.map((r) => r[3]))).toEqual(new Set(population.years.map(String)));
      expect(rows.every((r) => r[7] !== '' && r[10] === population.licence)).toBe(true);
    });
  });

  it('describes the methods in English and Urdu', async () => {
    await withPage(browser, { viewport: desktop }, async (page) => {
      await page.goto(`${server.url}/methodology`);
      await page.locator('h1', { hasText: 'Methodology' }).waitFor();
      const headings = await page.locator('main h2').allTextContents();
      expect(headings).toEqual([
        'Place names to P-codes',
        'Coordinates to districts',
        'Former districts and their successors',
        'Map classes',
        'District comparisons',
        'Sources and licences',
      ]);
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain('25 km');
      expect(text).toContain('quantile');
      expect(text).toMatch(/A count .+ is not carried/);
      await screenshot(page, 'methodology-desktop');
      await page.getByRole('link', { name: 'Data page' }).click();
      await page.waitForURL('**/data');

      await page.goto(`${server.url}/methodology`);
      await page.getByRole('button', { name: 'اردو' }).click();
      await page.locator('h1', { hasText: 'طریقۂ کار' }).waitFor();
      expect(await page.locator('main h2').first().textContent()).toBe('مقامات کے نام سے P-code تک');
      expect(await page.locator('main').textContent()).toContain('25 کلومیٹر');
      await screenshot(page, 'methodology-desktop-ur');
    });
  });

  for (const language of ['en', 'ur'] as const) {
    for (const [path, name] of [
      ['/data', 'data'],
      ['/methodology', 'methodology'],
    ] as const) {
      it(`fits the ${name} page on a 375-pixel phone screen in ${language === 'en' ? 'English' : 'Urdu'}`, async () => {
        await withPage(browser, { viewport: phone, language }, async (page) => {
          await page.goto(`${server.url}${path}`);
          await page.locator('h1').waitFor();
          if (name === 'data') await page.locator('.values-table tbody tr').first().waitFor({ timeout: 15_000 });
          expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
          await screenshot(page, `${name}-375-${language}`);
        });
      });
    }
  }
});
