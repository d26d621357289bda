import { geoArea } from 'd3-geo';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

// GeoJSON (RFC 7946) winds outer rings counter-clockwise; d3-geo expects clockwise and reads
// the other order as "the whole globe except this shape". Rewinding any polygon larger than a
// hemisphere makes the map draw correctly whichever order the API sends.

function rewindPolygon(rings: Position[][]): Position[][] {
  const polygon: Polygon = { type: 'Polygon', coordinates: rings };
  return geoArea(polygon) > 2 * Math.PI ? rings.map((ring) => [...ring].reverse()) : rings;
}

export function rewindFeature<F extends Feature<Polygon | MultiPolygon>>(feature: F): F {
  const geometry = feature.geometry;
  if (geometry.type === 'Polygon') {
    return { ...feature, geometry: { ...geometry, coordinates: rewindPolygon(geometry.coordinates) } };
  }
  return { ...feature, geometry: { ...geometry, coordinates: geometry.coordinates.map(rewindPolygon) } };
}
