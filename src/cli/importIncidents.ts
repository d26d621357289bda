import type { Command } from 'commander';
import {
  IncidentBatchError,
  IncidentFileError,
  importIncidentFile,
  INCIDENT_BATCH_KIND,
  loadImportContext,
  MappingError,
  undoIncidentBatch,
  type IncidentFormat,
  type IncidentImportReport,
} from '../importers/incidents/importIncidents';
import { readMappingFile, type IncidentMapping } from '../importers/incidents/mapping';
import { IndicatorBatchError, undoIndicatorBatch } from '../importers/indicators/importIndicators';
import type { Db } from '../db/database';
import { getImportBatch } from '../server/repositories/indicatorRepository';
import { configFrom, print, printJson, withDatabase } from './context';

const LAYOUTS: { format: Exclude<IncidentFormat, 'csv'>; description: string }[] = [
  { format: 'acled', description: 'import an ACLED export (CSV) of incidents' },
  { format: 'ucdp', description: 'import a UCDP GED file (CSV) of incidents' },
  { format: 'gtd', description: 'import a Global Terrorism Database file (CSV, full layout read by header name)' },
];

interface ImportOptions {
  dryRun?: boolean;
  json?: boolean;
  mapping?: string;
}

/** Progress on a terminal: rows read and share of the file, redrawn at most four times a second. */
function progressLine(enabled: boolean) {
  let last = 0;
  let shown = false;
  return {
    update(p: { rows: number; bytes: number; size: number }) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 250) return;
      last = now;
      shown = true;
      const share = p.size ? Math.min(100, Math.floor((p.bytes / p.size) * 100)) : 0;
      process.stderr.write(`\r  ${p.rows.toLocaleString('en-US')} rows read (${share}%)`);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

export function printIncidentReport(report: IncidentImportReport): void {
  print(
    `${report.dry_run ? 'Dry run: ' : ''}${report.batch ? `batch ${report.batch}: ` : ''}${report.rows} rows, ${report.imported} imported, ${report.updated} updated, ${report.unchanged} unchanged, ${report.skipped} skipped, ${report.rejected_rows} rejected`,
  );
  const placed = report.placement.coordinates + report.placement.names + report.placement.given;
  const written = placed + report.placement.province + report.placement.none;
  if (written) {
    print(
      `  placed in a district: ${placed} of ${written} (${report.placement.coordinates} by coordinates, ${report.placement.names} by names, ${report.placement.given} as given); province only: ${report.placement.province}; not placed: ${report.placement.none}`,
    );
  }
  for (const r of report.rejected.slice(0, 50)) print(`  line ${r.line}${r.column ? `, column ${r.column}` : ''}: ${r.reason}${r.value !== null ? ` (value ${JSON.stringify(r.value)})` : ''}`);
  if (report.rejected.length > 50) print(`  … and ${report.rejected.length - 50} more problems (use --json for all)`);
  for (const s of report.skips.slice(0, 20)) print(`  skipped line ${s.line}: ${s.reason}`);
  for (const u of report.unplaced.slice(0, 20)) print(`  no district, line ${u.line}: ${u.reason}`);
  if (report.unplaced.length > 20) print(`  … and ${report.unplaced.length - 20} more without a district (use --json for all)`);
  for (const a of report.unknown_actors.slice(0, 20)) print(`  actor not in the groups catalogue (kept as text): ${a.actor} (${a.rows} rows)`);
  for (const w of report.warnings.slice(0, 20)) print(`  warning: ${w}`);
  if (report.warnings.length > 20) print(`  … and ${report.warnings.length - 20} more warnings (use --json for all)`);
  if (report.clusters_changed) print(`  duplicates across data sets: ${report.clusters_changed} incidents linked or re-linked`);
}

async function runImport(program: Command, format: IncidentFormat, file: string, opts: ImportOptions): Promise<void> {
  const config = configFrom(program.opts());
  let mapping: IncidentMapping | undefined;
  try {
    if (format === 'csv') {
      if (!opts.mapping) throw new MappingError('a CSV import needs --mapping MAPPING.json (or the name of a shipped mapping such as suicide-attacks)');
      mapping = readMappingFile(opts.mapping, config.dataDir);
    }
    const progress = progressLine(process.stderr.isTTY === true && !opts.json);
    const report = await withDatabase(config, async (db) => {
      const ctx = await loadImportContext(db);
      try {
        return await importIncidentFile(db, ctx, {
          format,
          input: file,
          mapping,
          mappingName: opts.mapping,
          dryRun: opts.dryRun,
          onProgress: (p) => progress.update(p),
        });
      } finally {
        progress.done();
      }
    });
    if (opts.json) printJson(report);
    else printIncidentReport(report);
  } catch (error) {
    if (error instanceof IncidentFileError || error instanceof MappingError) {
      process.stderr.write(`nap-monitor: ${file}: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`nap-monitor: ${file}: no such file\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

/** `import acled|ucdp|gtd FILE` and `import csv FILE --mapping MAPPING`. */
export function registerIncidentImports(imp: Command, program: Command): void {
  for (const layout of LAYOUTS) {
    imp
      .command(`${layout.format} <file>`)
      .description(layout.description)
      .option('--dry-run', 'report what would happen without writing')
      .option('--json', 'print the report as JSON')
      .action((file: string, opts: ImportOptions) => runImport(program, layout.format, file, opts));
  }
  imp
    .command('csv <file>')
    .description('import incidents from any CSV through a column mapping (JSON file, or a shipped one: suicide-attacks, curated-incidents, nap-monitor-export)')
    .requiredOption('--mapping <mapping>', 'the column mapping: a JSON file or the name of a shipped mapping')
    .option('--dry-run', 'report what would happen without writing')
    .option('--json', 'print the report as JSON')
    .action((file: string, opts: ImportOptions) => runImport(program, 'csv', file, opts));
}

/** Undoes a batch of any kind (incidents or indicators). */
export async function undoAnyBatch(db: Db, id: number): Promise<unknown> {
  const batch = await getImportBatch(db, id);
  try {
    if (batch?.kind === INCIDENT_BATCH_KIND) return await undoIncidentBatch(db, id);
    return await undoIndicatorBatch(db, id);
  } catch (error) {
    if (error instanceof IncidentBatchError || error instanceof IndicatorBatchError) {
      process.stderr.write(`nap-monitor: ${error.message}\n`);
      process.exitCode = 1;
      return null;
    }
    throw error;
  }
}
