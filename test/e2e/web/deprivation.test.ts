import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { axeSerious } from './axe';
import { desktop, download, ensureWebBuild, hasBrowser, launchBrowser, parseCsv, phone, screenshot, sidewaysOverflow, withPage } from './browser';

// Deprivation and violence: the scatter of districts, the Spearman correlation with its interval
// and n, per province, in the words "associated with", never "causes".

interface Correlation {
  n: number;
  rho: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

interface Answer {
  data: { overall: Correlation; provinces: (Correlation & { province: string })[]; scatter: { district: string; x: number; y: number }[] };
}

async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('.scatter-chart circle').first().waitFor({ timeout: 20_000 });
  await page.getByRole('status').waitFor({ state: 'detached', timeout: 20_000 });
}

const two = (v: number) => String(Math.round(v * 100) / 100);

describe.skipIf(!hasBrowser)('deprivation and violence in the browser', () => {
  let server: TestServer;
  let browser: Browser;

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the scatter, ρ with its interval and n, and the provinces, as the API computes them', async () => {
    const answer = await api<Answer>('/api/v1/analytics/correlation?x=deprivation&y=incidents_per_100k');
    const overall = answer.data.overall;
    await withPage(browser, { viewport: desktop }, async (page) => {
      await openPage(page, `${server.url}/analysis/deprivation-violence`);
      expect(await page.title()).toBe('Deprivation and violence — NAP Monitor');
      expect(await page.locator('main').textContent()).toContain('associated with each other across districts, not that one causes the other');
      const statistic = (await page.locator('.statistic strong').textContent())!;
      expect(statistic).toContain(`n = ${overall.n} districts`);
      expect(statistic).toContain(`95% interval ${two(overall.ci_low!)} to ${two(overall.ci_high!)}`);
      expect(Number(await page.locator('.statistic').getAttribute('data-rho'))).toBeCloseTo(overall.rho!, 9);
      expect(await page.locator('.scatter-chart circle').count()).toBe(answer.data.scatter.length);
      expect(await page.locator('.correlation-table tbody tr').count()).toBe(answer.data.provinces.length);

      const csv = await download(page, () => page.getByRole('group', { name: 'Download: Districts' }).getByRole('button', { name: 'CSV' }).click());
      const [header, ...rows] = parseCsv(csv.body.toString('utf8'));
      expect(header).toEqual(['district_pcode', 'district', 'province_pcode', 'province', 'x_deprivation', 'y_incidents_per_100k']);
      expect(rows).toHaveLength(overall.n);
      const svg = await download(page, () => page.getByRole('button', { name: 'Chart as SVG' }).click());
      expect(svg.body.toString('utf8')).toContain('associated with each other');
      await screenshot(page, 'deprivation-desktop');
    });
  });

  it('recomputes for another x and y, kept in the address', async () => {
    const answer = await api<Answer>('/api/v1/analytics/correlation?x=literacy_rate&y=killed_per_100k');
    await withPage(browser, { viewport: desktop }, async (page) => {
      await openPage(page, `${server.url}/analysis/deprivation-violence`);
      await page.getByLabel('Violence (y)').selectOption('killed_per_100k');
      await page.getByLabel('Deprivation or indicator (x)').selectOption('literacy_rate');
      await page.waitForURL('**/analysis/deprivation-violence?x=literacy_rate&y=killed_per_100k');
      await expect
        .poll(async () => Number(await page.locator('.statistic').getAttribute('data-rho')), { timeout: 20_000 })
        .toBeCloseTo(answer.data.overall.rho!, 9);
      expect(await page.locator('.statistic strong').textContent()).toContain(`n = ${answer.data.overall.n} districts`);
    });
  });

  for (const language of ['en', 'ur'] as const) {
    it(`fits a 375-pixel phone and has no serious accessibility problem in ${language === 'en' ? 'English' : 'Urdu'}`, async () => {
      await withPage(browser, { viewport: phone, language }, async (page) => {
        await openPage(page, `${server.url}/analysis/deprivation-violence`);
        if (language === 'ur') expect(await page.locator('h1').textContent()).toBe('محرومی اور تشدد');
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
        expect(await axeSerious(page)).toEqual([]);
        await screenshot(page, `deprivation-375-${language}`);
      });
    });
  }
});
