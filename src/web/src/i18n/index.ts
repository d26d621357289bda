import { en, type MessageKey } from './en';

export type { MessageKey };

/** The locale used for numbers; follows the string table when more languages are added. */
export const locale = 'en';

/** Looks up a string and fills `{name}` placeholders. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const template: string = en[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
