/**
 * Settings an administrator can change while the product runs (stored in the database, audited).
 * Deployment settings such as the database or the port live in the server's configuration instead.
 */
export interface IntegerSetting {
  key: string;
  type: 'integer';
  min: number;
  max: number;
  default: number;
  description: string;
}

export interface TextSetting {
  key: string;
  type: 'text';
  pattern: RegExp;
  default: string;
  description: string;
}

export type SettingDefinition = IntegerSetting | TextSetting;

export const SETTINGS = {
  'progress.lock_after_days': {
    key: 'progress.lock_after_days',
    type: 'integer',
    min: 0,
    max: 3650,
    default: 30,
    description: 'Days after acceptance when an accepted report locks; a locked report changes only by an audited reopening',
  },
  'progress.due_after_days': {
    key: 'progress.due_after_days',
    type: 'integer',
    min: 0,
    max: 365,
    default: 30,
    description: 'Days after the end of a quarter when its progress reports fall due',
  },
  'progress.current_plan': {
    key: 'progress.current_plan',
    type: 'text',
    pattern: /^[A-Z0-9][A-Z0-9-]{1,31}$/,
    default: 'NAP-2021',
    description: 'The plan whose points are due for reporting each quarter',
  },
} as const satisfies Record<string, SettingDefinition>;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]['type'] extends 'integer' ? number : string;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

/** Checks a value for a setting; returns a problem or `null`. */
export function settingProblem(key: SettingKey, value: unknown): string | null {
  const def: SettingDefinition = SETTINGS[key];
  if (def.type === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be a whole number';
    if (value < def.min || value > def.max) return `must be between ${def.min} and ${def.max}`;
    return null;
  }
  if (typeof value !== 'string' || !def.pattern.test(value)) return `must match ${def.pattern.source}`;
  return null;
}
