import { SETTINGS, SETTING_KEYS, settingProblem, type SettingKey, type SettingValue } from '../../core/settings';
import type { Db } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { errors } from '../errors';
import { recordAudit } from '../repositories/auditRepository';
import { findPlan } from '../repositories/planRepository';
import { findSettingRow, listSettingRows, upsertSettingRow } from '../repositories/settingsRepository';
import type { AuditContext } from './auditService';

export interface SettingState {
  key: SettingKey;
  value: number | string;
  default: number | string;
  description: string;
  updated_at: string | null;
  updated_by: number | null;
}

function parseStored(key: SettingKey, text: string): number | string {
  try {
    const value: unknown = JSON.parse(text);
    if (settingProblem(key, value) === null) return value as number | string;
  } catch {
    // fall through to the default
  }
  return SETTINGS[key].default;
}

/** The current value of a setting, or its default. */
export async function getSetting<K extends SettingKey>(db: Db, key: K): Promise<SettingValue<K>> {
  const row = await findSettingRow(db.kysely, key);
  return (row ? parseStored(key, row.value) : SETTINGS[key].default) as SettingValue<K>;
}

export async function listSettings(db: Db): Promise<SettingState[]> {
  const rows = new Map((await listSettingRows(db.kysely)).map((r) => [r.key, r]));
  return SETTING_KEYS.map((key) => {
    const row = rows.get(key);
    return {
      key,
      value: row ? parseStored(key, row.value) : SETTINGS[key].default,
      default: SETTINGS[key].default,
      description: SETTINGS[key].description,
      updated_at: row?.updated_at ?? null,
      updated_by: row?.updated_by ?? null,
    };
  });
}

/** Changes a setting and records the change in the audit trail, in one transaction. */
export async function updateSetting(db: Db, key: SettingKey, value: unknown, ctx: AuditContext): Promise<SettingState> {
  const problem = settingProblem(key, value);
  if (problem) throw errors.badRequest('value', problem);
  if (key === 'progress.current_plan') {
    if (!(await findPlan(db.kysely, value as string))) throw errors.badRequest('value', `unknown plan ${String(value)}`);
  }
  const before = await getSetting(db, key);
  await inTransaction(db, async (_tx, trx) => {
    await upsertSettingRow(trx, { key, value: JSON.stringify(value), updated_at: new Date().toISOString(), updated_by: ctx.actorId });
    await recordAudit(trx, {
      actorId: ctx.actorId,
      action: 'setting.update',
      entityType: 'setting',
      entityId: key,
      before: { key, value: before },
      after: { key, value },
      requestId: ctx.requestId,
    });
  });
  return (await listSettings(db)).find((s) => s.key === key)!;
}
