import type { ValueStats } from '../../api/types';
import { getDirection, t } from '../../i18n';

const WIDTH = 120;
const HEIGHT = 18;
const PAD = 6;
const MID = HEIGHT / 2;

/** Where a value sits between the lowest and highest district, as an x position (mirrored in Urdu). */
function scale(national: ValueStats): (value: number) => number {
  const span = national.max - national.min;
  const rtl = getDirection() === 'rtl';
  return (value) => {
    const share = span > 0 ? (value - national.min) / span : 0.5;
    const x = PAD + Math.min(1, Math.max(0, share)) * (WIDTH - 2 * PAD);
    return rtl ? WIDTH - x : x;
  };
}

function Marks({ x, kind }: { x: number; kind: 'district' | 'province' | 'national' }) {
  if (kind === 'district') return <circle className="mark-district" cx={x} cy={MID} r={4.5} />;
  if (kind === 'province') return <rect className="mark-province" x={x - 1.5} y={MID - 6} width={3} height={12} />;
  return <path className="mark-national" d={`M${x} ${MID - 5}L${x + 5} ${MID}L${x} ${MID + 5}L${x - 5} ${MID}Z`} />;
}

/**
 * A district's value on the range of all districts' values, with the province and national
 * medians. The numbers are in the table beside it; the chart only shows the position.
 */
export function PositionChart({ value, province, national }: { value: number; province: number | null; national: ValueStats }) {
  const x = scale(national);
  return (
    <svg className="position-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} aria-hidden="true">
      <line className="mark-range" x1={x(national.min)} x2={x(national.max)} y1={MID} y2={MID} />
      <Marks x={x(national.median)} kind="national" />
      {province !== null && <Marks x={x(province)} kind="province" />}
      <Marks x={x(value)} kind="district" />
    </svg>
  );
}

/** Explains the marks of the position charts. */
export function PositionKey() {
  const item = (kind: 'district' | 'province' | 'national', label: string) => (
    <li>
      <svg viewBox="0 0 16 18" width={16} height={18} aria-hidden="true">
        <Marks x={8} kind={kind} />
      </svg>
      {label}
    </li>
  );
  return (
    <ul className="position-key">
      {item('district', t('district.keyDistrict'))}
      {item('province', t('district.keyProvince'))}
      {item('national', t('district.keyNational'))}
      <li>
        <svg viewBox="0 0 24 18" width={24} height={18} aria-hidden="true">
          <line className="mark-range" x1={2} x2={22} y1={MID} y2={MID} />
        </svg>
        {t('district.keyRange')}
      </li>
    </ul>
  );
}
