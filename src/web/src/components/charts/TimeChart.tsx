import type { Ref } from 'react';
import { formatNumber } from '../../format';

// A small time chart drawn as plain SVG with its colours written on the elements, so the
// downloaded SVG or PNG looks exactly like the page. Time runs left to right in both languages.

/** Okabe–Ito colours: distinguishable with the common kinds of colour blindness. */
export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#E69F00', '#CC79A7', '#56B4E9', '#000000'];

export interface Series {
  key: string;
  label: string;
  values: number[];
  colour: string;
  /** Bars are drawn first, lines over them; lines may be dashed to tell them apart without colour. */
  kind?: 'bar' | 'line';
  dashed?: boolean;
  /** A series of another magnitude (people killed beside incidents) reads against its own axis on the right. */
  axis?: 'left' | 'right';
}

export interface Marker {
  /** Index into the categories. */
  index: number;
  label: string;
}

export interface TimeChartProps {
  categories: string[];
  series: Series[];
  markers?: Marker[];
  /** A one-sentence description for screen readers; the numbers are in the table beside it. */
  label: string;
  svgRef?: Ref<SVGSVGElement>;
  height?: number;
}

const WIDTH = 720;
const PAD = { top: 16, right: 44, bottom: 42, left: 44 };

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export function TimeChart({ categories, series, markers = [], label, svgRef, height = 260 }: TimeChartProps) {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const left = series.filter((s) => s.axis !== 'right');
  const right = series.filter((s) => s.axis === 'right');
  const leftMax = Math.max(0, ...left.flatMap((s) => s.values));
  // Small counts get whole-number ticks: a quarter of an incident means nothing.
  const small = leftMax <= 4;
  const max = small ? Math.max(1, Math.ceil(leftMax)) : niceMax(leftMax);
  const maxRight = niceMax(Math.max(0, ...right.flatMap((s) => s.values)));
  const n = Math.max(1, categories.length);
  const band = plotW / n;
  const x = (i: number) => PAD.left + band * i + band / 2;
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const yRight = (v: number) => PAD.top + plotH - (v / maxRight) * plotH;
  const yOf = (s: Series) => (s.axis === 'right' ? yRight : y);
  const ticks = small ? Array.from({ length: max + 1 }, (_, i) => i) : [0, max / 4, max / 2, (3 * max) / 4, max];
  const bars = series.filter((s) => s.kind === 'bar');
  const lines = series.filter((s) => s.kind !== 'bar');
  const barW = Math.max(1, (band * 0.8) / Math.max(1, bars.length));
  // Label about eight categories at most, so the axis stays legible on a phone.
  const every = Math.max(1, Math.ceil(n / 8));

  return (
    <svg
      ref={svgRef}
      className="time-chart"
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-label={label}
      direction="ltr"
      fontFamily="system-ui, sans-serif"
    >
      <rect x={0} y={0} width={WIDTH} height={height} fill="#ffffff" />
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} stroke="#d6dadd" strokeWidth={1} />
          <text x={PAD.left - 6} y={y(tick) + 4} fontSize={11} textAnchor="end" fill={right.length > 0 ? left[0]?.colour ?? '#59636b' : '#59636b'}>
            {formatNumber(tick)}
          </text>
          {right.length > 0 && (
            <text x={WIDTH - PAD.right + 6} y={y(tick) + 4} fontSize={11} textAnchor="start" fill={right[0]!.colour}>
              {formatNumber((tick / max) * maxRight)}
            </text>
          )}
        </g>
      ))}
      {markers.map((m, i) => (
        <g key={`${m.index}-${i}`}>
          <line x1={x(m.index)} x2={x(m.index)} y1={PAD.top} y2={PAD.top + plotH} stroke="#6a3d9a" strokeWidth={1.5} strokeDasharray="4 3" />
          <path d={`M${x(m.index) - 5} ${PAD.top}L${x(m.index) + 5} ${PAD.top}L${x(m.index)} ${PAD.top + 8}Z`} fill="#6a3d9a" />
          <title>{m.label}</title>
        </g>
      ))}
      {bars.map((s, b) =>
        s.values.map((v, i) => (
          <rect
            key={`${s.key}-${i}`}
            x={x(i) - (barW * bars.length) / 2 + b * barW}
            y={yOf(s)(v)}
            width={barW}
            height={Math.max(0, PAD.top + plotH - yOf(s)(v))}
            fill={s.colour}
          />
        )),
      )}
      {lines.map((s) => (
        <polyline
          key={s.key}
          points={s.values.map((v, i) => `${x(i).toFixed(1)},${yOf(s)(v).toFixed(1)}`).join(' ')}
          fill="none"
          stroke={s.colour}
          strokeWidth={2}
          strokeDasharray={s.dashed ? '6 4' : undefined}
          strokeLinejoin="round"
        />
      ))}
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} stroke="#59636b" strokeWidth={1} />
      {categories.map((c, i) =>
        i % every === 0 || i === n - 1 ? (
          <text key={c} x={x(i)} y={PAD.top + plotH + 16} fontSize={11} textAnchor="middle" fill="#59636b">
            {c}
          </text>
        ) : null,
      )}
    </svg>
  );
}

/** The series of a chart named beside it: colour, line style and label. */
export function SeriesKey({ series, markerLabel }: { series: Series[]; markerLabel?: string }) {
  return (
    <ul className="series-key">
      {series.map((s) => (
        <li key={s.key}>
          <svg viewBox="0 0 24 12" width={24} height={12} aria-hidden="true">
            {s.kind === 'bar' ? (
              <rect x={4} y={1} width={16} height={10} fill={s.colour} />
            ) : (
              <line x1={1} x2={23} y1={6} y2={6} stroke={s.colour} strokeWidth={2.5} strokeDasharray={s.dashed ? '5 3' : undefined} />
            )}
          </svg>
          {s.label}
        </li>
      ))}
      {markerLabel && (
        <li>
          <svg viewBox="0 0 24 12" width={24} height={12} aria-hidden="true">
            <line x1={12} x2={12} y1={0} y2={12} stroke="#6a3d9a" strokeWidth={2} strokeDasharray="3 2" />
          </svg>
          {markerLabel}
        </li>
      )}
    </ul>
  );
}
