import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server';

// The district map in a real browser, served by the real server over the seeded database.

const ROOT = path.resolve(import.meta.dirname, '../../..');
const WEB_SOURCES = path.join(ROOT, 'src/web');
const WEB_INDEX = path.join(ROOT, 'dist/web/index.html');
const SCREENSHOTS = path.join(ROOT, '.tmp');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const hasBrowser = fs.existsSync(CHROMIUM);
if (!hasBrowser) {
  if (process.env.REQUIRE_BROWSER === '1') {
    throw new Error(`REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM} (set CHROMIUM_PATH or install chromium)`);
  }
  console.warn(`Skipping the web browser tests: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH, or REQUIRE_BROWSER=1 to fail)`);
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : fs.statSync(file).mtimeMs);
  }
  return newest;
}

/** Builds dist/web when it is missing or older than its sources; the server only serves it. */
async function ensureWebBuild(): Promise<void> {
  const builtAt = fs.existsSync(WEB_INDEX) ? fs.statSync(WEB_INDEX).mtimeMs : 0;
  if (builtAt >= newestSource(WEB_SOURCES)) return;
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(WEB_SOURCES, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

const DISTRICTS = 'path[data-pcode]';

/** Opens the map and waits until the districts are drawn and coloured. */
async function openMap(page: Page, url: string): Promise<void> {
  await page.goto(url);
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
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function withPage(viewport: { width: number; height: number }, body: (page: Page) => Promise<void>): Promise<void> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    try {
      await body(page);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }

  const desktop = { width: 1280, height: 900 };
  const phone = { width: 375, height: 812 };

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

  it('filters and sorts the district list, and a row click highlights the district', async () => {
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

      await rows.first().click();
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
