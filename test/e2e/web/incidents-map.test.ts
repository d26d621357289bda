import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { axeSerious } from './axe';
import { desktop, download, ensureWebBuild, hasBrowser, launchBrowser, parseCsv, phone, screenshot, sidewaysOverflow, withPage } from './browser';

// The map on the incidents page: districts shaded by the filtered counts, dots for the filtered
// incidents, a district chosen on the map narrowing the filters, downloads, and its states.

const PROVINCE = 'PK2';
const MAP = 'section.incidents-map';
const DISTRICTS = `${MAP} path[data-pcode]`;
const POINTS = `${MAP} a.incident-point`;

interface Count {
  district_pcode: string;
  incidents: number;
  killed: number;
  injured: number;
}

interface Drawn {
  pcode: string;
  fill: string;
  label: string;
}

/** The map settled for the current filters: nothing loading, districts drawn. */
async function mapReady(page: Page): Promise<void> {
  await page.locator(`${MAP}[aria-busy="false"] path[data-pcode]`).first().waitFor({ timeout: 20_000 });
}

function drawn(page: Page): Promise<Drawn[]> {
  return page
    .locator(DISTRICTS)
    .evaluateAll((paths) => paths.map((p) => ({ pcode: p.getAttribute('data-pcode') ?? '', fill: p.getAttribute('fill') ?? '', label: p.getAttribute('aria-label') ?? '' })));
}

/** The incidents count a district's label states ("…: incidents: 12 · killed: 30"), or null outside the filters. */
function countInLabel(label: string): number | null {
  const match = /incidents: ([\d,]+)/.exec(label);
  return match ? Number(match[1]!.replace(/,/g, '')) : null;
}

function luminance(rgb: string): number {
  const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** A spot inside a district's shape that no dot covers, to click it as a reader would. */
function openSpot(page: Page, pcode: string): Promise<{ x: number; y: number } | null> {
  return page.locator(`${DISTRICTS}[data-pcode="${pcode}"]`).evaluate((path) => {
    const box = path.getBoundingClientRect();
    for (let i = 1; i < 12; i++) {
      for (let j = 1; j < 12; j++) {
        const x = box.left + (box.width * i) / 12;
        const y = box.top + (box.height * j) / 12;
        if (path.ownerDocument.elementFromPoint(x, y) === path) return { x, y };
      }
    }
    return null;
  });
}

describe.skipIf(!hasBrowser)('the incidents map in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const api = async <T,>(path: string): Promise<T> => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
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

  it('shades the districts by the counts the API gives for the same filters, with a dot per located incident', async () => {
    const { data: counts } = await api<{ data: Count[] }>(`/api/v1/incidents/by-district?province=${PROVINCE}`);
    expect(counts.length).toBeGreaterThan(2);
    const geojson = await api<{ features: { geometry: { coordinates: [number, number] } | null; properties: { id: number; district_pcode: string | null } }[] }>(
      `/api/v1/incidents.geojson?province=${PROVINCE}&dedupe=true`,
    );
    const located = geojson.features.filter((f) => f.geometry !== null);
    expect(located.length).toBeGreaterThan(0);

    await withPage(browser, { viewport: desktop }, async (page) => {
      await page.goto(`${server.url}/incidents?province=${PROVINCE}`);
      await mapReady(page);
      await page.locator(POINTS).first().waitFor({ timeout: 15_000 });
      const districts = await drawn(page);
      expect(districts).toHaveLength(160);
      const { data: all } = await api<{ data: { pcode: string; province_pcode: string }[] }>('/api/v1/geo/districts');
      const inProvince = new Set(all.filter((d) => d.province_pcode === PROVINCE).map((d) => d.pcode));

      // Every district of the province states the API's count; the others are outside the filters.
      const expected = new Map(counts.map((c) => [c.district_pcode, c.incidents]));
      for (const d of districts) {
        if (inProvince.has(d.pcode)) expect(countInLabel(d.label), d.pcode).toBe(expected.get(d.pcode) ?? 0);
        else expect(d.label, d.pcode).toContain('Outside the filters');
      }
      // Shaded on the colour ramp exactly where the API counts incidents; more incidents never lighter.
      const shaded = districts.filter((d) => d.fill.startsWith('rgb'));
      expect(shaded.map((d) => d.pcode).sort()).toEqual(counts.filter((c) => c.incidents > 0).map((c) => c.district_pcode).sort());
      const byCount = [...shaded].sort((a, b) => expected.get(a.pcode)! - expected.get(b.pcode)!);
      for (let i = 1; i < byCount.length; i++) expect(luminance(byCount[i]!.fill)).toBeLessThanOrEqual(luminance(byCount[i - 1]!.fill));
      expect(new Set(districts.filter((d) => !inProvince.has(d.pcode)).map((d) => d.fill)).size).toBe(1);
      const summary = await page.locator(`${MAP} .map-summary`).textContent();
      expect(summary).toContain(`${counts.reduce((n, c) => n + c.incidents, 0)} incidents in ${counts.length} districts`);

      // One dot per located incident, each linking to it, drawn inside (nearly always) its own district.
      const dots = await page.locator(POINTS).evaluateAll((links) =>
        links.map((a) => {
          const box = a.getBoundingClientRect();
          const under: { getAttribute(name: string): string | null }[] = a.ownerDocument.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          return { id: Number(a.getAttribute('data-id')), href: a.getAttribute('href'), district: under.find((e) => e.getAttribute('data-pcode') !== null)?.getAttribute('data-pcode') ?? null };
        }),
      );
      expect(dots.map((d) => d.id).sort((a, b) => a - b)).toEqual(located.map((f) => f.properties.id).sort((a, b) => a - b));
      for (const d of dots) expect(d.href).toBe(`/incidents/${d.id}`);
      const districtOf = new Map(located.map((f) => [f.properties.id, f.properties.district_pcode]));
      const inOwn = dots.filter((d) => d.district === districtOf.get(d.id)).length;
      expect(inOwn / dots.length).toBeGreaterThan(0.8);

      expect(await axeSerious(page)).toEqual([]);
      await screenshot(page, 'incidents-map-desktop');
    });
  });

  it('narrows the filters to a district clicked or chosen with Enter, in the address, the form and the table', async () => {
    const { data: counts } = await api<{ data: Count[] }>(`/api/v1/incidents/by-district?province=${PROVINCE}`);
    const [first, second] = [...counts].sort((a, b) => b.incidents - a.incidents);
    const { data: districts } = await api<{ data: { pcode: string; name: string }[] }>('/api/v1/geo/districts');
    const nameOf = (pcode: string) => districts.find((d) => d.pcode === pcode)!.name;

    await withPage(browser, { viewport: desktop }, async (page) => {
      await page.goto(`${server.url}/incidents?province=${PROVINCE}`);
      await mapReady(page);
      const spot = await openSpot(page, first!.district_pcode);
      expect(spot).not.toBeNull();
      await page.mouse.click(spot!.x, spot!.y);
      await page.waitForURL((url) => url.searchParams.get('district') === first!.district_pcode);
      expect(new URL(page.url()).searchParams.get('province')).toBe(PROVINCE);
      expect(await page.getByLabel('District', { exact: true }).inputValue()).toBe(first!.district_pcode);
      expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toContain(`district=${first!.district_pcode}`);

      // The table lists that district's incidents only, as many as the API has (up to a page).
      const { data: listed } = await api<{ data: unknown[] }>(`/api/v1/incidents?province=${PROVINCE}&district=${first!.district_pcode}&limit=50`);
      await expect
        .poll(async () => page.locator('.incidents-table tbody tr td:nth-child(3)').allTextContents(), { timeout: 15_000 })
        .toEqual(Array.from({ length: listed.length }, () => nameOf(first!.district_pcode)));

      // Only that district is now inside the filters, outlined as the chosen one.
      await mapReady(page);
      const now = await drawn(page);
      expect(now.filter((d) => d.fill.startsWith('rgb')).map((d) => d.pcode)).toEqual([first!.district_pcode]);
      expect(now.filter((d) => countInLabel(d.label) !== null).map((d) => d.pcode)).toEqual([first!.district_pcode]);
      expect(await page.locator(`${MAP} .highlight-selected`).count()).toBe(1);
      expect(await page.locator(`${MAP} .map-summary`).textContent()).toBe(
        `${first!.incidents} ${first!.incidents === 1 ? 'incident' : 'incidents'} in 1 district`,
      );

      // By keyboard: Enter on another district moves the filter there.
      await page.locator(`${DISTRICTS}[data-pcode="${second!.district_pcode}"]`).focus();
      await page.locator(`${MAP} [role="tooltip"]`).waitFor();
      expect(await page.locator(`${MAP} [role="tooltip"]`).textContent()).toContain(nameOf(second!.district_pcode));
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.searchParams.get('district') === second!.district_pcode);
      await expect
        .poll(async () => [...new Set(await page.locator('.incidents-table tbody tr td:nth-child(3)').allTextContents())], { timeout: 15_000 })
        .toEqual([nameOf(second!.district_pcode)]);
    });
  });

  it('opens an incident from its dot by keyboard, with a tooltip on focus', async () => {
    await withPage(browser, { viewport: desktop }, async (page) => {
      await page.goto(`${server.url}/incidents?province=${PROVINCE}`);
      await mapReady(page);
      const dot = page.locator(POINTS).first();
      await dot.waitFor({ timeout: 15_000 });
      const id = await dot.getAttribute('data-id');
      await dot.focus();
      const tooltip = page.locator(`${MAP} [role="tooltip"]`);
      await tooltip.waitFor();
      const detail = await api<{ incident: { date_start: string } }>(`/api/v1/incidents/${id}`);
      expect(await dot.getAttribute('aria-label')).toContain(new Intl.DateTimeFormat('en-PK', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${detail.incident.date_start}T00:00:00Z`)));
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname === `/incidents/${id}`);
      await page.locator('.incident-sources').waitFor({ timeout: 15_000 });
    });
  });

  it('offers the counts as CSV and the map with its dots as SVG', async () => {
    const { data: counts } = await api<{ data: Count[] }>(`/api/v1/incidents/by-district?province=${PROVINCE}`);
    await withPage(browser, { viewport: desktop }, async (page) => {
      await page.goto(`${server.url}/incidents?province=${PROVINCE}`);
      await mapReady(page);
      await page.locator(POINTS).first().waitFor({ timeout: 15_000 });
      const group = page.getByRole('group', { name: 'Download: Incidents by district' });
      const csv = await download(page, () => group.getByRole('button', { name: 'CSV' }).click());
      expect(csv.name).toBe('incidents_by_district.csv');
      const [header, ...rows] = parseCsv(csv.body.toString('utf8'));
      expect(header).toEqual(['district_pcode', 'district', 'province_pcode', 'province', 'incidents', 'killed', 'injured']);
      expect(rows.every((r) => r[2] === PROVINCE)).toBe(true);
      const withIncidents = rows.filter((r) => Number(r[4]) > 0).map((r) => ({ district_pcode: r[0], incidents: Number(r[4]), killed: Number(r[5]), injured: Number(r[6]) }));
      expect(withIncidents.sort((a, b) => a.district_pcode!.localeCompare(b.district_pcode!))).toEqual(counts);

      const svg = await download(page, () => group.getByRole('button', { name: 'Map as SVG' }).click());
      const text = svg.body.toString('utf8');
      expect(text).toContain('Incidents by district');
      expect(text).toContain('Province: Balochistan');
      expect(text.match(/data-pcode="PK\d+"/g)).toHaveLength(160);
      expect(text.match(/<circle /g)?.length).toBe(await page.locator(POINTS).count());

      const png = await download(page, () => group.getByRole('button', { name: 'Map as PNG' }).click());
      expect(png.name).toBe('incidents_by_district.png');
      expect(png.body.subarray(1, 4).toString('latin1')).toBe('PNG');
    });
  });

  it('says in words when nothing matches and when the counts cannot be loaded', async () => {
    await withPage(browser, { viewport: desktop, expectedErrors: /500|Failed to load resource/ }, async (page) => {
      await page.goto(`${server.url}/incidents?q=zzzz-no-such-place`);
      await page.getByText('Nothing to map: no incident matching these filters is placed in a district.').waitFor({ timeout: 15_000 });
      expect(await page.locator(DISTRICTS).count()).toBe(0);

      await page.route('**/api/v1/incidents/by-district**', (route) =>
        route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { id: 'internal', status: 500, message: 'The server failed' } }) }),
      );
      await page.goto(`${server.url}/incidents?province=${PROVINCE}`);
      const alert = page.locator(`${MAP} [role="alert"]`);
      await alert.waitFor({ timeout: 15_000 });
      expect(await alert.textContent()).toContain('Could not load the map: The server failed');
      await page.unroute('**/api/v1/incidents/by-district**');
      await alert.getByRole('button', { name: 'Try again' }).click();
      await mapReady(page);
    });
  });

  it('loads the map in its own script, after the first page', async () => {
    await withPage(browser, { viewport: desktop }, async (page) => {
      const scripts: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
      });
      await page.goto(`${server.url}/`);
      await page.locator('main h1').waitFor({ timeout: 15_000 });
      expect(scripts.some((s) => s.includes('IncidentsMap'))).toBe(false);
      await page.getByRole('link', { name: 'Incidents', exact: true }).first().click();
      await mapReady(page);
      expect(scripts.some((s) => s.includes('IncidentsMap'))).toBe(true);
    });
  });

  for (const language of ['en', 'ur'] as const) {
    it(`puts the map above the list on a 375-pixel phone in ${language === 'en' ? 'English' : 'Urdu'}`, async () => {
      await withPage(browser, { viewport: phone, language }, async (page) => {
        await page.goto(`${server.url}/incidents?province=${PROVINCE}`);
        await mapReady(page);
        await page.locator('.incidents-table tbody tr').first().waitFor({ timeout: 15_000 });
        await page.locator(POINTS).first().waitFor({ timeout: 15_000 });
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
        const map = await page.locator(MAP).boundingBox();
        const table = await page.locator('.incidents-table').boundingBox();
        expect(map!.y + map!.height).toBeLessThanOrEqual(table!.y);
        expect(map!.width).toBeGreaterThan(300);
        expect(await axeSerious(page)).toEqual([]);
        await screenshot(page, `incidents-map-375-${language}`);
      });
    });
  }
});
