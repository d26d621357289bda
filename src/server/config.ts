import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseDatabaseUrl, type DatabaseTarget } from '../db/database';

/** The checkout's root folder: bundled data and the built web app are found relative to it. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Every setting the product reads, in one place. Environment variables are listed here with their
 * defaults; CLI flags override them (`--db`, `--port`).
 */
const schema = z.object({
  DATABASE_URL: z.string().min(1).default('./nap-monitor.db'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, 'data')),
  WEB_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, 'dist', 'web')),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 90).default(12),
  COOKIE_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type RawConfig = z.input<typeof schema>;

export interface Config {
  database: DatabaseTarget;
  databaseUrl: string;
  port: number;
  host: string;
  dataDir: string;
  webDir: string;
  sessionTtlHours: number;
  cookieSecure: boolean;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export interface ConfigOverrides {
  db?: string;
  port?: string | number;
  host?: string;
}

/** Reads and validates the configuration; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  if (overrides.db !== undefined) input.DATABASE_URL = overrides.db;
  if (overrides.port !== undefined) input.PORT = overrides.port;
  if (overrides.host !== undefined) input.HOST = overrides.host;

  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? '?');
        const flag = key === 'DATABASE_URL' ? ' (or --db)' : key === 'PORT' ? ' (or --port)' : '';
        return `${key}${flag}: ${issue.message} (got ${JSON.stringify(input[key])})`;
      }),
    );
  }
  const c = parsed.data;
  return {
    database: parseDatabaseUrl(c.DATABASE_URL),
    databaseUrl: c.DATABASE_URL,
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.DATA_DIR),
    webDir: path.resolve(c.WEB_DIR),
    sessionTtlHours: c.SESSION_TTL_HOURS,
    cookieSecure: c.COOKIE_SECURE,
    logLevel: c.LOG_LEVEL,
  };
}
