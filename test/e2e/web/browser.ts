import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Download, type Page } from 'playwright-core';
import { build } from 'vite';
import { expect } from 'vitest';

// What the browser test files share: the Chromium to drive, a fresh web build, and pages that
// fail the test on any script error.

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const SCREENSHOTS = path.join(ROOT, '.tmp');
const WEB_SOURCES = path.join(ROOT, 'src/web');
const WEB_INDEX = path.join(ROOT, 'dist/web/index.html');
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

export const hasBrowser = fs.existsSync(CHROMIUM);
if (!hasBrowser) {
  if (process.env.REQUIRE_BROWSER === '1') {
    throw new Error(`REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM} (set CHROMIUM_PATH or install chromium)`);
  }
  console.warn(`Skipping the web browser tests: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH, or REQUIRE_BROWSER=1 to fail)`);
}

export const desktop = { width: 1280, height: 900 };
export const phone = { width: 375, height: 812 };

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : fs.statSync(file).mtimeMs);
  }
  return newest;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Holds a lock directory while `body` runs, so browser test files running in parallel build once. */
async function withLock<T>(name: string, body: () => Promise<T>): Promise<T> {
  const lock = path.join(os.tmpdir(), `${name}-${Buffer.from(ROOT).toString('base64url').slice(-24)}.lock`);
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // A lock older than two minutes belongs to a run that died.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) fs.rmSync(lock, { recursive: true, force: true });
      await sleep(200);
    }
  }
  try {
    return await body();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds dist/web when it is missing or older than its sources; the server only serves it. */
export async function ensureWebBuild(): Promise<void> {
  await withLock('nap-monitor-web-build', async () => {
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
  });
}

export async function launchBrowser(): Promise<Browser> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  /** Chosen before the first page loads, as a returning reader's remembered choice. */
  language?: 'en' | 'ur';
  /** Console errors that the test expects (a 404 the page reports in words). */
  expectedErrors?: RegExp;
}

/** Runs `body` in a fresh browser context and fails the test on any page error or console error. */
export async function withPage(
  browser: Browser,
  options: PageOptions,
  body: (page: Page, context: BrowserContext) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({ viewport: options.viewport ?? desktop, acceptDownloads: true });
  if (options.language) {
    await context.addInitScript({ content: `localStorage.setItem('nap-monitor.language', ${JSON.stringify(options.language)});` });
  }
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !options.expectedErrors?.test(message.text())) problems.push(message.text());
  });
  try {
    await body(page, context);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}

/** Clicks `trigger` and returns the downloaded file's name and content. */
export async function download(page: Page, trigger: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), trigger()]);
  return { name: file.suggestedFilename(), body: await readDownload(file) };
}

async function readDownload(file: Download): Promise<Buffer> {
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** The document's width beyond the window: 0 when nothing makes the page scroll sideways. */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page
    .locator('html')
    .evaluate((html) => (html.ownerDocument.scrollingElement?.scrollWidth ?? Number.POSITIVE_INFINITY) - html.clientWidth);
}

export function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Parses CSV text (RFC 4180 quoting) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += c;
    }
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
