import { afterEach, describe, expect, it } from 'vitest';
import { en } from './en';
import { getDirection, getLanguage, getLocale, setLanguage, t, tParts } from './index';
import { ur } from './ur';

// Strings that are the same in both languages: names, formats and symbols.
const SAME_IN_BOTH = new Set(['app.name', 'lang.en', 'lang.ur', 'legend.range', 'data.apiTitle', 'data.downloadCsv', 'district.pcode']);
const ARABIC_SCRIPT = /[\u0600-\u06ff]/;

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

describe('the Urdu table', () => {
  it('translates every English key, with the same placeholders', () => {
    expect(Object.keys(ur).sort()).toEqual(Object.keys(en).sort());
    for (const [key, english] of Object.entries(en)) {
      const urdu = ur[key as keyof typeof en];
      expect(urdu.trim(), key).not.toBe('');
      expect(placeholders(urdu), key).toEqual(placeholders(english));
      if (!SAME_IN_BOTH.has(key)) expect(urdu, key).toMatch(ARABIC_SCRIPT);
    }
  });
});

describe('switching language', () => {
  afterEach(() => setLanguage('en'));

  it('changes strings, locale and direction together', () => {
    expect(getLanguage()).toBe('en');
    expect(t('nav.map')).toBe('Map');
    expect(getDirection()).toBe('ltr');
    setLanguage('ur');
    expect(t('nav.map')).toBe('نقشہ');
    expect(getLocale()).toBe('ur-PK');
    expect(getDirection()).toBe('rtl');
  });

  it('fills placeholders in each language’s word order', () => {
    expect(t('table.count', { shown: 3, total: 160 })).toBe('3 of 160 districts');
    setLanguage('ur');
    expect(t('table.count', { shown: 3, total: 160 })).toBe('160 میں سے 3 اضلاع');
    expect(tParts('district.sourcesNote', { link: 42 })).toEqual(['ہر اشاریے کا ماخذ اور لائسنس ', 42, ' پر درج ہے۔']);
  });
});
