import { geoMercator, geoPath, type GeoProjection } from 'd3-geo';
import type { Feature, MultiPoint, MultiPolygon, Polygon, Position } from 'geojson';

function eachPosition(feature: Feature<Polygon | MultiPolygon>, visit: (position: Position) => void): void {
  const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  for (const polygon of polygons) for (const ring of polygon) for (const position of ring) visit(position);
}

/**
 * A Mercator projection fitted to `width` and the height the shapes need. Mercator keeps
 * longitude and latitude in order, so the shapes' projected bounds are those of their
 * longitude/latitude box: fitting the box's two corners is exact and far cheaper than streaming
 * every vertex through the projection twice. Adaptive resampling is off: it only matters for
 * long edges on a world map, and the simplified boundaries have short ones.
 */
export function fittedMercator(features: Feature<Polygon | MultiPolygon>[], width: number): { projection: GeoProjection; height: number } {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const feature of features) {
    eachPosition(feature, ([lon, lat]) => {
      if (lon! < west) west = lon!;
      if (lon! > east) east = lon!;
      if (lat! < south) south = lat!;
      if (lat! > north) north = lat!;
    });
  }
  const corners: MultiPoint = { type: 'MultiPoint', coordinates: [[west, south], [east, north]] };
  const projection = geoMercator().precision(0).fitWidth(width, corners);
  const height = Math.max(1, Math.ceil(geoPath(projection).bounds(corners)[1][1]));
  projection.fitSize([width, height], corners);
  return { projection, height };
}
