import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/db/database';
import { PROJECT_ROOT } from '../../../src/server/config';
import { recordAudit } from '../../../src/server/repositories/auditRepository';
import { createTestDatabase, testDialects } from '../../helpers/databases';
import { seededSqliteCopy } from '../../helpers/server';

const BIN = path.join(PROJECT_ROOT, 'bin', 'nap-monitor.js');

function run(args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' }, timeout: 120_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe.each(testDialects())('nap-monitor audit verify on %s', (dialect) => {
  let url: string;
  let db: Db;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    if (dialect === 'sqlite') {
      // The seeded template: its history from public sources was written with audit entries.
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
    }
    for (let i = 1; i <= 3; i++) {
      await recordAudit(db.kysely, { actorId: null, action: 'plan.update', entityType: 'plan', entityId: 'NAP-2014', before: { i }, after: { i: i + 1 }, requestId: null });
    }
  });
  afterAll(async () => cleanup?.());

  it('verifies an untouched trail and exits 0', () => {
    const res = run(['--db', url, 'audit', 'verify']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^Audit trail verified: \d+ entries, last hash [0-9a-f]{64}\.$/m);
    const json = JSON.parse(run(['--db', url, 'audit', 'verify', '--json']).stdout);
    expect(json).toMatchObject({ ok: true, problem: null });
    expect(json.entries).toBeGreaterThanOrEqual(3);
  });

  it('names the first entry that was changed in the database and exits 1', async () => {
    const target = await db.kysely.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').offset(1).limit(1).executeTakeFirstOrThrow();
    await db.kysely.updateTable('audit_log').set({ after_json: '{"i":100}' }).where('id', '=', target.id).execute();
    const res = run(['--db', url, 'audit', 'verify']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`Audit entry #${target.seq} (id ${target.id}) does not verify: its content does not match its hash (the entry was changed).`);
    expect(res.stdout).toContain(`The ${target.seq - 1} entries before it verify.`);
  });
});
