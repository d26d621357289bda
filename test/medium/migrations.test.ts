import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrations, pendingMigrations } from '../../src/db/migrate';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/databases';

describe.each(testDialects())('migrations on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t?.drop());

  it('applies every migration and leaves none pending', async () => {
    expect(await pendingMigrations(t.db)).toEqual([]);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(t.db.kysely);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
  });

  it('enforces foreign keys', async () => {
    await expect(
      t.db.kysely
        .insertInto('districts')
        .values({ pcode: 'PKX1', name: 'Nowhere', province_pcode: 'PK99', centroid_lat: 0, centroid_lon: 0 })
        .execute(),
    ).rejects.toThrow();
  });
});
