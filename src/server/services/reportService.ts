/**
 * Printable reports as PDF: headless Chromium (through playwright-core) opens the web app's
 * report page on this server and prints it to A4. The page is the one readers print from their
 * browser, so the PDF and the screen never disagree. Used by GET /api/v1/reports/province/… and
 * `nap-monitor report province`. One browser prints, one page at a time, and stays open for the
 * next request for a minute; a PDF is kept and given again until the data change.
 */
import fs from 'node:fs';
import { parsePeriod, periodProblem } from '../../core/periods';
import type { Db } from '../../db/database';
import { AppError, errors } from '../errors';
import { dataStamp } from '../repositories/batchRepository';
import { listProvinces } from '../repositories/gazetteerRepository';
import { findPlan } from '../repositories/planRepository';

/** Debian's Chromium, as the browser tests use; CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** How long the page may take to load its figures before the PDF is abandoned. */
const READY_TIMEOUT_MS = 30_000;

export const pdfUnavailable = (reason: string) => new AppError('pdf_unavailable', 503, `PDF reports cannot be made here: ${reason}`);

export interface ProvinceReportRequest {
  pcode: string;
  period: string;
  plan?: string | undefined;
}

export interface CheckedReport {
  pcode: string;
  name: string;
  period: string;
  plan: string | undefined;
}

/** Checks a report request before any browser starts: a bad period is a 400, an unknown province or plan a 404. */
export async function checkProvinceReport(db: Db, request: ProvinceReportRequest): Promise<CheckedReport> {
  const problem = periodProblem(request.period);
  if (problem) throw errors.badRequest('period', problem);
  const period = parsePeriod(request.period)!.code;
  const pcode = request.pcode.trim().toUpperCase();
  const province = (await listProvinces(db)).find((p) => p.pcode === pcode);
  if (!province) throw errors.notFound('Province', request.pcode);
  if (request.plan && !(await findPlan(db.kysely, request.plan))) throw errors.notFound('Plan', request.plan);
  return { pcode, name: province.name, period, plan: request.plan };
}

export function provinceReportPath(report: CheckedReport): string {
  const query = new URLSearchParams({ period: report.period });
  if (report.plan) query.set('plan', report.plan);
  return `/report/province/${encodeURIComponent(report.pcode)}?${query.toString()}`;
}

type Chromium = typeof import('playwright-core').chromium;
type Browser = Awaited<ReturnType<Chromium['launch']>>;

async function loadChromium(): Promise<Chromium> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw pdfUnavailable(`no Chromium at ${CHROMIUM_PATH}; install the chromium package (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  try {
    return (await import('playwright-core')).chromium;
  } catch {
    throw pdfUnavailable('the playwright-core package is not installed (npm install)');
  }
}

// One page printed at a time (a browser takes a few hundred megabytes), by one browser kept open
// while reports are asked for and closed after a minute without any: the first PDF waits for it
// to start, the next ones do not.
const IDLE_CLOSE_MS = 60_000;
/** Requests waiting behind the one printing; beyond, the answer is 503 and the reader retries. */
export const MAX_WAITING = 4;
let queue: Promise<unknown> = Promise.resolve();
let waiting = 0;
let browser: Promise<Browser> | null = null;
let idle: NodeJS.Timeout | null = null;

function openBrowser(): Promise<Browser> {
  if (idle) clearTimeout(idle);
  idle = null;
  if (!browser) {
    const launching = loadChromium().then((chromium) => chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }));
    browser = launching;
    // A browser that failed to start, or quit, is started again on the next request.
    launching.then(
      (b) => b.on('disconnected', () => browser === launching && (browser = null)),
      () => browser === launching && (browser = null),
    );
  }
  return browser;
}

function closeWhenIdle(): void {
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => void closeReportBrowser(), IDLE_CLOSE_MS);
  idle.unref();
}

/** Closes the browser kept for printing, if one is open (the server calls it when it stops). */
export async function closeReportBrowser(): Promise<void> {
  if (idle) clearTimeout(idle);
  idle = null;
  const open = browser;
  browser = null;
  if (open) await open.then((b) => b.close()).catch(() => undefined);
}

/**
 * Prints the report page served at `baseUrl` (this server, on loopback) to an A4 PDF. The page
 * sets data-report-state to "ready" once its figures are in, or to "error" with the reason.
 */
export function renderReportPdf(baseUrl: string, pagePath: string, language: 'en' | 'ur' = 'en'): Promise<Buffer> {
  if (waiting >= MAX_WAITING) {
    return Promise.reject(new AppError('pdf_busy', 503, `The server is printing ${waiting} other reports; try again in a minute`));
  }
  waiting++;
  const run = queue.then(async () => {
    waiting--;
    const context = await (await openBrowser()).newContext({ viewport: { width: 1000, height: 1400 } });
    try {
      await context.addInitScript({ content: `localStorage.setItem('nap-monitor.language', ${JSON.stringify(language)});` });
      const page = await context.newPage();
      await page.goto(new URL(pagePath, baseUrl).toString(), { waitUntil: 'load' });
      const root = page.locator('[data-report-state="ready"], [data-report-state="error"]');
      try {
        await root.first().waitFor({ timeout: READY_TIMEOUT_MS });
      } catch {
        throw new AppError('report_timeout', 504, `The report page did not finish loading within ${READY_TIMEOUT_MS / 1000} s`);
      }
      if ((await root.first().getAttribute('data-report-state')) === 'error') {
        const reason = (await root.first().getAttribute('data-report-error')) ?? 'unknown error';
        throw new AppError('report_failed', 502, `The report page could not be prepared: ${reason}`);
      }
      await page.evaluate('document.fonts.ready');
      await page.emulateMedia({ media: 'print' });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate:
          '<div style="font-size:8px;width:100%;text-align:center;color:#59636b"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
      });
    } finally {
      await context.close().catch(() => undefined);
      closeWhenIdle();
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

// PDFs already printed, by page, language and the data they were printed from: asking again
// before anything changed answers at once. The oldest go first beyond CACHE_ENTRIES.
const CACHE_ENTRIES = 24;
const printedBy = new WeakMap<Db, Map<string, Buffer>>();

/** The PDF of one province's report, after checking the request; the same PDF again while the data are unchanged. */
export async function provinceReportPdf(
  db: Db,
  baseUrl: string,
  request: ProvinceReportRequest,
  language: 'en' | 'ur' = 'en',
): Promise<{ pdf: Buffer; report: CheckedReport; cached: boolean }> {
  const report = await checkProvinceReport(db, request);
  const pagePath = provinceReportPath(report);
  const key = `${pagePath}|${language}|${await dataStamp(db)}`;
  let printed = printedBy.get(db);
  if (!printed) printedBy.set(db, (printed = new Map()));
  const kept = printed.get(key);
  if (kept) {
    printed.delete(key);
    printed.set(key, kept);
    return { pdf: kept, report, cached: true };
  }
  const pdf = await renderReportPdf(baseUrl, pagePath, language);
  printed.set(key, pdf);
  for (const oldest of printed.keys()) {
    if (printed.size <= CACHE_ENTRIES) break;
    printed.delete(oldest);
  }
  return { pdf, report, cached: false };
}

/** A file name for the report: nap-monitor_PK5_2025Q1.pdf. */
export function reportFileName(report: CheckedReport): string {
  return `nap-monitor_${report.pcode}_${report.period}${report.plan ? `_${report.plan}` : ''}.pdf`;
}
