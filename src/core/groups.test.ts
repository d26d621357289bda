import { describe, expect, it } from 'vitest';
import { actorTexts, choosePerpetrator, GroupCatalogue, groupKey, type GroupRecord } from './groups';

const GROUPS: GroupRecord[] = [
  { code: 'ttp', name: 'Tehrik-i-Taliban Pakistan', front: 'ttp-and-affiliates', parent_code: null, aliases: ['TTP', 'Tehrik-i-Taliban Pakistan (TTP)'] },
  { code: 'jamaat-ul-ahrar', name: 'Jamaat-ul-Ahrar', front: 'ttp-and-affiliates', parent_code: 'ttp', aliases: ['JuA'] },
  { code: 'bla', name: 'Baloch Liberation Army', front: 'baloch-separatist', parent_code: null, aliases: ['BLA'] },
  { code: 'iskp', name: 'Islamic State Khorasan Province', front: 'iskp', parent_code: null, aliases: ['IS', 'Islamic State (Khorasan Province)', 'Khorasan Chapter of the Islamic State'] },
  { code: 'lej', name: 'Lashkar-e-Jhangvi', front: 'sectarian', parent_code: null, aliases: ['LeJ'] },
];

const catalogue = new GroupCatalogue(GROUPS);

describe('groupKey', () => {
  it('folds transliterations, connectors and punctuation', () => {
    expect(groupKey('Tehreek-i-Taliban Pakistan')).toBe(groupKey('Tehrik-e-Taliban Pakistan'));
    expect(groupKey('Tahrik-i-Taliban Pakistan')).toBe('tehrik taliban pakistan');
    expect(groupKey("Jama'at ul Ahrar")).toBe(groupKey('Jamaat-ul-Ahrar'));
    expect(groupKey('Lashkar e Jhangvi')).toBe(groupKey('Lashkar-e-Jhangvi'));
  });
});

describe('GroupCatalogue.resolveActor', () => {
  it('reads ACLED, UCDP and GTD spellings of one group as that group', () => {
    for (const text of ['TTP: Tehreek-i-Taliban Pakistan', 'TTP', 'Tehrik-i-Taliban Pakistan (TTP)', 'Tehrik-e-Taliban Pakistan']) {
      expect(catalogue.resolveActor(text).group?.code, text).toBe('ttp');
    }
    expect(catalogue.resolveActor('IS: Islamic State (Khorasan Province)').group?.code).toBe('iskp');
    expect(catalogue.resolveActor('Khorasan Chapter of the Islamic State').group?.code).toBe('iskp');
    expect(catalogue.resolveActor('IS').group?.code).toBe('iskp');
    expect(catalogue.resolveActor('BLA (Majeed Brigade)').group?.code).toBe('bla');
    expect(catalogue.resolveActor('Jamaat-ul-Ahrar').group?.front).toBe('ttp-and-affiliates');
  });

  it('recognises state forces, civilians, crowds and unidentified perpetrators', () => {
    expect(catalogue.resolveActor('Military Forces of Pakistan (2024-)').kind).toBe('state');
    expect(catalogue.resolveActor('Police Forces of Pakistan (2022-2023)').kind).toBe('state');
    expect(catalogue.resolveActor('Government of Pakistan').kind).toBe('state');
    expect(catalogue.resolveActor('Civilians (Pakistan)').kind).toBe('civilians');
    expect(catalogue.resolveActor('Protesters (Pakistan)').kind).toBe('crowd');
    expect(catalogue.resolveActor('Unidentified Armed Group (Pakistan)').kind).toBe('unidentified');
    expect(catalogue.resolveActor('Unknown').kind).toBe('unidentified');
  });

  it('keeps other actors as unknown instead of guessing', () => {
    expect(catalogue.resolveActor('PTI: Pakistan Tehreek-i-Insaf')).toEqual({ kind: 'unknown', text: 'PTI: Pakistan Tehreek-i-Insaf' });
  });

  it('refuses a catalogue where one spelling names two groups', () => {
    expect(() => new GroupCatalogue([...GROUPS, { code: 'other', name: 'Other', front: 'other', parent_code: null, aliases: ['TTP'] }])).toThrow(/names both ttp and other/);
  });
});

describe('perpetrators', () => {
  it('takes the first actor that is a group, whatever its position', () => {
    expect(catalogue.perpetrator(['Police Forces of Pakistan (2024-)', 'TTP: Tehreek-i-Taliban Pakistan'])).toMatchObject({ group: { code: 'ttp' }, front: 'ttp-and-affiliates' });
  });

  it('gives an unknown front for unidentified or uncatalogued perpetrators, none for state forces alone', () => {
    expect(catalogue.perpetrator(['Unidentified Armed Group (Pakistan)', 'Civilians (Pakistan)'])).toEqual({ group: null, front: 'unknown', unknown: [] });
    expect(catalogue.perpetrator(['Militia (Pro-Government)'])).toEqual({ group: null, front: 'unknown', unknown: ['Militia (Pro-Government)'] });
    expect(catalogue.perpetrator(['Military Forces of Pakistan (2024-)'])).toEqual({ group: null, front: null, unknown: [] });
  });

  it('splits associated actors and honours a stated group; protests have no perpetrator', () => {
    expect(actorTexts({ perpetrator: null, actor1: 'A', assoc_actor1: 'B; C', actor2: null, assoc_actor2: '' })).toEqual(['A', 'B', 'C']);
    const base = { perpetrator: null, actor1: 'BLA', assoc_actor1: null, actor2: null, assoc_actor2: null };
    expect(choosePerpetrator(catalogue, { ...base, group_code: 'lej', category: 'militant_attack' })).toMatchObject({ group: { code: 'lej' } });
    expect(choosePerpetrator(catalogue, { ...base, group_code: 'nope', category: 'militant_attack' })).toEqual({ error: 'nope is not in the groups catalogue' });
    expect(choosePerpetrator(catalogue, { ...base, group_code: null, category: 'protest_riot' })).toEqual({ group: null, front: null, unknown: [] });
  });
});
