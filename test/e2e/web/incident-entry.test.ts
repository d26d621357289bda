import crypto from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/core/roles';
import { TEST_PASSWORD } from '../../helpers/auth';
import { startTestServer, type TestServer } from '../../helpers/server';
import { insertTestUser } from '../../helpers/sessions';
import { axeSerious } from './axe';
import { desktop, ensureWebBuild, hasBrowser, launchBrowser, phone, screenshot, sidewaysOverflow, withPage } from './browser';

// Entering, correcting, deleting and linking incidents in the browser, and who may.

interface Account {
  id: number;
  email: string;
  headers: { cookie: string; 'x-csrf-token': string };
}

describe.skipIf(!hasBrowser)('incident entry and correction in the browser', () => {
  let server: TestServer;
  let browser: Browser;

  /** A new account of the role, signed in through the API (for its requests and headers). */
  async function account(role: Role, province: string | null = null): Promise<Account> {
    const email = `${role}.${crypto.randomBytes(4).toString('hex')}@example.org`;
    const user = await insertTestUser(server, { email, role, province });
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: TEST_PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    return { id: user.id, email, headers: { cookie, 'x-csrf-token': res.json().csrf_token as string } };
  }

  /** A new account of the role, signed in on the sign-in page, which then opens `next`. */
  async function signedIn(page: Page, role: Role, next: string, province: string | null = null): Promise<Account> {
    const signed = await account(role, province);
    await page.goto(`${server.url}/signin?next=${encodeURIComponent(next)}`);
    // By input type, so that it works in either language.
    const form = page.locator('main form');
    await form.locator('input[type="email"]').fill(signed.email);
    await form.locator('input[type="password"]').fill(TEST_PASSWORD);
    await form.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname + url.search === next, { timeout: 15_000 });
    await page.locator('.session-signout').waitFor({ timeout: 15_000 });
    return signed;
  }

  async function incidentJson(id: number) {
    const res = await server.app.inject({ url: `/api/v1/incidents/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().incident as { id: number; killed: { low: number | null; best: number | null; high: number | null }; updated_at: string; deleted_at: string | null; notes: string | null };
  }

  /** An incident with a known killed figure, not yet touched by another test. */
  async function someIncident(offset: number): Promise<number> {
    const res = await server.app.inject({ url: `/api/v1/incidents?min_killed=1&sort=-date&limit=${offset + 1}` });
    return (res.json().data as { id: number }[])[offset]!.id;
  }

  const editForm = (page: Page) => page.getByRole('button', { name: 'Save the correction' }).waitFor({ timeout: 15_000 });

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 90_000);

  it('lets an analyst correct the killed count from the detail page, and the audit trail lists it', async () => {
    const id = await someIncident(0);
    const before = await incidentJson(id);
    const corrected = (before.killed.best ?? 0) + 7;
    let analystId = 0;
    await withPage(browser, { viewport: desktop }, async (page) => {
      analystId = (await signedIn(page, 'analyst', `/incidents/${id}`)).id;
      await page.getByRole('link', { name: 'Edit this incident' }).click();
      await page.waitForURL((url) => url.pathname === `/incidents/${id}/edit`);
      await editForm(page);
      const killed = page.getByRole('group', { name: 'Killed', exact: true });
      const best = killed.getByLabel('Best estimate');
      expect(await best.inputValue()).toBe(before.killed.best === null ? '' : String(before.killed.best));
      // The high figure must not be below the best one: raise both.
      await best.fill(String(corrected));
      await killed.getByLabel('High').fill(String(Math.max(corrected, before.killed.high ?? 0)));
      await screenshot(page, 'incident-edit-desktop');
      await page.getByRole('button', { name: 'Save the correction' }).click();
      await page.waitForURL((url) => url.pathname === `/incidents/${id}`, { timeout: 15_000 });
      const bestCell = page.locator('.casualty-table tbody tr').first().locator('td').nth(1);
      await expect.poll(() => bestCell.textContent(), { timeout: 15_000 }).toBe(corrected.toLocaleString('en-PK'));
      await screenshot(page, 'incident-detail-corrected');
    });
    const after = await incidentJson(id);
    expect(after.killed.best).toBe(corrected);
    expect(after.killed.low).toBe(before.killed.low);

    // A national coordinator finds the correction in the audit trail, by the analyst.
    await withPage(browser, { viewport: desktop }, async (page) => {
      await signedIn(page, 'national_coordinator', `/admin/audit?entity_type=incident&entity_id=${id}`);
      const row = page.locator('.audit-table tbody tr').first();
      await row.waitFor({ timeout: 15_000 });
      expect(await row.textContent()).toContain('incident.update');
      expect(await row.textContent()).toContain(`User ${analystId}`);
      await row.locator('summary').click();
      expect(await row.locator('.change-list').textContent()).toContain(String(corrected));
      await page.locator('.chain-ok').waitFor({ timeout: 15_000 });
      await screenshot(page, 'audit-incident-change');
    });
  }, 90_000);

  it('shows refused fields beside the field and in a summary, before and after the server checks', async () => {
    const id = await someIncident(1);
    const before = await incidentJson(id);
    await withPage(browser, { viewport: desktop, expectedErrors: /400/ }, async (page) => {
      await signedIn(page, 'analyst', `/incidents/${id}/edit`);
      await editForm(page);
      // Not a number: found before anything is sent.
      await page.getByRole('group', { name: 'Injured', exact: true }).getByLabel('Low').fill('ten');
      await page.getByRole('button', { name: 'Save the correction' }).click();
      const summary = page.locator('.error-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain('Injured, Low: must be a whole number');
      await page.getByRole('group', { name: 'Injured', exact: true }).getByLabel('Low').fill('');

      // Out of range: the API's reason, beside the latitude.
      await page.getByLabel('Latitude').fill('95');
      await page.getByLabel('Longitude').fill('70');
      await page.getByRole('button', { name: 'Save the correction' }).click();
      const latitude = page.getByLabel('Latitude');
      await expect.poll(() => latitude.getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true');
      const describedBy = (await latitude.getAttribute('aria-describedby'))!;
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('must be between -90 and 90');
      expect(await summary.textContent()).toContain('Latitude: must be between -90 and 90');
      // The summary's link moves to the field.
      await summary.getByRole('link', { name: /Latitude/ }).click();
      expect(await page.evaluate('document.activeElement?.getAttribute("aria-invalid")')).toBe('true');
      await screenshot(page, 'incident-edit-invalid');
    });
    expect((await incidentJson(id)).updated_at).toBe(before.updated_at);
  }, 90_000);

  it('says in words when someone else changed the incident meanwhile, and saves nothing', async () => {
    const id = await someIncident(2);
    // The API refuses the stale save with 409, which the browser logs.
    await withPage(browser, { viewport: desktop, expectedErrors: /status of 409/ }, async (page) => {
      await signedIn(page, 'analyst', `/incidents/${id}/edit`);
      const other = await account('national_coordinator');
      await editForm(page);
      await page.getByLabel('Notes').fill('Corrected from the browser');
      const patched = await server.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${id}`, headers: other.headers, payload: { notes: 'Corrected elsewhere' } });
      expect(patched.statusCode, patched.body).toBe(200);
      await page.getByRole('button', { name: 'Save the correction' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Someone else changed this incident' });
      await alert.waitFor({ timeout: 15_000 });
      expect((await incidentJson(id)).notes).toBe('Corrected elsewhere');
      await alert.getByRole('button', { name: 'Reload the incident' }).click();
      await expect.poll(() => page.getByLabel('Notes').inputValue(), { timeout: 15_000 }).toBe('Corrected elsewhere');
    });
  }, 90_000);

  it('enters a new incident, links it to a duplicate by hand, separates them, and deletes it with a reason', async () => {
    const partner = await someIncident(3);
    let id = 0;
    const reason = 'Entered twice; the ACLED record covers it';
    await withPage(browser, { viewport: desktop }, async (page) => {
      await signedIn(page, 'analyst', '/incidents');
      await page.getByRole('navigation', { name: 'Work' }).getByRole('link', { name: 'New incident' }).click();
      await page.getByRole('button', { name: 'Save the new incident' }).waitFor({ timeout: 15_000 });
      await page.getByLabel('Title').fill('Attack on a police checkpost');
      await page.getByLabel('Date (or first day)').fill('2025-02-14');
      await page.getByLabel('Province').selectOption({ label: 'Khyber Pakhtunkhwa' });
      await page.getByLabel('District').selectOption({ label: 'Bannu' });
      await page.getByLabel('Perpetrator group').selectOption({ index: 1 });
      await page.getByRole('group', { name: 'Killed', exact: true }).getByLabel('Best estimate').fill('3');
      await page.getByLabel('Source', { exact: true }).fill('Dawn, 15 February 2025');
      await screenshot(page, 'incident-new-desktop');
      await page.getByRole('button', { name: 'Save the new incident' }).click();
      await page.waitForURL((url) => /^\/incidents\/\d+$/.test(url.pathname), { timeout: 15_000 });
      id = Number(new URL(page.url()).pathname.split('/')[2]);
      const created = await incidentJson(id);
      expect(created.killed.best).toBe(3);
      await page.getByRole('heading', { name: 'Attack on a police checkpost' }).waitFor();

      await page.getByRole('link', { name: 'Edit this incident' }).click();
      await editForm(page);
      await page.getByLabel('Link to incident number').fill(String(partner));
      await page.getByRole('button', { name: 'Link as the same event' }).click();
      const separate = page.getByRole('button', { name: `Keep apart from ${partner}` });
      await separate.waitFor({ timeout: 15_000 });
      expect(await page.getByText('(linked by hand)').count()).toBe(1);
      await separate.click();
      await page.getByText('No other record of this incident is linked.').waitFor({ timeout: 15_000 });

      // The API names an empty reason; the tombstone needs none, but one given must say something.
      const blank = await server.app.inject({ method: 'DELETE', url: `/api/v1/incidents/${id}`, headers: (await account('analyst')).headers, payload: { reason: ' ' } });
      expect(blank.statusCode).toBe(400);
      expect(blank.json().error.fields).toEqual([{ field: 'reason', message: 'must not be empty' }]);

      await page.getByRole('button', { name: 'Delete…' }).click();
      // No reason, no deletion.
      await page.getByRole('button', { name: 'Delete the incident' }).click();
      await page.getByText('Give a reason for deleting the incident.').waitFor();
      expect((await incidentJson(id)).deleted_at).toBeNull();
      await page.getByLabel('Reason for deleting').fill(reason);
      await page.getByRole('button', { name: 'Delete the incident' }).click();
      await page.getByText(`Incident ${id} was deleted.`).waitFor({ timeout: 15_000 });
    });
    expect((await incidentJson(id)).deleted_at).not.toBeNull();
    const admin = await account('admin');
    const audit = await server.app.inject({ url: `/api/v1/audit?entity_type=incident&entity_id=${id}`, headers: admin.headers });
    const entries = audit.json().data as { action: string; after: { reason?: string; deleted_at?: string } }[];
    expect(entries.map((e) => e.action)).toEqual(['incident.delete', 'incident.unlink', 'incident.link', 'incident.create']);
    expect(entries[0]!.after).toMatchObject({ reason, deleted_at: expect.any(String) });
  }, 90_000);

  it('offers no entry to roles that may not edit, and the API refuses them', async () => {
    const id = await someIncident(4);
    await withPage(browser, { viewport: desktop, expectedErrors: /403/ }, async (page) => {
      const focal = await signedIn(page, 'provincial_focal_person', `/incidents/${id}`, 'PK2');
      await page.locator('.casualty-table').waitFor({ timeout: 15_000 });
      await page.getByRole('navigation', { name: 'Work' }).waitFor({ timeout: 15_000 });
      expect(await page.getByRole('link', { name: 'Edit this incident' }).count()).toBe(0);
      expect(await page.getByRole('navigation', { name: 'Work' }).getByRole('link', { name: 'New incident' }).count()).toBe(0);
      await page.goto(`${server.url}/incidents/${id}/edit`);
      await page.getByText('Your role cannot use this page.').waitFor({ timeout: 15_000 });
      expect(await page.locator('.entry-form').count()).toBe(0);
      const refused = await server.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${id}`, headers: focal.headers, payload: { notes: 'x' } });
      expect(refused.statusCode).toBe(403);
    });
    // Anonymous readers see the incident without the entry, and are sent to sign in from the form.
    await withPage(browser, { viewport: desktop, expectedErrors: /401/ }, async (page) => {
      await page.goto(`${server.url}/incidents/${id}`);
      await page.locator('.casualty-table').waitFor({ timeout: 15_000 });
      expect(await page.getByRole('link', { name: 'Edit this incident' }).count()).toBe(0);
      await page.goto(`${server.url}/incidents/${id}/edit`);
      await page.waitForURL((url) => url.pathname === '/signin', { timeout: 15_000 });
    });
  }, 90_000);

  for (const language of ['en', 'ur'] as const) {
    it(`passes axe on the entry and correction pages and fits 375 pixels, in ${language === 'en' ? 'English' : 'Urdu'}`, async () => {
      const id = await someIncident(5);
      for (const viewport of [desktop, phone]) {
        await withPage(browser, { viewport, language }, async (page) => {
          await signedIn(page, 'analyst', '/incidents');
          for (const path of ['/work/incidents/new', `/incidents/${id}/edit`]) {
            await page.goto(`${server.url}${path}`);
            await page.locator('.entry-form button[type="submit"]').waitFor({ timeout: 15_000 });
            // The pickers have their choices.
            await expect.poll(() => page.locator('.entry-form option').count(), { timeout: 15_000 }).toBeGreaterThan(60);
            if (viewport === phone) {
              expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
              await screenshot(page, `incident-${path.includes('edit') ? 'edit' : 'new'}-375-${language}`);
            } else {
              expect(await axeSerious(page)).toEqual([]);
            }
          }
        });
      }
    }, 120_000);
  }
});
