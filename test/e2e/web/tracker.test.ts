import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { desktop, download, ensureWebBuild, hasBrowser, launchBrowser, parseCsv, phone, screenshot, sidewaysOverflow, withPage } from './browser';

// The plan tracker: action points × governments, coloured by rating, with each cell's history.

describe.skipIf(!hasBrowser)('plan tracker in the browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the 20 points of NAP-2014 with rated cells and a cell history', async () => {
    await withPage(browser, { viewport: desktop }, async (page) => {
      await page.goto(`${server.url}/tracker`);
      await page.locator('.tracker-table tbody tr').first().waitFor({ timeout: 15_000 });
      expect(await page.getByLabel('Plan', { exact: true }).inputValue()).toBe('NAP-2014');
      expect(await page.title()).toBe('Plan tracker — NAP Monitor');
      const rows = page.locator('.tracker-table tbody tr');
      expect(await rows.count()).toBe(20);
      expect(await rows.first().locator('th').textContent()).toContain('death sentence');
      expect(await page.locator('.tracker-table thead th').allTextContents()).toContain('Punjab');

      // Rated cells carry their rating in words as well as in colour.
      const rated = page.locator('td.rating-green, td.rating-green_amber, td.rating-amber_red, td.rating-red');
      expect(await rated.count()).toBeGreaterThan(0);
      const first = rated.first();
      expect(await first.locator('.cell-rating').textContent()).toMatch(/^(Green|Green-Amber|Amber-Red|Red)$/);
      expect(await page.locator('.tracker-legend li').count()).toBe(6);

      await first.locator('button').click();
      const panel = page.locator('.history-panel');
      await panel.locator('.history-item').first().waitFor({ timeout: 15_000 });
      expect(await panel.locator('h2').textContent()).toMatch(/^History: point /);
      expect(await panel.locator('.history-item a').count()).toBeGreaterThan(0);
      expect(await first.locator('button').getAttribute('aria-pressed')).toBe('true');
      await screenshot(page, 'tracker-desktop');

      const csv = await download(page, () => page.getByRole('button', { name: 'Download CSV' }).click());
      expect(csv.name).toBe('NAP-2014_tracker.csv');
      const [header, ...lines] = parseCsv(csv.body.toString('utf8'));
      expect(header!.slice(0, 4)).toEqual(['point', 'text', 'dimension', 'federal_rating']);
      expect(lines).toHaveLength(20);

      await panel.getByRole('button', { name: 'Close' }).click();
      expect(await panel.count()).toBe(0);
    });
  });

  for (const language of ['en', 'ur'] as const) {
    it(`fits a 375-pixel phone screen in ${language === 'en' ? 'English' : 'Urdu'}`, async () => {
    await withPage(browser, { viewport: phone, language }, async (page) => {
      await page.goto(`${server.url}/tracker`);
      await page.locator('.tracker-table tbody tr').first().waitFor({ timeout: 15_000 });
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `tracker-375-${language}`);
    });
  });
  }
});
