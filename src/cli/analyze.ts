import { Command, Option } from 'commander';
import { z } from 'zod';
import { tableToCsv, tableToText } from '../core/analytics/table';
import { errors } from '../server/errors';
import { runAnalysis } from '../server/services/analytics/analysis';
import { filterQuery, resolveFilters } from '../server/services/analytics/filters';
import { ANALYSES } from '../server/services/analytics/registry';
import { configFrom, print, printJson, withDatabase, type GlobalOptions } from './context';

const kebab = (key: string) => key.replace(/_/g, '-');

/**
 * `nap-monitor analyze NAME [options]`: the same analyses as /api/v1/analytics/NAME, with the
 * same filters and options (as --flags), printed as a table, CSV or the API's JSON.
 */
export function registerAnalyze(program: Command): void {
  const analyze = program
    .command('analyze')
    .description('Run an analysis (trends, surges, impact, …) and print it as a table, CSV or JSON');
  for (const analysis of ANALYSES) {
    const shape = { ...filterQuery, ...analysis.options };
    const command = analyze.command(analysis.name).description(`${analysis.title}. ${analysis.description}`);
    for (const [key, schema] of Object.entries(shape)) {
      command.addOption(new Option(`--${kebab(key)} <value>`, (schema as z.ZodType).description ?? key));
    }
    command
      .option('--json', 'print the API\'s JSON answer (data, notes and metadata)')
      .option('--csv', 'print the table as CSV')
      .action(async (opts: Record<string, unknown>, cmd: Command) => {
        const global = cmd.optsWithGlobals<GlobalOptions>();
        const raw: Record<string, unknown> = {};
        for (const key of Object.keys(shape)) {
          const value = opts[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())];
          if (value !== undefined) raw[key] = value;
        }
        const parsed = z.object(shape).safeParse(raw);
        if (!parsed.success) {
          throw errors.validation(parsed.error.issues.map((i) => ({ field: `--${kebab(String(i.path[0] ?? ''))}`, message: i.message })));
        }
        const { from, to, province, district, front, group, category, ...options } = parsed.data as Record<string, unknown>;
        await withDatabase(configFrom(global), async (db) => {
          const filters = await resolveFilters(db, { from, to, province, district, front, group, category } as never);
          const { response, table } = await runAnalysis(db, analysis, filters, options);
          if (opts.json) return printJson(response);
          if (opts.csv) return process.stdout.write(tableToCsv(table));
          print(`${analysis.title}`);
          print();
          print(table.rows.length > 0 ? tableToText(table) : '(no rows)');
          for (const note of response.notes) print(`\nNote: ${note}`);
        });
      });
  }
}
