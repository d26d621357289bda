import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../src/server/config';
import { seed } from '../../../src/importers/seed';
import { signIn } from '../../helpers/auth';
import { createTestDatabase, testDialects, type TestDatabase } from '../../helpers/databases';
import { seededSqliteCopy, startTestServer, type TestServer } from '../../helpers/server';
import { axeSerious } from './axe';
import { desktop, ensureWebBuild, hasBrowser, launchBrowser, phone, screenshot, sidewaysOverflow, withPage } from './browser';

// The printable province report: the page without navigation, its PDF from the command line
// (`nap-monitor report province`) and from the API, both printed by headless Chromium.

const BIN = path.join(PROJECT_ROOT, 'bin', 'nap-monitor.js');
const PROVINCE = 'PK5';
const PERIOD = '2023Q1';
const hasPdfToText = spawnSync('pdftotext', ['-v']).error === undefined;

function run(args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent' }, timeout: 180_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

interface Totals {
  incidents: number;
  killed: number;
  injured: number;
}

/** The province's incidents for the period, summed here from the per-district counts of the API. */
async function totalsFrom(url: string): Promise<Totals> {
  const answer = (await (await fetch(`${url}/api/v1/incidents/by-district?province=${PROVINCE}&from=2023-01-01&to=2023-03-31`)).json()) as {
    data: Totals[];
  };
  return answer.data.reduce((s, r) => ({ incidents: s.incidents + r.incidents, killed: s.killed + r.killed, injured: s.injured + r.injured }), {
    incidents: 0,
    killed: 0,
    injured: 0,
  });
}

const summary = (t: Totals) =>
  `${t.incidents.toLocaleString('en')} incident${t.incidents === 1 ? '' : 's'}, ${t.killed.toLocaleString('en')} killed and ${t.injured.toLocaleString('en')} injured`;

describe.skipIf(!hasBrowser)('the printable province report', () => {
  let server: TestServer;
  let browser: Browser;
  let totals: Totals;
  let name: string;

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startTestServer();
    browser = await launchBrowser();
    totals = await totalsFrom(server.url);
    // The period must have something to show, or the figure checks below prove nothing.
    expect(totals.incidents).toBeGreaterThan(0);
    const provinces = (await (await fetch(`${server.url}/api/v1/geo/provinces`)).json()) as { data: { pcode: string; name: string }[] };
    name = provinces.data.find((p) => p.pcode === PROVINCE)!.name;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [viewport, label] of [
    [desktop, 'desktop'],
    [phone, '375'],
  ] as const) {
    it(`shows the province's figures without navigation (${label})`, async () => {
      await withPage(browser, { viewport }, async (page) => {
        await page.goto(`${server.url}/report/province/${PROVINCE}?period=${PERIOD}`);
        await page.locator('[data-report-state="ready"]').waitFor({ timeout: 20_000 });
        expect(await page.locator('h1').textContent()).toBe(name);
        expect(await page.locator('.site-header').count()).toBe(0);
        expect(await page.locator('nav').count()).toBe(0);
        expect(await page.locator('[data-figure="incidents"] dd').textContent()).toMatch(new RegExp(`^${totals.incidents}\\b`));
        expect(await page.locator('[data-figure="killed"] dd').textContent()).toMatch(new RegExp(`^${totals.killed.toLocaleString('en')}\\b`));
        expect(await page.locator('#incidents-heading + *, .province-section').allTextContents()).toEqual(
          expect.arrayContaining([expect.stringContaining(summary(totals))]),
        );
        // Every point of the plan is listed, with the dimensions counted from them.
        const points = await page.locator('.points-table tbody tr').count();
        expect(points).toBeGreaterThan(0);
        const perDimension = await page.locator('.dimension-table tbody tr td:nth-of-type(1)').allTextContents();
        expect(perDimension.reduce((s, v) => s + Number(v), 0)).toBe(points);
        expect(await page.locator('.time-chart').count()).toBe(1);
        expect(await page.locator('[data-generated]').textContent()).toMatch(/Generated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
        expect(await axeSerious(page)).toEqual([]);
        await screenshot(page, `report-${label}`);
      });
    });
  }

  it('says in words when the province or the period is wrong', async () => {
    await withPage(browser, { viewport: desktop, expectedErrors: /status of 40[04]/ }, async (page) => {
      await page.goto(`${server.url}/report/province/PK99?period=${PERIOD}`);
      await page.locator('[data-report-state="error"]').waitFor({ timeout: 20_000 });
      expect(await page.getByRole('alert').textContent()).toContain('PK99');
      await page.goto(`${server.url}/report/province/${PROVINCE}?period=2023Q9`);
      await page.locator('[data-report-state="error"]').waitFor({ timeout: 20_000 });
      expect(await page.getByRole('alert').textContent()).toContain('2023Q9');
    });
  });

  it('answers GET /api/v1/reports/province/{pcode}.pdf with a PDF, 404 for an unknown province and 400 for a bad period', async () => {
    const response = await fetch(`${server.url}/api/v1/reports/province/${PROVINCE}.pdf?period=${PERIOD}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain(`nap-monitor_${PROVINCE}_${PERIOD}.pdf`);
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (hasPdfToText) {
      const file = path.join(os.tmpdir(), `nap-report-api-${process.pid}.pdf`);
      fs.writeFileSync(file, body);
      const text = pdfText(file);
      fs.rmSync(file);
      expect(text).toContain(name);
      expect(text).toContain(summary(totals));
    }

    expect(response.headers.get('x-report-cache')).toBe('miss');

    // Asked again with nothing changed, the same PDF comes from the cache; after a change to the
    // data (an incident entered) it is printed again.
    const pdfUrl = `${server.url}/api/v1/reports/province/${PROVINCE}.pdf?period=${PERIOD}`;
    const again = await fetch(pdfUrl);
    expect(again.headers.get('x-report-cache')).toBe('hit');
    expect(Buffer.from(await again.arrayBuffer()).equals(body)).toBe(true);
    const analyst = await signIn(server, 'analyst');
    const entered = await server.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: analyst.headers,
      payload: { date_start: '2020-01-01', category: 'other', district_pcode: 'PK503', notes: 'Entered to change the data' },
    });
    expect(entered.statusCode, entered.body).toBe(201);
    const changed = await fetch(pdfUrl);
    expect(changed.status).toBe(200);
    expect(changed.headers.get('x-report-cache')).toBe('miss');
    await changed.arrayBuffer();

    // One page prints at a time and a few wait their turn; more than that are told to come back.
    const periods = ['2023Q1', '2023Q2', '2023Q3', '2023Q4', '2024Q1', '2024Q2', '2024Q3'];
    const rush = await Promise.all(periods.map((p) => fetch(`${server.url}/api/v1/reports/province/${PROVINCE}.pdf?period=${p}`)));
    const statuses = rush.map((r) => r.status);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(2);
    const busy = rush.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(((await busy[0]!.json()) as { error: { id: string } }).error.id).toBe('pdf_busy');
    await Promise.all(rush.filter((r) => r.status === 200).map((r) => r.arrayBuffer()));

    const unknown = await fetch(`${server.url}/api/v1/reports/province/PK99.pdf?period=${PERIOD}`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('PK99');
    const bad = await fetch(`${server.url}/api/v1/reports/province/${PROVINCE}.pdf?period=2023Q9`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { fields: { field: string }[] } }).error.fields[0]!.field).toBe('period');
    const missing = await fetch(`${server.url}/api/v1/reports/province/${PROVINCE}.pdf`);
    expect(missing.status).toBe(400);
  });
});

describe.skipIf(!hasBrowser).each(testDialects())('nap-monitor report province on %s', (dialect) => {
  let url: string;
  let cleanup: () => Promise<void>;
  let server: TestServer;
  let out: string;

  beforeAll(async () => {
    await ensureWebBuild();
    // The figures to expect, from a server over the same bundled data.
    server = await startTestServer();
    if (dialect === 'sqlite') {
      const copy = await seededSqliteCopy();
      url = `sqlite:${copy.file}`;
      cleanup = async () => fs.rmSync(copy.dir, { recursive: true, force: true });
    } else {
      const t: TestDatabase = await createTestDatabase('postgres');
      await seed(t.db, path.join(PROJECT_ROOT, 'data'));
      url = t.url;
      cleanup = () => t.drop();
    }
    out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nap-report-')), `${PROVINCE}.pdf`);
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    await cleanup?.();
    if (out) fs.rmSync(path.dirname(out), { recursive: true, force: true });
  });

  it('writes the PDF of the report and prints its path', async () => {
    const result = run(['--db', url, 'report', 'province', PROVINCE, '--period', PERIOD, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(out);
    const body = fs.readFileSync(out);
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (hasPdfToText) {
      const text = pdfText(out);
      const totals = await totalsFrom(server.url);
      expect(text).toContain('Khyber Pakhtunkhwa');
      expect(text).toContain(`Period ${PERIOD}`);
      expect(text).toContain(summary(totals));
    } else {
      console.warn('pdftotext (poppler-utils) is not installed: the PDF text is not checked');
    }
  }, 180_000);

  it('exits 3 for an unknown province and 2 for a bad period, saying why', () => {
    const unknown = run(['--db', url, 'report', 'province', 'PK99', '--period', PERIOD, '--out', out + '.x']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('Province PK99 not found');
    const bad = run(['--db', url, 'report', 'province', PROVINCE, '--period', '2023Q9', '--out', out + '.x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('period');
    expect(fs.existsSync(out + '.x')).toBe(false);
  }, 120_000);
});
