import { beforeAll, describe, expect, it } from 'vitest';
import { bundledDistrictShapes } from '../../test/helpers/bundledGazetteer';
import { areaKm2, bboxOf, centroidOf, haversineKm, isAreaGeometry, type AreaGeometry } from './geometry';
import { DistrictLocator, type DistrictShape } from './locate';

const square = (lon: number, lat: number, size: number) => [
  [lon, lat],
  [lon + size, lat],
  [lon + size, lat + size],
  [lon, lat + size],
  [lon, lat],
];

describe('geometry', () => {
  it('computes the area-weighted centroid, holes subtracted', () => {
    expect(centroidOf({ type: 'Polygon', coordinates: [square(0, 0, 2)] })).toEqual({ lat: 1, lon: 1 });
    // A 4x4 square with its left 2x4 half cut out as a hole has its centroid in the right half.
    const withHole: AreaGeometry = {
      type: 'Polygon',
      coordinates: [square(0, 0, 4), [[0, 0], [0, 4], [2, 4], [2, 0], [0, 0]]],
    };
    expect(centroidOf(withHole).lon).toBeCloseTo(3);
    expect(centroidOf(withHole).lat).toBeCloseTo(2);
    // Two parts weighted by area: a 2x2 at x 0..2 and a 1x1 at x 10..11.
    const multi: AreaGeometry = { type: 'MultiPolygon', coordinates: [[square(0, 0, 2)], [square(10, 0, 1)]] };
    expect(centroidOf(multi).lon).toBeCloseTo((4 * 1 + 1 * 10.5) / 5);
  });

  it('measures areas on the sphere', () => {
    // One degree square at the equator: about 111.2 km x 111.2 km.
    expect(areaKm2({ type: 'Polygon', coordinates: [square(0, 0, 1)] })).toBeCloseTo(12364, -1);
    // Half as wide at 60 degrees north.
    const north = areaKm2({ type: 'Polygon', coordinates: [square(0, 59.5, 1)] });
    expect(north / 12364).toBeCloseTo(0.5, 1);
    expect(areaKm2({ type: 'Polygon', coordinates: [square(0, 0, 4), square(1, 1, 1)] })).toBeCloseTo(areaKm2({ type: 'Polygon', coordinates: [square(0, 0, 4)] }) - 12364, -2);
  });

  it('measures great-circle distances', () => {
    // Peshawar to Islamabad, about 150 km.
    expect(haversineKm(34.0151, 71.5249, 33.6844, 73.0479)).toBeGreaterThan(140);
    expect(haversineKm(34.0151, 71.5249, 33.6844, 73.0479)).toBeLessThan(150);
    expect(haversineKm(10, 10, 10, 10)).toBe(0);
  });

  it('recognises area geometries and their bounding box', () => {
    expect(isAreaGeometry({ type: 'Polygon', coordinates: [square(0, 0, 1)] })).toBe(true);
    expect(isAreaGeometry({ type: 'Point', coordinates: [0, 0] })).toBe(false);
    expect(isAreaGeometry({ type: 'Polygon', coordinates: [[[0, 0], [1, 1]]] })).toBe(false);
    expect(isAreaGeometry(null)).toBe(false);
    expect(bboxOf({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, -3, 1)]] })).toEqual([0, -3, 6, 1]);
  });
});

describe('DistrictLocator on synthetic shapes', () => {
  const shapes: DistrictShape[] = [
    {
      pcode: 'X1',
      name: 'Ring',
      province_pcode: 'X',
      geometry: { type: 'Polygon', coordinates: [square(0, 0, 4), square(1, 1, 2)] },
    },
    { pcode: 'X2', name: 'Core', province_pcode: 'X', geometry: { type: 'Polygon', coordinates: [square(1.5, 1.5, 1)] } },
  ];
  const locator = new DistrictLocator(shapes, { maxSnapKm: 50 });

  it('honours holes', () => {
    expect(locator.locate(0.5, 0.5)).toMatchObject({ status: 'inside', pcode: 'X1', distance_km: 0 });
    expect(locator.locate(2, 2)).toMatchObject({ status: 'inside', pcode: 'X2' });
    // In the hole but outside the core: the hole's own edge (0.2 degrees) is nearer than the core's corner.
    const inHole = locator.locate(1.2, 1.2);
    expect(inHole).toMatchObject({ status: 'nearest', pcode: 'X1' });
    expect(inHole.distance_km).toBeGreaterThan(22);
    expect(inHole.distance_km).toBeLessThan(23);
  });

  it('snaps within the limit and refuses beyond it', () => {
    const near = locator.locate(2, 4.3);
    expect(near).toMatchObject({ status: 'nearest', pcode: 'X1' });
    expect(near.distance_km).toBeCloseTo(0.3 * 111.195, 0);
    const far = locator.locate(2, 6);
    expect(far).toMatchObject({ status: 'outside' });
    expect(far.pcode).toBeUndefined();
    expect(far.distance_km).toBeGreaterThan(200);
  });

  it('rejects values that are not coordinates', () => {
    expect(() => locator.locate(Number.NaN, 1)).toThrow(RangeError);
    expect(() => locator.locate(91, 1)).toThrow(RangeError);
  });
});

describe('DistrictLocator on the COD-AB districts', () => {
  let locator: DistrictLocator;
  beforeAll(() => {
    locator = new DistrictLocator(bundledDistrictShapes());
  });

  it('places city centres in their districts', () => {
    expect(locator.locate(34.0151, 71.5249)).toMatchObject({ status: 'inside', pcode: 'PK528', name: 'Peshawar', province_pcode: 'PK5' });
    expect(locator.locate(33.6844, 73.0479)).toMatchObject({ status: 'inside', pcode: 'PK401' });
    expect(locator.locate(31.5204, 74.3587)).toMatchObject({ status: 'inside', pcode: 'PK617' });
    expect(locator.locate(30.1798, 66.975)).toMatchObject({ status: 'inside', pcode: 'PK226' });
    expect(locator.locate(24.8607, 67.0011)).toMatchObject({ status: 'inside', pcode: 'PK721' });
    expect(locator.locate(31.8313, 70.9017)).toMatchObject({ status: 'inside', pcode: 'PK509' });
  });

  it('snaps a point in the sea just off Karachi to the coastal district', () => {
    const result = locator.locate(24.75, 66.95);
    expect(result).toMatchObject({ status: 'nearest', pcode: 'PK721', name: 'South Karachi' });
    expect(result.distance_km).toBeGreaterThan(1);
    expect(result.distance_km).toBeLessThan(25);
    expect(result.reason).toContain('km from South Karachi');
  });

  it('reports a point in Delhi as outside Pakistan', () => {
    const result = locator.locate(28.6139, 77.209);
    expect(result.status).toBe('outside');
    expect(result.pcode).toBeUndefined();
    expect(result.distance_km).toBeGreaterThan(250);
    expect(result.reason).toContain('outside Pakistan');
  });
});
