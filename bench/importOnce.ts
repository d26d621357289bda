/**
 * Imports one ACLED file into a database and reports time and peak memory as JSON on stdout. Run
 * as its own process by bench/run.ts, so its peak resident memory is the import's alone.
 */
import { openDatabase, parseDatabaseUrl } from '../src/db/database';
import { importIncidentFile, loadImportContext } from '../src/importers/incidents/importIncidents';

const [url, file] = process.argv.slice(2);
if (!url || !file) {
  process.stderr.write('usage: importOnce.ts DATABASE FILE\n');
  process.exit(2);
}
const db = openDatabase(parseDatabaseUrl(url));
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
const contextStart = performance.now();
const ctx = await loadImportContext(db);
const contextMs = performance.now() - contextStart;
const cpuStart = process.cpuUsage();
const start = performance.now();
let lastChunk = start;
const report = await importIncidentFile(db, ctx, {
  format: 'acled',
  input: file,
  onProgress: () => {
    peak = Math.max(peak, process.memoryUsage().rss);
    lastChunk = performance.now();
  },
});
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
clearInterval(sampler);
await db.close();
const maxRss = process.resourceUsage().maxRSS * 1024;
process.stdout.write(
  `${JSON.stringify({
    rows: report.rows,
    imported: report.imported,
    updated: report.updated,
    unchanged: report.unchanged,
    rejected: report.rejected_rows,
    skipped: report.skipped,
    unplaced: report.rows - report.rejected_rows - report.skipped - report.placement.coordinates - report.placement.names - report.placement.given,
    warnings: report.warnings.length,
    unknownActors: report.unknown_actors.slice(0, 5),
    contextMs,
    ms,
    // From the last chunk of rows written to the end: index rebuild, duplicate pass, aggregates, commit.
    finishMs: start + ms - lastChunk,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssBeforeMb: rssBefore / 1e6,
    peakRssMb: Math.max(peak, maxRss) / 1e6,
  })}\n`,
);
