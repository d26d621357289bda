import { beforeAll, describe, expect, it } from 'vitest';
import { bundledDistrictShapes, bundledGazetteerData } from '../../test/helpers/bundledGazetteer';
import { Gazetteer } from './gazetteer';
import { DistrictLocator } from './locate';
import { IncidentPlacer, type PlaceQuery } from './placement';

let placer: IncidentPlacer;

beforeAll(() => {
  const data = bundledGazetteerData();
  placer = new IncidentPlacer(new Gazetteer(data), new DistrictLocator(bundledDistrictShapes()), data.tehsils);
});

const query = (over: Partial<PlaceQuery>): PlaceQuery => ({
  admin1: null,
  admin2: null,
  admin3: null,
  location: null,
  latitude: null,
  longitude: null,
  geo_precision: null,
  date_start: '2024-11-09',
  ...over,
});

describe('IncidentPlacer', () => {
  it('places by coordinates when they are precise to the district or finer', () => {
    const r = placer.place(query({ admin1: 'Balochistan', admin2: 'Quetta', latitude: 30.1982, longitude: 67.0097, geo_precision: 1 }));
    expect(r).toMatchObject({ province_pcode: 'PK2', district_pcode: 'PK226', placement: 'coordinates', warning: null });
  });

  it('keeps the names\' district when precise coordinates disagree, with a warning', () => {
    // Coordinates of Peshawar city, names of Quetta.
    const r = placer.place(query({ admin1: 'Balochistan', admin2: 'Quetta', latitude: 34.0151, longitude: 71.5249, geo_precision: 2 }));
    expect(r).toMatchObject({ district_pcode: 'PK226', placement: 'names' });
    expect(r.warning).toBe('coordinates fall in Peshawar (PK528) but the place names say Quetta (PK226); kept Quetta');
  });

  it('places by names when coordinates are only precise to the province', () => {
    const r = placer.place(query({ admin1: 'Khyber Pakhtunkhwa province', admin2: 'Dera Ismail Khan district', latitude: 34.0, longitude: 71.5, geo_precision: 4 }));
    expect(r).toMatchObject({ district_pcode: 'PK509', placement: 'names', warning: null });
  });

  it('uses coordinates for a name that spans several districts', () => {
    const r = placer.place(query({ admin1: 'Sindh', admin2: 'Karachi', latitude: 24.8607, longitude: 67.0011, geo_precision: 2 }));
    expect(r.placement).toBe('coordinates');
    expect(['PK702', 'PK704', 'PK712', 'PK714', 'PK721', 'PK729']).toContain(r.district_pcode);
  });

  it('says why when it cannot place in a district, and keeps the province', () => {
    const r = placer.place(query({ admin1: 'Sindh', admin2: 'Karachi' }));
    expect(r).toMatchObject({ province_pcode: 'PK7', district_pcode: null, placement: 'province' });
    expect(r.note).toMatch(/"Karachi":.*Central Karachi/);
    expect(r.note).toContain('no coordinates');
  });

  it('warns about coordinates outside Pakistan and falls back on names', () => {
    const r = placer.place(query({ admin1: 'Punjab', admin2: 'Lahore', latitude: 51.5, longitude: -0.12, geo_precision: 1 }));
    expect(r).toMatchObject({ district_pcode: 'PK617', placement: 'names' });
    expect(r.warning).toMatch(/outside Pakistan/);
  });

  it('finds the tehsil and reads former agency names', () => {
    const r = placer.place(query({ admin1: 'FATA', admin2: 'Khyber Agency', admin3: 'Landi Kotal', date_start: '2010-05-01' }));
    expect(r).toMatchObject({ district_pcode: 'PK513', placement: 'names' });
    expect(r.tehsil_pcode).toMatch(/^PK513\d\d$/);
  });

  it('takes P-codes stated by the file, and refuses unknown ones', () => {
    expect(placer.place(query({ given_district: 'pk528' }))).toMatchObject({ province_pcode: 'PK5', district_pcode: 'PK528', placement: 'given' });
    expect(placer.place(query({ given_district: 'PK999' })).error).toEqual({ field: 'district_pcode', value: 'PK999', reason: 'PK999 is not a COD-AB 2022 district P-code' });
    expect(placer.place(query({ given_district: 'PK528', given_province: 'PK2' })).error?.field).toBe('province_pcode');
  });
});
