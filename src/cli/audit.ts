import type { Command } from 'commander';
import { verifyAuditChain } from '../server/services/auditService';
import { configFrom, print, printJson, withDatabase } from './context';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit trail');

  audit
    .command('verify')
    .description('recompute every entry\'s hash in order; names the first entry that does not match and exits 1')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = configFrom(program.opts());
      const result = await withDatabase(config, verifyAuditChain);
      if (opts.json) printJson(result);
      else if (result.ok) print(`Audit trail verified: ${result.entries} entries, last hash ${result.lastHash}.`);
      else {
        const p = result.problem!;
        const which = p.id === null ? 'The end of the audit trail' : `Audit entry #${p.seq} (id ${p.id})`;
        print(`${which} does not verify: ${p.reason}.`);
        print(`The ${result.entries} entries before it verify.`);
      }
      if (!result.ok) process.exitCode = 1;
    });
}
