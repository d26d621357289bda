import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { desktop, download, ensureWebBuild, hasBrowser, launchBrowser, phone, screenshot, sidewaysOverflow, withPage } from './browser';

// English and Urdu: the switch in the header, right-to-left layout, numbers and dates for the
// language, and the choice kept across visits.

const URDU = /[\u0600-\u06ff]/;

async function openMap(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/map`);
  await page.locator('path[data-pcode][fill^="rgb"]').first().waitFor({ timeout: 15_000 });
  await page.getByRole('status').waitFor({ state: 'detached' });
}

function htmlAttributes(page: Page): Promise<{ lang: string | null; dir: string | null }> {
  return page.locator('html').evaluate((html) => ({ lang: html.getAttribute('lang'), dir: html.getAttribute('dir') }));
}

describe.skipIf(!hasBrowser)('English and Urdu', () => {
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

  it('switches the map page to Urdu, right to left, and keeps the choice after a reload', async () => {
    await withPage(browser, { viewport: desktop }, async (page) => {
      await openMap(page, server.url);
      expect(await htmlAttributes(page)).toEqual({ lang: 'en', dir: 'ltr' });
      const english = page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'English' });
      expect(await english.getAttribute('aria-pressed')).toBe('true');

      await page.getByRole('button', { name: 'اردو' }).click();
      expect(await htmlAttributes(page)).toEqual({ lang: 'ur', dir: 'rtl' });
      expect(await page.locator('h1').textContent()).toBe('اضلاع کا نقشہ');
      expect(await page.title()).toBe('اضلاع کا نقشہ — NAP Monitor');
      expect(await page.getByRole('navigation', { name: 'مرکزی فہرست' }).getByRole('link', { name: 'نقشہ' }).getAttribute('aria-current')).toBe('page');

      // Mirrored: the brand on the right, the navigation on the left.
      const nav = (await page.locator('.site-header nav').boundingBox())!;
      const brand = (await page.locator('.brand').boundingBox())!;
      expect(nav.x + nav.width).toBeLessThan(desktop.width / 2);
      expect(brand.x).toBeGreaterThan(desktop.width / 2);
      // The district list sits to the left of the map, and its numbers are Urdu-formatted.
      const map = (await page.locator('.map-panel').boundingBox())!;
      const list = (await page.locator('.list-panel').boundingBox())!;
      expect(list.x).toBeLessThan(map.x);
      const values = await page.locator('tbody td.numeric:not(.no-data)').allTextContents();
      expect(values.length).toBeGreaterThan(100);
      expect(values.some((v) => /^\d+(\.\d)?\u00a0(لاکھ|ہزار)$/.test(v))).toBe(true);
      expect(values.every((v) => !/[KMB]$/.test(v))).toBe(true);
      expect(await page.locator('.table-count').textContent()).toBe('160 میں سے 160 اضلاع');
      expect(await page.locator('.legend-note').textContent()).toMatch(URDU);
      await screenshot(page, 'ur-map-desktop');

      await page.reload();
      await page.locator('path[data-pcode][fill^="rgb"]').first().waitFor();
      expect(await htmlAttributes(page)).toEqual({ lang: 'ur', dir: 'rtl' });
      expect(await page.locator('h1').textContent()).toBe('اضلاع کا نقشہ');
      expect(await page.evaluate('localStorage.getItem("nap-monitor.language")')).toBe('ur');

      await page.getByRole('button', { name: 'English' }).click();
      expect(await htmlAttributes(page)).toEqual({ lang: 'en', dir: 'ltr' });
      expect(await page.locator('h1').textContent()).toBe('District map');
      await page.reload();
      expect(await page.locator('h1').textContent()).toBe('District map');
    });
  });

  it('lays out the map page in Urdu on a phone without sideways scrolling', async () => {
    await withPage(browser, { viewport: phone, language: 'ur' }, async (page) => {
      await openMap(page, server.url);
      expect(await htmlAttributes(page)).toEqual({ lang: 'ur', dir: 'rtl' });
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'ur-map-375');
    });
  });

  it('formats dates for the language', async () => {
    await withPage(browser, { viewport: desktop }, async (page) => {
      await page.goto(`${server.url}/data`);
      await page.getByText('Valid on 9 September 2022.').waitFor();
      await page.getByRole('button', { name: 'اردو' }).click();
      await page.getByText('9 ستمبر، 2022 کے مطابق۔').waitFor();
    });
  });

  it('draws the map image with Urdu labels from the right', async () => {
    await withPage(browser, { viewport: desktop, language: 'ur' }, async (page) => {
      await openMap(page, server.url);
      const svg = await download(page, () => page.getByRole('button', { name: 'نقشہ بطور SVG' }).click());
      const text = svg.body.toString('utf8');
      expect(text).toContain('direction="rtl"');
      expect(text).toContain('ماخذ:');
      expect(text).toContain('ڈیٹا دستیاب نہیں');
    });
  });
});
