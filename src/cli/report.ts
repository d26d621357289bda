import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { buildApp } from '../server/app';
import { periodProblem } from '../core/periods';
import { AppError, errors } from '../server/errors';
import { selfUrl } from '../server/routes/reports';
import { checkProvinceReport, provinceReportPath, renderReportPdf } from '../server/services/reportService';
import { configFrom, print, withDatabase } from './context';

/**
 * `nap-monitor report province PCODE --period 2025Q1 --out FILE.pdf`: serves the app on a free
 * loopback port inside this process, prints the report page with headless Chromium, and writes
 * the PDF. The same code makes GET /api/v1/reports/province/{pcode}.pdf.
 */
export function registerReport(program: Command): void {
  const report = program.command('report').description('printable reports as PDF');

  report
    .command('province <pcode>')
    .description("a province's scorecard for a period (implementation by dimension, points, reporting, incidents, timeline) as an A4 PDF")
    .requiredOption('--period <period>', 'a period such as 2025Q1 (quarter), 2025H1 or 2025')
    .requiredOption('--out <file>', 'where to write the PDF')
    .option('--plan <code>', 'the plan (default: the plan whose points fall due each quarter)')
    .option('--lang <lang>', 'language of the report: en or ur', 'en')
    .action(async (pcode: string, opts: { period: string; out: string; plan?: string; lang: string }) => {
      if (opts.lang !== 'en' && opts.lang !== 'ur') throw new AppError('validation_failed', 400, `--lang: must be en or ur, not "${opts.lang}"`);
      const problem = periodProblem(opts.period);
      if (problem) throw errors.badRequest('--period', problem);
      const config = configFrom(program.opts());
      const out = path.resolve(opts.out);
      if (!fs.existsSync(path.dirname(out))) throw new AppError('validation_failed', 400, `--out: the folder ${path.dirname(out)} does not exist`);
      if (!fs.existsSync(path.join(config.webDir, 'index.html'))) {
        process.stderr.write(`nap-monitor: the web app has not been built (no ${config.webDir}/index.html): run \`npm run build:web\` first\n`);
        process.exitCode = 1;
        return;
      }
      await withDatabase(config, async (db) => {
        // Checked before any server or browser starts: a bad period exits 2, an unknown province 3.
        const checked = await checkProvinceReport(db, { pcode, period: opts.period, plan: opts.plan });
        const app = await buildApp({ db, config: { ...config, logLevel: 'silent' }, logger: false });
        try {
          await app.listen({ port: 0, host: '127.0.0.1' });
          const pdf = await renderReportPdf(selfUrl(app), provinceReportPath(checked), opts.lang as 'en' | 'ur');
          fs.writeFileSync(out, pdf);
        } catch (error) {
          if (error instanceof AppError && error.status >= 500) {
            process.stderr.write(`nap-monitor: ${error.message}\n`);
            process.exitCode = 1;
            return;
          }
          throw error;
        } finally {
          await app.close();
        }
        print(out);
      });
    });
}
