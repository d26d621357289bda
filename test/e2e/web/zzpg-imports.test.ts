import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/core/roles';
import { TEST_PASSWORD } from '../../helpers/auth';
import { startTestServer, type TestServer } from '../../helpers/server';
import { insertTestUser } from '../../helpers/sessions';
import { axeSerious } from './axe';
import { desktop, ensureWebBuild, hasBrowser, launchBrowser, phone, ROOT, screenshot, sidewaysOverflow, withPage } from './browser';

// Importing an incident file in the browser: upload progress, the row-level report, the batches
// and undo, refusals in words, and who may.

const SAMPLE = fs.readFileSync(path.join(ROOT, 'data/samples/acled-pakistan-sample.csv'), 'utf8');

/** The shipped ACLED sample with one more row whose date cannot be read. */
function sampleWithBadRow(): { text: string; badLine: number; rows: number } {
  const lines = SAMPLE.replace(/\r?\n$/, '').split(/\r?\n/);
  const bad = lines[lines.length - 1]!.split(',');
  bad[0] = 'PAK99999';
  bad[1] = '2025-13-45';
  lines.push(bad.join(','));
  return { text: `${lines.join('\n')}\n`, badLine: lines.length, rows: lines.length - 1 };
}

interface Account {
  email: string;
  headers: { cookie: string; 'x-csrf-token': string };
}

describe.skipIf(!hasBrowser)('imports in the browser', () => {
  let server: TestServer;
  let browser: Browser;

  async function account(role: Role, province: string | null = null): Promise<Account> {
    const email = `${role}.${crypto.randomBytes(4).toString('hex')}@example.org`;
    await insertTestUser(server, { email, role, province });
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: TEST_PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    return { email, headers: { cookie, 'x-csrf-token': res.json().csrf_token as string } };
  }

  /** Signs a new account of the role in on the sign-in page, which then opens `next`. */
  async function signedIn(page: Page, role: Role, next: string, province: string | null = null): Promise<Account> {
    const signed = await account(role, province);
    await page.goto(`${server.url}/signin?next=${encodeURIComponent(next)}`);
    const form = page.locator('main form');
    await form.locator('input[type="email"]').fill(signed.email);
    await form.locator('input[type="password"]').fill(TEST_PASSWORD);
    await form.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === next, { timeout: 15_000 });
    await page.locator('.session-signout').waitFor({ timeout: 15_000 });
    return signed;
  }

  async function liveAcled(): Promise<number> {
    const res = await server.app.inject({ url: '/api/v1/incidents?dataset=acled&limit=500' });
    return (res.json().data as unknown[]).length;
  }

  const count = (page: Page, key: string) => page.locator(`.report-counts [data-count="${key}"] dd`).textContent();

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startTestServer('postgres');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('checks a file in a dry run, imports it with upload progress and a row-level report, and undoes the batch', async () => {
    const file = sampleWithBadRow();
    expect(await liveAcled()).toBe(0);
    let batch = 0;
    await withPage(browser, { viewport: desktop, expectedErrors: /^$/ }, async (page, context) => {
      const analyst = await signedIn(page, 'analyst', '/work/imports');
      await page.getByRole('heading', { name: 'Import batches' }).waitFor({ timeout: 15_000 });
      const batchesBefore = (await server.app.inject({ url: '/api/v1/imports?kind=incidents', headers: analyst.headers })).json().data.length as number;

      const upload = { name: 'acled-sample.csv', mimeType: 'text/csv', buffer: Buffer.from(file.text) };
      await page.getByLabel('CSV file').setInputFiles(upload);
      await page.getByLabel('ACLED export').check();
      await page.getByLabel(/Dry run/).check();
      await page.getByRole('button', { name: 'Upload and check' }).click();
      await page.getByText('Dry run: nothing was saved.').waitFor({ timeout: 20_000 });
      expect(await count(page, 'imported')).toBe(String(file.rows - 1));
      expect(await count(page, 'rejected_rows')).toBe('1');
      expect(await liveAcled()).toBe(0);
      expect((await server.app.inject({ url: '/api/v1/imports?kind=incidents', headers: analyst.headers })).json().data.length).toBe(batchesBefore);

      // A slow line shows the upload's progress, then the server's work, then the report.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 200, downloadThroughput: -1, uploadThroughput: 1500 });
      await page.getByLabel(/Dry run/).uncheck();
      await page.getByRole('button', { name: 'Upload and import' }).click();
      await page.locator('.upload-progress progress').waitFor({ timeout: 5_000 });
      expect(await page.locator('.upload-progress').textContent()).toMatch(/Uploading the file: \d+%|Uploaded\. The server is reading/);
      await screenshot(page, 'imports-progress');
      const report = page.locator('.import-report');
      await report.getByText(/Imported as batch \d+\./).waitFor({ timeout: 30_000 });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      expect(await page.locator('.upload-progress').count()).toBe(0);
      batch = Number(/batch (\d+)/.exec((await report.getByText(/Imported as batch/).textContent())!)![1]);
      expect(await count(page, 'rows')).toBe(String(file.rows));
      expect(await count(page, 'imported')).toBe(String(file.rows - 1));
      expect(await count(page, 'rejected_rows')).toBe('1');
      const rejected = page.locator('.rejected-table tbody tr');
      expect(await rejected.count()).toBeGreaterThan(0);
      const cells = await rejected.first().locator('th, td').allTextContents();
      expect(cells[0]).toBe(String(file.badLine));
      expect(cells[1]).toBe('event_date');
      expect(cells[2]).toBe('2025-13-45');
      expect(cells[3]!.length).toBeGreaterThan(5);
      expect(await liveAcled()).toBe(file.rows - 1);

      // The batch is listed with its counts.
      const row = page.locator(`.batches-table tr[data-batch="${batch}"]`);
      await row.waitFor({ timeout: 15_000 });
      expect(await row.locator('td[data-label="Imported"]').textContent()).toBe(String(file.rows - 1));
      expect(await row.locator('td[data-label="Rejected"]').textContent()).toBe('1');
      await screenshot(page, 'imports-report-desktop');

      // Undo asks first; cancelling changes nothing.
      await row.getByRole('button', { name: `Undo batch ${batch}` }).click();
      await row.getByRole('button', { name: 'Cancel' }).click();
      expect(await liveAcled()).toBe(file.rows - 1);
      await row.getByRole('button', { name: `Undo batch ${batch}` }).click();
      expect(await row.getByRole('group').textContent()).toContain('Incidents it created are deleted');
      await row.getByRole('button', { name: 'Undo the batch' }).click();
      await page.getByText(`Batch ${batch} was undone: ${file.rows - 1} removed, 0 restored.`).waitFor({ timeout: 15_000 });
      await expect.poll(() => row.locator('td[data-label="Status"]').textContent(), { timeout: 15_000 }).toMatch(/^Undone on \d{4}-\d{2}-\d{2}$/);
      expect(await row.getByRole('button', { name: `Undo batch ${batch}` }).count()).toBe(0);
    });
    expect(await liveAcled()).toBe(0);
  }, 120_000);

  it('says in words why a file is refused, and refuses an oversized file before sending it', async () => {
    await withPage(browser, { viewport: desktop, expectedErrors: /400/ }, async (page) => {
      const analyst = await signedIn(page, 'analyst', '/work/imports');
      const before = (await server.app.inject({ url: '/api/v1/imports', headers: analyst.headers })).json().data.length as number;
      // No file chosen.
      await page.getByRole('button', { name: 'Upload and import' }).click();
      await page.getByText('Choose a file to import.').waitFor();

      // The wrong layout: the API's reason, in a sentence.
      await page.getByLabel('CSV file').setInputFiles({ name: 'acled.csv', mimeType: 'text/csv', buffer: Buffer.from(SAMPLE) });
      await page.getByLabel('Global Terrorism Database (GTD)').check();
      await page.getByRole('button', { name: 'Upload and import' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'The file was not imported:' });
      await alert.waitFor({ timeout: 15_000 });
      expect(await alert.locator('li').first().textContent()).toMatch(/^File: .+/);

      // A CSV through a shipped mapping needs the mapping chosen.
      await page.getByLabel('Other CSV, through a column mapping').check();
      expect(await page.getByLabel('Column mapping', { exact: true }).inputValue()).toBe('suicide-attacks');

      // Larger than the server accepts: refused here, with the way out.
      // Made in the page: 33 MiB need not cross from the test.
      await page.evaluate(`(() => {
        const input = document.querySelector('.import-form input[type="file"]');
        const files = new DataTransfer();
        files.items.add(new File([new Uint8Array(33 * 1024 * 1024)], 'huge.csv', { type: 'text/csv' }));
        input.files = files.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      })()`);
      await page.getByRole('button', { name: 'Upload and import' }).click();
      await page.getByText('The file is larger than 32 MiB').waitFor({ timeout: 15_000 });
      expect(await page.getByRole('alert').filter({ hasText: '32 MiB' }).textContent()).toContain('nap-monitor import');
      expect((await server.app.inject({ url: '/api/v1/imports', headers: analyst.headers })).json().data.length).toBe(before);
    });
  }, 90_000);

  it('offers imports only to roles that may import, and the API refuses the others', async () => {
    await withPage(browser, { viewport: desktop }, async (page) => {
      const approver = await signedIn(page, 'provincial_approver', '/tracker', 'PK2');
      const work = page.getByRole('navigation', { name: 'Work' });
      await work.waitFor({ timeout: 15_000 });
      expect(await work.getByRole('link', { name: 'Imports' }).count()).toBe(0);
      await page.goto(`${server.url}/work/imports`);
      await page.getByText('Your role cannot use this page.').waitFor({ timeout: 15_000 });
      expect(await page.locator('.import-form').count()).toBe(0);
      const refused = await server.app.inject({
        method: 'POST',
        url: '/api/v1/imports?format=acled',
        headers: { ...approver.headers, 'content-type': 'text/csv' },
        payload: SAMPLE,
      });
      expect(refused.statusCode).toBe(403);
      expect((await server.app.inject({ url: '/api/v1/imports', headers: approver.headers })).statusCode).toBe(403);
    });
  }, 60_000);

  for (const language of ['en', 'ur'] as const) {
    it(`passes axe with a report on screen and fits 375 pixels, in ${language === 'en' ? 'English' : 'Urdu'}`, async () => {
      const file = sampleWithBadRow();
      for (const viewport of [desktop, phone]) {
        await withPage(browser, { viewport, language }, async (page) => {
          await signedIn(page, 'analyst', '/work/imports');
          await page.locator('.import-form').waitFor({ timeout: 30_000 });
          await page.locator('.import-form input[type="file"]').setInputFiles({ name: 'acled-sample.csv', mimeType: 'text/csv', buffer: Buffer.from(file.text) });
          await page.locator('.import-form input[type="checkbox"]').check();
          await page.locator('.import-form button[type="submit"]').click();
          await page.locator('.rejected-table').waitFor({ timeout: 20_000 });
          if (viewport === phone) {
            expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
            await screenshot(page, `imports-375-${language}`);
          } else {
            expect(await axeSerious(page)).toEqual([]);
          }
        });
      }
    }, 120_000);
  }
});
