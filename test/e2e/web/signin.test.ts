import crypto from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/core/roles';
import { TEST_PASSWORD } from '../../helpers/auth';
import { startTestServer, type TestServer } from '../../helpers/server';
import { insertTestUser } from '../../helpers/sessions';
import { desktop, ensureWebBuild, hasBrowser, launchBrowser, phone, screenshot, sidewaysOverflow, withPage } from './browser';
import { axeSerious } from './axe';

// Signing in and out in the browser, and the work navigation each role sees.

describe.skipIf(!hasBrowser)('sign-in in the browser', () => {
  let server: TestServer;
  let browser: Browser;

  async function account(role: Role, province: string | null = null): Promise<string> {
    const email = `${role}.${crypto.randomBytes(4).toString('hex')}@example.org`;
    await insertTestUser(server, { email, role, province });
    return email;
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

  it('signs in, returns to the page the reader came from, and signs out', async () => {
    const email = await account('provincial_focal_person', 'PK5');
    await withPage(browser, { viewport: desktop }, async (page, context) => {
      await page.goto(`${server.url}/tracker`);
      const header = page.locator('.site-header');
      await header.getByRole('link', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
      expect(new URL(page.url()).searchParams.get('next')).toBe('/tracker');

      // Keyboard only: type, Tab, type, Enter.
      await page.getByLabel('Email address').focus();
      await page.keyboard.type(email);
      await page.keyboard.press('Tab');
      await page.keyboard.type(TEST_PASSWORD);
      await page.keyboard.press('Enter');

      await header.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });
      expect(new URL(page.url()).pathname).toBe('/tracker');
      expect(await header.locator('.session-role').textContent()).toContain('Provincial focal person');
      const work = page.getByRole('navigation', { name: 'Work' });
      expect(await work.getByRole('link').allTextContents()).toEqual(['Progress reports']);
      await screenshot(page, 'signin-signed-in');

      // The session survives a reload (the cookie, read back through /auth/me).
      await page.reload();
      await header.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });

      const [cookie] = await context.cookies();
      expect(cookie?.name).toBe('nap_session');
      const session = { cookie: `${cookie!.name}=${cookie!.value}` };
      expect((await server.app.inject({ url: '/api/v1/auth/me', headers: session })).statusCode).toBe(200);

      await header.getByRole('button', { name: 'Sign out' }).click();
      await header.getByRole('link', { name: 'Sign in' }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Work' }).count()).toBe(0);
      // The server ended the session, not just the page.
      expect((await server.app.inject({ url: '/api/v1/auth/me', headers: session })).statusCode).toBe(401);
      await page.reload();
      await header.getByRole('link', { name: 'Sign in' }).waitFor();
    });
  });

  it('says in words what is wrong with a sign-in', async () => {
    const email = await account('analyst');
    await withPage(browser, { viewport: desktop, expectedErrors: /401/ }, async (page) => {
      await page.goto(`${server.url}/signin`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect(await page.locator('.field-error').allTextContents()).toEqual(['Enter your email address.', 'Enter your password.']);
      expect(await page.getByLabel('Email address').evaluate((e) => e === e.ownerDocument.activeElement)).toBe(true);

      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('email address or password is incorrect');
      expect(await page.getByLabel('Password').inputValue()).toBe('');
      await screenshot(page, 'signin-error');
    });
  });

  it('sends anonymous readers of a work page to sign in and back', async () => {
    const email = await account('national_coordinator');
    await withPage(browser, { viewport: desktop }, async (page) => {
      await page.goto(`${server.url}/work/review`);
      await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor({ timeout: 15_000 });
      expect(new URL(page.url()).searchParams.get('next')).toBe('/work/review');
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname === '/work/review', { timeout: 15_000 });
      const work = page.getByRole('navigation', { name: 'Work' });
      await work.waitFor();
      // A coordinator reviews and reads the audit trail, but does not manage users.
      const entries = await work.getByRole('link').allTextContents();
      expect(entries.slice(0, 2)).toEqual(['Progress reports', 'Review queue']);
      expect(entries).toContain('Audit trail');
      expect(entries).not.toContain('Users');
    });
  });

  it('shows each role only the work entries it may use', { timeout: 60_000 }, async () => {
    const focal = await account('provincial_focal_person', 'PK2');
    const approver = await account('provincial_approver', 'PK2');
    for (const [email, entries] of [
      [focal, ['Progress reports']],
      [approver, ['Progress reports', 'Review queue']],
    ] as const) {
      await withPage(browser, { viewport: desktop }, async (page) => {
        await page.goto(`${server.url}/signin?next=/work/review`);
        await page.getByLabel('Email address').fill(email);
        await page.getByLabel('Password').fill(TEST_PASSWORD);
        await page.getByRole('button', { name: 'Sign in' }).click();
        const work = page.getByRole('navigation', { name: 'Work' });
        await work.waitFor({ timeout: 15_000 });
        expect(await work.getByRole('link').allTextContents()).toEqual(entries);
        // Opening the page by its address anyway is answered in words.
        if (!entries.includes('Review queue' as never)) {
          expect(await page.getByRole('alert').textContent()).toContain('Your role cannot use this page.');
          expect(await page.locator('.review-queue').count()).toBe(0);
        }
      });
    }
  });

  it('passes axe and fits a 375-pixel screen in English and Urdu', { timeout: 60_000 }, async () => {
    for (const language of ['en', 'ur'] as const) {
      await withPage(browser, { viewport: phone, language }, async (page) => {
        await page.goto(`${server.url}/signin`);
        await page.locator('form input[type=password]').waitFor();
        expect(await axeSerious(page)).toEqual([]);
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
        await screenshot(page, `signin-375-${language}`);
      });
    }
  });
});
