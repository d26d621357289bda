import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../src/server/config';
import { seededSqliteCopy } from '../../helpers/server';

const BIN = path.join(PROJECT_ROOT, 'bin', 'nap-monitor.js');

function run(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  const res = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', ...opts.env },
    timeout: 120_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('nap-monitor CLI', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    const copy = await seededSqliteCopy();
    dir = copy.dir;
    db = `sqlite:${copy.file}`;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('seeds a new database, reports ≥ 99% of district names matched, and changes nothing the second time', () => {
    const fresh = path.join(dir, 'fresh.db');
    const first = run(['--db', fresh, 'seed', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary.gazetteer).toMatchObject({ provinces: 7, districts: 160, tehsils: 577 });
    expect(summary.reference.points).toBe(38);
    expect(summary.indicators.matchedShare).toBeGreaterThanOrEqual(0.99);
    const again = JSON.parse(run(['--db', fresh, 'seed', '--json']).stdout);
    for (const f of again.indicators.files) {
      expect(f.imported + f.updated).toBe(0);
    }
    const human = run(['--db', fresh, 'seed']);
    expect(human.stdout).toMatch(/District names matched: (99|100)\.\d%/);
  });

  it('creates the first admin from standard input, lists and disables users', () => {
    const add = run(['--db', db, 'users', 'add', '--email', 'admin@example.org', '--name', 'Admin', '--role', 'admin'], {
      input: 'a long enough password\n',
    });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('Created admin admin@example.org');
    const short = run(['--db', db, 'users', 'add', '--email', 'b@example.org', '--name', 'B', '--role', 'analyst'], { input: 'short\n' });
    expect(short.code).not.toBe(0);
    expect(short.stderr).toContain('password: must be at least 12 characters');
    const list = JSON.parse(run(['--db', db, 'users', 'list', '--json']).stdout);
    expect(list).toEqual([expect.objectContaining({ email: 'admin@example.org', role: 'admin', disabled: false })]);
    expect(run(['--db', db, 'users', 'disable', 'admin@example.org']).code).toBe(0);
    expect(JSON.parse(run(['--db', db, 'users', 'list', '--json']).stdout)[0].disabled).toBe(true);
    const unknown = run(['--db', db, 'users', 'disable', 'ghost@example.org']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('ghost@example.org not found');
  });

  it('doctor passes on a seeded database and fails clearly on a missing folder', () => {
    const ok = run(['--db', db, 'doctor']);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('All checks passed.');
    const missing = run(['--db', path.join(os.tmpdir(), 'no-such-folder-nap', 'x.db'), 'doctor']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/FAIL\s+database\s+Cannot open SQLite database .*does not exist/);
  });

  it('reports configuration problems all at once, without a stack trace', () => {
    const res = run(['migrate'], { env: { PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: path.join(dir, 'm.db') } });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('PORT (or --port)');
    expect(res.stderr).toContain('LOG_LEVEL');
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('gives a clear message, not a stack trace, for an unwritable database path', () => {
    const res = run(['--db', '/proc/nap-monitor.db', 'migrate']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/Cannot open SQLite database \/proc\/nap-monitor\.db/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
