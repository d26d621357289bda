import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { desktop, download, ensureWebBuild, hasBrowser, launchBrowser, phone, SCREENSHOTS, withPage as withPageIn } from './browser';

// The district map in a real browser, served by the real server over the seeded database.

const DISTRICTS = 'path[data-pcode]';

/** Opens the map and waits until the districts are drawn and coloured. */
async function openMap(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/map`);
  await page.locator(`${DISTRICTS}[fill^="rgb"]`).first().waitFor({ timeout: 15_000 });
  await page.getByRole('status').waitFor({ state: 'detached' });
}

// Page functions reach the document through the elements they get, so this file needs no DOM
// types (the Node test programme is compiled without them).

function fills(page: Page): Promise<Record<string, string>> {
  return page
    .locator(DISTRICTS)
    .evaluateAll((paths) =>
      Object.fromEntries(paths.map((p) => [p.getAttribute('data-pcode') ?? '', p.getAttribute('fill') ?? ''])),
    );
}

/** A coloured district large enough to point at, with the point in it that the mouse should use. */
async function pointableDistrict(page: Page): Promise<{ pcode: string; x: number; y: number }> {
  const found = await page.locator(DISTRICTS).evaluateAll((paths) => {
    for (const path of paths) {
      if (!path.getAttribute('fill')?.startsWith('rgb')) continue;
      const box = path.getBoundingClientRect();
      if (box.width < 20 || box.height < 20) continue;
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      // Centres of concave shapes can fall in a neighbour: only use one that hits this district.
      if (path.ownerDocument.elementFromPoint(x, y) === path) return { pcode: path.getAttribute('data-pcode') ?? '', x, y };
    }
    return null;
  });
  if (!found) throw new Error('no coloured district has its centre inside itself');
  return found;
}

describe.skipIf(!hasBrowser)('district map in the browser', () => {
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

  const withPage = (viewport: { width: number; height: number }, body: (page: Page) => Promise<void>) =>
    withPageIn(browser, { viewport }, body);

  it('draws the 160 districts with province outlines and a legend', async () => {
    await withPage(desktop, async (page) => {
      await openMap(page, server.url);
      const pcodes = await page.locator(DISTRICTS).evaluateAll((paths) => paths.map((p) => p.getAttribute('data-pcode')));
      expect(pcodes).toHaveLength(160);
      expect(new Set(pcodes).size).toBe(160);
      expect(pcodes.every((p) => /^PK\d+$/.test(p ?? ''))).toBe(true);
      expect(await page.locator('.provinces path').count()).toBeGreaterThanOrEqual(7);
      expect(await page.getByLabel('Indicator').inputValue()).toBe('population');
      expect(await page.locator('.legend-items li').count()).toBeGreaterThanOrEqual(2);
      await expect.poll(() => page.locator('.map-meta').textContent()).toMatch(/Source:.+Licence:/);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'map-desktop.png'), fullPage: true });
    });
  });

  it('shows a tooltip with the district name and formatted value on hover and on keyboard focus', async () => {
    await withPage(desktop, async (page) => {
      await openMap(page, server.url);
      const { pcode, x, y } = await pointableDistrict(page);
      const row = page.locator(`tbody tr[data-pcode="${pcode}"]`);
      const name = (await row.locator('th').textContent()) ?? '';
      const value = (await row.locator('td.numeric').textContent()) ?? '';
      expect(name).not.toBe('');
      // Formatted like 1.2M, 45.3% or 812.5K, never a raw number such as 1234567.
      expect(value).toMatch(/^\d{1,3}(,\d{3})*(\.\d+)?[KMB%]?$/);

      const tooltip = page.getByRole('tooltip');
      await page.mouse.move(x, y);
      await tooltip.waitFor();
      expect(await tooltip.textContent()).toContain(name);
      expect(await tooltip.textContent()).toContain(value);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'map-tooltip.png') });

      await page.mouse.move(1, 1);
      await tooltip.waitFor({ state: 'detached' });
      const shape = page.locator(`${DISTRICTS}[data-pcode="${pcode}"]`);
      await shape.focus();
      await tooltip.waitFor();
      expect(await tooltip.textContent()).toContain(name);
      expect(await shape.getAttribute('aria-label')).toContain(`${name}, `);
    });
  });

  it('recolours the districts when another indicator is chosen', async () => {
    await withPage(desktop, async (page) => {
      await openMap(page, server.url);
      const before = await fills(page);
      const picker = page.getByLabel('Indicator');
      const options = await picker.locator('option').evaluateAll((list) =>
        list.map((o) => ({ value: o.getAttribute('value') ?? '', label: o.textContent ?? '' })),
      );
      const poverty = options.find((o) => /poverty/i.test(o.label) && !/rank/i.test(o.label));
      expect(poverty, `a poverty indicator among ${options.map((o) => o.label).join('; ')}`).toBeDefined();

      await picker.selectOption(poverty!.value);
      const changed = async () => {
        const after = await fills(page);
        return Object.keys(before).filter((pcode) => before[pcode] !== after[pcode]).length;
      };
      await expect.poll(changed).toBeGreaterThan(20);
      await page.getByRole('status').waitFor({ state: 'detached' });
      expect(await page.locator('.map-heading').textContent()).toContain(poverty!.label);
      expect(page.url()).toContain(`indicator=${encodeURIComponent(poverty!.value)}`);
    });
  });

  it('filters and sorts the district list, and a click on a row outlines the district', async () => {
    await withPage(desktop, async (page) => {
      await openMap(page, server.url);
      const rows = page.locator('tbody tr');
      expect(await rows.count()).toBe(160);

      const search = page.getByLabel('Search districts');
      await search.fill('lahore');
      await expect.poll(() => rows.count()).toBeLessThan(160);
      const names = await rows.locator('th').allTextContents();
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((n) => n.toLowerCase().includes('lahore'))).toBe(true);

      // The province cell: the name itself is a link to the profile.
      await rows.first().locator('td').first().click();
      const pcode = await rows.first().getAttribute('data-pcode');
      expect(await page.locator('.highlight-selected').count()).toBe(1);
      expect(await rows.first().getAttribute('class')).toContain('selected');
      expect(pcode).toMatch(/^PK/);

      await search.fill('no such district');
      await page.getByText('No districts match').waitFor();
      expect(await rows.count()).toBe(0);

      await search.fill('');
      const valueHeader = page.getByRole('columnheader', { name: /Value/ });
      await valueHeader.getByRole('button').click();
      expect(await valueHeader.getAttribute('aria-sort')).toBe('descending');
      await valueHeader.getByRole('button').click();
      expect(await valueHeader.getAttribute('aria-sort')).toBe('ascending');
    });
  });

  it('opens the profile of a district clicked on the map or named in the list', async () => {
    await withPage(desktop, async (page) => {
      await openMap(page, server.url);
      const { pcode, x, y } = await pointableDistrict(page);
      const name = (await page.locator(`tbody tr[data-pcode="${pcode}"] th`).textContent()) ?? '';
      await page.mouse.click(x, y);
      await page.waitForURL(`**/districts/${pcode}`);
      await expect.poll(() => page.locator('h1').textContent()).toBe(name);

      await page.goBack();
      await page.locator('tbody tr').first().waitFor();
      const link = page.locator('tbody tr th a').first();
      const href = await link.getAttribute('href');
      expect(href).toMatch(/^\/districts\/PK\d+$/);
      const linkName = await link.textContent();
      await link.click();
      await page.waitForURL(`**${href}`);
      await expect.poll(() => page.locator('h1').textContent()).toBe(linkName);

      // Keyboard: Enter on a focused district opens it too.
      await page.goBack();
      await page.locator(`${DISTRICTS}[fill^="rgb"]`).first().waitFor();
      await page.locator(`${DISTRICTS}[data-pcode="${pcode}"]`).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/districts/${pcode}`);
    });
  });

  it('lets keyboard users skip past the districts with a link that appears on focus', async () => {
    await withPage(desktop, async (page) => {
      await openMap(page, server.url);
      const skip = page.getByRole('link', { name: 'Skip the map' });
      expect((await skip.boundingBox())?.width ?? 0).toBeLessThanOrEqual(1);
      await page.getByLabel('Year').focus();
      await page.keyboard.press('Tab');
      expect(await skip.evaluate((a) => a.ownerDocument.activeElement === a)).toBe(true);
      expect((await skip.boundingBox())?.width ?? 0).toBeGreaterThan(20);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'map-skip-link.png') });
      await page.keyboard.press('Enter');
      expect(await page.locator('#after-map').evaluate((el) => el.ownerDocument.activeElement === el)).toBe(true);
      await page.keyboard.press('Tab');
      const focused = await page
        .locator(':focus')
        .evaluate((active) => ({ tag: active.tagName.toLowerCase(), text: active.textContent, pcode: active.getAttribute('data-pcode') }));
      expect(focused.pcode).toBeNull();
      expect(focused).toMatchObject({ tag: 'button', text: 'Download CSV' });
    });
  });

  it('offers the map as SVG and PNG images beside the CSV', async () => {
    await withPage(desktop, async (page) => {
      await openMap(page, server.url);
      const csv = await download(page, () => page.getByRole('button', { name: 'Download CSV' }).click());
      expect(csv.name).toMatch(/^population_\d{4}\.csv$/);
      expect(csv.body.toString('utf8').split('\r\n')[0]).toBe('pcode,district,province_pcode,province,indicator,year,value,unit');

      const svg = await download(page, () => page.getByRole('button', { name: 'Map as SVG' }).click());
      expect(svg.name).toMatch(/^population_\d{4}\.svg$/);
      const text = svg.body.toString('utf8');
      expect(text).toMatch(/^<\?xml/);
      expect(text.match(/data-pcode="PK\d+"/g)).toHaveLength(160);
      expect(text).toContain('Population');
      expect(text).toContain('OCHA / WFP, COD-AB Pakistan 2022');
      expect(text).not.toContain('tabindex');
      expect(text).not.toContain('highlight');

      const png = await download(page, () => page.getByRole('button', { name: 'Map as PNG' }).click());
      expect(png.name).toMatch(/^population_\d{4}\.png$/);
      expect(png.body.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      // IHDR: width and height at twice the SVG's size.
      const width = png.body.readUInt32BE(16);
      const height = png.body.readUInt32BE(20);
      expect(width).toBe(2 * Number(/<svg[^>]* width="(\d+)"/.exec(text)![1]));
      expect(height).toBeGreaterThan(width / 2);
      fs.writeFileSync(path.join(SCREENSHOTS, 'map-export.svg'), svg.body);
      fs.writeFileSync(path.join(SCREENSHOTS, 'map-export.png'), png.body);
    });
  });

  it('fits a 375-pixel phone screen without sideways scrolling', async () => {
    await withPage(phone, async (page) => {
      await openMap(page, server.url);
      expect(await page.locator(DISTRICTS).count()).toBe(160);
      const scrollWidth = await page
        .locator('html')
        .evaluate((html) => html.ownerDocument.scrollingElement?.scrollWidth ?? Number.POSITIVE_INFINITY);
      expect(scrollWidth).toBeLessThanOrEqual(375);
      // The list sits below the map on a phone.
      const map = await page.locator('.map-panel').boundingBox();
      const list = await page.locator('.list-panel').boundingBox();
      expect(list!.y).toBeGreaterThan(map!.y + map!.height - 1);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'map-375.png'), fullPage: true });
    });
  });
});
