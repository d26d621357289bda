import { geoPath } from 'd3-geo';
import { useMemo, useRef, useState, type FocusEvent, type KeyboardEvent, type MouseEvent, type Ref } from 'react';
import type { DistrictCollection, DistrictFeature, ProvinceCollection } from '../../api/types';
import { t } from '../../i18n';
import { fittedMercator } from './projection';
import { rewindFeature } from './rewind';

/** Internal drawing width; the SVG scales to its container through its viewBox. */
const WIDTH = 800;
export const NO_DATA_FILL = 'url(#no-data-hatch)';

interface Shape {
  pcode: string;
  feature: DistrictFeature;
  d: string;
}

export interface ChoroplethProps {
  districts: DistrictCollection;
  provinces: ProvinceCollection;
  /** Fill colour per district pcode; districts without one are hatched as "No data". */
  fillOf: (pcode: string) => string | undefined;
  /** The formatted value with its unit, or "No data". */
  valueTextOf: (pcode: string) => string;
  /** Outlined on the map (chosen in the list beside it). */
  selected: string | null;
  /** A click, Enter or Space on a district. */
  onOpen: (pcode: string) => void;
  label: string;
  svgRef?: Ref<SVGSVGElement>;
}

interface Pointer {
  pcode: string;
  /** Position in CSS pixels inside the map container. */
  x: number;
  y: number;
  /** Open the tooltip to the left / above, where there is more room. */
  left: boolean;
  up: boolean;
}

function pointerAt(pcode: string, x: number, y: number, box: DOMRect): Pointer {
  return { pcode, x, y, left: x > box.width / 2, up: y > box.height * 0.7 };
}

function useGeometry(districts: DistrictCollection, provinces: ProvinceCollection) {
  return useMemo(() => {
    const districtFeatures = districts.features.map(rewindFeature);
    const provinceFeatures = provinces.features.map(rewindFeature);
    const { projection, height } = fittedMercator(districtFeatures, WIDTH);
    // One decimal is a tenth of a drawing unit, finer than any screen shows it.
    const path = geoPath(projection).digits(1);

    const shapes: Shape[] = districtFeatures.map((feature) => ({
      pcode: feature.properties.pcode,
      feature,
      d: path(feature) ?? '',
    }));
    const outlines = provinceFeatures.map((feature) => ({ pcode: feature.properties.pcode, d: path(feature) ?? '' }));
    // Centroids place the tooltip of a district reached by keyboard; computed when needed.
    const centroid = (shape: Shape) => path.centroid(shape.feature);
    return { shapes, outlines, height, centroid };
  }, [districts, provinces]);
}

export function Choropleth({ districts, provinces, fillOf, valueTextOf, selected, onOpen, label, svgRef }: ChoroplethProps) {
  const { shapes, outlines, height, centroid } = useGeometry(districts, provinces);
  const byPcode = useMemo(() => new Map(shapes.map((s) => [s.pcode, s])), [shapes]);
  const container = useRef<HTMLDivElement>(null);
  const [pointer, setPointer] = useState<Pointer | null>(null);

  const pcodeOf = (target: EventTarget): string | null =>
    target instanceof Element ? target.getAttribute('data-pcode') : null;

  const onMouseMove = (event: MouseEvent<SVGGElement>) => {
    const pcode = pcodeOf(event.target);
    const box = container.current?.getBoundingClientRect();
    if (!pcode || !box) return;
    setPointer(pointerAt(pcode, event.clientX - box.left, event.clientY - box.top, box));
  };

  const onFocus = (event: FocusEvent<SVGGElement>) => {
    const pcode = pcodeOf(event.target);
    const shape = pcode ? byPcode.get(pcode) : undefined;
    const box = container.current?.getBoundingClientRect();
    if (!shape || !box) return;
    const scale = box.width / WIDTH;
    const [x, y] = centroid(shape);
    setPointer(pointerAt(shape.pcode, x * scale, y * scale, box));
  };

  const onKeyDown = (event: KeyboardEvent<SVGGElement>) => {
    const pcode = pcodeOf(event.target);
    if (pcode && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      onOpen(pcode);
    } else if (event.key === 'Escape') {
      setPointer(null);
    }
  };

  const onClick = (event: MouseEvent<SVGGElement>) => {
    const pcode = pcodeOf(event.target);
    if (pcode) onOpen(pcode);
  };

  const active = pointer ? byPcode.get(pointer.pcode) : undefined;
  const selectedShape = selected ? byPcode.get(selected) : undefined;

  return (
    <div className="choropleth" ref={container}>
      <svg
        ref={svgRef}
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="group"
        aria-label={label}
        className="choropleth-svg"
        preserveAspectRatio="xMidYMid meet"
      >
        <defs>
          <pattern id="no-data-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#f1f1f1" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" strokeWidth="2" />
          </pattern>
        </defs>
        <g
          className="districts"
          onMouseMove={onMouseMove}
          onMouseLeave={() => setPointer(null)}
          onFocus={onFocus}
          onBlur={() => setPointer(null)}
          onKeyDown={onKeyDown}
          onClick={onClick}
        >
          {shapes.map((shape) => {
            const { name, province_name } = shape.feature.properties;
            return (
              <path
                key={shape.pcode}
                d={shape.d}
                data-pcode={shape.pcode}
                fill={fillOf(shape.pcode) ?? NO_DATA_FILL}
                tabIndex={0}
                role="link"
                aria-label={t('map.districtLink', { district: name, province: province_name, value: valueTextOf(shape.pcode) })}
                aria-describedby={pointer?.pcode === shape.pcode ? 'map-tooltip' : undefined}
              />
            );
          })}
        </g>
        <g className="provinces" aria-hidden="true">
          {outlines.map((outline) => (
            <path key={outline.pcode} d={outline.d} />
          ))}
        </g>
        {/* A white halo under each outline keeps it visible on the darkest fills. */}
        {selectedShape && (
          <g className="highlights" aria-hidden="true">
            <path className="highlight highlight-halo" d={selectedShape.d} />
            <path className="highlight highlight-selected" d={selectedShape.d} />
          </g>
        )}
        {active && active !== selectedShape && (
          <g className="highlights" aria-hidden="true">
            <path className="highlight highlight-halo" d={active.d} />
            <path className="highlight" d={active.d} />
          </g>
        )}
      </svg>
      {pointer && active && (
        <div
          id="map-tooltip"
          role="tooltip"
          className="tooltip"
          style={{
            left: pointer.x,
            top: pointer.y,
            // Open towards the side with room, so the tooltip never leaves the map.
            transform: `translate(${pointer.left ? 'calc(-100% - 12px)' : '12px'}, ${pointer.up ? 'calc(-100% - 12px)' : '12px'})`,
          }}
        >
          <strong>{active.feature.properties.name}</strong>
          <span className="tooltip-province">{active.feature.properties.province_name}</span>
          <span className="tooltip-value">{valueTextOf(active.pcode)}</span>
        </div>
      )}
    </div>
  );
}
