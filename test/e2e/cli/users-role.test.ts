import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/db/database';
import { PROJECT_ROOT } from '../../../src/server/config';
import { login } from '../../../src/server/services/accountService';
import { createTestDatabase, testDialects } from '../../helpers/databases';
import { seededSqliteCopy } from '../../helpers/server';

const BIN = path.join(PROJECT_ROOT, 'bin', 'nap-monitor.js');
const PASSWORD = 'a long enough password';

function run(args: string[], input = '') {
  const res = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' }, timeout: 120_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe.each(testDialects())('nap-monitor users role on %s', (dialect) => {
  let url: string;
  let db: Db;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    if (dialect === 'sqlite') {
      const copy = await seededSqliteCopy();
      url = `sqlite:${copy.file}`;
      db = openDatabase({ dialect, location: copy.file });
      cleanup = async () => {
        await db.close();
        fs.rmSync(copy.dir, { recursive: true, force: true });
      };
    } else {
      const t = await createTestDatabase('postgres');
      url = t.url;
      db = t.db;
      cleanup = () => t.drop();
      // The provinces the commands name; the rest of the gazetteer is not needed here.
      await db.kysely
        .insertInto('provinces')
        .values([
          { pcode: 'PK2', name: 'Balochistan', centroid_lat: 28.5, centroid_lon: 65.1, geometry: null },
          { pcode: 'PK5', name: 'Khyber Pakhtunkhwa', centroid_lat: 34.5, centroid_lon: 72.1, geometry: null },
        ])
        .execute();
    }
    for (const [email, role] of [
      ['admin@example.org', 'admin'],
      ['analyst@example.org', 'analyst'],
    ]) {
      const add = run(['--db', url, 'users', 'add', '--email', email!, '--name', role!, '--role', role!], `${PASSWORD}\n`);
      expect(add.code, add.stderr).toBe(0);
    }
  }, 120_000);
  afterAll(async () => cleanup?.());

  const roleOf = (email: string) => db.kysely.selectFrom('users').select(['role', 'province_pcode']).where('email', '=', email).executeTakeFirstOrThrow();
  const sessionsOf = async (email: string) =>
    (await db.kysely.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id').select('sessions.id').where('users.email', '=', email).execute()).length;

  it.each([
    [['--role', 'provincial_focal_person'], 'nap-monitor: province: role provincial_focal_person needs a province'],
    [['--role', 'analyst', '--province', 'PK5'], 'nap-monitor: province: role analyst is national and takes no province'],
    [['--role', 'provincial_approver', '--province', 'PK99'], 'nap-monitor: province: unknown province P-code PK99'],
    [['--role', 'superuser'], 'nap-monitor: --role must be one of admin, national_coordinator, provincial_approver, provincial_focal_person, analyst (got superuser)'],
  ])('%j → exit 2 with the reason, and nothing changes', async (args, message) => {
    const res = run(['--db', url, 'users', 'role', 'analyst@example.org', ...args]);
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe(message);
    expect(await roleOf('analyst@example.org')).toEqual({ role: 'analyst', province_pcode: null });
  });

  it('names an unknown user (exit 3)', () => {
    const res = run(['--db', url, 'users', 'role', 'ghost@example.org', '--role', 'analyst']);
    expect(res.code).toBe(3);
    expect(res.stderr.trim()).toBe('nap-monitor: User ghost@example.org not found');
  });

  it('gives a user a provincial role, ends their sessions and writes the audit entry', async () => {
    await login(db, 'analyst@example.org', PASSWORD, 1);
    expect(await sessionsOf('analyst@example.org')).toBe(1);

    const res = run(['--db', url, 'users', 'role', 'analyst@example.org', '--role', 'provincial_approver', '--province', 'PK5', '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ email: 'analyst@example.org', role: 'provincial_approver', province: 'PK5' });
    expect(await roleOf('analyst@example.org')).toEqual({ role: 'provincial_approver', province_pcode: 'PK5' });
    expect(await sessionsOf('analyst@example.org')).toBe(0);

    const audit = await db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'user.change_role').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBeNull();
    expect(JSON.parse(audit[0]!.before_json!)).toMatchObject({ role: 'analyst', province_pcode: null });
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ role: 'provincial_approver', province_pcode: 'PK5' });

    const human = run(['--db', url, 'users', 'role', 'analyst@example.org', '--role', 'provincial_approver', '--province', 'PK2']);
    expect(human.stdout.trim()).toBe('analyst@example.org is now provincial_approver (PK2); their sessions have ended.');
    const same = run(['--db', url, 'users', 'role', 'analyst@example.org', '--role', 'provincial_approver', '--province', 'PK2']);
    expect(same.stdout.trim()).toBe('analyst@example.org is already provincial_approver (PK2); nothing changed.');
    expect(await db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'user.change_role').execute()).toHaveLength(2);
  });

  it('keeps the admin role on the last active administrator, and lets it go once there is another', async () => {
    const last = run(['--db', url, 'users', 'role', 'admin@example.org', '--role', 'analyst']);
    expect(last.code).toBe(2);
    expect(last.stderr.trim()).toBe('nap-monitor: admin@example.org is the last active administrator; give another account the admin role first');
    expect((await roleOf('admin@example.org')).role).toBe('admin');

    expect(run(['--db', url, 'users', 'role', 'analyst@example.org', '--role', 'admin']).code).toBe(0);
    const now = run(['--db', url, 'users', 'role', 'admin@example.org', '--role', 'national_coordinator']);
    expect(now.code, now.stderr).toBe(0);
    expect(await roleOf('admin@example.org')).toEqual({ role: 'national_coordinator', province_pcode: null });
  });
});
