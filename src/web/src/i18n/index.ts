import { useSyncExternalStore } from 'react';
import { en, type MessageKey } from './en';
import { ur } from './ur';

export type { MessageKey };

export const LANGUAGES = ['en', 'ur'] as const;
export type Language = (typeof LANGUAGES)[number];

const tables: Record<Language, Record<MessageKey, string>> = { en, ur };
/** Intl locale per language, both as written in Pakistan: "9 September 2022", 1.2M; Urdu with lakh and crore. */
const locales: Record<Language, string> = { en: 'en-PK', ur: 'ur-PK' };
const directions: Record<Language, 'ltr' | 'rtl'> = { en: 'ltr', ur: 'rtl' };

export const STORAGE_KEY = 'nap-monitor.language';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The remembered choice; storage can be missing (unit tests) or refused (privacy settings). */
function storedLanguage(): Language {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : 'en';
  } catch {
    return 'en';
  }
}

let current: Language = storedLanguage();
const listeners = new Set<() => void>();

export function getLanguage(): Language {
  return current;
}

/** The Intl locale of the current language, for numbers, dates and sorting. */
export function getLocale(): string {
  return locales[current];
}

export function getDirection(): 'ltr' | 'rtl' {
  return directions[current];
}

/** Sets `<html lang dir>` to the current language. */
export function applyLanguageToDocument(): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = current;
  document.documentElement.dir = directions[current];
}

/** Switches the language everywhere, remembers it for the next visit and re-renders subscribers. */
export function setLanguage(language: Language): void {
  if (language === current) return;
  current = language;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered when storage is refused; the switch still applies to this visit.
  }
  applyLanguageToDocument();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current language; the component re-renders when it changes. */
export function useLanguage(): Language {
  return useSyncExternalStore(subscribe, getLanguage, getLanguage);
}

/** Looks up a string in the current language and fills `{name}` placeholders. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const template = tables[current][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * Like t(), but placeholders may be elements (a link inside a sentence): returns the pieces in
 * order, so word order follows each language's template.
 */
export function tParts<T>(key: MessageKey, params: Record<string, T>): (string | T)[] {
  const template = tables[current][key];
  const parts: (string | T)[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    const name = match[1]!;
    if (!(name in params)) continue;
    if (match.index > last) parts.push(template.slice(last, match.index));
    parts.push(params[name]!);
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}
