import type { Command } from 'commander';
import { buildApp } from '../server/app';
import { checkConnection, openDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { isSeeded, seed } from '../importers/seed';
import { configFrom, print } from './context';
import { printSeedSummary } from './seed';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the web app and the API; creates, migrates and seeds an empty database first')
    .option('--port <port>', 'port to listen on (default $PORT or 8080)')
    .option('--host <host>', 'address to listen on (default $HOST or 0.0.0.0)')
    .action(async (opts: { port?: string; host?: string }) => {
      const config = configFrom(program.opts(), { port: opts.port, host: opts.host });
      const db = openDatabase(config.database);
      await checkConnection(db);
      const applied = await migrateToLatest(db);
      if (applied.length) print(`Applied ${applied.length} migration(s).`);
      if (!(await isSeeded(db))) {
        print('Empty database: loading the bundled data…');
        printSeedSummary(await seed(db, config.dataDir, (step) => print(`  ${step}`)));
      }
      const app = await buildApp({ db, config });
      const close = async () => {
        await app.close();
        await db.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void close());
      process.once('SIGTERM', () => void close());
      await app.listen({ port: config.port, host: config.host });
      const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      print(`NAP Monitor is serving at http://${shown}:${config.port}/ (API docs at /api/docs)`);
      // Keep running until a signal arrives.
      await new Promise(() => undefined);
    });
}
