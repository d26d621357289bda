import type { Command } from 'commander';
import { checkConnection, openDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { configFrom, print } from './context';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const config = configFrom(program.opts());
      const db = openDatabase(config.database);
      try {
        await checkConnection(db);
        const applied = await migrateToLatest(db);
        print(applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}` : 'Database is up to date.');
      } finally {
        await db.close();
      }
    });
}
