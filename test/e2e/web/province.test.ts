import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { axeSerious } from './axe';
import { desktop, download, ensureWebBuild, hasBrowser, launchBrowser, parseCsv, phone, screenshot, sidewaysOverflow, withPage } from './browser';

// The province scorecard, how it is reached (tracker, map, district profile), and the district
// profile's incident trend, impact and risk scores.

const PROVINCE = 'PK2';
const PERIOD = '2024';

async function openProvince(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('.points-table tbody tr').first().waitFor({ timeout: 20_000 });
  await page.locator('.time-chart').waitFor({ timeout: 20_000 });
  await page.getByRole('status').waitFor({ state: 'detached', timeout: 20_000 });
}

describe.skipIf(!hasBrowser)('province scorecard in the browser', () => {
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

  it('shows implementation by dimension, points, reporting, incidents and the timeline, each downloadable', async () => {
    const tracker = await api<{ points: { code: string; dimension: string | null; cells: Record<string, { period: string } | null> }[] }>(
      `/api/v1/tracker?plan=NAP-2014&period=${PERIOD}`,
    );
    const counts = await api<{ data: { incidents: number; killed: number }[] }>(`/api/v1/incidents/by-district?province=${PROVINCE}&from=2024-01-01&to=2024-12-31`);
    const killed = counts.data.reduce((s, r) => s + r.killed, 0);
    const overdue = await api<{ summary: { jurisdiction: string; overdue: number }[] }>(`/api/v1/overdue?plan=NAP-2014&period=2024Q4&jurisdiction=${PROVINCE}`);
    expect(killed).toBeGreaterThan(0);

    await withPage(browser, { viewport: desktop }, async (page) => {
      await openProvince(page, `${server.url}/provinces/${PROVINCE}?period=${PERIOD}`);
      expect(await page.locator('h1').textContent()).toBe('Balochistan');
      expect(await page.title()).toBe('Balochistan: scorecard — NAP Monitor');
      expect(await page.getByLabel('Plan', { exact: true }).inputValue()).toBe('NAP-2014');
      expect(await page.locator('[data-figure="killed"] dd').textContent()).toMatch(new RegExp(`^${killed.toLocaleString('en')}[+−n]`));

      // Every point of the plan, with the latest assessment the tracker holds for the province.
      const rows = page.locator('.points-table tbody tr');
      expect(await rows.count()).toBe(tracker.points.length);
      for (const point of tracker.points) {
        const cell = point.cells[PROVINCE];
        expect(await rows.locator(`xpath=self::*[@data-point="${point.code}"]`).locator('td').nth(1).textContent()).toBe(cell ? cell.period : 'No report');
      }
      // Dimension rows account for every point.
      const perDimension = await page.locator('.dimension-table tbody tr td:nth-of-type(1)').allTextContents();
      expect(perDimension.reduce((s, v) => s + Number(v), 0)).toBe(tracker.points.length);
      expect(await page.locator('.province-section').filter({ hasText: 'Reporting' }).first().textContent()).toContain(
        `${overdue.summary[0]!.overdue} overdue`,
      );

      const csv = await download(page, () =>
        page.getByRole('group', { name: 'Download: Points: latest rating and evidence' }).getByRole('button', { name: 'CSV' }).click(),
      );
      expect(csv.name).toBe(`${PROVINCE}_NAP-2014_${PERIOD}_points.csv`);
      const [header, ...lines] = parseCsv(csv.body.toString('utf8'));
      expect(header!.slice(0, 4)).toEqual(['province_pcode', 'plan', 'point', 'text']);
      expect(lines.map((l) => l[2])).toEqual(tracker.points.map((p) => p.code));

      const timeline = page.getByRole('group', { name: 'Download: Milestones and incidents' });
      const months = parseCsv((await download(page, () => timeline.getByRole('button', { name: 'CSV' }).click())).body.toString('utf8'));
      expect(months[0]).toEqual(['province_pcode', 'month', 'incidents', 'killed', 'milestones']);
      expect(months.slice(1).reduce((s, r) => s + Number(r[3]), 0)).toBeGreaterThanOrEqual(killed);
      const png = await download(page, () => timeline.getByRole('button', { name: 'Chart as PNG' }).click());
      expect(png.body.subarray(1, 4).toString('latin1')).toBe('PNG');

      expect(await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href')).toBe(
        `/api/v1/reports/province/${PROVINCE}.pdf?period=${PERIOD}&plan=NAP-2014`,
      );
      await screenshot(page, 'province-desktop');

      // Another period: the address and the figures follow.
      await page.getByLabel('Period', { exact: true }).selectOption('2023Q1');
      await page.waitForURL(`**/provinces/${PROVINCE}?period=2023Q1*`);
      await expect.poll(() => page.locator('.report-period').textContent(), { timeout: 15_000 }).toContain('Period 2023Q1');
    });
  }, 90_000);

  it('is reached from the tracker, the map and the district profile', async () => {
    await withPage(browser, { viewport: desktop }, async (page) => {
      await page.goto(`${server.url}/tracker`);
      await page.locator('.tracker-table thead').getByRole('link', { name: 'Balochistan' }).click();
      await page.waitForURL(`**/provinces/${PROVINCE}*`);
      await page.locator('.points-table').waitFor({ timeout: 20_000 });

      await page.goto(`${server.url}/map`);
      await page.locator('tbody tr[data-pcode="PK528"]').getByRole('link', { name: 'Khyber Pakhtunkhwa' }).click();
      await page.waitForURL('**/provinces/PK5*');

      await page.goto(`${server.url}/districts/PK528`);
      await page.locator('.facts').getByRole('link', { name: 'Khyber Pakhtunkhwa' }).waitFor({ timeout: 15_000 });
      await page.getByRole('link', { name: 'Khyber Pakhtunkhwa scorecard' }).click();
      await page.waitForURL('**/provinces/PK5*');
    });
  });

  it('adds the incident trend, impact and risk scores to the district profile', async () => {
    const impact = await api<{ data: { year: number; rows: { pcode: string; score: number; by_year: unknown[] }[] } }>('/api/v1/analytics/impact?level=district');
    const risk = await api<{ data: { rows: { pcode: string; risk: number | null; hazard: number | null } [] } }>('/api/v1/analytics/risk');
    const own = impact.data.rows.find((r) => r.pcode === 'PK528')!;
    const ownRisk = risk.data.rows.find((r) => r.pcode === 'PK528')!;
    await withPage(browser, { viewport: desktop }, async (page) => {
      await page.goto(`${server.url}/districts/PK528`);
      await page.locator('[data-figure="impact"]').waitFor({ timeout: 20_000 });
      expect(await page.locator('[data-figure="impact"] dt').textContent()).toContain(String(impact.data.year));
      expect(Number((await page.locator('[data-figure="impact"] dd').textContent())!.match(/^[\d.]+/)![0])).toBeCloseTo(own.score, 1);
      expect(Number((await page.locator('[data-figure="risk"] dd').textContent())!.match(/^[\d.]+/)![0])).toBeCloseTo(ownRisk.risk!, 1);
      expect(await page.locator('.impact-table tbody tr').count()).toBe(own.by_year.length);
      expect(await page.locator('.time-chart rect[fill="#0072B2"]').count()).toBeGreaterThan(0);
      await screenshot(page, 'district-analysis-desktop');
    });
  });

  it('says so when there is no such province', async () => {
    await withPage(browser, { viewport: desktop, expectedErrors: /status of 40[04]/ }, async (page) => {
      await page.goto(`${server.url}/provinces/PK99`);
      await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe('Province not found');
      expect(await page.locator('main').textContent()).toContain('PK99');
    });
  });

  for (const language of ['en', 'ur'] as const) {
    it(`fits a 375-pixel phone and has no serious accessibility problem in ${language === 'en' ? 'English' : 'Urdu'}`, async () => {
      await withPage(browser, { viewport: phone, language }, async (page) => {
        await openProvince(page, `${server.url}/provinces/${PROVINCE}?period=${PERIOD}`);
        if (language === 'ur') expect(await page.locator('.kicker').first().textContent()).toBe('صوبائی اسکور کارڈ');
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
        expect(await axeSerious(page)).toEqual([]);
        await screenshot(page, `province-375-${language}`);
      });
    });
  }
});
