import crypto from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/core/roles';
import { signIn, TEST_PASSWORD } from '../../helpers/auth';
import { testDialects } from '../../helpers/databases';
import { startTestServer, type TestServer } from '../../helpers/server';
import { insertTestUser } from '../../helpers/sessions';
import { axeSerious } from './axe';
import { desktop, ensureWebBuild, hasBrowser, launchBrowser, phone, screenshot, sidewaysOverflow, withPage } from './browser';

// The progress-report workflow in the browser: a provincial focal person writes and submits a
// report, the provincial approver approves it, the national coordinator accepts it, and the
// public tracker shows its rating.

const PLAN = 'NAP-2014';
const POINT = '15';

async function signInThroughPage(page: Page, url: string, email: string, next: string): Promise<void> {
  await page.goto(`${url}/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.site-header').getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });
}

const noStatus = (page: Page) => page.locator('main [role=status]:not(.notice-success)').waitFor({ state: 'detached', timeout: 15_000 });

for (const dialect of testDialects()) {
  describe.skipIf(!hasBrowser)(`progress reports in the browser (${dialect})`, () => {
    let server: TestServer;
    let browser: Browser;
    let punjab: string;
    // The period is chosen after every seeded report, so the accepted report is the tracker's latest.
    const period = `${new Date().getUTCFullYear() + 1}Q1`;

    async function account(role: Role, province: string | null = null): Promise<string> {
      const email = `${role}.${crypto.randomBytes(4).toString('hex')}@example.org`;
      await insertTestUser(server, { email, role, province });
      return email;
    }

    beforeAll(async () => {
      await ensureWebBuild();
      server = await startTestServer(dialect);
      browser = await launchBrowser();
      const provinces = (await server.app.inject({ url: '/api/v1/geo/provinces' })).json() as { data: { pcode: string; name: string }[] };
      punjab = provinces.data.find((p) => p.name === 'Punjab')!.pcode;
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('takes a report from a focal person through approval and acceptance to the public tracker', { timeout: 120_000 }, async () => {
      const focal = await account('provincial_focal_person', punjab);
      const approver = await account('provincial_approver', punjab);
      const coordinator = await account('national_coordinator');
      let reportId = 0;

      // 1. The focal person starts a report for a point of NAP 2014 in their province.
      await withPage(browser, { viewport: desktop, expectedErrors: /status of (400|409)/ }, async (page) => {
        await signInThroughPage(page, server.url, focal, '/work/reports');
        await page.getByRole('link', { name: 'New report' }).click();
        await page.getByRole('heading', { name: 'New progress report' }).waitFor();
        await page.getByLabel('Plan', { exact: true }).selectOption(PLAN);
        // The government offered is the focal person's own province only.
        const governments = page.getByLabel('Government');
        expect(await governments.locator('option').evaluateAll((o) => o.map((x) => x.getAttribute('value')))).toEqual([punjab]);
        await page.getByLabel('Action point').locator(`option[value="${POINT}"]`).waitFor({ state: 'attached', timeout: 15_000 });
        await page.getByLabel('Action point').selectOption(POINT);
        expect(await axeSerious(page)).toEqual([]);
        await page.getByLabel('Period').fill('2026Q5');
        await page.getByRole('button', { name: 'Start the report' }).click();
        // The API's 400 names the field; the page shows it next to that field.
        const periodError = page.locator('.field-error', { hasText: 'period' }).or(page.locator('[id$="-period-error"]'));
        await periodError.first().waitFor({ timeout: 15_000 });
        expect(await page.getByLabel('Period').getAttribute('aria-invalid')).toBe('true');

        await page.getByLabel('Period').fill(period);
        await page.getByRole('button', { name: 'Start the report' }).click();
        await page.waitForURL((url) => /^\/work\/reports\/\d+$/.test(url.pathname), { timeout: 15_000 });
        reportId = Number(new URL(page.url()).pathname.split('/').pop());
        await page.getByLabel('Completion').waitFor({ timeout: 15_000 });
        await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe(`Point ${POINT} of ${PLAN}, Punjab, ${period}`);
        expect(await page.locator('.status-badge').textContent()).toBe('Draft');
        // A draft offers its author saving and submitting, nothing of the review.
        expect(await page.locator('[data-action]').evaluateAll((b) => b.map((x) => x.getAttribute('data-action')))).toEqual(['submit']);

        await page.getByLabel('Completion').selectOption('substantial');
        await page.getByLabel('Trajectory').selectOption('on_track');
        await page.getByLabel('Rating').selectOption('green_amber');
        await page.getByLabel('Narrative').fill('Counter-terrorism department strength raised; proscribed outfits’ offices sealed across the province.');
        await page.getByRole('button', { name: 'Add an evidence link' }).click();
        const evidence = page.getByRole('group', { name: 'Evidence link 1' });
        await evidence.getByLabel('Title').fill('Home department quarterly statement');
        await evidence.getByLabel('Web address').fill('ftp://example.org/statement.pdf');
        await evidence.getByLabel('Date').fill('2026-03-31');
        await page.getByRole('button', { name: 'Save draft' }).click();
        // The refused link is marked at the field that is wrong.
        const urlError = evidence.locator('.field-error');
        await urlError.waitFor({ timeout: 15_000 });
        expect(await urlError.textContent()).toContain('http or https');
        expect(await evidence.getByLabel('Web address').getAttribute('aria-invalid')).toBe('true');
        await evidence.getByLabel('Web address').fill('https://example.org/statement.pdf');
        await page.getByRole('button', { name: 'Add a figure' }).click();
        const figure = page.getByRole('group', { name: 'Figure 1' });
        await figure.getByLabel('What is counted').fill('CTD personnel');
        await figure.getByLabel('Value').fill('1180');
        await figure.getByLabel('Unit').fill('officers');
        await page.getByRole('button', { name: 'Save draft' }).click();
        await page.getByText('Draft saved (version 2).').waitFor({ timeout: 15_000 });
        await screenshot(page, 'workflow-report-form');
        expect(await axeSerious(page)).toEqual([]);

        // Someone else saves meanwhile: the next save is refused, and the page says so in words.
        const other = await signIn(server, 'provincial_focal_person', punjab);
        const patched = await server.app.inject({
          method: 'PATCH',
          url: `/api/v1/progress/${reportId}`,
          headers: other.headers,
          payload: { version: 2, narrative: 'Changed by a colleague.' },
        });
        expect(patched.statusCode).toBe(200);
        await page.getByLabel('Narrative').fill('My own wording.');
        await page.getByRole('button', { name: 'Save draft' }).click();
        const conflict = page.getByRole('alert');
        await conflict.waitFor({ timeout: 15_000 });
        expect(await conflict.textContent()).toContain('Someone else changed this report');
        await conflict.getByRole('button', { name: /Load the latest version/ }).click();
        await expect.poll(() => page.getByLabel('Narrative').inputValue(), { timeout: 15_000 }).toBe('Changed by a colleague.');

        // Submitting.
        await page.locator('[data-action=submit]').click();
        await page.getByText('The report is submitted for review.').waitFor({ timeout: 15_000 });
        expect(await page.locator('.status-badge').textContent()).toBe('Submitted');
        expect(await page.getByLabel('Completion').count()).toBe(0);
        expect(await page.locator('[data-action]').count()).toBe(0);
      });

      // The focal person's list shows it, filtered by plan and status.
      await withPage(browser, { viewport: desktop }, async (page) => {
        await signInThroughPage(page, server.url, focal, '/work/reports');
        await page.getByLabel('Plan', { exact: true }).selectOption(PLAN);
        await page.getByLabel('Status').selectOption('submitted');
        await page.getByRole('button', { name: 'Show reports' }).click();
        const row = page.locator(`.reports-table tr[data-report="${reportId}"]`);
        await row.waitFor({ timeout: 15_000 });
        // Only this report matches once the filtered answer has arrived.
        await expect.poll(() => page.locator('.reports-table tbody tr').count(), { timeout: 15_000 }).toBe(1);
        expect(await row.locator('.status-badge').textContent()).toBe('Submitted');
        await noStatus(page);
        await screenshot(page, 'workflow-reports-list');
        expect(await axeSerious(page)).toEqual([]);
      });

      // 2. The provincial approver: the return dialog works from the keyboard, then approves.
      await withPage(browser, { viewport: desktop }, async (page) => {
        await signInThroughPage(page, server.url, approver, '/work/review');
        const item = page.locator(`.review-item[data-report="${reportId}"]`);
        await item.waitFor({ timeout: 15_000 });
        expect(await item.locator('[data-action]').evaluateAll((b) => b.map((x) => x.getAttribute('data-action')))).toEqual(['approve', 'return']);
        await noStatus(page);
        expect(await axeSerious(page)).toEqual([]);

        const returnButton = item.locator('[data-action=return]');
        await returnButton.focus();
        await page.keyboard.press('Enter');
        const dialog = page.getByRole('dialog', { name: 'Return for revision' });
        await dialog.waitFor();
        expect(await dialog.getByLabel('Reason').evaluate((e) => e === e.ownerDocument.activeElement)).toBe(true);
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        expect(await dialog.getByRole('alert').textContent()).toBe('Give a reason.');
        await screenshot(page, 'workflow-return-dialog');
        expect(await axeSerious(page)).toEqual([]);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
        // Focus is back on the button that opened the dialog, and nothing was returned.
        expect(await returnButton.evaluate((b) => b === b.ownerDocument.activeElement)).toBe(true);

        await item.locator('[data-action=approve]').click();
        await page.getByText(/^Approved: Point 15 of NAP-2014, Punjab/).waitFor({ timeout: 15_000 });
        await item.waitFor({ state: 'detached', timeout: 15_000 });
      });

      // 3. The national coordinator accepts it.
      await withPage(browser, { viewport: desktop }, async (page) => {
        await signInThroughPage(page, server.url, coordinator, '/work/review');
        const item = page.locator(`.review-item[data-report="${reportId}"]`);
        await item.waitFor({ timeout: 15_000 });
        expect(await item.locator('.status-badge').textContent()).toBe('Approved by the province');
        await screenshot(page, 'workflow-review-national');
        await item.locator('[data-action=accept]').click();
        await page.getByText(/^Accepted: Point 15 of NAP-2014, Punjab/).waitFor({ timeout: 15_000 });
      });

      // 4. An anonymous reader sees the rating in the tracker cell.
      await withPage(browser, { viewport: desktop }, async (page) => {
        await page.goto(`${server.url}/tracker`);
        await page.locator('.tracker-table tbody tr').first().waitFor({ timeout: 15_000 });
        const headers = await page.locator('.tracker-table thead th').allTextContents();
        const column = headers.indexOf('Punjab');
        expect(column).toBeGreaterThan(0);
        const cell = page.locator(`.tracker-table tbody tr[data-point="${POINT}"] > *`).nth(column);
        expect(await cell.locator('.cell-rating').textContent()).toBe('Green-Amber');
        expect(await cell.locator('.cell-period').textContent()).toBe(period);
        expect(await cell.getAttribute('class')).toContain('rating-green_amber');
        await screenshot(page, 'workflow-tracker');
      });
    });

    it('lets a national coordinator return a report with a reason the author then reads', { timeout: 90_000 }, async () => {
      const focal = await signIn(server, 'provincial_focal_person', punjab);
      const approver = await signIn(server, 'provincial_approver', punjab);
      const coordinator = await account('national_coordinator');
      const created = await server.app.inject({
        method: 'POST',
        url: '/api/v1/progress',
        headers: focal.headers,
        payload: {
          plan: PLAN,
          point: '4',
          jurisdiction: punjab,
          period,
          completion: 'limited',
          trajectory: 'in_the_works',
          rating: 'amber_red',
          evidence: [{ title: 'Statement', url: 'https://example.org/a' }],
        },
      });
      expect(created.statusCode).toBe(201);
      const id = created.json().id as number;
      for (const [who, action] of [
        [focal, 'submit'],
        [approver, 'approve'],
      ] as const) {
        const moved = await server.app.inject({ method: 'POST', url: `/api/v1/progress/${id}/${action}`, headers: who.headers, payload: {} });
        expect(moved.statusCode).toBe(200);
      }

      await withPage(browser, { viewport: phone }, async (page) => {
        await signInThroughPage(page, server.url, coordinator, '/work/review');
        const item = page.locator(`.review-item[data-report="${id}"]`);
        await item.waitFor({ timeout: 15_000 });
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
        await screenshot(page, 'workflow-review-375');
        await item.locator('[data-action=return]').click();
        const dialog = page.getByRole('dialog', { name: 'Return for revision' });
        await dialog.getByLabel('Reason').fill('Attach the notification of the CTD expansion.');
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
        await dialog.getByRole('button', { name: 'Return for revision' }).click();
        await page.getByText(/^Returned to the author:/).waitFor({ timeout: 15_000 });
        await item.waitFor({ state: 'detached' });
      });

      const after = (await server.app.inject({ url: `/api/v1/progress/${id}`, headers: focal.headers })).json();
      expect(after.status).toBe('returned');
      expect(after.return_reason).toBe('Attach the notification of the CTD expansion.');

      // The author sees the reason and may edit again, at phone width.
      const author = await account('provincial_focal_person', punjab);
      await withPage(browser, { viewport: phone }, async (page) => {
        await signInThroughPage(page, server.url, author, `/work/reports/${id}`);
        await page.getByLabel('Completion').waitFor({ timeout: 15_000 });
        expect(await page.locator('.return-reason p').textContent()).toBe('Attach the notification of the CTD expansion.');
        expect(await page.locator('.status-badge').textContent()).toBe('Returned for revision');
        await noStatus(page);
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
        expect(await axeSerious(page)).toEqual([]);
        await screenshot(page, 'workflow-returned-375');
      });

      await withPage(browser, { viewport: phone }, async (page) => {
        await signInThroughPage(page, server.url, author, '/work/reports');
        await page.getByRole('button', { name: 'اردو' }).click();
        await page.getByRole('heading', { name: 'پیش رفت رپورٹیں' }).waitFor();
        await page.locator('.reports-table tbody tr').first().waitFor({ timeout: 15_000 });
        await noStatus(page);
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
        expect(await axeSerious(page)).toEqual([]);
        await screenshot(page, 'workflow-reports-375-ur');
      });
    });
  });
}
