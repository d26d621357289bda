import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

// GeoJSON (RFC 7946) winds outer rings counter-clockwise; d3-geo expects clockwise and reads
// the other order as "the whole globe except this shape". Rewinding every polygon whose outer
// ring runs counter-clockwise makes the map draw correctly whichever order the API sends.
// The winding is read in the plane of longitude and latitude (the shoelace formula), which is
// exact for shapes far smaller than a hemisphere that do not cross the antimeridian, as every
// district and province is, and much faster than measuring spherical areas on the first drawing.

/** Twice the signed area of a ring in the lon/lat plane: positive when counter-clockwise. */
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  }
  return sum;
}

function rewindPolygon(rings: Position[][]): Position[][] {
  const outer = rings[0];
  return outer && signedArea(outer) > 0 ? rings.map((ring) => [...ring].reverse()) : rings;
}

export function rewindFeature<F extends Feature<Polygon | MultiPolygon>>(feature: F): F {
  const geometry = feature.geometry;
  if (geometry.type === 'Polygon') {
    return { ...feature, geometry: { ...geometry, coordinates: rewindPolygon(geometry.coordinates) } };
  }
  return { ...feature, geometry: { ...geometry, coordinates: geometry.coordinates.map(rewindPolygon) } };
}
