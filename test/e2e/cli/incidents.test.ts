import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../src/server/config';
import { seededSqliteCopy } from '../../helpers/server';

const BIN = path.join(PROJECT_ROOT, 'bin', 'nap-monitor.js');
const SAMPLES = path.join(PROJECT_ROOT, 'data', 'samples');
const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'incidents');

function run(args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' }, timeout: 120_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('nap-monitor import (incidents)', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    const copy = await seededSqliteCopy();
    dir = copy.dir;
    db = `sqlite:${copy.file}`;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports an ACLED file as a batch, changes nothing the second time, and undoes it', () => {
    const first = run(['--db', db, 'import', 'acled', path.join(SAMPLES, 'acled-pakistan-sample.csv'), '--json']);
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ format: 'acled', rows: 12, imported: 12, updated: 0, rejected_rows: 0 });

    const again = run(['--db', db, 'import', 'acled', path.join(SAMPLES, 'acled-pakistan-sample.csv')]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('12 rows, 0 imported, 0 updated, 12 unchanged, 0 skipped, 0 rejected');

    const list = run(['--db', db, 'imports', 'list']);
    expect(list.stdout).toMatch(new RegExp(`^\\s*${report.batch}\\s.*incidents\\s+acled\\s+applied`, 'm'));
    const undo = run(['--db', db, 'imports', 'undo', String(report.batch)]);
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stdout).toContain(`Undid batch ${report.batch}: {"batch":${report.batch},"removed":12,"restored":0,"kept":[]}`);
    const twice = run(['--db', db, 'imports', 'undo', String(report.batch)]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`import batch ${report.batch} is undone, not applied`);
  });

  it('imports any CSV through a mapping, and reports rows it rejects', () => {
    const res = run(['--db', db, 'import', 'csv', path.join(FIXTURES, 'custom_semicolon.csv'), '--mapping', path.join(FIXTURES, 'custom_mapping.json')]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/batch \d+: 4 rows, 3 imported, 0 updated, 0 unchanged, 0 skipped, 1 rejected/);
    expect(res.stdout).toContain('line 4, column when: 2025-02-31 is not a real date (value "31/02/2025")');
    expect(res.stdout).toMatch(/placed in a district: 2 of 3/);
    expect(res.stdout).toMatch(/no district, line 5: placed in province PK6 only/);

    const dry = run(['--db', db, 'import', 'csv', path.join(PROJECT_ROOT, 'data/incidents/pakistan_suicide_attacks_1995_2017.csv'), '--mapping', 'suicide-attacks', '--dry-run', '--json']);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dry_run: true, rows: 492, imported: 0, unchanged: 489, rejected_rows: 3 });
  });

  it('refuses files it cannot read with one clear message and a failing exit code', () => {
    const layout = run(['--db', db, 'import', 'gtd', path.join(SAMPLES, 'acled-pakistan-sample.csv')]);
    expect(layout.code).toBe(1);
    expect(layout.stderr).toMatch(/lacks the columns "eventid", "iyear", "imonth", "iday", "country_txt", "provstate", "city" required by the GTD layout/);
    expect(layout.stderr).not.toMatch(/\n\s+at /);
    const missing = run(['--db', db, 'import', 'ucdp', path.join(dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');
    const noMapping = run(['--db', db, 'import', 'csv', path.join(SAMPLES, 'gtd-pakistan-sample.csv'), '--mapping', 'no-such-mapping']);
    expect(noMapping.code).toBe(1);
    expect(noMapping.stderr).toMatch(/cannot read the mapping .*no-such-mapping\.json \(shipped mappings: curated-incidents, nap-monitor-export, suicide-attacks\)/);
  });
});
