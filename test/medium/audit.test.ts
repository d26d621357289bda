import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../src/core/auditChain';
import { loadGazetteer } from '../../src/importers/gazetteer';
import { listAuditEntries, recordAudit, type AuditEntry } from '../../src/server/repositories/auditRepository';
import { findUserByEmail } from '../../src/server/repositories/userRepository';
import { createUser, setDisabled } from '../../src/server/services/accountService';
import { verifyAuditChain } from '../../src/server/services/auditService';
import { getSetting, updateSetting } from '../../src/server/services/settingsService';
import { DATA_DIR } from '../helpers/bundledGazetteer';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/databases';

const entry = (n: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  actorId: 1,
  action: 'plan.update',
  entityType: 'plan',
  entityId: `P-${n}`,
  before: { name: `before ${n}` },
  after: { name: `after ${n}`, nested: { b: 2, a: 1 } },
  requestId: `req-${n}`,
  ...extra,
});

describe.each(testDialects())('audit trail on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t?.drop());

  const count = async () => Number((await t.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('verifies an empty trail', async () => {
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, entries: 0, lastHash: GENESIS_HASH, problem: null });
  });

  it('chains each entry to the one before', async () => {
    const first = await recordAudit(t.db.kysely, entry(1));
    const second = await t.db.kysely.transaction().execute((trx) => recordAudit(trx, entry(2, { actorId: null, requestId: null, before: null })));
    expect(first.seq).toBe(1);
    expect(first.prev_hash).toBe(GENESIS_HASH);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(second.seq).toBe(2);
    expect(second.prev_hash).toBe(first.hash);
    expect(second.before_json).toBeNull();
    expect(first.after_json).toBe('{"name":"after 1","nested":{"a":1,"b":2}}');
    const result = await verifyAuditChain(t.db);
    expect(result).toMatchObject({ ok: true, entries: 2, lastHash: second.hash });
  });

  it('keeps nothing of a transaction that rolls back', async () => {
    const before = await count();
    await expect(
      t.db.kysely.transaction().execute(async (trx) => {
        await recordAudit(trx, entry(99));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await count()).toBe(before);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('appends concurrent writers one after another, without forking the chain', async () => {
    const before = await count();
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        t.db.kysely.transaction().execute(async (trx) => {
          // Some work inside the transaction before the entry, as a real change would do.
          await sql`select 1`.execute(trx);
          return recordAudit(trx, entry(100 + i));
        }),
      ),
    );
    const rows = await t.db.kysely.selectFrom('audit_log').select(['seq']).orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: before + 24 }, (_, i) => i + 1));
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, entries: before + 24 });
  });

  describe('detects tampering', () => {
    // Each case changes the database directly, checks that verify names the entry, then restores it.
    const target = async () => (await t.db.kysely.selectFrom('audit_log').selectAll().where('seq', '=', 5).executeTakeFirstOrThrow());

    it.each([
      ['after_json', '{"name":"after forged"}'],
      ['before_json', null],
      ['actor_id', 999],
      ['action', 'plan.create'],
      ['entity_id', 'P-other'],
      ['created_at', '2020-01-01T00:00:00.000Z'],
      ['request_id', 'req-forged'],
    ] as const)('a changed %s', async (column, value) => {
      const original = await target();
      await t.db.kysely.updateTable('audit_log').set({ [column]: value }).where('id', '=', original.id).execute();
      const result = await verifyAuditChain(t.db);
      expect(result.ok).toBe(false);
      expect(result.problem).toMatchObject({ id: original.id, seq: 5 });
      expect(result.problem!.reason).toContain('content does not match its hash');
      expect(result.entries).toBe(4);
      await t.db.kysely.updateTable('audit_log').set({ [column]: original[column] }).where('id', '=', original.id).execute();
      expect((await verifyAuditChain(t.db)).ok).toBe(true);
    });

    it('a recomputed hash on a changed entry (the next entry no longer links to it)', async () => {
      const original = await target();
      const { hashAuditContent } = await import('../../src/server/repositories/auditRepository');
      const forged = { ...original, after_json: '{"name":"forged"}' };
      await t.db.kysely.updateTable('audit_log').set({ after_json: forged.after_json, hash: hashAuditContent(forged) }).where('id', '=', original.id).execute();
      const result = await verifyAuditChain(t.db);
      expect(result.problem).toMatchObject({ seq: 6 });
      expect(result.problem!.reason).toContain('previous-entry hash does not match entry #5');
      await t.db.kysely.updateTable('audit_log').set({ after_json: original.after_json, hash: original.hash }).where('id', '=', original.id).execute();
    });

    it('a removed entry in the middle', async () => {
      const original = await target();
      await t.db.kysely.deleteFrom('audit_log').where('id', '=', original.id).execute();
      const result = await verifyAuditChain(t.db);
      expect(result.problem).toMatchObject({ seq: 6 });
      expect(result.problem!.reason).toContain('expected entry #5 next, found #6');
      await t.db.kysely.insertInto('audit_log').values(original).execute();
      expect((await verifyAuditChain(t.db)).ok).toBe(true);
    });

    it('removed entries at the end', async () => {
      const last = await t.db.kysely.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
      await t.db.kysely.deleteFrom('audit_log').where('id', '=', last.id).execute();
      const result = await verifyAuditChain(t.db);
      expect(result.ok).toBe(false);
      expect(result.problem!.reason).toContain(`records ${last.seq} entries`);
      await t.db.kysely.insertInto('audit_log').values(last).execute();
      expect((await verifyAuditChain(t.db)).ok).toBe(true);
    });
  });

  it('filters and pages the trail, newest first', async () => {
    const all = await listAuditEntries(t.db.kysely, { entityType: 'plan' }, { limit: 5, offset: 0 });
    expect(all.rows).toHaveLength(5);
    expect(all.total).toBe(await count());
    expect(all.rows[0]!.seq).toBeGreaterThan(all.rows[4]!.seq);
    const one = await listAuditEntries(t.db.kysely, { entityId: 'P-1' }, { limit: 50, offset: 0 });
    expect(one.rows.map((r) => r.entity_id)).toEqual(['P-1']);
    const byNobody = await listAuditEntries(t.db.kysely, { actorId: 424242 }, { limit: 50, offset: 0 });
    expect(byNobody.total).toBe(0);
    const future = await listAuditEntries(t.db.kysely, { from: '2999-01-01T00:00:00.000Z' }, { limit: 50, offset: 0 });
    expect(future.total).toBe(0);
  });

  describe('audited services', () => {
    let adminId: number;
    beforeAll(async () => {
      await loadGazetteer(t.db, DATA_DIR);
      adminId = (await createUser(t.db, { email: 'admin@example.org', name: 'Admin', role: 'admin', password: 'a long enough password' })).id;
    });

    it('records user creation and disabling, never the password hash', async () => {
      const user = await createUser(t.db, { email: 'audited@example.org', name: 'Audited', role: 'analyst', password: 'a long enough password' }, { actorId: 7, requestId: 'req-user' });
      await setDisabled(t.db, 'audited@example.org', true, { actorId: 7, requestId: 'req-disable' });
      const { rows } = await listAuditEntries(t.db.kysely, { entityType: 'user', entityId: String(user.id) }, { limit: 10, offset: 0 });
      expect(rows.map((r) => [r.action, r.actor_id, r.request_id])).toEqual([
        ['user.disable', 7, 'req-disable'],
        ['user.create', 7, 'req-user'],
      ]);
      expect(JSON.parse(rows[0]!.before_json!).disabled_at).toBeNull();
      expect(JSON.parse(rows[0]!.after_json!).disabled_at).toEqual(expect.any(String));
      for (const r of rows) expect(`${r.before_json}${r.after_json}`).not.toContain('scrypt');
    });

    it('writes the change and its entry in one transaction: a failing entry undoes the change', async () => {
      // Occupy the next sequence number so the audit insert fails inside createUser's transaction.
      const head = await t.db.kysely.selectFrom('audit_chain_head').selectAll().executeTakeFirstOrThrow();
      await t.db.kysely
        .insertInto('audit_log')
        .values({ seq: head.last_seq + 1, actor_id: null, action: 'x', entity_type: 'x', entity_id: 'x', before_json: null, after_json: null, request_id: null, created_at: 'x', prev_hash: 'blocker', hash: 'x' })
        .execute();
      await expect(createUser(t.db, { email: 'ghost@example.org', name: 'Ghost', role: 'analyst', password: 'a long enough password' })).rejects.toThrow();
      expect(await findUserByEmail(t.db, 'ghost@example.org')).toBeUndefined();
      await t.db.kysely.deleteFrom('audit_log').where('prev_hash', '=', 'blocker').execute();
      expect((await verifyAuditChain(t.db)).ok).toBe(true);
    });

    it('records settings changes with the value before and after', async () => {
      expect(await getSetting(t.db, 'progress.lock_after_days')).toBe(30);
      await updateSetting(t.db, 'progress.lock_after_days', 45, { actorId: adminId, requestId: 'req-setting' });
      expect(await getSetting(t.db, 'progress.lock_after_days')).toBe(45);
      const { rows } = await listAuditEntries(t.db.kysely, { entityType: 'setting' }, { limit: 10, offset: 0 });
      expect(rows[0]).toMatchObject({ action: 'setting.update', entity_id: 'progress.lock_after_days', actor_id: adminId });
      expect(JSON.parse(rows[0]!.before_json!)).toEqual({ key: 'progress.lock_after_days', value: 30 });
      expect(JSON.parse(rows[0]!.after_json!)).toEqual({ key: 'progress.lock_after_days', value: 45 });
      await expect(updateSetting(t.db, 'progress.lock_after_days', -1, { actorId: adminId, requestId: null })).rejects.toMatchObject({
        status: 400,
        fields: [{ field: 'value', message: 'must be between 0 and 3650' }],
      });
      expect((await verifyAuditChain(t.db)).ok).toBe(true);
    });
  });
});
