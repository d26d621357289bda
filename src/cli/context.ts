import { loadConfig, type Config, type ConfigOverrides } from '../server/config';
import { checkConnection, openDatabase, type Db } from '../db/database';
import { migrateToLatest } from '../db/migrate';

/** Global options every command accepts. */
export interface GlobalOptions {
  db?: string;
}

export function configFrom(global: GlobalOptions, extra: ConfigOverrides = {}): Config {
  return loadConfig(process.env, { db: global.db, ...extra });
}

/** Opens the configured database, checks the connection and applies pending migrations. */
export async function withDatabase<T>(config: Config, fn: (db: Db) => Promise<T>, opts: { migrate?: boolean } = {}): Promise<T> {
  const db = openDatabase(config.database);
  try {
    await checkConnection(db);
    if (opts.migrate !== false) await migrateToLatest(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Output helpers: human text on stdout, or one JSON document with --json. */
export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
