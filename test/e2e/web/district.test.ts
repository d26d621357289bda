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

// The district profile: the district's indicators beside its province's and the nation's.

interface District {
  pcode: string;
  name: string;
  province_pcode: string;
  province_name: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Opens a profile and waits until every comparison has arrived. */
async function openProfile(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe(name);
  await page.locator('.comparison-table').first().waitFor();
  await page.getByRole('status').waitFor({ state: 'detached', timeout: 20_000 });
}

describe.skipIf(!hasBrowser)('district profile in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let lahore: District;

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startTestServer();
    browser = await launchBrowser();
    const { data } = await api<{ data: District[] }>('/api/v1/geo/districts');
    lahore = data.find((d) => d.name === 'Lahore')!;
    expect(lahore).toBeDefined();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows each indicator beside the province and national medians, and downloads them as CSV', async () => {
    await withPage(browser, { viewport: desktop }, async (page) => {
      await openProfile(page, `${server.url}/districts/${lahore.pcode}`, 'Lahore');
      expect(await page.title()).toBe('Lahore, Punjab — NAP Monitor');
      expect(await page.locator('.facts').textContent()).toContain(lahore.province_name);
      expect(await page.locator('.facts').textContent()).toContain(lahore.pcode);
      expect(await page.getByRole('img', { name: `Location of Lahore in ${lahore.province_name}` }).count()).toBe(1);
      expect(await page.locator('.locator-target').count()).toBe(1);

      const profile = await api<{ indicators: { code: string; year: number; value: number }[] }>(
        `/api/v1/geo/districts/${lahore.pcode}`,
      );
      const rows = page.locator('.comparison-table tbody tr');
      expect(await rows.count()).toBe(profile.indicators.length);
      // Grouped by domain, one table each, with a heading and a link to it.
      const domains = await page.locator('.domain h3').allTextContents();
      expect(domains.length).toBeGreaterThan(3);
      expect(await page.getByRole('navigation', { name: 'Domains' }).getByRole('link').allTextContents()).toEqual(domains);

      // Every comparison arrived: no cell still waiting.
      expect(await page.locator('.comparison-table .pending').count()).toBe(0);
      const population = page.locator('tr[data-code="population"]');
      expect(await population.locator('th').textContent()).toBe('Population (persons)');
      expect(await population.locator('.value-district').textContent()).toMatch(/^\d+(\.\d)?M$/);
      expect(await population.locator('.value-province').textContent()).toMatch(/^\d+(\.\d)?[KM]\d+ districts$/);
      expect(await population.locator('.value-national').textContent()).toMatch(/^\d+(\.\d)?[KM]\d+ districts$/);
      expect(await population.locator('.position-chart').count()).toBe(1);
      await screenshot(page, 'district-desktop');

      const csv = await download(page, () => page.getByRole('button', { name: 'Download CSV' }).click());
      expect(csv.name).toBe(`${lahore.pcode}_indicators.csv`);
      const [header, ...lines] = parseCsv(csv.body.toString('utf8'));
      expect(header).toEqual([
        'district_pcode',
        'district',
        'province_pcode',
        'province',
        'domain',
        'indicator_code',
        'indicator',
        'unit',
        'year',
        'value',
        'province_median',
        'province_districts',
        'national_median',
        'national_districts',
        'source',
        'licence',
      ]);
      expect(lines).toHaveLength(profile.indicators.length);
      const column = (name: string) => header!.indexOf(name);
      const byCode = new Map(lines.map((line) => [line[column('indicator_code')]!, line]));
      expect(lines.every((l) => l[column('district_pcode')] === lahore.pcode && l[column('source')] !== '')).toBe(true);

      // The medians are those of the district values of the same year.
      for (const code of ['population', ...profile.indicators.slice(0, 6).map((i) => i.code)]) {
        const line = byCode.get(code)!;
        const year = Number(line[column('year')]);
        const values = await api<{ data: { province_pcode: string; value: number }[] }>(
          `/api/v1/indicators/${code}/values?year=${year}`,
        );
        const own = profile.indicators.find((i) => i.code === code)!;
        expect(Number(line[column('value')])).toBe(own.value);
        const inProvince = values.data.filter((v) => v.province_pcode === lahore.province_pcode).map((v) => v.value);
        expect(Number(line[column('province_median')])).toBeCloseTo(median(inProvince), 6);
        expect(Number(line[column('province_districts')])).toBe(inProvince.length);
        expect(Number(line[column('national_median')])).toBeCloseTo(median(values.data.map((v) => v.value)), 6);
        expect(Number(line[column('national_districts')])).toBe(values.data.length);
      }
    });
  });

  it('says so when there is no district with the P-code', async () => {
    await withPage(browser, { viewport: desktop, expectedErrors: /status of 40[04]/ }, async (page) => {
      for (const pcode of ['PK999', 'not-a-pcode']) {
        await page.goto(`${server.url}/districts/${pcode}`);
        await expect.poll(() => page.locator('h1').textContent()).toBe('District not found');
        expect(await page.locator('main').textContent()).toContain(pcode.toUpperCase());
        await page.getByRole('link', { name: 'Find a district on the map' }).click();
        await page.waitForURL((url) => url.pathname === '/');
      }
      await page.goto(`${server.url}/districts/PK999`);
      await page.getByRole('button', { name: 'اردو' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('ضلع نہیں ملا');
      await screenshot(page, 'district-not-found-ur');
    });
  });

  for (const language of ['en', 'ur'] as const) {
    it(`fits a 375-pixel phone screen in ${language === 'en' ? 'English' : 'Urdu'}`, async () => {
      await withPage(browser, { viewport: phone, language }, async (page) => {
        await page.goto(`${server.url}/districts/${lahore.pcode}`);
        await page.locator('.comparison-table').first().waitFor({ timeout: 15_000 });
        await page.getByRole('status').waitFor({ state: 'detached', timeout: 20_000 });
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
        // Each indicator is a card: the values sit under its name, not in columns off screen.
        const name = (await page.locator('.comparison-table tbody th').first().boundingBox())!;
        const value = (await page.locator('.comparison-table .value-national').first().boundingBox())!;
        expect(value.y).toBeGreaterThanOrEqual(name.y + name.height - 1);
        expect(value.x + value.width).toBeLessThanOrEqual(phone.width);
        await screenshot(page, `district-375-${language}`);
      });
    });
  }

  it('is laid out right to left in Urdu on a desktop', async () => {
    await withPage(browser, { viewport: desktop, language: 'ur' }, async (page) => {
      await page.goto(`${server.url}/districts/${lahore.pcode}`);
      await page.locator('.comparison-table').first().waitFor({ timeout: 15_000 });
      await page.getByRole('status').waitFor({ state: 'detached', timeout: 20_000 });
      expect(await page.locator('.kicker').textContent()).toBe('ضلعی پروفائل');
      // The locator map on the left, the name on the right; the indicator column on the right.
      const facts = (await page.locator('.profile-facts').boundingBox())!;
      const locator = (await page.locator('.locator').boundingBox())!;
      expect(locator.x).toBeLessThan(facts.x);
      const header = page.locator('.comparison-table thead th');
      const indicator = (await header.first().boundingBox())!;
      const national = (await header.nth(4).boundingBox())!;
      expect(indicator.x).toBeGreaterThan(national.x);
      await screenshot(page, 'district-desktop-ur');
    });
  });
});
