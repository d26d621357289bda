import fs from 'node:fs';
import type { Command } from 'commander';
import { INDEX_NAMES, isIndexName, type IndexName } from '../core/analytics/indexDefinitions';
import { tableToText, type AnalysisTable } from '../core/analytics/table';
import { errors } from '../server/errors';
import { SYSTEM_CONTEXT } from '../server/services/auditService';
import { inputsHash } from '../server/services/analytics/analysis';
import { addDefinition, listDefinitions } from '../server/services/analytics/definitions';
import { checkRelease, computeIndexForRelease, findRelease, listReleases, publishRelease, releaseTable } from '../server/services/analytics/releases';
import { configFrom, print, printJson, withDatabase, type GlobalOptions } from './context';

interface ComputeOptions {
  release?: string;
  definitionVersion?: string;
  year?: string;
  referenceYear?: string;
  json?: boolean;
}

function integer(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw errors.badRequest(flag, `must be a positive whole number (got ${value})`);
  return Number(value);
}

function indexArg(name: string): IndexName {
  if (!isIndexName(name)) throw errors.notFound('Index', `${name} (known: ${INDEX_NAMES.join(', ')})`);
  return name;
}

function printTable(table: AnalysisTable, notes: string[]): void {
  print(table.rows.length > 0 ? tableToText(table) : '(no rows)');
  for (const note of notes) print(`\nNote: ${note}`);
}

/**
 * `nap-monitor index list|compute|define`: the stored index definitions and published releases.
 * `compute NAME` prints the index; with a new `--release R` it publishes it; with an existing one
 * it recomputes it from the definition version the release records, says whether it reproduces
 * exactly, prints the stored values either way, and exits 4 when it does not.
 */
export function registerIndex(program: Command): void {
  const index = program.command('index').description('Index definitions and releases: terrorism impact, deprivation and risk');

  index
    .command('list')
    .description('list the stored definitions (every version) and the published releases')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const { definitions, releases } = await withDatabase(configFrom(global), async (db) => ({
        definitions: await listDefinitions(db),
        releases: await listReleases(db),
      }));
      if (opts.json) return printJson({ definitions, releases });
      print('Definitions');
      for (const d of definitions) print(`  ${d.name.padEnd(12)} v${String(d.version).padEnd(4)} ${d.created_at}  ${d.description ?? ''}`);
      print();
      print('Releases');
      if (releases.length === 0) print('  (none published)');
      for (const r of releases) {
        print(`  ${r.name.padEnd(12)} ${r.release.padEnd(20)} v${String(r.definition_version).padEnd(4)} ${r.created_at}  ${JSON.stringify(r.options)}  ${r.inputs_hash}`);
      }
    });

  index
    .command('compute <name>')
    .description(`compute an index (${INDEX_NAMES.join(', ')}) over every district; --release publishes it, or checks a published one`)
    .option('--release <label>', 'publish under this label, or recompute and check the release of that label')
    .option('--definition-version <n>', 'definition version (default: the newest; a published release uses its own)')
    .option('--year <yyyy>', 'scored year of impact and risk (default: the latest complete year with incidents)')
    .option('--reference-year <yyyy>', 'latest indicator year for deprivation and risk (default: the definition\'s, else the latest)')
    .option('--json', 'print JSON')
    .action(async (nameArg: string, opts: ComputeOptions, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const name = indexArg(nameArg);
      const releaseOptions = {
        definitionVersion: integer('--definition-version', opts.definitionVersion),
        year: integer('--year', opts.year),
        referenceYear: integer('--reference-year', opts.referenceYear),
      };
      await withDatabase(configFrom(global), async (db) => {
        if (opts.release === undefined) {
          const started = performance.now();
          const c = await computeIndexForRelease(db, name, releaseOptions);
          const ms = performance.now() - started;
          if (opts.json) {
            return printJson({ name, definition: c.definition, options: c.options, inputs_hash: inputsHash(c.inputs), data: c.data, notes: c.notes });
          }
          print(`${name} (definition v${c.definition.version}, ${JSON.stringify(c.options)}), computed in ${ms.toFixed(0)} ms`);
          print();
          return printTable(c.table, c.notes);
        }
        const existing = await findRelease(db, name, opts.release);
        if (!existing) {
          const started = performance.now();
          const published = await publishRelease(db, name, opts.release, releaseOptions, SYSTEM_CONTEXT);
          const ms = performance.now() - started;
          if (opts.json) return printJson({ published: true, release: published });
          print(`Published release ${name}/${published.release}: definition v${published.definition_version}, ${JSON.stringify(published.options)}, inputs ${published.inputs_hash} (${ms.toFixed(0)} ms).`);
          print();
          return printTable(releaseTable(published), published.notes);
        }
        if (releaseOptions.definitionVersion !== undefined && releaseOptions.definitionVersion !== existing.definition_version) {
          process.stderr.write(
            `nap-monitor: release ${name}/${existing.release} was computed from definition v${existing.definition_version}; it is recomputed from that version, not v${releaseOptions.definitionVersion}.\n`,
          );
        }
        const check = await checkRelease(db, name, opts.release);
        if (opts.json) printJson(check);
        else {
          print(check.message);
          print();
          printTable(releaseTable(check.release), check.release.notes);
        }
        if (!check.reproduced) {
          process.stderr.write(`nap-monitor: ${check.message}\n`);
          process.exitCode = 4;
        }
      });
    });

  index
    .command('define <name>')
    .description('store the next version of a definition from a JSON file of parameters (audited)')
    .requiredOption('--parameters <file>', 'JSON file with the full parameters (see `index list --json` for version 1)')
    .option('--description <text>', 'what changed')
    .option('--json', 'print JSON')
    .action(async (nameArg: string, opts: { parameters: string; description?: string; json?: boolean }, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const name = indexArg(nameArg);
      let parameters: unknown;
      try {
        parameters = JSON.parse(fs.readFileSync(opts.parameters, 'utf8'));
      } catch (error) {
        throw errors.badRequest('--parameters', `cannot read ${opts.parameters} as JSON: ${(error as Error).message}`);
      }
      const definition = await withDatabase(configFrom(global), (db) => addDefinition(db, name, parameters, opts.description ?? null, SYSTEM_CONTEXT));
      if (opts.json) return printJson(definition);
      print(`Stored ${name} definition v${definition.version}.`);
    });
}
