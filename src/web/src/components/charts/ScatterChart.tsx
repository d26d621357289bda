import type { Ref } from 'react';
import { formatNumber } from '../../format';

// A scatter of districts as plain SVG with colours written on the elements (so the downloaded
// image matches the page). Each point has a <title> naming the district and its two values.

export interface ScatterPoint {
  key: string;
  x: number;
  y: number;
  colour: string;
  title: string;
}

const WIDTH = 640;
const HEIGHT = 420;
const PAD = { top: 16, right: 16, bottom: 48, left: 56 };

function extent(values: number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (min === max) return [min - 1, max + 1];
  const pad = (max - min) * 0.04;
  return [min - pad, max + pad];
}

export function ScatterChart({
  points,
  xLabel,
  yLabel,
  label,
  svgRef,
}: {
  points: ScatterPoint[];
  xLabel: string;
  yLabel: string;
  label: string;
  svgRef?: Ref<SVGSVGElement>;
}) {
  const [x0, x1] = extent(points.map((p) => p.x));
  const [y0, y1] = extent(points.map((p) => p.y));
  const w = WIDTH - PAD.left - PAD.right;
  const h = HEIGHT - PAD.top - PAD.bottom;
  const x = (v: number) => PAD.left + ((v - x0) / (x1 - x0)) * w;
  const y = (v: number) => PAD.top + h - ((v - y0) / (y1 - y0)) * h;
  const ticks = (a: number, b: number) => [0, 0.25, 0.5, 0.75, 1].map((f) => a + f * (b - a));
  return (
    <svg
      ref={svgRef}
      className="scatter-chart"
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
      direction="ltr"
      fontFamily="system-ui, sans-serif"
    >
      <rect x={0} y={0} width={WIDTH} height={HEIGHT} fill="#ffffff" />
      {ticks(y0, y1).map((v) => (
        <g key={`y${v}`}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} stroke="#eceeef" />
          <text x={PAD.left - 6} y={y(v) + 4} fontSize={11} textAnchor="end" fill="#59636b">
            {formatNumber(v)}
          </text>
        </g>
      ))}
      {ticks(x0, x1).map((v) => (
        <g key={`x${v}`}>
          <line x1={x(v)} x2={x(v)} y1={PAD.top} y2={PAD.top + h} stroke="#eceeef" />
          <text x={x(v)} y={PAD.top + h + 16} fontSize={11} textAnchor="middle" fill="#59636b">
            {formatNumber(v)}
          </text>
        </g>
      ))}
      <rect x={PAD.left} y={PAD.top} width={w} height={h} fill="none" stroke="#8a949b" />
      {points.map((p) => (
        <circle key={p.key} cx={x(p.x)} cy={y(p.y)} r={4.5} fill={p.colour} fillOpacity={0.8} stroke="#1d2327" strokeWidth={0.6}>
          <title>{p.title}</title>
        </circle>
      ))}
      <text x={PAD.left + w / 2} y={HEIGHT - 8} fontSize={12} textAnchor="middle" fill="#1d2327">
        {xLabel}
      </text>
      <text x={14} y={PAD.top + h / 2} fontSize={12} textAnchor="middle" fill="#1d2327" transform={`rotate(-90 14 ${PAD.top + h / 2})`}>
        {yLabel}
      </text>
    </svg>
  );
}
