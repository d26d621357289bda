import { Command, CommanderError } from 'commander';
import { ConfigError } from '../server/config';
import { DatabaseOpenError } from '../db/database';
import { AppError } from '../server/errors';
import { registerAnalyze } from './analyze';
import { registerAudit } from './audit';
import { registerDoctor } from './doctor';
import { registerImport } from './import';
import { registerIndex } from './indexCommand';
import { registerMigrate } from './migrate';
import { registerReport } from './report';
import { registerSeed } from './seed';
import { registerServe } from './serve';
import { registerUsers } from './users';

/** Builds the `nap-monitor` command tree. Each command lives in its own file. */
export function buildProgram(): Command {
  const program = new Command('nap-monitor')
    .description('NAP Monitor: plan implementation, incidents and district context for Pakistan\'s National Action Plan')
    .option('--db <url>', 'database: a file path or sqlite:PATH for SQLite, postgres://… for PostgreSQL (default $DATABASE_URL or ./nap-monitor.db)')
    .showHelpAfterError()
    .exitOverride();
  registerServe(program);
  registerMigrate(program);
  registerSeed(program);
  registerDoctor(program);
  registerUsers(program);
  registerImport(program);
  registerAudit(program);
  registerAnalyze(program);
  registerIndex(program);
  registerReport(program);
  return program;
}

/** Runs the CLI and returns the exit code; expected failures print one clear message, no stack trace. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode;
    }
    if (error instanceof ConfigError || error instanceof DatabaseOpenError) {
      process.stderr.write(`nap-monitor: ${error.message}\n`);
      return 1;
    }
    if (error instanceof AppError) {
      process.stderr.write(`nap-monitor: ${error.message}\n`);
      return error.status === 404 ? 3 : 2;
    }
    process.stderr.write(`nap-monitor: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
