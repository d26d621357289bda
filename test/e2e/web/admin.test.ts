import crypto from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/core/roles';
import { TEST_PASSWORD } from '../../helpers/auth';
import { startTestServer, type TestServer } from '../../helpers/server';
import { insertTestUser } from '../../helpers/sessions';
import { axeSerious } from './axe';
import { desktop, download, ensureWebBuild, hasBrowser, launchBrowser, parseCsv, phone, screenshot, sidewaysOverflow, withPage } from './browser';

// Users and roles (administrators) and the audit trail (national coordinators and administrators)
// in the browser, and who may see them.

interface Account {
  id: number;
  email: string;
  headers: { cookie: string; 'x-csrf-token': string };
}

describe.skipIf(!hasBrowser)('users and the audit trail in the browser', () => {
  let server: TestServer;
  let browser: Browser;

  async function account(role: Role, province: string | null = null): Promise<Account> {
    const email = `${role}.${crypto.randomBytes(4).toString('hex')}@example.org`;
    const user = await insertTestUser(server, { email, role, province });
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: TEST_PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    return { id: user.id, email, headers: { cookie, 'x-csrf-token': res.json().csrf_token as string } };
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

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets an administrator add a provincial user, disable and enable them, and find it in the audit trail', async () => {
    const email = `focal.${crypto.randomBytes(4).toString('hex')}@example.org`;
    await withPage(browser, { viewport: desktop, expectedErrors: /400/ }, async (page) => {
      const admin = await signedIn(page, 'admin', '/admin/users');
      await page.locator('.users-table').waitFor({ timeout: 15_000 });
      // Our own account cannot be disabled from here.
      expect(await page.locator(`.users-table tr[data-email="${admin.email}"]`).textContent()).toContain('Your account');

      const form = page.locator('.user-form');
      await form.getByLabel('Email address').fill(email);
      await form.getByLabel('Name').fill('Sindh focal person');
      await form.getByLabel('Role').selectOption({ label: 'Provincial focal person' });
      await form.getByLabel('Initial password').fill('short');
      await form.getByRole('button', { name: 'Add the user' }).click();
      // Checked here first: the province and the password, each beside its field.
      await form.getByText('A provincial role needs a province.').waitFor();
      await form.getByText('Use at least 12 characters.').waitFor();
      await form.getByLabel('Province').selectOption({ label: 'Sindh' });
      await form.getByLabel('Initial password').fill(TEST_PASSWORD);
      await form.getByRole('button', { name: 'Add the user' }).click();
      await page.getByText(`${email} was added as Provincial focal person.`).waitFor({ timeout: 15_000 });
      const row = page.locator(`.users-table tr[data-email="${email}"]`);
      await row.waitFor({ timeout: 15_000 });
      expect(await row.locator('td').allTextContents()).toEqual(expect.arrayContaining(['Sindh focal person', 'Provincial focal person', 'Sindh', 'Active']));
      expect(await form.getByLabel('Email address').inputValue()).toBe('');

      // The same address again: the server's reason beside the field.
      await form.getByLabel('Email address').fill(email);
      await form.getByLabel('Name').fill('Someone else');
      await form.getByLabel('Initial password').fill(TEST_PASSWORD);
      await form.getByRole('button', { name: 'Add the user' }).click();
      await form.getByText(`${email} is already registered`).waitFor({ timeout: 15_000 });
      await screenshot(page, 'admin-users-desktop');

      const users = (await server.app.inject({ url: '/api/v1/users', headers: admin.headers })).json().data as { id: number; email: string; role: string; province: string; disabled: boolean }[];
      const created = users.find((u) => u.email === email)!;
      const provinces = (await server.app.inject({ url: '/api/v1/geo/provinces' })).json().data as { pcode: string; name: string }[];
      const sindh = provinces.find((p) => p.name === 'Sindh')!.pcode;
      expect(created).toMatchObject({ role: 'provincial_focal_person', province: sindh, disabled: false });

      // The new person can sign in with the password given.
      const login = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: TEST_PASSWORD } });
      expect(login.statusCode).toBe(200);

      await row.getByRole('button', { name: `Disable ${email}` }).click();
      await page.getByText(`${email} was disabled and signed out.`).waitFor({ timeout: 15_000 });
      await expect.poll(() => row.locator('td[data-label="Status"]').textContent(), { timeout: 15_000 }).toBe('Disabled');
      expect((await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: TEST_PASSWORD } })).statusCode).toBe(401);
      await row.getByRole('button', { name: `Enable ${email}` }).click();
      await expect.poll(() => row.locator('td[data-label="Status"]').textContent(), { timeout: 15_000 }).toBe('Active');

      // The audit trail: the three changes to the account, by this administrator, newest first.
      await page.getByRole('navigation', { name: 'Work' }).getByRole('link', { name: 'Audit trail' }).click();
      await page.locator('.chain-ok').waitFor({ timeout: 15_000 });
      expect(await page.locator('.chain-ok').textContent()).toMatch(/Hash chain verified: all [\d,]+ entries match\./);
      await page.getByLabel('Kind of record').selectOption({ label: 'User' });
      await page.getByLabel('Record id').fill(String(created.id));
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL((url) => url.searchParams.get('entity_id') === String(created.id));
      await expect.poll(() => page.locator('.audit-table tbody tr').count(), { timeout: 15_000 }).toBe(3);
      const actions = await page.locator('.audit-table tbody td[data-label="Action"]').allTextContents();
      expect(actions).toEqual(['user.enable', 'user.disable', 'user.create']);
      const who = await page.locator('.audit-table tbody td[data-label="Who"]').allTextContents();
      expect(new Set(who)).toEqual(new Set([admin.email]));
      await page.locator('.audit-table tbody tr').last().locator('summary').click();
      expect(await page.locator('.audit-table tbody tr').last().locator('.change-list').textContent()).toContain(email);
      await screenshot(page, 'admin-audit-desktop');

      // The CSV has the same entries, with their hashes.
      const csv = await download(page, () => page.getByRole('button', { name: 'Download CSV' }).click());
      expect(csv.name).toBe('audit-trail.csv');
      const rows = parseCsv(csv.body.toString('utf8'));
      expect(rows[0]).toEqual(['seq', 'created_at', 'actor_id', 'actor_email', 'action', 'entity_type', 'entity_id', 'request_id', 'before', 'after', 'prev_hash', 'hash']);
      expect(rows.slice(1).map((r) => r[4])).toEqual(['user.enable', 'user.disable', 'user.create']);
      expect(rows.slice(1).every((r) => r[3] === admin.email && /^[0-9a-f]{64}$/.test(r[11]!))).toBe(true);
    });
  }, 120_000);

  it('lets an administrator change a role and province from the list, by keyboard, ending that person’s sessions', async () => {
    const provinces = (await server.app.inject({ url: '/api/v1/geo/provinces' })).json().data as { pcode: string; name: string }[];
    const punjab = provinces.find((p) => p.name === 'Punjab')!.pcode;
    const target = await account('analyst');
    const other = await account('analyst');
    expect((await server.app.inject({ url: '/api/v1/auth/me', headers: target.headers })).statusCode).toBe(200);

    await withPage(browser, { viewport: desktop, expectedErrors: /401/ }, async (page) => {
      const admin = await signedIn(page, 'admin', '/admin/users');
      const row = page.locator(`.users-table tr[data-email="${target.email}"]`);
      await row.waitFor({ timeout: 15_000 });
      // No role editor on our own row.
      expect(await page.locator(`.users-table tr[data-email="${admin.email}"]`).getByRole('button').count()).toBe(0);

      // Opened from the keyboard; the new-role list takes the focus.
      const open = row.getByRole('button', { name: `Change role for ${target.email}` });
      await open.focus();
      await page.keyboard.press('Enter');
      expect(await open.getAttribute('aria-expanded')).toBe('true');
      const form = page.getByRole('form', { name: `Change role for ${target.email}` });
      const role = form.getByLabel('New role');
      await expect.poll(() => role.evaluate((el) => el.ownerDocument.activeElement === el)).toBe(true);
      await role.selectOption({ label: 'Provincial approver' });
      await form.getByRole('button', { name: 'Save the role' }).click();
      await form.getByText('A provincial role needs a province.').waitFor();
      expect(await form.getByLabel('Province').getAttribute('aria-invalid')).toBe('true');
      expect(await axeSerious(page)).toEqual([]);
      await screenshot(page, 'admin-users-role-desktop');

      await form.getByLabel('Province').selectOption({ label: 'Punjab' });
      // Tab from the province list reaches the save button.
      await form.getByLabel('Province').press('Tab');
      await page.keyboard.press('Enter');
      await page.getByText(`${target.email} is now Provincial approver (Punjab) and was signed out; the new role applies from their next sign-in.`).waitFor({ timeout: 15_000 });
      await expect.poll(() => row.locator('td[data-label="Role"]').textContent(), { timeout: 15_000 }).toBe('Provincial approver');
      expect(await row.locator('td[data-label="Province"]').textContent()).toBe('Punjab');
      expect(await form.count()).toBe(0);

      // The server agrees: new role and province, the old session refused, the change audited.
      const users = (await server.app.inject({ url: '/api/v1/users', headers: admin.headers })).json().data as { id: number; role: string; province: string | null }[];
      expect(users.find((u) => u.id === target.id)).toMatchObject({ role: 'provincial_approver', province: punjab });
      expect((await server.app.inject({ url: '/api/v1/auth/me', headers: target.headers })).statusCode).toBe(401);
      const audit = (await server.app.inject({ url: `/api/v1/audit?entity_type=user&entity_id=${target.id}`, headers: admin.headers })).json().data;
      expect(audit[0]).toMatchObject({ action: 'user.change_role', actor_id: admin.id, before: { role: 'analyst' }, after: { role: 'provincial_approver', province_pcode: punjab } });

      // Escape closes the editor and puts the focus back on its button.
      const otherRow = page.locator(`.users-table tr[data-email="${other.email}"]`);
      const otherOpen = otherRow.getByRole('button', { name: `Change role for ${other.email}` });
      await otherOpen.click();
      const otherForm = page.getByRole('form', { name: `Change role for ${other.email}` });
      await otherForm.getByLabel('New role').press('Escape');
      expect(await otherForm.count()).toBe(0);
      await expect.poll(() => otherOpen.evaluate((el) => el.ownerDocument.activeElement === el)).toBe(true);

      // The API's refusal in words: here this administrator was signed out by another one meanwhile.
      await otherOpen.click();
      await otherForm.getByLabel('New role').selectOption({ label: 'National coordinator' });
      const second = await account('admin');
      const demoted = await server.app.inject({ method: 'PATCH', url: `/api/v1/users/${admin.id}`, headers: second.headers, payload: { role: 'analyst' } });
      expect(demoted.statusCode, demoted.body).toBe(200);
      await otherForm.getByRole('button', { name: 'Save the role' }).click();
      await otherForm.getByRole('alert').getByText('The role was not changed: Sign in to do this').waitFor({ timeout: 15_000 });
      const unchanged = (await server.app.inject({ url: '/api/v1/users', headers: second.headers })).json().data as { id: number; role: string }[];
      expect(unchanged.find((u) => u.id === other.id)!.role).toBe('analyst');
    });

    // At 375 pixels, in Urdu: the editor fits and passes axe.
    await withPage(browser, { viewport: phone, language: 'ur' }, async (page) => {
      await signedIn(page, 'admin', '/admin/users');
      const row = page.locator(`.users-table tr[data-email="${other.email}"]`);
      await row.waitFor({ timeout: 15_000 });
      await row.locator('button[aria-expanded]').click();
      await page.locator('.role-form select').first().selectOption('provincial_focal_person');
      await page.locator('.role-form select').nth(1).waitFor();
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      expect(await axeSerious(page)).toEqual([]);
      await screenshot(page, 'admin-users-role-375-ur');
    });
  }, 120_000);

  it('pages through the audit trail', async () => {
    const admin = await account('admin');
    // Enough entries for three pages.
    const target = await account('analyst');
    for (let i = 0; i < 60; i++) {
      const res = await server.app.inject({ method: 'PATCH', url: `/api/v1/users/${target.id}`, headers: admin.headers, payload: { disabled: i % 2 === 0 } });
      expect(res.statusCode).toBe(200);
    }
    await withPage(browser, { viewport: desktop }, async (page) => {
      await signedIn(page, 'national_coordinator', '/admin/audit');
      const rows = page.locator('.audit-table tbody tr');
      await rows.first().waitFor({ timeout: 15_000 });
      expect(await rows.count()).toBe(50);
      const first = await rows.first().getAttribute('data-seq');
      const pager = page.getByRole('navigation', { name: 'Audit trail pages' });
      await pager.getByRole('button', { name: 'Next' }).click();
      await page.waitForURL((url) => url.searchParams.get('page') === '2');
      await expect.poll(() => rows.first().getAttribute('data-seq'), { timeout: 15_000 }).toBe(String(Number(first) - 50));
      expect(await page.locator('.table-count').textContent()).toMatch(/^Entries 51–100 of /);
      await pager.getByRole('button', { name: 'Previous' }).click();
      await expect.poll(() => rows.first().getAttribute('data-seq'), { timeout: 15_000 }).toBe(first);
      // A coordinator sees who by number: the user list is for administrators.
      expect(await rows.first().locator('td[data-label="Who"]').textContent()).toBe(`User ${admin.id}`);
    });
  }, 90_000);

  it('shows each role only the entries it may use, and the API refuses the rest', async () => {
    for (const [role, entries] of [
      ['analyst', { users: false, audit: false }],
      ['national_coordinator', { users: false, audit: true }],
      ['admin', { users: true, audit: true }],
    ] as const) {
      await withPage(browser, { viewport: desktop }, async (page) => {
        const signed = await signedIn(page, role, '/tracker');
        const work = page.getByRole('navigation', { name: 'Work' });
        await work.waitFor({ timeout: 15_000 });
        expect(await work.getByRole('link', { name: 'Users' }).count(), role).toBe(entries.users ? 1 : 0);
        expect(await work.getByRole('link', { name: 'Audit trail' }).count(), role).toBe(entries.audit ? 1 : 0);
        for (const [path, allowed, api] of [
          ['/admin/users', entries.users, '/api/v1/users'],
          ['/admin/audit', entries.audit, '/api/v1/audit'],
        ] as const) {
          const status = (await server.app.inject({ url: api, headers: signed.headers })).statusCode;
          expect(status, `${role} ${api}`).toBe(allowed ? 200 : 403);
          if (!allowed) {
            await page.goto(`${server.url}${path}`);
            await page.getByText('Your role cannot use this page.').waitFor({ timeout: 15_000 });
            expect(await page.locator('.users-table, .audit-table, .user-form').count()).toBe(0);
          }
        }
        const verify = await server.app.inject({ url: '/api/v1/audit/verify', headers: signed.headers });
        expect(verify.statusCode).toBe(entries.audit ? 200 : 403);
        if (entries.audit) expect(verify.json()).toMatchObject({ ok: true, problem: null });
      });
    }
  }, 120_000);

  for (const language of ['en', 'ur'] as const) {
    it(`passes axe on the users and audit pages and fits 375 pixels, in ${language === 'en' ? 'English' : 'Urdu'}`, async () => {
      for (const viewport of [desktop, phone]) {
        await withPage(browser, { viewport, language }, async (page) => {
          await signedIn(page, 'admin', '/admin/users');
          for (const [path, ready] of [
            ['/admin/users', '.users-table tbody tr'],
            ['/admin/audit', '.audit-table tbody tr'],
          ] as const) {
            await page.goto(`${server.url}${path}`);
            await page.locator(ready).first().waitFor({ timeout: 30_000 });
            await page.locator('.chain-status, .users-table').first().waitFor();
            if (path === '/admin/audit') await page.locator('.audit-table details').first().locator('summary').click();
            if (viewport === phone) {
              expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
              await screenshot(page, `admin-${path.split('/')[2]}-375-${language}`);
            } else {
              expect(await axeSerious(page)).toEqual([]);
            }
          }
        });
      }
    }, 120_000);
  }
});
