import { geoArea } from 'd3-geo';
import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { rewindFeature } from './rewind';

// A 1° square near Lahore, outer ring counter-clockwise as RFC 7946 writes it.
const square: Feature<Polygon> = {
  type: 'Feature',
  properties: {},
  geometry: { type: 'Polygon', coordinates: [[[74, 31], [75, 31], [75, 32], [74, 32], [74, 31]]] },
};

describe('rewindFeature', () => {
  it('turns a ring d3 would read as "the globe minus this square" into the square', () => {
    expect(geoArea(square)).toBeGreaterThan(2 * Math.PI);
    const rewound = rewindFeature(square);
    expect(geoArea(rewound)).toBeLessThan(0.001);
  });

  it('leaves correctly wound polygons alone', () => {
    const rewound = rewindFeature(square);
    expect(rewindFeature(rewound)).toEqual(rewound);
  });

  it('rewinds each polygon of a multipolygon', () => {
    const multi = {
      type: 'Feature' as const,
      properties: {},
      geometry: { type: 'MultiPolygon' as const, coordinates: [square.geometry.coordinates, square.geometry.coordinates] },
    };
    expect(geoArea(rewindFeature(multi))).toBeLessThan(0.001);
  });
});
