import type { Command } from 'commander';
import { seed, type SeedSummary } from '../importers/seed';
import { configFrom, print, printJson, withDatabase } from './context';

export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('load the bundled data (gazetteer, plans, indicators); safe to run again')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = configFrom(program.opts());
      const summary = await withDatabase(config, (db) =>
        seed(db, config.dataDir, opts.json ? undefined : (step) => process.stderr.write(`Loading ${step}…\n`)),
      );
      if (opts.json) printJson(summary);
      else printSeedSummary(summary);
    });
}

export function printSeedSummary(s: SeedSummary): void {
  const g = s.gazetteer;
  print(`Gazetteer: ${g.provinces} provinces, ${g.districts} districts, ${g.tehsils} tehsils, ${g.aliases} aliases`);
  const r = s.reference;
  print(`Reference: ${r.plans} plans, ${r.points} points, ${r.programmes} programmes, ${r.governance_bodies} governance bodies, ${r.sources} sources`);
  const i = s.indicators;
  for (const f of i.files) {
    print(
      `Indicators ${f.format}: ${f.rows} rows, ${f.imported} imported, ${f.updated} updated, ${f.unchanged} unchanged, ${f.skipped} skipped, ${f.rejected.length} rejected`,
    );
  }
  const p = s.progress;
  print(
    `Progress history: ${p.rows} public-source signals → ${p.reports} accepted reports (${p.created} new, ${p.unchanged} unchanged), ${p.skipped.length} signals not tied to a point and date`,
  );
  const g2 = s.incidents.groups;
  print(`Incident groups: ${g2.groups} groups, ${g2.aliases} aliases`);
  for (const f of s.incidents.files) {
    const unplaced = f.unplaced.length ? `, ${f.unplaced.length} without a district` : '';
    print(
      `Incidents ${f.mapping ?? f.format}: ${f.rows} rows, ${f.imported} imported, ${f.updated} updated, ${f.unchanged} unchanged, ${f.skipped} skipped, ${f.rejected_rows} rejected${unplaced}`,
    );
  }
  print(`District names matched: ${(i.matchedShare * 100).toFixed(1)}%`);
  // One line per former or wider unit (undivided Chitral, Karachi as a whole), across all files.
  const former = new Map<string, Set<string>>();
  for (const w of i.files.flatMap((f) => f.warnings)) {
    const m = /^"(.+)" is a former or wider unit: (.+)$/.exec(w);
    if (!m) continue;
    const clauses = former.get(m[1]!) ?? new Set<string>();
    for (const clause of m[2]!.split('; ')) clauses.add(clause);
    former.set(m[1]!, clauses);
  }
  if (former.size) {
    print('Former or wider units, resolved to their successor districts:');
    for (const [name, clauses] of former) print(`  ${name}: ${[...clauses].join('; ')}`);
  }
  if (i.unmatched.length) {
    print('Unmatched names (not loaded):');
    for (const u of i.unmatched) print(`  ${u.name}${u.province ? ` (${u.province})` : ''}`);
  }
}
