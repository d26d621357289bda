import { geoPath } from 'd3-geo';
import { useMemo } from 'react';
import type { DistrictCollection, ProvinceCollection } from '../../api/types';
import { fittedMercator } from './projection';
import { rewindFeature } from './rewind';

const WIDTH = 320;
/** Districts drawn smaller than this (in map units) also get a ring, so they can be found. */
const SMALL = 14;

export interface LocatorMapProps {
  districts: DistrictCollection;
  provinces: ProvinceCollection;
  /** The district to show. */
  pcode: string;
  label: string;
}

/** A small map of Pakistan with one district filled and its province shaded. */
export function LocatorMap({ districts, provinces, pcode, label }: LocatorMapProps) {
  const drawing = useMemo(() => {
    const districtFeatures = districts.features.map(rewindFeature);
    const { projection, height } = fittedMercator(districtFeatures, WIDTH);
    const path = geoPath(projection).digits(1);
    const target = districtFeatures.find((f) => f.properties.pcode === pcode);
    const province = target?.properties.province_pcode;
    const shapes = districtFeatures.map((f) => ({
      pcode: f.properties.pcode,
      d: path(f) ?? '',
      inProvince: f.properties.province_pcode === province,
    }));
    const outlines = provinces.features.map((f) => ({ pcode: f.properties.pcode, d: path(rewindFeature(f)) ?? '' }));
    let ring: { x: number; y: number } | null = null;
    if (target) {
      const [[x0, y0], [x1, y1]] = path.bounds(target);
      if (x1 - x0 < SMALL && y1 - y0 < SMALL) {
        const [x, y] = path.centroid(target);
        ring = { x, y };
      }
    }
    return { height, shapes, outlines, target: target ? (path(target) ?? '') : null, ring };
  }, [districts, provinces, pcode]);

  return (
    <svg className="locator-map" viewBox={`0 0 ${WIDTH} ${drawing.height}`} role="img" aria-label={label}>
      <g className="locator-districts">
        {drawing.shapes.map((s) => (
          <path key={s.pcode} d={s.d} className={s.inProvince ? 'in-province' : undefined} />
        ))}
      </g>
      <g className="locator-provinces">
        {drawing.outlines.map((o) => (
          <path key={o.pcode} d={o.d} />
        ))}
      </g>
      {drawing.target && <path className="locator-target" d={drawing.target} />}
      {drawing.ring && <circle className="locator-ring" cx={drawing.ring.x} cy={drawing.ring.y} r={SMALL / 1.4} />}
    </svg>
  );
}
