import { describe, expect, it } from 'vitest';
import { editDistance, normalisePlace, placeKey, tidyText } from './places';

describe('placeKey', () => {
  it('ignores case, diacritics, punctuation and spacing', () => {
    expect(placeKey('  PESHĀWAR ')).toBe('peshawar');
    expect(placeKey('Gilgit-Baltistan')).toBe(placeKey('Gilgit Baltistan'));
    expect(placeKey('Kachhi (Bolan)')).toBe(placeKey('Kachhi/ Bolan'));
    expect(placeKey('Kolai-Palas')).toBe('kolai palas');
    expect(placeKey('Chitral’s')).toBe('chitral s');
  });

  it('joins initials, so every way of writing D. I. Khan agrees', () => {
    const key = placeKey('D. I. Khan');
    expect(key).toBe('di khan');
    for (const variant of ['D.I.Khan', 'D.I. Khan', 'DI Khan', 'd i khan', 'D. I. Khan District']) {
      expect(placeKey(variant)).toBe(key);
    }
    expect(placeKey('Dera Ismail Khan')).not.toBe(key);
  });

  it('writes & as "and"', () => {
    expect(placeKey('Azad Jammu & Kashmir')).toBe(placeKey('Azad Jammu and Kashmir'));
    expect(placeKey('AJ&K')).toBe('aj and k');
  });

  it('folds common transliteration variants', () => {
    expect(placeKey('Abbotabad')).toBe(placeKey('Abbottabad'));
    expect(placeKey('Shaheed Benazir Abad')).toBe(placeKey('Shaheed Benazirabad'));
    expect(placeKey('Umer Kot')).toBe(placeKey('Umerkot'));
    expect(placeKey('Musa Khel')).toBe(placeKey('Musakhel'));
    expect(placeKey('Tando Mohammad Khan')).toBe(placeKey('Tando Muhammad Khan'));
    expect(placeKey('Qilla Saifullah')).toBe(placeKey('Qila Saifullah'));
  });

  it('keeps roman numerals apart', () => {
    expect(placeKey('Town-I')).not.toBe(placeKey('Town-II'));
    expect(placeKey('Town-II')).not.toBe(placeKey('Town-III'));
  });

  it('removes administrative affixes and says which', () => {
    expect(normalisePlace('Peshawar District')).toEqual({ key: 'peshawar', form: 'peshawar district', suffixStripped: ['district'] });
    expect(normalisePlace('Distt. Swat').key).toBe('swat');
    expect(normalisePlace('Bajaur Agency')).toMatchObject({ key: 'bajaur', suffixStripped: ['agency'] });
    expect(normalisePlace('Khyber Tribal Agency')).toMatchObject({ key: 'khyber', suffixStripped: ['tribal agency'] });
    expect(normalisePlace('Balochistan Province')).toMatchObject({ key: 'balochistan', suffixStripped: ['province'] });
    expect(normalisePlace('Tehsil Mir Ali')).toMatchObject({ key: 'mir ali', suffixStripped: ['tehsil'] });
    expect(normalisePlace('Karachi City')).toMatchObject({ key: 'karachi', suffixStripped: ['city'] });
    expect(normalisePlace('Quetta city district').suffixStripped).toEqual(['district', 'city']);
  });

  it('keeps affixes that change which place is meant', () => {
    // A Frontier Region is not the district it is named after; nor is a division.
    expect(placeKey('FR Peshawar')).toBe('fr peshawar');
    expect(placeKey('Frontier Region Peshawar')).toBe('fr peshawar');
    expect(placeKey('Peshawar Division')).toBe('peshawar division');
    expect(normalisePlace('Peshawar Division').suffixStripped).toEqual([]);
  });

  it('never strips a name down to nothing', () => {
    expect(placeKey('District')).toBe('district');
    expect(placeKey('City')).toBe('city');
    expect(placeKey(' ... ')).toBe('');
  });
});

describe('tidyText', () => {
  it('ignores case and spacing only', () => {
    expect(tidyText(' Peshawar ')).toBe(tidyText('PESHAWAR'));
    expect(tidyText('D. I.  Khan')).toBe('d. i. khan');
    expect(tidyText('D.I. Khan')).not.toBe(tidyText('D. I. Khan'));
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and transpositions', () => {
    expect(editDistance('peshawar', 'peshawar')).toBe(0);
    expect(editDistance('peshawer', 'peshawar')).toBe(1);
    expect(editDistance('pehsawar', 'peshawar')).toBe(1);
    expect(editDistance('pshawar', 'peshawar')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('stops early beyond the limit', () => {
    expect(editDistance('quetta', 'karachi', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});
