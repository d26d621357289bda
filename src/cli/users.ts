import readline from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { ROLES, type Role } from '../core/roles';
import { errors } from '../server/errors';
import { presentUser } from '../server/presenters';
import { findUserByEmail } from '../server/repositories/userRepository';
import { changeRole, createUser, listUsers, setDisabled } from '../server/services/accountService';
import { configFrom, print, printJson, withDatabase } from './context';

export function registerUsers(program: Command): void {
  const users = program.command('users').description('manage user accounts');

  users
    .command('add')
    .description('create a user; the password is read from standard input (or asked for on a terminal)')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--role <role>', `one of: ${ROLES.join(', ')}`)
    .option('--province <pcode>', 'province P-code (required for provincial roles), e.g. PK5')
    .option('--json', 'print the user as JSON')
    .action(async (opts: { email: string; name: string; role: string; province?: string; json?: boolean }) => {
      const config = configFrom(program.opts());
      if (!(ROLES as readonly string[]).includes(opts.role)) {
        process.stderr.write(`nap-monitor: --role must be one of ${ROLES.join(', ')} (got ${opts.role})\n`);
        process.exitCode = 2;
        return;
      }
      const password = await readPassword();
      const user = await withDatabase(config, (db) =>
        createUser(db, { email: opts.email, name: opts.name, role: opts.role as Role, province: opts.province ?? null, password }),
      );
      if (opts.json) printJson(presentUser(user));
      else print(`Created ${user.role} ${user.email}${user.province_pcode ? ` (${user.province_pcode})` : ''}.`);
    });

  users
    .command('list')
    .description('list users')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = configFrom(program.opts());
      const rows = (await withDatabase(config, listUsers)).map(presentUser);
      if (opts.json) return printJson(rows);
      if (!rows.length) return print('No users yet. Create the first administrator with `nap-monitor users add --role admin …`.');
      for (const u of rows) {
        print(`${String(u.id).padStart(4)}  ${u.email.padEnd(32)} ${u.role.padEnd(24)} ${(u.province ?? '').padEnd(5)} ${u.disabled ? 'disabled' : 'active'}`);
      }
    });

  users
    .command('role <email>')
    .description('give a user another role (and province, for the provincial roles); ends their sessions')
    .requiredOption('--role <role>', `one of: ${ROLES.join(', ')}`)
    .option('--province <pcode>', 'province P-code (required for provincial roles), e.g. PK5')
    .option('--json', 'print the user as JSON')
    .action(async (email: string, opts: { role: string; province?: string; json?: boolean }) => {
      const config = configFrom(program.opts());
      if (!(ROLES as readonly string[]).includes(opts.role)) {
        process.stderr.write(`nap-monitor: --role must be one of ${ROLES.join(', ')} (got ${opts.role})\n`);
        process.exitCode = 2;
        return;
      }
      const [before, user] = await withDatabase(config, async (db) => {
        const found = await findUserByEmail(db, email);
        return [found, await changeRole(db, email, { role: opts.role as Role, province: opts.province ?? null })] as const;
      });
      const unchanged = before?.role === user.role && before.province_pcode === user.province_pcode;
      const scope = `${user.role}${user.province_pcode ? ` (${user.province_pcode})` : ''}`;
      if (opts.json) printJson(presentUser(user));
      else print(unchanged ? `${user.email} is already ${scope}; nothing changed.` : `${user.email} is now ${scope}; their sessions have ended.`);
    });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    users
      .command(`${name} <email>`)
      .description(disabled ? 'disable a user and end their sessions' : 'enable a disabled user')
      .action(async (email: string) => {
        const config = configFrom(program.opts());
        const user = await withDatabase(config, (db) => setDisabled(db, email, disabled));
        print(`${user.email} is now ${disabled ? 'disabled' : 'active'}.`);
      });
  }
}

/** Reads a password: hidden prompt (asked twice) on a terminal, else the first line of standard input. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const first = await hiddenPrompt('Password: ');
  const second = await hiddenPrompt('Repeat password: ');
  if (first !== second) throw errors.badRequest('password', 'the two entries do not match');
  return first;
}

function hiddenPrompt(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, callback) {
      if (!muted) process.stdout.write(chunk);
      callback();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}
