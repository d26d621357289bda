import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { checkConnection, openDatabase, redactUrl } from '../db/database';
import { pendingMigrations } from '../db/migrate';
import { isSeeded } from '../importers/seed';
import { ConfigError, loadConfig } from '../server/config';
import { print } from './context';

/** Files the product needs at run time, relative to DATA_DIR. */
export const BUNDLED_FILES = [
  'boundaries/pak_adm1_2022_simplified.geojson',
  'boundaries/pak_adm2_2022_simplified.geojson',
  'boundaries/pak_adm2_2022_detailed.geojson',
  'boundaries/pak_adm2_2022_pcodes.csv',
  'boundaries/pak_adm3_tehsils_2022.csv',
  'domain/district-aliases.csv',
  'domain/nap-2014-points.csv',
  'domain/nap-2021-areas.csv',
  'domain/programmes.csv',
  'domain/governance-bodies.csv',
  'domain/sources.csv',
  'indicators/census2023_districts.csv',
  'indicators/poverty_headcount_2018_provisional.csv',
  'indicators/pslm2019_districts_long.csv',
  'indicators/data4pakistan_districts_2004_2019.csv',
  'indicators/data4pakistan_indicator_catalogue.csv',
  'indicators/census2017_provisional_population.csv',
  'domain/progress-signals.csv',
  'domain/incidents-curated.csv',
  'incidents/pakistan_suicide_attacks_1995_2017.csv',
  'incidents/groups.csv',
  'mappings/suicide-attacks.json',
  'mappings/curated-incidents.json',
];

type Check = { name: string; ok: boolean; detail: string; warning?: boolean };

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check configuration, database, migrations and bundled data')
    .action(async () => {
      const checks: Check[] = [];
      let config;
      try {
        config = loadConfig(process.env, { db: program.opts().db });
        checks.push({ name: 'config', ok: true, detail: `database ${config.database.dialect}, port ${config.port}` });
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        checks.push({ name: 'config', ok: false, detail: error.problems.join('; ') });
      }
      if (config) {
        const where = config.database.dialect === 'postgres' ? redactUrl(config.database.location) : config.database.location;
        try {
          const db = openDatabase(config.database);
          try {
            await checkConnection(db);
            checks.push({ name: 'database', ok: true, detail: `${config.database.dialect} at ${where}` });
            const pending = await pendingMigrations(db);
            checks.push({
              name: 'migrations',
              ok: pending.length === 0,
              detail: pending.length ? `${pending.length} pending: run \`nap-monitor migrate\`` : 'up to date',
            });
            if (pending.length === 0) {
              const seeded = await isSeeded(db);
              checks.push({ name: 'seed', ok: true, warning: !seeded, detail: seeded ? 'bundled data loaded' : 'empty: run `nap-monitor seed`' });
            }
          } finally {
            await db.close();
          }
        } catch (error) {
          checks.push({ name: 'database', ok: false, detail: (error as Error).message });
        }
        const missing = BUNDLED_FILES.filter((f) => !fs.existsSync(path.join(config.dataDir, f)));
        checks.push({
          name: 'bundled data',
          ok: missing.length === 0,
          detail: missing.length ? `missing in ${config.dataDir}: ${missing.join(', ')}` : `${BUNDLED_FILES.length} files in ${config.dataDir}`,
        });
        const web = fs.existsSync(path.join(config.webDir, 'index.html'));
        checks.push({ name: 'web app', ok: true, warning: !web, detail: web ? `built in ${config.webDir}` : 'not built: run `npm run build:web`' });
      }
      for (const c of checks) print(`${c.ok ? (c.warning ? 'WARN' : 'ok  ') : 'FAIL'}  ${c.name.padEnd(13)} ${c.detail}`);
      const failed = checks.filter((c) => !c.ok).length;
      print(failed ? `${failed} check(s) failed.` : 'All checks passed.');
      if (failed) process.exitCode = 1;
    });
}
