import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGazetteer } from '../../src/importers/gazetteer';
import { loadProgressHistory } from '../../src/importers/progressHistory';
import { loadReference } from '../../src/importers/reference';
import { listReports, updateReportIfUnchanged } from '../../src/server/repositories/progressRepository';
import { verifyAuditChain } from '../../src/server/services/auditService';
import { createUser } from '../../src/server/services/accountService';
import { transitionReport, tracker, updateReport } from '../../src/server/services/progressService';
import { DATA_DIR } from '../helpers/bundledGazetteer';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/databases';
import { buildPlanPoint, buildProgressReport } from '../factories/progress';

describe.each(testDialects())('progress reports on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await loadGazetteer(t.db, DATA_DIR);
    await loadReference(t.db, DATA_DIR);
  });
  afterAll(async () => t?.drop());

  const countAudit = async () =>
    Number((await t.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  describe('history from public sources', () => {
    it('loads accepted reports marked as drawn from public sources, and a second load changes nothing', async () => {
      const first = await loadProgressHistory(t.db, DATA_DIR);
      expect(first.rows).toBe(97);
      expect(first.created).toBe(first.reports);
      expect(first.created).toBeGreaterThan(50);
      // Rows that name no point are listed with their line, never guessed onto one.
      expect(first.skipped).toContainEqual({ line: 2, reason: 'not tied to a plan point' });
      expect(first.skipped).toContainEqual({ line: 57, reason: 'undated' });
      expect(first.links).toEqual({ found: 6, created: 6 });

      const audits = await countAudit();
      expect(audits).toBe(first.created);
      const again = await loadProgressHistory(t.db, DATA_DIR);
      expect(again).toMatchObject({ created: 0, unchanged: first.reports, links: { found: 6, created: 0 } });
      expect(await countAudit()).toBe(audits);
      expect((await verifyAuditChain(t.db)).ok).toBe(true);

      const { rows } = await listReports(t.db.kysely, {}, { all: true }, { limit: 1000, offset: 0 });
      expect(rows.every((r) => r.status === 'accepted' && r.origin === 'public_source')).toBe(true);
    });

    it('groups the figures of one point, jurisdiction and period into one report with its sources as evidence', async () => {
      const { rows } = await listReports(t.db.kysely, { plan: 'NAP-2014', jurisdiction: 'PK2', period: '2017Q1' }, { all: true }, { limit: 10, offset: 0 });
      expect(rows).toHaveLength(1);
      const ctf = rows[0]!;
      expect(ctf.point_code).toBe('8');
      expect(JSON.parse(ctf.figures)).toEqual([
        { metric: 'ctf_strength', value: 1000, unit: 'personnel', qualifier: null, as_of: 'by Feb 2017', note: null },
      ]);
      expect(JSON.parse(ctf.evidence)[0]).toMatchObject({ title: expect.stringMatching(/^S20: /), url: expect.stringMatching(/^https?:\/\//), public: true });
      expect(ctf.rating).toBe('unrated');
      expect(ctf.completion).toBeNull();
    });

    it('rates items only where the source published an assessment, the worst one winning', async () => {
      const { rows } = await listReports(t.db.kysely, { plan: 'NAP-2014', jurisdiction: 'federal', period: '2016Q3' }, { all: true }, { limit: 50, offset: 0 });
      const point17 = rows.find((r) => r.point_code === '17')!;
      expect(point17).toMatchObject({ completion: 'limited', rating: 'red' });
      expect(point17.narrative).toContain("'very low' progress on Balochistan reconciliation");
    });

    it('links NAP 2014 points to the 2021 areas that continue them', async () => {
      const t2014 = await tracker(t.db, 'NAP-2014');
      expect(t2014.rows).toHaveLength(20);
      const links = await t.db.kysely
        .selectFrom('plan_point_links as l')
        .innerJoin('plan_points as f', 'f.id', 'l.from_point_id')
        .innerJoin('plan_points as to', 'to.id', 'l.to_point_id')
        .select(['f.code as from', 'to.code as to'])
        .orderBy('to.code')
        .execute();
      expect(links).toContainEqual({ from: '12', to: 'tribal-area-reforms' });
      expect(links).toContainEqual({ from: '17', to: 'balochistan-reconciliation' });
    });
  });

  describe('concurrent edits', () => {
    it('lets only one of two writers holding the same version through', async () => {
      const report = await buildProgressReport(t.db);
      const results = await Promise.all([
        updateReportIfUnchanged(t.db.kysely, report.id, { version: 1 }, { narrative: 'first' }),
        updateReportIfUnchanged(t.db.kysely, report.id, { version: 1 }, { narrative: 'second' }),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const row = await t.db.kysely.selectFrom('progress_reports').selectAll().where('id', '=', report.id).executeTakeFirstOrThrow();
      expect(row.version).toBe(2);
      expect(row.narrative).toBe(results[0] ? 'first' : 'second');
    });

    it('refuses the second of two service edits with a version conflict, and audits only the first', async () => {
      const focal = await createUser(t.db, { email: 'focal@example.org', name: 'Focal', role: 'provincial_focal_person', province: 'PK5', password: 'a long enough password' });
      const actor = { id: focal.id, role: 'provincial_focal_person' as const, province_pcode: 'PK5' };
      const report = await buildProgressReport(t.db);
      const ctx = { actorId: focal.id, requestId: null };
      const settled = await Promise.allSettled([
        updateReport(t.db, actor, report.id, { version: 1, narrative: 'A' }, ctx),
        updateReport(t.db, actor, report.id, { version: 1, narrative: 'B' }, ctx),
      ]);
      const rejected = settled.filter((s) => s.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({ status: 409, id: 'version_conflict' });
      const entries = await t.db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', String(report.id)).execute();
      expect(entries).toEqual([{ action: 'progress.update' }]);

      // Two submits of the same draft: one moves it, the other finds it already submitted.
      const draft = await buildProgressReport(t.db);
      const submits = await Promise.allSettled([
        transitionReport(t.db, actor, draft.id, 'submit', {}, ctx),
        transitionReport(t.db, actor, draft.id, 'submit', {}, ctx),
      ]);
      expect(submits.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
      expect((await verifyAuditChain(t.db)).ok).toBe(true);
    });

    it('keeps one report per subject, jurisdiction and period', async () => {
      const point = await buildPlanPoint(t.db);
      await buildProgressReport(t.db, { point, jurisdiction: 'PK2', period: '2025Q2' });
      await expect(buildProgressReport(t.db, { point, jurisdiction: 'PK2', period: '2025Q2' })).rejects.toThrow();
      await expect(buildProgressReport(t.db, { point, jurisdiction: 'PK2', period: '2025Q3' })).resolves.toBeDefined();
    });
  });
});
