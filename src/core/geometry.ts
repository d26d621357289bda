/** Plain GeoJSON area geometries and the few measures the gazetteer needs. Coordinates are [lon, lat]. */

export type Position = number[];
export type Ring = Position[];

export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Ring[];
}

export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}

export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

/** [minLon, minLat, maxLon, maxLat] */
export type BBox = [number, number, number, number];

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;
export const KM_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_KM;

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && value.length >= 2 && Number.isFinite(value[0]) && Number.isFinite(value[1]);
}

function isRing(value: unknown): value is Ring {
  return Array.isArray(value) && value.length >= 4 && value.every(isPosition);
}

function isPolygonCoordinates(value: unknown): value is Ring[] {
  return Array.isArray(value) && value.length >= 1 && value.every(isRing);
}

/** Checks parsed JSON is a Polygon or MultiPolygon with well-formed rings. */
export function isAreaGeometry(value: unknown): value is AreaGeometry {
  if (typeof value !== 'object' || value === null) return false;
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  if (type === 'Polygon') return isPolygonCoordinates(coordinates);
  if (type === 'MultiPolygon') return Array.isArray(coordinates) && coordinates.length >= 1 && coordinates.every(isPolygonCoordinates);
  return false;
}

/** Each polygon as [outer ring, ...holes]. */
export function polygonsOf(geometry: AreaGeometry): Ring[][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function bboxOfRing(ring: Ring): BBox {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const [lon, lat] of ring as [number, number][]) {
    if (lon < minLon) minLon = lon;
    if (lon > maxLon) maxLon = lon;
    if (lat < minLat) minLat = lat;
    if (lat > maxLat) maxLat = lat;
  }
  return [minLon, minLat, maxLon, maxLat];
}

export function bboxOf(geometry: AreaGeometry): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of polygonsOf(geometry)) {
    const [a, b, c, d] = bboxOfRing(polygon[0]!);
    box[0] = Math.min(box[0], a);
    box[1] = Math.min(box[1], b);
    box[2] = Math.max(box[2], c);
    box[3] = Math.max(box[3], d);
  }
  return box;
}

/** Planar area (square degrees, unsigned) and centroid of one ring (shoelace formula). */
function ringMoments(ring: Ring): { area: number; lon: number; lat: number } {
  let twiceArea = 0;
  let cx = 0;
  let cy = 0;
  // Relative to the first vertex, to keep precision.
  const [x0, y0] = ring[0] as [number, number];
  for (let i = 0; i < ring.length - 1; i++) {
    const [xa, ya] = ring[i] as [number, number];
    const [xb, yb] = ring[i + 1] as [number, number];
    const ax = xa - x0;
    const ay = ya - y0;
    const bx = xb - x0;
    const by = yb - y0;
    const cross = ax * by - bx * ay;
    twiceArea += cross;
    cx += (ax + bx) * cross;
    cy += (ay + by) * cross;
  }
  if (twiceArea === 0) return { area: 0, lon: x0, lat: y0 };
  return { area: Math.abs(twiceArea) / 2, lon: x0 + cx / (3 * twiceArea), lat: y0 + cy / (3 * twiceArea) };
}

/**
 * Area-weighted centroid of all parts, holes subtracted. Computed in the lon/lat plane, which is
 * close enough at district scale; it may fall outside a strongly concave shape.
 */
export function centroidOf(geometry: AreaGeometry): { lat: number; lon: number } {
  let area = 0;
  let lon = 0;
  let lat = 0;
  for (const polygon of polygonsOf(geometry)) {
    polygon.forEach((ring, i) => {
      const m = ringMoments(ring);
      const sign = i === 0 ? 1 : -1;
      area += sign * m.area;
      lon += sign * m.area * m.lon;
      lat += sign * m.area * m.lat;
    });
  }
  if (area <= 0) {
    const [minLon, minLat, maxLon, maxLat] = bboxOf(geometry);
    return { lat: (minLat + maxLat) / 2, lon: (minLon + maxLon) / 2 };
  }
  return { lat: lat / area, lon: lon / area };
}

/** Area of a ring on the sphere, km² (unsigned). */
function sphericalRingArea(ring: Ring): number {
  const rad = Math.PI / 180;
  const n = ring.length - 1;
  if (n < 3) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const prev = ring[(i - 1 + n) % n]!;
    const here = ring[i]!;
    const next = ring[(i + 1) % n]!;
    total += (next[0]! - prev[0]!) * rad * Math.sin(here[1]! * rad);
  }
  return Math.abs((total * EARTH_RADIUS_KM * EARTH_RADIUS_KM) / 2);
}

/** Approximate area in km² (spherical Earth), holes subtracted. */
export function areaKm2(geometry: AreaGeometry): number {
  let total = 0;
  for (const polygon of polygonsOf(geometry)) {
    polygon.forEach((ring, i) => {
      total += (i === 0 ? 1 : -1) * sphericalRingArea(ring);
    });
  }
  return Math.max(total, 0);
}

/** Great-circle distance in km. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
