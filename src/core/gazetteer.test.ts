import { beforeAll, describe, expect, it } from 'vitest';
import { bundledGazetteerData, readBundledCsv } from '../../test/helpers/bundledGazetteer';
import { Gazetteer, withinValidity, type GazetteerData } from './gazetteer';
import { placeKey } from './places';

let gazetteer: Gazetteer;
let data: GazetteerData;

beforeAll(() => {
  data = bundledGazetteerData();
  gazetteer = new Gazetteer(data);
});

describe('Gazetteer.resolveDistrict', () => {
  it('matches the COD-AB name exactly, whatever the case', () => {
    for (const text of ['Peshawar', 'PESHAWAR', ' peshawar ']) {
      expect(gazetteer.resolveDistrict(text)).toMatchObject({
        status: 'matched',
        level: 2,
        pcode: 'PK528',
        name: 'Peshawar',
        province_pcode: 'PK5',
        confidence: 1,
        method: 'exact',
        candidates: [],
      });
    }
    expect(gazetteer.resolveDistrict('PK509')).toMatchObject({ status: 'matched', pcode: 'PK509', method: 'exact' });
  });

  it('matches after normalising punctuation and administrative suffixes, and says so', () => {
    const result = gazetteer.resolveDistrict('Peshawar district');
    expect(result).toMatchObject({ status: 'matched', pcode: 'PK528', method: 'normalised', confidence: 0.95 });
    expect(result.reason).toContain('"district"');
    for (const text of ['D.I.Khan', 'D. I. Khan District', 'd i khan']) {
      expect(gazetteer.resolveDistrict(text)).toMatchObject({ status: 'matched', pcode: 'PK509' });
    }
  });

  it('matches aliases and gives their kind, validity and note', () => {
    expect(gazetteer.resolveDistrict('D.I. Khan')).toMatchObject({ pcode: 'PK509', method: 'alias' });
    expect(gazetteer.resolveDistrict('Dera Ismail Khan District')).toMatchObject({ pcode: 'PK509', method: 'alias', confidence: 0.95 });
    const bajaur = gazetteer.resolveDistrict('Bajaur Agency');
    expect(bajaur).toMatchObject({ status: 'matched', pcode: 'PK502', name: 'Bajaur', method: 'alias' });
    expect(bajaur.reason).toContain('alias "Bajaur Agency" (former-agency, valid to 2018-07) → Bajaur');
    expect(bajaur.reason).toContain('FATA agency');
  });

  it('gives localities a lower confidence than spellings', () => {
    expect(gazetteer.resolveDistrict('Parachinar')).toMatchObject({ pcode: 'PK518', method: 'alias', confidence: 0.8 });
  });

  it('resolves a tehsil to its district', () => {
    const result = gazetteer.resolveDistrict('Mir Ali');
    expect(result).toMatchObject({ status: 'matched', pcode: 'PK525', method: 'tehsil', confidence: 0.8 });
    expect(result.reason).toBe('tehsil "Mir Ali" of North Waziristan → North Waziristan');
    expect(gazetteer.resolveDistrict('Tehsil Timergara')).toMatchObject({ pcode: 'PK520', method: 'tehsil' });
  });

  it('prefers a district name to a tehsil of the same name elsewhere', () => {
    // Sargodha has a tehsil called Sahiwal.
    expect(gazetteer.resolveDistrict('Sahiwal')).toMatchObject({ status: 'matched', pcode: 'PK631', method: 'exact' });
  });

  it('reports a name shared by several districts as ambiguous instead of guessing', () => {
    const result = gazetteer.resolveDistrict('Khanpur');
    expect(result.status).toBe('ambiguous');
    expect(result.pcode).toBeUndefined();
    expect(result.confidence).toBe(0);
    expect(result.candidates.map((c) => c.pcode)).toEqual(['PK511', 'PK628', 'PK720']);
    expect(result.candidates[0]).toMatchObject({ name: 'Haripur', province_pcode: 'PK5', reason: 'tehsil "Khanpur" of Haripur' });
    expect(result.reason).toContain('give the province');
  });

  it('uses the province to choose, given as a P-code, name or alias', () => {
    expect(gazetteer.resolveDistrict('Khanpur', { province: 'Punjab' })).toMatchObject({ status: 'matched', pcode: 'PK628' });
    expect(gazetteer.resolveDistrict('Khanpur', { province: 'PK7' })).toMatchObject({ status: 'matched', pcode: 'PK720' });
    expect(gazetteer.resolveDistrict('Khanpur', { province: 'KPK' })).toMatchObject({ status: 'matched', pcode: 'PK511' });
    const kp = gazetteer.resolveDistrict('Khanpur', { province: 'FATA' });
    expect(kp).toMatchObject({ status: 'matched', pcode: 'PK511' });
    expect(kp.reason).toContain('within Khyber Pakhtunkhwa');
  });

  it('reports a district of another province as unknown, naming where it is', () => {
    const result = gazetteer.resolveDistrict('Peshawar', { province: 'Baluchistan' });
    expect(result.status).toBe('unknown');
    expect(result.candidates.map((c) => c.pcode)).toEqual(['PK528']);
    expect(result.reason).toContain('Peshawar (Khyber Pakhtunkhwa)');
  });

  it('ignores a province it cannot read, and says so', () => {
    const result = gazetteer.resolveDistrict('Peshawar', { province: 'Atlantis' });
    expect(result).toMatchObject({ status: 'matched', pcode: 'PK528' });
    expect(result.reason).toContain('province "Atlantis" not recognised');
  });

  it('suggests close spellings for an unknown name but never matches them', () => {
    const result = gazetteer.resolveDistrict('Peshawer');
    expect(result.status).toBe('unknown');
    expect(result.pcode).toBeUndefined();
    expect(result.confidence).toBe(0);
    expect(result.candidates.length).toBeGreaterThan(0);
    expect(result.candidates.length).toBeLessThanOrEqual(3);
    expect(result.candidates[0]).toMatchObject({ pcode: 'PK528', name: 'Peshawar' });
    expect(result.candidates[0]!.reason).toContain('1 edit');
    expect(result.reason).toContain('similar: Peshawar');

    const nothing = gazetteer.resolveDistrict('Xyzzyville');
    expect(nothing).toMatchObject({ status: 'unknown', candidates: [] });
    expect(gazetteer.resolveDistrict('  ')).toMatchObject({ status: 'unknown', reason: 'empty place name' });
  });

  it('explains names that have no single COD-AB unit', () => {
    const centralDir = gazetteer.resolveDistrict('Central Dir');
    expect(centralDir).toMatchObject({ status: 'unknown', candidates: [] });
    expect(centralDir.reason).toContain('alias "Central Dir" (split)');
    expect(centralDir.reason).toContain('no single COD-AB 2022 district');
    // Hub became a district after COD-AB 2022; its area is the COD-AB tehsil of the same name.
    const hub = gazetteer.resolveDistrict('Hub');
    expect(hub).toMatchObject({ status: 'matched', pcode: 'PK217', method: 'tehsil' });
    expect(hub.reason).toContain('Also alias "Hub" (split, valid from 2022-09-01)');
    const chitral = gazetteer.resolveDistrict('Chitral');
    expect(chitral.status).toBe('split');
    expect(chitral.pcode).toBeUndefined();
    expect(chitral.candidates.map((c) => c.pcode)).toEqual(['PK507', 'PK508']);
    expect(chitral.reason).toContain('now spans 2 districts: Chitral Lower, Chitral Upper');
    const karachi = gazetteer.resolveDistrict('Karachi City');
    expect(karachi.status).toBe('split');
    expect(karachi.candidates).toHaveLength(6);
    // Two districts both reached by ordinary spellings stay ambiguous, not split.
    expect(gazetteer.resolveDistrict('Nasirabad').status).not.toBe('split');
  });

  it('keeps FR names apart from their districts unless an alias maps them', () => {
    const fr = gazetteer.resolveDistrict('FR Peshawar');
    expect(fr).toMatchObject({ status: 'matched', pcode: 'PK528', method: 'alias', confidence: 0.85 });
    expect(fr.reason).toContain('former-FR');
    expect(gazetteer.resolveDistrict('FR Nowhere').status).toBe('unknown');
  });

  describe('alias validity', () => {
    it('lowers confidence and says so when the date is outside the alias validity', () => {
      const after = gazetteer.resolveDistrict('Upper South Waziristan', { date: '2023-03-01' });
      expect(after).toMatchObject({ status: 'matched', pcode: 'PK530', confidence: 0.9 });
      expect(after.reason).not.toContain('outside');
      const before = gazetteer.resolveDistrict('Upper South Waziristan', { date: '2020-06-30' });
      expect(before).toMatchObject({ status: 'matched', pcode: 'PK530' });
      expect(before.confidence).toBeCloseTo(0.63);
      expect(before.reason).toContain('the date 2020-06-30 is outside the alias\'s validity (valid from 2022-10-14)');
      expect(gazetteer.resolveDistrict('Bajaur Agency', { date: '2021' }).confidence).toBeLessThan(0.95);
    });

    it('sends records of an abolished district to its successor after the abolition date', () => {
      const undated = gazetteer.resolveDistrict('Lehri');
      expect(undated).toMatchObject({ status: 'matched', pcode: 'PK218', method: 'exact' });
      expect(undated.reason).toContain('Sibi (PK228, valid from 2018-01)');
      expect(gazetteer.resolveDistrict('Lehri', { date: '2015-04-01' })).toMatchObject({ pcode: 'PK218', confidence: 1 });
      const later = gazetteer.resolveDistrict('Lehri', { date: '2019-05-01' });
      expect(later).toMatchObject({ status: 'matched', pcode: 'PK228', name: 'Sibi', method: 'alias' });
      expect(later.reason).toContain('de-notified');
    });

    it('compares dates of any precision on their common prefix', () => {
      expect(withinValidity('2018-06-15', null, '2018-07')).toBe(true);
      expect(withinValidity('2018-07-31', null, '2018-07')).toBe(true);
      expect(withinValidity('2018-08-01', null, '2018-07')).toBe(false);
      expect(withinValidity('2018', '2018-07', null)).toBe(true);
      expect(withinValidity('2017-12-31', '2018-01', null)).toBe(false);
      expect(withinValidity('2015', '2013', '2018-01')).toBe(true);
    });
  });
});

describe('Gazetteer.resolveProvince and resolve', () => {
  it('reads province names, abbreviations and historical names', () => {
    expect(gazetteer.resolveProvince('Khyber Pakhtunkhwa')).toMatchObject({ status: 'matched', level: 1, pcode: 'PK5', method: 'exact' });
    for (const [text, pcode] of [
      ['KPK', 'PK5'],
      ['K-P', 'PK5'],
      ['Fata', 'PK5'],
      ['NWFP', 'PK5'],
      ['Baluchistan', 'PK2'],
      ['Capital', 'PK4'],
      ['Federal Capital Territory', 'PK4'],
      ['AJK', 'PK1'],
      ['Azad Jammu & Kashmir', 'PK1'],
      ['Gilgit-Baltistan', 'PK3'],
      ['sindh province', 'PK7'],
    ] as const) {
      expect(gazetteer.resolveProvince(text), text).toMatchObject({ status: 'matched', level: 1, pcode });
    }
    expect(gazetteer.resolveProvince('Pumjab')).toMatchObject({ status: 'unknown', candidates: [{ pcode: 'PK6' }] });
  });

  it('tries districts first, then provinces', () => {
    expect(gazetteer.resolve('Balochistan province')).toMatchObject({ status: 'matched', level: 1, pcode: 'PK2', name: 'Balochistan' });
    expect(gazetteer.resolveDistrict('Balochistan province').status).toBe('unknown');
    // Islamabad is both the territory and its one district: the district wins.
    expect(gazetteer.resolve('Islamabad')).toMatchObject({ level: 2, pcode: 'PK401' });
    expect(gazetteer.resolve('Peshawar district')).toMatchObject({ level: 2, pcode: 'PK528' });
    expect(gazetteer.resolve('AJ&K', { province: 'AJ&K' })).toMatchObject({ status: 'matched', level: 1, pcode: 'PK1' });
  });

  it('does not return a province that contradicts the province given', () => {
    const result = gazetteer.resolve('Punjab', { province: 'Sindh' });
    expect(result.status).toBe('unknown');
    expect(result.reason).toContain('names the province Punjab, not Sindh');
  });

  it('looks units up by P-code', () => {
    expect(gazetteer.district('PK509')).toMatchObject({ name: 'D. I. Khan', province_pcode: 'PK5' });
    expect(gazetteer.province('PK2')).toEqual({ pcode: 'PK2', name: 'Balochistan' });
    expect(gazetteer.district('PK999')).toBeUndefined();
  });
});

describe('bundled names', () => {
  const readCsv = readBundledCsv;

  const INDICATOR_FILES = [
    { file: 'indicators/census2017_provisional_population.csv', province: 'province', district: 'district' },
    { file: 'indicators/census2023_districts.csv', province: 'province', district: 'district' },
    { file: 'indicators/data4pakistan_districts_2004_2019.csv', province: 'Province', district: 'District' },
    { file: 'indicators/poverty_headcount_2018_provisional.csv', province: 'Province', district: 'District' },
    { file: 'indicators/pslm2019_districts_long.csv', province: 'province', district: 'district' },
  ];

  // Units with no single COD-AB 2022 district: undivided Chitral (split 2018) and Kohistan
  // (split 2014), Karachi as a whole, Keamari (created 2020 across two COD-AB districts), and a
  // "Jammu & Kashmir" row that Data4Pakistan lists beside AJ&K.
  // Former or wider units resolve to their successor districts (status "split"); only one
  // publisher name has no reading at all.
  const EXPECTED_SPLIT = [
    'census2017_provisional_population.csv: Khyber Pakhtunkhwa / Chitral',
    'census2017_provisional_population.csv: Khyber Pakhtunkhwa / Kohistan',
    'census2017_provisional_population.csv: Sindh / Karachi City',
    'census2023_districts.csv: Sindh / Keamari',
    'data4pakistan_districts_2004_2019.csv: Khyber Pakhtunkhwa / Chitral',
    'data4pakistan_districts_2004_2019.csv: Khyber Pakhtunkhwa / Kohistan',
    'data4pakistan_districts_2004_2019.csv: Sindh / Karachi City',
    'poverty_headcount_2018_provisional.csv: KP / Chitral',
    'poverty_headcount_2018_provisional.csv: KP / Kohistan',
    'poverty_headcount_2018_provisional.csv: Sindh / Karachi City',
    'pslm2019_districts_long.csv: Khyber Pakhtunkhwa / Chitral',
    'pslm2019_districts_long.csv: Khyber Pakhtunkhwa / Kohistan',
  ];
  const EXPECTED_UNRESOLVED = ['data4pakistan_districts_2004_2019.csv: Jammu & Kashmir / Jammu & Kashmir (unknown)'];

  it('resolves ≥ 99% of the district names of every bundled indicator file', () => {
    let total = 0;
    let resolved = 0;
    const split: string[] = [];
    const unresolved: string[] = [];
    for (const spec of INDICATOR_FILES) {
      const pairs = new Set(readCsv(spec.file).map((r) => JSON.stringify([r[spec.province] ?? '', r[spec.district] ?? ''])));
      for (const pair of pairs) {
        const [province, district] = JSON.parse(pair) as [string, string];
        const result = gazetteer.resolve(district, { province });
        const label = `${spec.file.split('/').pop()}: ${province} / ${district}`;
        total++;
        if (result.status === 'matched' || result.status === 'split') resolved++;
        if (result.status === 'split') split.push(label);
        else if (result.status !== 'matched') unresolved.push(`${label} (${result.status})`);
      }
    }
    expect(split.sort()).toEqual(EXPECTED_SPLIT);
    expect(unresolved.sort()).toEqual(EXPECTED_UNRESOLVED);
    expect(total).toBe(658);
    expect(resolved / total).toBeGreaterThanOrEqual(0.99);
  });

  it('gives the split units their successor districts as candidates', () => {
    expect(gazetteer.resolve('Kohistan', { province: 'Khyber Pakhtunkhwa' }).candidates.map((c) => c.pcode)).toEqual(['PK515', 'PK516', 'PK517']);
    expect(gazetteer.resolve('Keamari', { province: 'Sindh' }).candidates.map((c) => c.pcode)).toEqual(['PK721', 'PK729']);
  });

  it('maps the publishers\' spellings to the right districts', () => {
    const expected: [string, string, string][] = [
      ['Khyber Pakhtunkhwa', 'Abbotabad', 'PK501'],
      ['Balochistan', 'Kachhi (Bolan)', 'PK209'],
      ['Balochistan', 'Kachhi/ Bolan', 'PK209'],
      ['Balochistan', 'Kech/Turbat', 'PK211'],
      ['Balochistan', 'Shaheed Sikandar Abad', 'PK233'],
      ['Balochistan', 'Surab', 'PK233'],
      ['Balochistan', 'Sheerani', 'PK227'],
      ['Balochistan', 'Qilla Abdullah', 'PK214'],
      ['Balochistan', 'Las Bela', 'PK217'],
      ['Balochistan', 'Musa Khel', 'PK221'],
      ['Punjab', 'Layyah', 'PK618'],
      ['KP', 'Malakand PA', 'PK521'],
      ['KP', 'Tor Ghar', 'PK534'],
      ['Khyber Pakhtunkhwa', 'Torghar', 'PK534'],
      ['Khyber Pakhtunkhwa', 'Kolai Pallas Kohistan', 'PK517'],
      ['Khyber Pakhtunkhwa', 'Lower Chitral', 'PK507'],
      ['Khyber Pakhtunkhwa', 'FR Dera Ismail Khan', 'PK509'],
      ['Khyber Pakhtunkhwa', 'South Waziristan Agency', 'PK530'],
      ['Sindh', 'Karachi East', 'PK704'],
      ['Sindh', 'Karachi Malir', 'PK714'],
      ['Sindh', 'Korangi', 'PK712'],
      ['Sindh', 'Shaheed Benazirabad', 'PK719'],
      ['Sindh', 'Kambar Shahdadkot', 'PK709'],
      ['Sindh', 'Qambar Shahdadkot', 'PK709'],
      ['Sindh', 'Tando Allah Yar', 'PK724'],
      ['Sindh', 'Tando Mohammad Khan', 'PK725'],
      ['Sindh', 'Umerkot', 'PK728'],
      ['Federal Capital Territory', 'Islamabad', 'PK401'],
      ['Federal Capital', 'Islamabad', 'PK401'],
    ];
    for (const [province, district, pcode] of expected) {
      expect(gazetteer.resolve(district, { province }), `${province} / ${district}`).toMatchObject({ status: 'matched', pcode });
    }
  });

  it('never maps two districts of one census to the same P-code', () => {
    for (const spec of [INDICATOR_FILES[1]!, INDICATOR_FILES[4]!]) {
      const byPcode = new Map<string, Set<string>>();
      for (const row of readCsv(spec.file)) {
        const result = gazetteer.resolve(row[spec.district]!, { province: row[spec.province] });
        if (result.status !== 'matched') continue;
        const names = byPcode.get(result.pcode!) ?? new Set<string>();
        names.add(row[spec.district]!);
        byPcode.set(result.pcode!, names);
      }
      const merged = [...byPcode.entries()].filter(([, names]) => names.size > 1);
      expect(merged, spec.file).toEqual([]);
    }
  });

  it('reads every province label of the suicide-attacks file', () => {
    // Windows-1252; the province column is plain ASCII.
    const labels = new Set(readCsv('incidents/pakistan_suicide_attacks_1995_2017.csv', 'latin1').map((r) => r.Province!.trim()));
    expect(labels.size).toBeGreaterThanOrEqual(8);
    for (const label of labels) {
      expect(gazetteer.resolveProvince(label), label).toMatchObject({ status: 'matched', level: 1 });
    }
    expect(gazetteer.resolveProvince('FATA', { date: '2010-01-01' })).toMatchObject({ pcode: 'PK5', confidence: 0.9 });
  });

  it('adds only new aliases in the extra file, each pointing at a real unit', () => {
    const domainKeys = new Set(readCsv('domain/district-aliases.csv').map((r) => `${placeKey(r.alias!)}|${r.adm_level}|${r.pcode}`));
    const extra = readCsv('gazetteer-aliases-extra.csv');
    expect(extra.length).toBeGreaterThan(30);
    const units = new Set([...data.provinces.map((p) => p.pcode), ...data.districts.map((d) => d.pcode)]);
    for (const row of extra) {
      expect(domainKeys.has(`${placeKey(row.alias!)}|${row.adm_level}|${row.pcode}`), row.alias).toBe(false);
      expect(units.has(row.pcode!), row.alias).toBe(true);
      expect(row.notes, row.alias).not.toBe('');
    }
    // Every extra row survives the loader's deduplication.
    for (const row of extra) {
      expect(
        data.aliases.some((a) => a.alias === row.alias && a.pcode === row.pcode && String(a.adm_level) === row.adm_level),
        row.alias,
      ).toBe(true);
    }
  });
});
