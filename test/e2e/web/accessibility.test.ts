import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { desktop, ensureWebBuild, hasBrowser, launchBrowser, withPage } from './browser';

// axe-core on every page, in English and Urdu: no serious or critical violation.

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Violation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[] }[];
}

interface PageUnderTest {
  path: string;
  /** Resolves when the page has finished loading its data. */
  ready: (page: Page) => Promise<void>;
}

const noStatus = (page: Page) => page.getByRole('status').waitFor({ state: 'detached', timeout: 20_000 });

const PAGES: Record<string, PageUnderTest> = {
  overview: {
    path: '/?period=2024',
    ready: async (page) => {
      await page.locator('path[data-pcode][fill^="rgb"]').first().waitFor({ timeout: 15_000 });
      await page.locator('.surge-table, .balance-table').first().waitFor({ timeout: 15_000 });
      await noStatus(page);
    },
  },
  'province scorecard': {
    path: '/provinces/PK2?period=2024',
    ready: async (page) => {
      await page.locator('.points-table tbody tr').first().waitFor({ timeout: 15_000 });
      await noStatus(page);
    },
  },
  'province report': {
    path: '/report/province/PK2?period=2024',
    ready: (page) => page.locator('[data-report-state="ready"]').waitFor({ timeout: 20_000 }),
  },
  'deprivation and violence': {
    path: '/analysis/deprivation-violence',
    ready: async (page) => {
      await page.locator('.scatter-chart circle').first().waitFor({ timeout: 20_000 });
      await noStatus(page);
    },
  },
  map: {
    path: '/map',
    ready: async (page) => {
      await page.locator('path[data-pcode][fill^="rgb"]').first().waitFor({ timeout: 15_000 });
      await noStatus(page);
    },
  },
  'district profile': {
    path: '/districts/PK617',
    ready: async (page) => {
      await page.locator('.comparison-table').first().waitFor({ timeout: 15_000 });
      await noStatus(page);
    },
  },
  data: { path: '/data', ready: (page) => page.locator('.values-table tbody tr').first().waitFor({ timeout: 15_000 }) },
  tracker: {
    path: '/tracker',
    ready: async (page) => {
      await page.locator('.tracker-table tbody tr').first().waitFor({ timeout: 15_000 });
      await noStatus(page);
    },
  },
  incidents: {
    path: '/incidents',
    ready: async (page) => {
      await page.locator('.incidents-table tbody tr').first().waitFor({ timeout: 15_000 });
      await noStatus(page);
    },
  },
  methodology: { path: '/methodology', ready: (page) => page.locator('main h2').first().waitFor() },
};

async function violations(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ path: AXE });
  const results = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as { violations: Violation[] };
  return results.violations;
}

describe.skipIf(!hasBrowser)('accessibility (axe-core)', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [name, { path, ready }] of Object.entries(PAGES)) {
    for (const language of ['en', 'ur'] as const) {
      it(`finds no serious or critical problem on the ${name} page in ${language === 'en' ? 'English' : 'Urdu'}`, async () => {
        await withPage(browser, { viewport: desktop, language }, async (page) => {
          await page.goto(`${server.url}${path}`);
          await ready(page);
          const found = await violations(page);
          const lesser = found.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
          if (lesser.length > 0) {
            console.info(`axe, ${name} (${language}), minor or moderate: ${lesser.map((v) => `${v.id} ×${v.nodes.length}`).join(', ')}`);
          }
          const serious = found
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} element(s), e.g. ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
          expect(serious).toEqual([]);
        });
      });
    }
  }
});
