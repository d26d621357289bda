import { useMemo, useState, type FocusEvent, type KeyboardEvent, type MouseEvent, type Ref, type RefObject } from 'react';
import type { IncidentPoint } from '../../api/incidents';
import type { DistrictCollection } from '../../api/types';
import { fittedMercator } from '../../components/map/projection';
import { rewindFeature } from '../../components/map/rewind';
import { formatDate, formatInteger } from '../../format';
import { t } from '../../i18n';
import { navigate } from '../../router';
import { categoryLabel } from './labels';

/** The Choropleth's drawing width: the points are projected into the same drawing. */
export const MAP_WIDTH = 800;
const RADIUS = 5;
export const POINT_FILL = '#1d2327';

interface Placed {
  point: IncidentPoint;
  x: number;
  y: number;
}

interface Tip {
  placed: Placed;
  /** Position in CSS pixels inside the map container. */
  x: number;
  y: number;
  left: boolean;
  up: boolean;
}

export function pointLabel(point: IncidentPoint): string {
  return t('incidentsMap.pointLabel', {
    date: formatDate(point.date),
    place: point.place ?? t('incidents.unknown'),
    category: categoryLabel(point.category),
    killed: point.killed === null ? '—' : formatInteger(point.killed),
  });
}

/**
 * The incidents as dots in an SVG laid exactly over the district map: the same viewBox, the same
 * Mercator fitted to the same districts, and the same CSS box. Each dot is a link to its incident.
 */
export function IncidentPoints({
  districts,
  points,
  container,
  svgRef,
}: {
  districts: DistrictCollection;
  points: IncidentPoint[];
  /** The element both SVGs sit in, for placing the tooltip. */
  container: RefObject<HTMLDivElement | null>;
  svgRef?: Ref<SVGSVGElement>;
}) {
  const { height, placed } = useMemo(() => {
    const { projection, height } = fittedMercator(districts.features.map(rewindFeature), MAP_WIDTH);
    const placed: Placed[] = [];
    for (const point of points) {
      const xy = projection([point.longitude, point.latitude]);
      if (xy) placed.push({ point, x: Math.round(xy[0] * 10) / 10, y: Math.round(xy[1] * 10) / 10 });
    }
    return { height, placed };
  }, [districts, points]);
  const [tip, setTip] = useState<Tip | null>(null);

  const show = (placed: Placed, x: number, y: number) => {
    const box = container.current?.getBoundingClientRect();
    if (!box) return;
    setTip({ placed, x, y, left: x > box.width / 2, up: y > box.height * 0.7 });
  };
  const onFocus = (placed: Placed) => (event: FocusEvent<Element>) => {
    const box = container.current?.getBoundingClientRect();
    const dot = event.currentTarget.getBoundingClientRect();
    if (box) show(placed, dot.left + dot.width / 2 - box.left, dot.top + dot.height / 2 - box.top);
  };
  const onMouseMove = (placed: Placed) => (event: MouseEvent<Element>) => {
    const box = container.current?.getBoundingClientRect();
    if (box) show(placed, event.clientX - box.left, event.clientY - box.top);
  };
  const open = (id: number) => (event: MouseEvent<Element>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(`/incidents/${id}`);
  };
  const onKeyDown = (id: number) => (event: KeyboardEvent<Element>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      navigate(`/incidents/${id}`);
    } else if (event.key === 'Escape') {
      setTip(null);
    }
  };

  return (
    <>
      <svg
        ref={svgRef}
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${MAP_WIDTH} ${height}`}
        preserveAspectRatio="xMidYMid meet"
        className="choropleth-svg incident-points"
        role="group"
        aria-label={t('incidentsMap.pointsGroup')}
      >
        {placed.map((p) => (
          <a
            key={p.point.id}
            href={`/incidents/${p.point.id}`}
            className="incident-point"
            data-id={p.point.id}
            aria-label={pointLabel(p.point)}
            onClick={open(p.point.id)}
            onKeyDown={onKeyDown(p.point.id)}
            onFocus={onFocus(p)}
            onBlur={() => setTip(null)}
            onMouseMove={onMouseMove(p)}
            onMouseLeave={() => setTip(null)}
          >
            <circle cx={p.x} cy={p.y} r={RADIUS} fill={POINT_FILL} fillOpacity={0.85} stroke="#ffffff" strokeWidth={1} />
          </a>
        ))}
      </svg>
      {tip && (
        <div
          role="tooltip"
          className="tooltip"
          style={{
            left: tip.x,
            top: tip.y,
            transform: `translate(${tip.left ? 'calc(-100% - 12px)' : '12px'}, ${tip.up ? 'calc(-100% - 12px)' : '12px'})`,
          }}
        >
          <strong>{formatDate(tip.placed.point.date)}</strong>
          <span className="tooltip-province">{tip.placed.point.place ?? t('incidents.unknown')}</span>
          <span className="tooltip-value">
            {categoryLabel(tip.placed.point.category)} · {t('incidents.killed')}: {tip.placed.point.killed === null ? '—' : formatInteger(tip.placed.point.killed)}
          </span>
        </div>
      )}
    </>
  );
}

/** The dots as plain circles (no links), for the downloadable image. */
export function pointsForImage(svg: SVGSVGElement | null): SVGGElement | null {
  if (!svg) return null;
  const group = document.createElementNS('http://www.w3.org/2000/svg', 'g');
  group.setAttribute('class', 'incident-points');
  for (const circle of svg.querySelectorAll('circle')) group.append(circle.cloneNode());
  return group;
}
