import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { axeSerious } from './axe';
import { desktop, download, ensureWebBuild, hasBrowser, launchBrowser, parseCsv, phone, screenshot, sidewaysOverflow, withPage } from './browser';

// The overview (home page): headline figures against the period before, the trend by front, the
// district map, the surge list and the kinetic – non-kinetic balance; and the map's incident metrics.

interface Totals {
  incidents: number;
  killed: number;
  injured: number;
}

async function openOverview(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('[data-figure="killed"] dd').waitFor({ timeout: 20_000 });
  await page.locator('.surge-table').waitFor({ timeout: 20_000 });
  await page.locator('.balance-table').waitFor({ timeout: 20_000 });
  await page.getByRole('status').waitFor({ state: 'detached', timeout: 20_000 });
}

describe.skipIf(!hasBrowser)('overview in the browser', () => {
  let server: TestServer;
  let browser: Browser;

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };
  /** A year's incidents summed here from the per-district counts of the incidents API. */
  const totals = async (year: number): Promise<Totals> => {
    const { data } = await api<{ data: Totals[] }>(`/api/v1/incidents/by-district?from=${year}-01-01&to=${year}-12-31`);
    return data.reduce((s, r) => ({ incidents: s.incidents + r.incidents, killed: s.killed + r.killed, injured: s.injured + r.injured }), {
      incidents: 0,
      killed: 0,
      injured: 0,
    });
  };
  const signed = (n: number) => (n === 0 ? 'no change' : `${n > 0 ? '+' : '−'}${Math.abs(n).toLocaleString('en')}`);

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the period’s headline figures against the period before, the trend, map, surges and balance', async () => {
    const now = await totals(2024);
    const before = await totals(2023);
    expect(now.incidents).toBeGreaterThan(0);
    await withPage(browser, { viewport: desktop }, async (page) => {
      await openOverview(page, `${server.url}/?period=2024`);
      expect(await page.title()).toBe('Overview — NAP Monitor');
      expect(await page.locator('.brand-name').getAttribute('href')).toBe('/');
      for (const key of ['incidents', 'killed', 'injured'] as const) {
        const text = await page.locator(`[data-figure="${key}"] dd`).textContent();
        expect(text).toBe(`${now[key].toLocaleString('en')}${signed(now[key] - before[key])} against 2023`);
      }
      expect(await page.locator('[data-figure="reporting-rate"] dd').textContent()).toMatch(/^\d+(\.\d)?%/);

      // The trend: one line per front in the data, named in the key.
      const trend = await api<{ data: { series: { key: string }[]; periods: string[] } }>(
        '/api/v1/analytics/trends?from=2020-01&to=2024-12&interval=quarter&split=front',
      );
      expect(await page.locator('.time-chart polyline').count()).toBe(trend.data.series.length);
      const csv = await download(page, () => page.getByRole('group', { name: 'Download: Trend by front' }).getByRole('button', { name: 'CSV' }).click());
      const [header, ...rows] = parseCsv(csv.body.toString('utf8'));
      expect(header).toEqual(['quarter', 'front', 'incidents', 'killed_low', 'killed_best', 'killed_high']);
      expect(rows).toHaveLength(trend.data.series.length * trend.data.periods.length);
      const svg = await download(page, () => page.getByRole('button', { name: 'Chart as SVG' }).click());
      expect(svg.body.toString('utf8')).toContain('<svg');

      // The map: districts with incidents are coloured; one opens its profile.
      const coloured = page.locator('path[data-pcode][fill^="rgb"]');
      const withIncidents = (await api<{ data: { incidents: number }[] }>('/api/v1/incidents/by-district?from=2024-01-01&to=2024-12-31')).data.filter(
        (d) => d.incidents > 0,
      );
      expect(await coloured.count()).toBe(withIncidents.length);

      // Surges: the top five, then all of them.
      const surges = await api<{ data: { tests: unknown[] } }>('/api/v1/analytics/surges');
      expect(await page.locator('.surge-table tbody tr').count()).toBe(Math.min(5, surges.data.tests.length));
      if (surges.data.tests.length > 5) {
        await page.getByRole('button', { name: `Show all ${surges.data.tests.length}` }).click();
        expect(await page.locator('.surge-table tbody tr').count()).toBe(surges.data.tests.length);
      }
      // Balance: federal and every province, provinces linked to their scorecards.
      expect(await page.locator('.balance-table tbody tr').count()).toBe(8);
      expect(await page.locator('.balance-table a[href^="/provinces/PK"]').count()).toBe(7);
      await screenshot(page, 'overview-desktop');

      const pcode = await coloured.first().getAttribute('data-pcode');
      await coloured.first().click();
      await page.waitForURL(`**/districts/${pcode}`);
    });
  });

  it('changes period from the control and keeps it in the address', async () => {
    const before = await totals(2016);
    await withPage(browser, { viewport: desktop }, async (page) => {
      await openOverview(page, `${server.url}/?period=2024`);
      await page.getByLabel('Period', { exact: true }).selectOption('2017');
      await page.waitForURL('**/?period=2017');
      const now = await totals(2017);
      await expect.poll(() => page.locator('[data-figure="killed"] dd').textContent(), { timeout: 15_000 }).toBe(
        `${now.killed.toLocaleString('en')}${signed(now.killed - before.killed)} against 2016`,
      );
    });
  });

  it('opens on the latest year with incidents and keeps old map links working', async () => {
    const { data } = await api<{ data: { date_start: string }[] }>('/api/v1/incidents?sort=-date&limit=1');
    await withPage(browser, { viewport: desktop }, async (page) => {
      await openOverview(page, server.url);
      expect(await page.getByLabel('Period', { exact: true }).inputValue()).toBe(data[0]!.date_start.slice(0, 4));
      await page.goto(`${server.url}/?indicator=literacy_rate`);
      await page.waitForURL('**/map?indicator=literacy_rate*');
      await page.locator('path[data-pcode][fill^="rgb"]').first().waitFor({ timeout: 15_000 });
      expect(await page.getByLabel('Indicator').inputValue()).toBe('literacy_rate');
    });
  });

  it('offers incident figures and indices on the map, from the same figures as the API', async () => {
    const { data } = await api<{ data: { district_pcode: string; killed: number }[] }>('/api/v1/incidents/by-district?from=2023-01-01&to=2023-12-31');
    const worst = [...data].sort((a, b) => b.killed - a.killed)[0]!;
    await withPage(browser, { viewport: desktop }, async (page) => {
      await page.goto(`${server.url}/map?indicator=@killed&year=2023`);
      await page.locator('path[data-pcode][fill^="rgb"]').first().waitFor({ timeout: 15_000 });
      await page.getByRole('status').waitFor({ state: 'detached', timeout: 15_000 });
      expect(await page.locator(`tbody tr[data-pcode="${worst.district_pcode}"] td.numeric`).textContent()).toBe(worst.killed.toLocaleString('en'));
      // Districts without a death are pale, not coloured as if they had some.
      expect(await page.locator('path[data-pcode][fill^="rgb"]').count()).toBe(data.filter((d) => d.killed > 0).length);
      const options = await page.getByLabel('Indicator').locator('optgroup').first().locator('option').allTextContents();
      expect(options).toEqual(
        expect.arrayContaining(['Incidents', 'People killed', 'Incidents per 100,000 people', 'Terrorism impact score (0–10)', 'District risk index (0–10)', 'Deprivation index (0–100)']),
      );
      await page.getByLabel('Indicator').selectOption('@impact');
      await page.locator('.map-heading').getByText('Terrorism impact score').waitFor();
      await screenshot(page, 'map-impact-desktop');
    });
  });

  for (const language of ['en', 'ur'] as const) {
    it(`fits a 375-pixel phone and has no serious accessibility problem in ${language === 'en' ? 'English' : 'Urdu'}`, async () => {
      await withPage(browser, { viewport: phone, language }, async (page) => {
        await openOverview(page, `${server.url}/?period=2024`);
        if (language === 'ur') expect(await page.locator('h1').textContent()).toBe('جائزہ');
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
        expect(await axeSerious(page)).toEqual([]);
        await screenshot(page, `overview-375-${language}`);
      });
    });
  }
});
