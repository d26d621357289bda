import type { Command } from 'commander';
import { Gazetteer } from '../core/gazetteer';
import { importIndicatorFile, INDICATOR_FORMATS, type IndicatorFormat } from '../importers/indicators/importIndicators';
import { readGazetteerData } from '../server/repositories/gazetteerRepository';
import { listBatches } from '../server/repositories/batchRepository';
import { configFrom, print, printJson, withDatabase } from './context';
import { registerIncidentImports, undoAnyBatch } from './importIncidents';

export function registerImport(program: Command): void {
  const imp = program.command('import').description('import data files; each import is one atomic, reversible batch');

  imp
    .command('indicators <file>')
    .description('import district indicator values from a CSV file')
    .requiredOption('--format <format>', `one of: ${INDICATOR_FORMATS.join(', ')}`)
    .option('--strict', 'refuse the whole file if any row is rejected')
    .option('--dry-run', 'report what would happen without writing')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, opts: { format: string; strict?: boolean; dryRun?: boolean; json?: boolean }) => {
      if (!(INDICATOR_FORMATS as readonly string[]).includes(opts.format)) {
        process.stderr.write(`nap-monitor: --format must be one of ${INDICATOR_FORMATS.join(', ')} (got ${opts.format})\n`);
        process.exitCode = 2;
        return;
      }
      const config = configFrom(program.opts());
      const report = await withDatabase(config, async (db) => {
        const gazetteer = new Gazetteer(await readGazetteerData(db));
        return importIndicatorFile(db, gazetteer, {
          format: opts.format as IndicatorFormat,
          file,
          strict: opts.strict,
          dryRun: opts.dryRun,
        });
      });
      if (opts.json) printJson(report);
      else {
        print(
          `${opts.dryRun ? 'Dry run: ' : ''}${report.batch ? `batch ${report.batch}: ` : ''}${report.rows} rows, ${report.imported} imported, ${report.updated} updated, ${report.unchanged} unchanged, ${report.skipped} skipped, ${report.rejected.length} rejected`,
        );
        for (const r of report.rejected.slice(0, 50)) print(`  line ${r.line}, column ${r.column}: ${r.reason} (value ${JSON.stringify(r.value)})`);
        if (report.rejected.length > 50) print(`  … and ${report.rejected.length - 50} more (use --json for all)`);
        for (const u of report.unmatched) print(`  unmatched name: ${u.name}${u.province ? ` (${u.province})` : ''}`);
        for (const w of report.warnings) print(`  warning: ${w}`);
      }
      if (opts.strict && report.rejected.length) process.exitCode = 1;
    });

  registerIncidentImports(imp, program);

  const imports = program.command('imports').description('list and undo import batches');
  imports
    .command('list')
    .description('list import batches, newest first')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = configFrom(program.opts());
      const rows = await withDatabase(config, listBatches);
      if (opts.json) return printJson(rows);
      if (!rows.length) return print('No imports yet.');
      for (const b of rows) print(`${String(b.id).padStart(5)}  ${b.created_at}  ${b.kind.padEnd(11)} ${b.format.padEnd(14)} ${b.status.padEnd(8)} ${b.file}`);
    });
  imports
    .command('undo <batch>')
    .description('undo an import batch')
    .action(async (batch: string) => {
      const id = Number(batch);
      if (!Number.isInteger(id) || id <= 0) {
        process.stderr.write(`nap-monitor: batch must be a positive whole number (got ${batch})\n`);
        process.exitCode = 2;
        return;
      }
      const config = configFrom(program.opts());
      const result = await withDatabase(config, (db) => undoAnyBatch(db, id));
      if (result) print(`Undid batch ${id}: ${JSON.stringify(result)}`);
    });
}
