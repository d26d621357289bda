import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITIONS } from '../../../src/core/analytics/indexDefinitions';
import { openDatabase, type Db } from '../../../src/db/database';
import { seed } from '../../../src/importers/seed';
import { PROJECT_ROOT } from '../../../src/server/config';
import { computeIndexForRelease } from '../../../src/server/services/analytics/releases';
import { createTestDatabase, testDialects } from '../../helpers/databases';
import { seededSqliteCopy } from '../../helpers/server';

const BIN = path.join(PROJECT_ROOT, 'bin', 'nap-monitor.js');
// Each command starts a Node process that compiles TypeScript on the fly: a few seconds apiece.
const SLOW = 240_000;

function run(args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' }, timeout: 120_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe.each(testDialects())('nap-monitor index on %s', (dialect) => {
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
      await seed(t.db, path.join(PROJECT_ROOT, 'data'));
      url = t.url;
      db = t.db;
      cleanup = () => t.drop();
    }
  }, 180_000);
  afterAll(async () => cleanup?.());

  it('lists version 1 of each definition and no releases', () => {
    const res = run(['--db', url, 'index', 'list', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const json = JSON.parse(res.stdout);
    expect(json.releases).toEqual([]);
    expect(json.definitions.map((d: { name: string; version: number; parameters: unknown }) => [d.name, d.version, d.parameters])).toEqual([
      ['deprivation', 1, DEFAULT_DEFINITIONS.deprivation],
      ['impact', 1, DEFAULT_DEFINITIONS.impact],
      ['risk', 1, DEFAULT_DEFINITIONS.risk],
    ]);
  }, SLOW);

  it('computes an index without publishing it, as the service does', async () => {
    const res = run(['--db', url, 'index', 'compute', 'impact', '--year', '2013', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const json = JSON.parse(res.stdout);
    const direct = await computeIndexForRelease(db, 'impact', { year: 2013 });
    expect(json.data).toEqual(direct.data);
    expect(json.definition).toMatchObject({ name: 'impact', version: 1 });
    expect(json.options).toEqual({ year: 2013, level: 'district' });
    const text = run(['--db', url, 'index', 'compute', 'impact', '--year', '2013']);
    expect(text.stdout).toContain(`impact (definition v1, {"year":2013,"level":"district"})`);
    expect(text.stdout).toContain((direct.data as { rows: { name: string }[] }).rows[0]!.name);
    expect(JSON.parse(run(['--db', url, 'index', 'list', '--json']).stdout).releases).toEqual([]);
  }, SLOW);

  it('publishes a new release with its inputs hash, audited, then reproduces it exactly', async () => {
    const published = run(['--db', url, 'index', 'compute', 'deprivation', '--release', 'r1', '--json']);
    expect(published.code, published.stderr).toBe(0);
    const release = JSON.parse(published.stdout).release;
    expect(release).toMatchObject({ name: 'deprivation', release: 'r1', definition_version: 1, created_by: null });
    expect(release.inputs_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const audit = await db.kysely.selectFrom('audit_log').select(['action', 'entity_id']).where('entity_type', '=', 'index_release').execute();
    expect(audit).toEqual([{ action: 'index_release.publish', entity_id: 'deprivation/r1' }]);

    const check = run(['--db', url, 'index', 'compute', 'deprivation', '--release', 'r1', '--json']);
    expect(check.code, check.stderr).toBe(0);
    const json = JSON.parse(check.stdout);
    expect(json).toMatchObject({ reproduced: true, inputs_match: true, values_match: true, recomputed_inputs_hash: release.inputs_hash });
    expect(json.release.values).toEqual(release.values);
    const text = run(['--db', url, 'index', 'compute', 'deprivation', '--release', 'r1']);
    expect(text.stdout).toContain('Release deprivation/r1 (definition v1) reproduces exactly: same inputs hash and values.');
  }, SLOW);

  it('says so, prints the stored values and exits 4 when the data changed since', async () => {
    const before = JSON.parse(run(['--db', url, 'index', 'compute', 'deprivation', '--release', 'r1', '--json']).stdout).release;
    const row = await db.kysely
      .selectFrom('indicator_values')
      .select(['id', 'value', 'area_pcode'])
      .where('indicator_code', '=', 'literacy_rate')
      .where('area_level', '=', 2)
      .orderBy('area_pcode')
      .limit(1)
      .executeTakeFirstOrThrow();
    await db.kysely.updateTable('indicator_values').set({ value: Number(row.value) / 2 }).where('id', '=', row.id).execute();
    try {
      const res = run(['--db', url, 'index', 'compute', 'deprivation', '--release', 'r1', '--json']);
      expect(res.code).toBe(4);
      expect(res.stderr).toMatch(/Release deprivation\/r1 \(definition v1\) does not reproduce: the inputs changed since it was published .*the recomputed values differ/);
      const json = JSON.parse(res.stdout);
      expect(json).toMatchObject({ reproduced: false, inputs_match: false, values_match: false });
      expect(json.release.values).toEqual(before.values);
      const text = run(['--db', url, 'index', 'compute', 'deprivation', '--release', 'r1']);
      expect(text.code).toBe(4);
      expect(text.stdout).toContain(before.values.rows[0].name);
    } finally {
      await db.kysely.updateTable('indicator_values').set({ value: row.value }).where('id', '=', row.id).execute();
    }
    expect(run(['--db', url, 'index', 'compute', 'deprivation', '--release', 'r1']).code).toBe(0);
  }, SLOW);

  it('computes from a new definition version, and a release keeps the version it was made with', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nap-index-'));
    try {
      const file = path.join(dir, 'impact-v2.json');
      fs.writeFileSync(file, JSON.stringify({ ...DEFAULT_DEFINITIONS.impact, weights: { incidents: 1, deaths: 1, injuries: 0, hostages: 0 } }));
      const defined = run(['--db', url, 'index', 'define', 'impact', '--parameters', file, '--description', 'deaths weigh as much as incidents', '--json']);
      expect(defined.code, defined.stderr).toBe(0);
      expect(JSON.parse(defined.stdout)).toMatchObject({ name: 'impact', version: 2 });

      const v1 = JSON.parse(run(['--db', url, 'index', 'compute', 'impact', '--year', '2013', '--definition-version', '1', '--json']).stdout);
      const v2 = JSON.parse(run(['--db', url, 'index', 'compute', 'impact', '--year', '2013', '--json']).stdout);
      expect(v2.definition.version).toBe(2);
      const top = v1.data.rows[0];
      const same = v2.data.rows.find((r: { pcode: string }) => r.pcode === top.pcode);
      // Raw of the scored year under v2: incidents + deaths.
      expect(same.current.raw).toBe(top.current.incidents + top.current.deaths);
      expect(v2.data.max_windowed).not.toBe(v1.data.max_windowed);

      expect(run(['--db', url, 'index', 'compute', 'impact', '--year', '2013', '--definition-version', '1', '--release', 'gti-v1']).code).toBe(0);
      const check = run(['--db', url, 'index', 'compute', 'impact', '--release', 'gti-v1', '--definition-version', '2', '--json']);
      expect(check.code, check.stderr).toBe(0);
      expect(check.stderr).toContain('was computed from definition v1; it is recomputed from that version, not v2');
      expect(JSON.parse(check.stdout)).toMatchObject({ reproduced: true, release: { definition_version: 1, options: { year: 2013 } } });

      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(bad, JSON.stringify({ ...DEFAULT_DEFINITIONS.impact, window_weights: [] }));
      const refused = run(['--db', url, 'index', 'define', 'impact', '--parameters', bad]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('parameters.window_weights');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, SLOW);

  it('names an unknown index or definition version', () => {
    const unknown = run(['--db', url, 'index', 'compute', 'violence']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('Index violence (known: impact, deprivation, risk) not found');
    const version = run(['--db', url, 'index', 'compute', 'risk', '--definition-version', '7']);
    expect(version.code).toBe(3);
    expect(version.stderr).toContain('Index definition risk v7 not found');
    const year = run(['--db', url, 'index', 'compute', 'risk', '--year', 'last']);
    expect(year.code).toBe(2);
    expect(year.stderr).toContain('--year: must be a positive whole number');
  }, SLOW);
});
