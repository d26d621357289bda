import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { desktop, ensureWebBuild, hasBrowser, launchBrowser, phone, screenshot, sidewaysOverflow, withPage } from './browser';

// The incidents list: filters kept in the address, sorting, pages, and one incident's detail.

const rowIds = (page: Page) => page.locator('.incidents-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));

describe.skipIf(!hasBrowser)('incidents in the browser', () => {
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

  it('lists incidents, filters by province in the address, and opens one with its sources', async () => {
    await withPage(browser, { viewport: desktop }, async (page) => {
      await page.goto(`${server.url}/incidents`);
      await page.locator('.incidents-table tbody tr').first().waitFor({ timeout: 15_000 });
      const before = await rowIds(page);
      expect(before.length).toBeGreaterThan(0);
      expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe('/api/v1/incidents.csv?sort=-date');

      await page.getByLabel('Province', { exact: true }).selectOption({ label: 'Punjab' });
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL((url) => url.searchParams.get('province') === 'PK6');
      await expect.poll(async () => (await rowIds(page)).join(), { timeout: 15_000 }).not.toBe(before.join());
      const punjab = await page.locator('.incidents-table tbody tr td:nth-child(3)').count();
      expect(punjab).toBeGreaterThan(0);
      expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toContain('province=PK6');
      await screenshot(page, 'incidents-desktop');

      // A shared address opens the same view.
      const shared = page.url();
      await page.goto(shared);
      await page.locator('.incidents-table tbody tr').first().waitFor({ timeout: 15_000 });
      expect(await page.getByLabel('Province', { exact: true }).inputValue()).toBe('PK6');

      // A search that matches nothing says so.
      await page.getByLabel('Search text').fill('zzzz-no-such-place');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('No incidents match these filters.').waitFor({ timeout: 15_000 });

      await page.goto(`${server.url}/incidents?q=Khuzdar`);
      await page.locator('.incidents-table tbody tr').first().waitFor({ timeout: 15_000 });
      await page.locator('.incidents-table tbody tr th a').first().click();
      await page.waitForURL((url) => /^\/incidents\/\d+$/.test(url.pathname));
      const sources = page.locator('.incident-sources li');
      await sources.first().waitFor({ timeout: 15_000 });
      expect(await sources.count()).toBeGreaterThan(0);
      expect(await page.locator('.casualty-table tbody tr').count()).toBe(3);
      expect(await page.getByRole('heading', { name: 'Linked duplicates' }).count()).toBe(1);
    });
  });

  it('pages through the list with Next and Previous', async () => {
    await withPage(browser, { viewport: desktop }, async (page) => {
      await page.goto(`${server.url}/incidents`);
      await page.locator('.incidents-table tbody tr').first().waitFor({ timeout: 15_000 });
      const first = await rowIds(page);
      await page.getByRole('button', { name: 'Next' }).click();
      await expect.poll(async () => (await rowIds(page))[0], { timeout: 15_000 }).not.toBe(first[0]);
      await page.getByRole('button', { name: 'Previous' }).click();
      await expect.poll(async () => (await rowIds(page)).join(), { timeout: 15_000 }).toBe(first.join());
    });
  });

  for (const language of ['en', 'ur'] as const) {
    it(`fits a 375-pixel phone screen in ${language === 'en' ? 'English' : 'Urdu'}`, async () => {
    await withPage(browser, { viewport: phone, language }, async (page) => {
      await page.goto(`${server.url}/incidents`);
      await page.locator('.incidents-table tbody tr').first().waitFor({ timeout: 15_000 });
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `incidents-375-${language}`);
      await page.locator('.incidents-table tbody tr th a').first().click();
      await page.locator('.incident-sources').waitFor({ timeout: 15_000 });
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    });
  });
  }
});
