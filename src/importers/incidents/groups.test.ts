import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GroupCatalogue, type GroupRecord } from '../../core/groups';
import { readGroupsFile } from './groups';

const DATA = path.resolve(import.meta.dirname, '../../../data');

describe('the shipped groups catalogue', () => {
  const entries = readGroupsFile(DATA);
  const catalogue = new GroupCatalogue(entries.map((e) => ({ ...e, front: e.front as GroupRecord['front'] })));

  it('resolves the spellings of ACLED, UCDP, GTD and the curated list to one group each', () => {
    const expected: [string, string][] = [
      ['TTP: Tehreek-i-Taliban Pakistan', 'ttp'],
      ['Tehrik-i-Taliban Pakistan (TTP)', 'ttp'],
      ['TTP', 'ttp'],
      ['Jamaat-ul-Ahrar', 'jamaat-ul-ahrar'],
      ['Hafiz Gul Bahadur Group', 'hafiz-gul-bahadur'],
      ['Lashkar-e-Islam', 'lashkar-e-islam'],
      ['TJP: Tehreek-e-Jihad Pakistan', 'tjp'],
      ['Tehreek-e-Jihad Pakistan (TJP)', 'tjp'],
      ['BLA: Baloch Liberation Army', 'bla'],
      ['Baloch Liberation Army (BLA)', 'bla'],
      ['BLA (Majeed Brigade with Fateh Squad and STOS, per BLA)', 'bla'],
      ['BLF: Baloch Liberation Front', 'blf'],
      ['BRAS', 'bras'],
      ['IS: Islamic State (Khorasan Province)', 'iskp'],
      ['Khorasan Chapter of the Islamic State', 'iskp'],
      ['Islamic State of Iraq and the Levant (ISIL)', 'iskp'],
      ['IS', 'iskp'],
      ['ISKP (via Amaq)', 'iskp'],
      ['Lashkar-e-Jhangvi', 'lej'],
      ['Jaish al-Fursan (Hafiz Gul Bahadur-affiliated)', 'jaish-al-fursan'],
    ];
    for (const [text, code] of expected) expect(catalogue.resolveActor(text).group?.code, text).toBe(code);
  });

  it('puts every group on a front, with the fronts the curated list uses', () => {
    const fronts = new Set(entries.map((e) => e.front));
    for (const front of ['ttp-and-affiliates', 'baloch-separatist', 'iskp', 'sectarian', 'other']) expect(fronts.has(front)).toBe(true);
    expect(catalogue.get('jamaat-ul-ahrar')?.front).toBe('ttp-and-affiliates');
    expect(catalogue.get('bras')?.front).toBe('baloch-separatist');
  });
});
