import type { Direction } from '../../api/types';
import { formatNumber, unitLabel } from '../../format';
import { t, type MessageKey } from '../../i18n';
import type { ColourClass } from './classes';

const directionNote: Record<Direction, MessageKey> = {
  higher_is_worse: 'legend.darkerWorseHigh',
  higher_is_better: 'legend.darkerWorseLow',
  neutral: 'legend.darkerHigher',
};

export interface LegendProps {
  title: string;
  unit: string | null;
  direction: Direction;
  classes: ColourClass[];
  noDataCount: number;
}

export function Legend({ title, unit, direction, classes, noDataCount }: LegendProps) {
  // Names such as "Poverty Rate (%)" already carry their unit.
  const showUnit = unitLabel(unit) !== '' && !title.includes(`(${unitLabel(unit)}`);
  return (
    <figure className="legend" aria-label={t('legend.title')}>
      <figcaption className="legend-title">
        {title}
        {showUnit && ` (${unitLabel(unit)})`}
        <span className="legend-note">{t(directionNote[direction])}</span>
      </figcaption>
      <ul className="legend-items">
        {classes.map((c) => (
          <li key={c.colour}>
            <svg className="swatch" viewBox="0 0 16 16" aria-hidden="true">
              <rect width="16" height="16" fill={c.colour} />
            </svg>
            {c.from === c.to
              ? formatNumber(c.from, unit)
              : t('legend.range', { from: formatNumber(c.from, unit), to: formatNumber(c.to, unit) })}
            <span className="legend-count">({c.count})</span>
          </li>
        ))}
        {noDataCount > 0 && (
          <li>
            <svg className="swatch" viewBox="0 0 16 16" aria-hidden="true">
              <rect width="16" height="16" fill="url(#no-data-hatch)" />
            </svg>
            {t('map.noData')}
            <span className="legend-count">({noDataCount})</span>
          </li>
        )}
      </ul>
    </figure>
  );
}
